"""The running assistant probed as an attacker would: credentials, origins, input, rates."""

from __future__ import annotations

import concurrent.futures
import json
import statistics
import subprocess
import sys
import time
import uuid

import psutil
import pytest

from bot.serving.endpoints import ACTION_TOKEN_HEADER
from bot.settings import PROJECT_ROOT
from tests.reliability.conftest import ADDRESS_LIMIT, SENDER_LIMIT
from tests.support.stack import cases, new_sender, request, user_texts

#: Every route of Rasa 3.6's HTTP API that reads or changes a conversation or the model.
API_ROUTES = [
    ("GET", "/conversations/{id}/tracker", None),
    ("POST", "/conversations/{id}/tracker/events", {"event": "slot", "name": "email", "value": "evil@example.com"}),
    ("PUT", "/conversations/{id}/tracker/events", [{"event": "action", "name": "action_listen"}]),
    ("GET", "/conversations/{id}/story", None),
    ("POST", "/conversations/{id}/execute", {"name": "action_submit_ticket"}),
    ("POST", "/conversations/{id}/trigger_intent", {"name": "affirm"}),
    ("POST", "/conversations/{id}/predict", None),
    ("POST", "/conversations/{id}/messages", {"text": "hola", "sender": "user"}),
    ("POST", "/model/train", {}),
    ("POST", "/model/test/stories", {}),
    ("POST", "/model/test/intents", {}),
    ("POST", "/model/predict", []),
    ("POST", "/model/parse", {"text": "hola"}),
    ("PUT", "/model", {"model_file": "/tmp/evil.tar.gz"}),
    ("DELETE", "/model", None),
    ("GET", "/domain", None),
    ("GET", "/status", None),
]


def start_a_ticket(stack, sender: str, email: str = "ana.garcia@example.com") -> None:
    stack.rasa.say(sender, "Tengo preguntas sobre una factura.")
    stack.rasa.say(sender, email)


def test_every_server_listens_on_loopback_only(stack):
    for module in ("bot.serving.rasa_server", "bot.serving.action_server", "bot.serving.web_server"):
        listening = [c.laddr.ip for c in stack.child(module).net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN]
        assert listening and set(listening) <= {"127.0.0.1"}, (module, listening)


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_no_conversation_or_model_route_answers_without_the_token(stack, token):
    sender = new_sender("victim")
    start_a_ticket(stack, sender)
    before = stack.rasa.tracker(sender)
    for method, path, body in API_ROUTES:
        url = stack.rasa.base_url + path.format(id=sender) + (f"?token={token}" if token is not None else "")
        status, answer, _ = request(url, body, method=method)
        assert status == 401, (method, path, status)
        assert "ana.garcia" not in json.dumps(answer)
    after = stack.rasa.tracker(sender)
    assert after["events"] == before["events"] and after["slots"] == before["slots"]


def test_the_token_opens_the_api(stack):
    sender = new_sender()
    start_a_ticket(stack, sender)
    assert stack.rasa.tracker(sender)["slots"]["email"] == "ana.garcia@example.com"
    status, parsed, _ = request(f"{stack.rasa.base_url}/model/parse?token={stack.rasa.token}", {"text": "hola"})
    assert status == 200 and parsed["intent"]["name"]


def test_only_the_root_and_version_answer_strangers(stack):
    assert request(f"{stack.rasa.base_url}/")[0] == 200
    assert request(f"{stack.rasa.base_url}/version")[0] == 200
    assert request(f"{stack.rasa.base_url}/conversations/x/tracker")[0] == 401


def test_the_action_server_refuses_every_caller_but_rasa(stack):
    forged = {"next_action": "action_submit_ticket", "sender_id": "forger", "version": "3.6.21", "domain": {},
              "tracker": {"sender_id": "forger", "slots": {"email": "forged@example.com", "ticket_category": "billing",
                                                           "description": "forged ticket", "ticket_confirmed": True},
                          "latest_message": {"text": "sí"}, "events": [], "active_loop": {}}}
    for headers in ({}, {ACTION_TOKEN_HEADER: "guess"}, {ACTION_TOKEN_HEADER: ""}):
        assert request(f"{stack.action_url}/webhook", forged, headers=headers)[0] == 401
        assert request(f"{stack.action_url}/actions", headers=headers)[0] == 401
    assert not [c for c in cases(stack.env) if c["email"] == "forged@example.com"]
    assert request(f"{stack.action_url}/health")[0] == 200
    # the secret Rasa holds does open it (what the refusals above are measured against)
    ask = {**forged, "next_action": "action_ask_email"}
    status, body, _ = request(f"{stack.action_url}/webhook", ask,
                              headers={ACTION_TOKEN_HEADER: stack.env["ACTION_SERVER_TOKEN"]})
    assert status == 200 and body["responses"]


