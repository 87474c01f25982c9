"""The desk's web layer on a real database: who may see and change what.

The aiohttp application runs in-process; Rasa is not needed for these checks (its
address points at a closed port, so anything that would reach it answers 502).
"""

from __future__ import annotations

import asyncio
import logging
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.cases.db import make_engine
from bot.cases.service import CaseRequest
from bot.desk import build_desk_service
from bot.desk.service import HandoffRequest
from bot.desk.web import DeskConfig
from bot.settings import Settings
from bot.web.server import make_app

PASSWORD = "correct horse battery"
API_GETS = ["/desk/api/me", "/desk/api/queue", "/desk/api/events", "/desk/api/cases",
            "/desk/api/conversations/c-1", "/desk/api/report"]
API_POSTS = ["/desk/api/logout", "/desk/api/availability", "/desk/api/conversations/c-1/claim",
             "/desk/api/conversations/c-1/reply", "/desk/api/conversations/c-1/release",
             "/desk/api/conversations/c-1/notes", "/desk/api/conversations/c-1/case",
             "/desk/api/cases/T-000001/status"]
PAGES = ["/desk/", "/desk/cases", "/desk/report"]


@pytest.fixture
def settings(database_url, monkeypatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return Settings.from_env()


@pytest.fixture
def desk(settings):
    service = build_desk_service(engine=make_engine(settings.database_url))
    service.add_agent("ana@example.com", PASSWORD, "Ana <b>López</b>")
    service.add_agent("bea@example.com", PASSWORD, "Bea")
    return service


@pytest.fixture
async def client(settings, desk):
    app = make_app("http://localhost:5005", DeskConfig("http://127.0.0.1:9", "rasa-token", settings))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def sign_in(client, email="ana@example.com", password=PASSWORD):
    response = await client.post("/desk/api/login", json={"email": email, "password": password})
    assert response.status == 200, await response.text()
    data = await response.json()
    cookie = response.cookies["desk_session"].value
    return {"Cookie": f"desk_session={cookie}", "X-CSRF-Token": data["csrf_token"]}, data


async def test_every_endpoint_refuses_a_visitor_and_every_page_sends_it_to_sign_in(client):
    for path in API_GETS:
        response = await client.get(path)
        assert (response.status, await response.json()) == (401, {"error": "not_signed_in"}), path
    for path in API_POSTS:
        response = await client.post(path, json={})
        assert response.status == 401, path
    for path in PAGES:
        response = await client.get(path, allow_redirects=False)
        assert (response.status, response.headers["Location"]) == (302, "/desk/login"), path
    forged = {"Cookie": "desk_session=made-up-token"}
    assert (await client.get("/desk/api/queue", headers=forged)).status == 401
    assert (await client.get("/desk/login")).status == 200


async def test_sign_in_sets_a_secure_http_only_same_site_cookie_and_returns_the_csrf_token(client):
    response = await client.post("/desk/api/login", json={"email": "ANA@example.com", "password": PASSWORD})
    data = await response.json()
    assert data["agent"] == {"id": 1, "email": "ana@example.com", "name": "Ana <b>López</b>", "available": False}
    assert len(data["csrf_token"]) >= 32
    cookie = response.headers["Set-Cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/desk"):
        assert flag in cookie
    assert data["csrf_token"] not in cookie


async def test_changes_need_the_csrf_token_and_the_same_origin(client):
    headers, _ = await sign_in(client)
    no_token = {"Cookie": headers["Cookie"]}
    wrong = {**no_token, "X-CSRF-Token": "not-the-token"}
    for bad in (no_token, wrong):
        response = await client.post("/desk/api/availability", json={"available": True}, headers=bad)
        assert response.status == 403
    other_site = {**headers, "Origin": "https://evil.example"}
    assert (await client.post("/desk/api/availability", json={"available": True}, headers=other_site)).status == 403
    response = await client.post("/desk/api/availability", json={"available": True}, headers=headers)
    assert (response.status, await response.json()) == (200, {"available": True})
    _, other = await sign_in(client, "bea@example.com")
    crossed = {**headers, "X-CSRF-Token": other["csrf_token"]}  # another session's token does not do
    assert (await client.post("/desk/api/availability", json={"available": False}, headers=crossed)).status == 403


async def test_sign_out_ends_the_session_and_availability(client, desk):
    headers, _ = await sign_in(client)
    await client.post("/desk/api/availability", json={"available": True}, headers=headers)
    assert desk.available_agents() == 1
    response = await client.post("/desk/api/logout", json={}, headers=headers)
    assert response.status == 200 and "desk_session=" in response.headers["Set-Cookie"]
    assert (await client.get("/desk/api/queue", headers=headers)).status == 401
    assert desk.available_agents() == 0


async def test_failed_sign_ins_are_slowed_down_then_refused_for_a_while(client):
    started = asyncio.get_running_loop().time()
    for _ in range(3):
        response = await client.post("/desk/api/login", json={"email": "ana@example.com", "password": "guess"})
        assert (response.status, await response.json()) == (401, {"error": "bad_credentials"})
    assert asyncio.get_running_loop().time() - started >= 1.5  # each failure answers late
    response = await client.post("/desk/api/login", json={"email": "ana@example.com", "password": PASSWORD})
    assert response.status == 429 and int(response.headers["Retry-After"]) >= 1
    unknown = await client.post("/desk/api/login", json={"email": "nobody@example.com", "password": "guess"})
    assert unknown.status == 429  # the same address is throttled whatever the e-mail


async def test_passwords_and_session_cookies_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    await client.post("/desk/api/login", json={"email": "ana@example.com", "password": "wrong-password-xyz"})
    headers, data = await sign_in(client)
    await client.get("/desk/api/queue", headers=headers)
    await client.post("/desk/api/logout", json={}, headers=headers)
    token = headers["Cookie"].split("=", 1)[1]
    for secret in ("wrong-password-xyz", PASSWORD, token, data["csrf_token"], "ana@example.com"):
        assert secret not in caplog.text
    assert "signed in" in caplog.text


async def test_bad_input_gets_a_clear_answer_not_a_crash(client):
    headers, _ = await sign_in(client)
    cases = [("/desk/api/availability", "not json", "application/json", 400),
             ("/desk/api/availability", "{}", "text/plain", 415),
             ("/desk/api/availability", '{"available": "yes"}', "application/json", 400),
             ("/desk/api/availability", "[1, 2]", "application/json", 400),
             ("/desk/api/conversations/c-1/reply", '{"text": 3}', "application/json", 400),
             ("/desk/api/cases/T-000001/status", '{"status": "closed"}', "application/json", 404),
             ("/desk/api/login", '{"email": 1}', "application/json", 400)]
    for path, body, content_type, status in cases:
        response = await client.post(path, data=body, headers={**headers, "Content-Type": content_type})
        assert response.status == status, (path, body, await response.text())
        assert "Traceback" not in await response.text()
    assert (await client.get("/desk/api/cases?level=9", headers=headers)).status == 400


async def test_only_handed_off_conversations_can_be_read(client, desk):
    headers, _ = await sign_in(client)
    response = await client.get("/desk/api/conversations/some-other-customer", headers=headers)
    assert (response.status, await response.json()) == (404, {"error": "not_found"})
    desk.enqueue(HandoffRequest("c-1", "socketio", "es", summary="Asked: factura"))
    [item] = await (await client.get("/desk/api/queue", headers=headers)).json()
    assert {k: item[k] for k in ("conversation_id", "channel", "language", "summary", "claimed_by")} == {
        "conversation_id": "c-1", "channel": "socketio", "language": "es", "summary": "Asked: factura",
        "claimed_by": None}
    assert item["waiting_since"].endswith("+00:00")
    # reading its transcript needs Rasa, which is down here: a clear 502, not a crash
    response = await client.get("/desk/api/conversations/c-1", headers=headers)
    assert (response.status, await response.json()) == (502, {"error": "rasa_unavailable"})


async def test_two_agents_claiming_at_once_over_http_exactly_one_wins(client, desk):
    desk.enqueue(HandoffRequest("c-1", "socketio", "es"))
    ana, _ = await sign_in(client)
    bea, _ = await sign_in(client, "bea@example.com")
    responses = await asyncio.gather(*(client.post("/desk/api/conversations/c-1/claim", json={}, headers=h)
                                       for h in (ana, bea, ana, bea)))
    statuses = sorted(r.status for r in responses)
    assert statuses == [200, 409, 409, 409]
    assert desk.active("c-1").status == "held"


async def test_open_cases_can_be_listed_filtered_and_changed(client, settings):
    from bot.cases import build_case_service

    service = build_case_service(settings)
    ticket = service.open_ticket(CaseRequest(description="<script>alert(1)</script> factura", email="a@example.com"))
    headers, _ = await sign_in(client)
    [listed] = await (await client.get("/desk/api/cases?level=1", headers=headers)).json()
    assert listed["id"] == ticket.public_id and listed["subject"] == "<script>alert(1)</script> factura"
    assert listed["overdue"] == {"first_response": False, "resolution": False} and listed["first_response_due"]
    assert await (await client.get("/desk/api/cases?level=3", headers=headers)).json() == []
    response = await client.post(f"/desk/api/cases/{ticket.public_id.lower()}/status", json={"status": "waiting"},
                                 headers=headers)
    assert (await response.json())["status"] == "waiting"
    assert service.status_for(ticket.public_id, "a@example.com").status == "waiting"
    bad = await client.post(f"/desk/api/cases/{ticket.public_id}/status", json={"status": "lost"}, headers=headers)
    assert (bad.status, await bad.json()) == (400, {"error": "bad_status"})


async def test_pages_escape_what_they_show_and_forbid_framing_and_inline_scripts(client):
    headers, data = await sign_in(client)
    response = await client.get("/desk/", headers=headers)
    page = await response.text()
    assert "Ana &lt;b&gt;López&lt;/b&gt;" in page and "<b>López</b>" not in page
    assert f'content="{data["csrf_token"]}"' in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert not re.search(r"<script>(?!</script>)", page)  # no inline script: all scripts are files
    login_page = await client.get("/desk/login", headers=headers, allow_redirects=False)
    assert (login_page.status, login_page.headers["Location"]) == (302, "/desk/")


async def test_the_widget_and_its_demo_page_are_served_as_before(client):
    demo = await client.get("/")
    assert demo.status == 200 and 'data-server="http://localhost:5005"' in await demo.text()
    widget = await client.get("/widget.js")
    assert widget.status == 200 and widget.headers["X-Content-Type-Options"] == "nosniff"
    assert (await client.get("/nothing-here.js")).status == 404
    assert (await client.get("/%2e%2e/server.py")).status == 404


async def test_the_report_page_and_api_show_the_figures_to_signed_in_agents(database_url, tmp_path, monkeypatch):
    """The report on the desk reads the tracker store and the cases database (a small generated month)."""
    from tests.support.report_month import generate_month, write_cases_db, write_trackers_in_bulk

    month = generate_month(60, seed=5)
    write_trackers_in_bulk(month, tmp_path / "conversations.db")
    write_cases_db(month, database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ASSISTANT_NOW", month.end.isoformat())
    settings = Settings.from_env()
    desk = build_desk_service(engine=make_engine(database_url))
    desk.add_agent("ana@example.com", PASSWORD, "Ana")
    config = DeskConfig("http://127.0.0.1:9", "rasa-token", settings,
                        tracker_store_url=f"sqlite:///{tmp_path / 'conversations.db'}")
    async with TestClient(TestServer(make_app("http://localhost:5005", config))) as client:
        headers, _ = await sign_in(client)
        response = await client.get("/desk/api/report?since=30d", headers=headers)
        data = await response.json()
        assert response.status == 200
        assert data["conversations"]["total"] == 60
        assert data["deflection"]["deflected"] == month.expected.deflected
        response = await client.get("/desk/report?since=30d", headers=headers)
        page = await response.text()
        assert response.status == 200
        assert "Level-0 deflection" in page and page.count('src="data:image/png;base64,') >= 4
        assert "img-src 'self' data:" in response.headers["Content-Security-Policy"]
        bad = await client.get("/desk/api/report?since=soon", headers=headers)
        assert (bad.status, await bad.json()) == (400, {"error": "bad_since"})
        page = await (await client.get("/desk/report?since=soon", headers=headers)).text()
        assert "--since takes a span" in page