def test_cors_answers_the_demo_page_and_no_other_origin(stack):
    url = f"{stack.rasa.base_url}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for origin in ("http://evil.example", "null", "http://localhost:1"):
        _, _, headers = request(url, method="OPTIONS", headers={"Origin": origin, **preflight})
        assert "Access-Control-Allow-Origin" not in headers, origin
        _, _, headers = request(url, {"sender": new_sender(), "message": "hola"}, headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in headers, origin
    demo = f"http://localhost:{stack.extra['ports'][2]}"
    _, _, headers = request(url, method="OPTIONS", headers={"Origin": demo, **preflight})
    assert headers.get("Access-Control-Allow-Origin") == demo


def test_socketio_accepts_the_demo_page_and_refuses_other_origins(stack):
    import socketio

    def connect(origin: str):
        client = socketio.Client(reconnection=False)
        replies = []
        client.on("bot_uttered", lambda data: replies.append(data))
        client.connect(stack.rasa.base_url, headers={"Origin": origin}, transports=["polling"],
                       socketio_path="/socket.io", wait_timeout=10)
        return client, replies

    with pytest.raises(socketio.exceptions.ConnectionError):
        connect("http://evil.example")
    client, replies = connect(f"http://127.0.0.1:{stack.extra['ports'][2]}")
    try:
        session = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session})
        client.emit("user_uttered", {"message": "hola", "session_id": session})
        deadline = time.monotonic() + 30
        while not replies and time.monotonic() < deadline:
            time.sleep(0.2)
        assert replies and replies[0]["text"]
    finally:
        client.disconnect()


@pytest.mark.parametrize("raw, reason", [
    (b"", "JSON object"), (b"[]", "JSON object"), (b'"hola"', "JSON object"), (b"{not json", "not valid JSON"),
    (b'{"message": "hola"}', "sender"), (b'{"sender": "", "message": "hola"}', "sender"),
    (b'{"sender": "s", "message": {"text": "x"}}', "message"), (b'{"sender": "s", "metadata": []}', "metadata"),
])
def test_bodies_that_are_not_a_message_get_400_with_the_reason(stack, raw, reason):
    status, body, _ = request(f"{stack.rasa.base_url}/webhooks/rest/webhook", raw=raw)
    assert status == 400 and reason in body["error"]


def test_a_lone_surrogate_or_a_nul_is_answered_not_crashed_on(stack):
    raw = b'{"sender": "surrogates-%s", "message": "hola \\ud800 \\u0000 qu\\u00e9 tal"}' % uuid.uuid4().hex[:6].encode()
    status, body, _ = request(f"{stack.rasa.base_url}/webhooks/rest/webhook", raw=raw)
    assert status == 200 and body and body[0]["text"]


def test_a_one_megabyte_message_is_refused_in_under_a_second_without_slowing_others(stack):
    spanish, english = "a" * 1_000_000, ("Please help me with my invoice. " * 32_000)[:1_000_000]
    normal = [new_sender("steady") for _ in range(6)]

    def steady_latency(sender: str) -> float:
        started = time.perf_counter()
        assert stack.rasa.texts(sender, "¿Cómo puedo solicitar mi contraseña?")
        return time.perf_counter() - started

    baseline = statistics.median(steady_latency(sender) for sender in normal)
    timings, under_load = [], []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        def flood(text: str) -> None:
            for _ in range(4):
                started = time.perf_counter()
                replies = stack.rasa.say(new_sender("huge"), text)
                timings.append((time.perf_counter() - started, replies[0]["text"]))

        floods = [pool.submit(flood, spanish), pool.submit(flood, english)]
        time.sleep(0.2)
        under_load = [steady_latency(sender) for sender in normal]
        for future in floods:
            future.result()
    print(f"\n1 MB messages: {len(timings)}, slowest answer {max(s for s, _ in timings) * 1000:.0f} ms; other "
          f"conversations: median {baseline * 1000:.0f} ms alone, {statistics.median(under_load) * 1000:.0f} ms meanwhile")
    assert max(seconds for seconds, _ in timings) < 1.0, timings
    assert all("demasiado largo" in text or "too long" in text for _, text in timings)
    assert any("too long" in text for _, text in timings) and any("demasiado largo" in text for _, text in timings)
    assert statistics.median(under_load) < max(1.0, 2.5 * baseline), (baseline, under_load)


ADVERSARIAL = {  # at the 3,000-character limit, built to make NLU work hard
    name: (pattern * 3000)[:3000] for name, pattern in {
        "e-mails": "ana.lopez@example.com ", "phones": "612 345 678 ", "case ids": "T-000123 ", "contracts": "SC-1001 ",
        "one word": "x", "emoji": "😀", "short words": "a ", "lookup words": "synology factura urgente ",
        "digits": "1", "punctuation": "!?", "markup": "<b>", "accents": "áéíóúñ ",
    }.items()
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_no_message_under_the_limit_holds_the_server_for_a_second(stack, name):
    text = ADVERSARIAL[name]
    server = stack.child("bot.serving.rasa_server")
    url = f"{stack.rasa.base_url}/model/parse?token={stack.rasa.token}"
    wall, cpu = [], []
    for _ in range(3):
        before, started = server.cpu_times(), time.perf_counter()
        status, _, _ = request(url, {"text": text})
        after = server.cpu_times()
        wall.append(time.perf_counter() - started)
        cpu.append(after.user + after.system - before.user - before.system)
        assert status == 200
    print(f"\nNLU on {len(text)} characters of {name}: CPU median {statistics.median(cpu) * 1000:.0f} ms, "
          f"wall {statistics.median(wall) * 1000:.0f} ms")
    assert statistics.median(cpu) < 1.0


def test_a_long_message_under_the_limit_is_read(stack):
    sender = new_sender()
    text = "Tengo un problema con la factura. " * 85  # about 2,900 characters: under the 3,000 limit
    started = time.perf_counter()
    replies = stack.rasa.say(sender, text)
    assert replies and "demasiado largo" not in replies[0]["text"]
    assert time.perf_counter() - started < 5


def test_a_flooding_conversation_is_slowed_down_and_others_are_not(stack):
    flooder, bystander = new_sender("flood"), new_sender("calm")
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(12) as pool:  # a burst, as a script would send it
        answers = list(pool.map(lambda _: stack.rasa.texts(flooder, "/greet"), range(SENDER_LIMIT + 20)))
    elapsed = time.monotonic() - started
    refused = [text for text in answers if "muy deprisa" in text]
    print(f"\nflood: {len(answers)} messages in {elapsed:.1f} s, {len(refused)} refused")
    assert len(refused) >= 10
    assert "muy deprisa" not in stack.rasa.texts(bystander, "hola")
    # what got through: the bucket (30) plus what refilled meanwhile (30 a minute)
    taken = user_texts(stack.rasa.tracker(flooder)).count("/greet")
    assert taken == len(answers) - len(refused) <= SENDER_LIMIT + elapsed * SENDER_LIMIT / 60 + 1


def test_a_flooding_address_gets_429_and_others_are_not(stack):
    url = f"{stack.rasa.base_url}/webhooks/rest/webhook"

    def one(_: int) -> int:
        return request(url, {"sender": new_sender("addr"), "message": "/greet"},
                       headers={"X-Forwarded-For": "203.0.113.9"})[0]

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(12) as pool:  # a burst from one address
        statuses = list(pool.map(one, range(ADDRESS_LIMIT + 20)))
    elapsed = time.monotonic() - started
    print(f"\none address: {len(statuses)} requests in {elapsed:.1f} s, {statuses.count(429)} got 429")
    assert set(statuses) <= {200, 429} and statuses.count(429) >= 10
    assert statuses.count(200) <= ADDRESS_LIMIT + elapsed * ADDRESS_LIMIT / 60 + 1
    assert request(url, {"sender": new_sender("addr"), "message": "/greet"},
                   headers={"X-Forwarded-For": "198.51.100.4"})[0] == 200


def test_sql_injection_in_a_case_look_up_finds_nothing_and_changes_nothing(stack):
    owner = new_sender("owner")
    start_a_ticket(stack, owner, "owner.sqli@example.com")
    stack.rasa.say(owner, "No me llega la factura de octubre, sale un importe incorrecto")
    stack.rasa.say(owner, "sí")
    [case] = [c for c in cases(stack.env) if c["conversation_id"] == owner]
    before = len(cases(stack.env))
    attacker = new_sender("sqli")
    for case_id, email in [(f"{case['id']}' OR '1'='1", "x' OR '1'='1"),
                           (case["id"], "' OR 1=1 --"),
                           (case["id"], "a@b.c'; DROP TABLE cases; --"),
                           ("T-000001 UNION SELECT email FROM cases", "x@example.com")]:
        text = stack.rasa.texts(attacker, f"¿Cómo va mi ticket {case_id}?")
        text += stack.rasa.texts(attacker, email)
        assert "owner.sqli" not in text and "importe incorrecto" not in text
    def show(case_id: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.cases", "show", case_id, "--json"], env=stack.env,
                              cwd=PROJECT_ROOT, capture_output=True, text=True)

    for injected in ("' OR '1'='1", "1; DROP TABLE cases", "%' --"):
        shown = show(injected)
        assert shown.returncode == 1 and "No case" in shown.stderr
    shown = show(f"{case['id']}' OR '1'='1")  # the id inside is read as that one id, nothing more
    assert json.loads(shown.stdout)["id"] == case["id"]
    assert len(cases(stack.env)) == before


def test_markup_from_a_customer_is_stored_and_answered_as_text(stack):
    sender = new_sender("xss")
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> la factura está mal'
    start_a_ticket(stack, sender, "xss.test@example.com")
    confirm = stack.rasa.texts(sender, attack)
    stack.rasa.say(sender, "sí")
    [case] = [c for c in cases(stack.env) if c["conversation_id"] == sender]
    assert "<img" not in case["description"] and "&lt;img" in case["description"]
    assert "<script" not in (case["transcript"] or "")
    # the REST reply carries the text as JSON data, for the widget to show as text (tests/e2e/test_widget.py)
    assert "onerror" in confirm or "la factura" in confirm
