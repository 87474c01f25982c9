"""The cases store and its rules on a real SQLite database."""

import datetime as dt
import json
import os
import subprocess
import sys
import threading

import pytest

from bot.cases import build_case_service, case_to_dict
from bot.cases.service import CaseError, CaseRequest, SlotUnavailable
from bot.settings import PROJECT_ROOT
from bot.timeparse import RequestedTime

MADRID = dt.timezone(dt.timedelta(hours=1))


def request(**kwargs):
    base = dict(description="Tengo dudas con la factura de octubre", email="ana@example.com",
                conversation_id="c1", transcript="customer: hola")
    base.update(kwargs)
    return CaseRequest(**base)


def test_ticket_gets_readable_id_and_business_hour_due_times(service):
    case = service.open_ticket(request(), "billing")
    assert case.public_id == "T-000001"
    assert (case.level, case.kind, case.status, case.category) == (1, "ticket", "open", "billing")
    # created Thursday 10:00: 8 business hours = Thursday 10-14 and 15-18, then Friday 9-10
    assert case.first_response_due == dt.datetime(2026, 11, 27, 10, 0, tzinfo=MADRID)
    stored = service.repository.get("T-000001")
    assert stored.email == "ana@example.com" and stored.transcript == "customer: hola"


def test_ids_are_unique_under_concurrent_writers(service):
    ids, errors = [], []

    def open_one(i):
        try:
            ids.append(service.open_ticket(request(description=f"problema número {i}"), "other").public_id)
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 20
    assert len(service.repository.list_all()) == 20


def test_user_text_is_stored_escaped(service):
    case = service.open_ticket(request(description="<script>alert(1)</script> '; DROP TABLE cases; --"))
    stored = service.repository.get(case.public_id)
    assert "<script>" not in stored.description
    assert stored.description.startswith("&lt;script&gt;")
    assert len(service.repository.list_all()) == 1  # the table is still there


def test_quotes_in_names_and_text_are_kept_as_typed(service):
    """Markup is escaped, an apostrophe is not: "O'Neill" is the customer's name as given."""
    case = service.open_ticket(request(description='It\'s the "Plus" <b>licence</b>', requester_name="Grace O'Neill"))
    stored = case_to_dict(service.repository.get(case.public_id))
    assert stored["requester_name"] == "Grace O'Neill"
    assert stored["description"] == 'It\'s the "Plus" &lt;b&gt;licence&lt;/b&gt;'


def test_ticket_without_email_or_description_is_not_created(service):
    with pytest.raises(CaseError):
        service.open_ticket(request(email=None))
    with pytest.raises(CaseError):
        service.open_ticket(request(description="   "))
    assert service.repository.list_all() == []


def refusal(service, requested: RequestedTime) -> SlotUnavailable:
    with pytest.raises(SlotUnavailable) as refused:
        service.choose_slot(requested)
    return refused.value


def test_callback_slots_refuse_past_closed_and_full(service, now):
    past = refusal(service, RequestedTime(now - dt.timedelta(hours=1)))
    assert past.reason == "past" and len(past.alternatives) == 3
    closed = refusal(service, RequestedTime(dt.datetime(2026, 11, 29, 10, 0, tzinfo=MADRID)))  # Sunday
    assert closed.reason == "closed" and closed.closed_day == dt.date(2026, 11, 29)
    assert closed.alternatives[0] == dt.datetime(2026, 11, 30, 9, 0, tzinfo=MADRID)
    slot = dt.datetime(2026, 11, 26, 16, 0, tzinfo=MADRID)
    for phone in ("+34611111111", "+34622222222"):  # two technicians per slot
        service.book_callback(request(requester_phone=phone, requester_name="Ana"), slot)
    full = refusal(service, RequestedTime(slot))
    assert full.reason == "full"
    assert slot not in full.alternatives and full.alternatives[0] == slot + dt.timedelta(minutes=30)
    with pytest.raises(SlotUnavailable, match="slot_full") as refused:
        service.book_callback(request(requester_phone="+34633333333"), slot)
    assert refused.value.alternatives and slot not in refused.value.alternatives
    assert len(service.repository.list_all()) == 2


def test_window_picks_first_free_slot(service):
    assert service.choose_slot(RequestedTime(dt.datetime(2026, 11, 30, 15, 0, tzinfo=MADRID),
                                             dt.datetime(2026, 11, 30, 19, 0, tzinfo=MADRID))
                               ) == dt.datetime(2026, 11, 30, 15, 0, tzinfo=MADRID)


@pytest.mark.parametrize("day, closing", [(dt.date(2026, 11, 26), dt.time(18, 0)),   # Thursday
                                           (dt.date(2026, 11, 27), dt.time(15, 0))])  # Friday
def test_the_evening_starts_when_business_hours_end(service, day, closing):
    """"Esta noche" / "this evening" (17:00-22:00) is after hours: nothing is booked in the last
    open hour, and the slots offered come after the day's closing time."""
    evening = RequestedTime(dt.datetime.combine(day, dt.time(17, 0), MADRID),
                            dt.datetime.combine(day, dt.time(22, 0), MADRID), "evening")
    closed = refusal(service, evening)
    assert closed.reason == "closed" and closed.closed_day is None
    assert closed.alternatives[0] >= dt.datetime.combine(day, closing, MADRID)
    # the same hours without the word "evening" are a window that is still open at 17:00 on Thursday
    if closing == dt.time(18, 0):
        assert service.choose_slot(RequestedTime(evening.start, evening.end)) == evening.start


def test_a_case_number_typed_without_its_prefix_finds_its_id(service):
    case = service.open_ticket(request())
    assert service.case_id_for_number(case.number) == case.public_id
    assert service.case_id_for_number(case.number + 1) is None


def test_local_now_is_in_the_business_time_zone(service, now):
    assert service.local_now() == now and service.local_now().tzinfo == service.calendar.timezone


def test_sla_case_needs_a_valid_contract_and_uses_its_targets(service):
    assert service.check_contract("SC-1003").reason == "expired"
    assert service.check_contract("SC-1004").reason == "inactive"
    assert service.check_contract("SC-0000").reason == "unknown"
    with pytest.raises(CaseError, match="contract_expired"):
        service.open_sla_case(request(), "SC-1003", "high")
    case = service.open_sla_case(request(), "SC-1001", "critical")
    assert case.public_id.startswith("SLA-") and case.contract_id == "SC-1001"
    # gold, critical: first response in 1 business hour, resolution in 8 (Thu 10-14, 15-18, Fri 9-10)
    assert case.first_response_due == dt.datetime(2026, 11, 26, 11, 0, tzinfo=MADRID)
    assert case.resolution_due == dt.datetime(2026, 11, 27, 10, 0, tzinfo=MADRID)


def test_vendor_case_only_with_consent(service):
    with pytest.raises(CaseError, match="no_consent"):
        service.open_vendor_case(request(), "Synology NAS", consent=False)
    assert service.repository.list_all() == []
    case = service.open_vendor_case(request(), "Synology NAS", consent=True)
    assert (case.public_id[:2], case.vendor, case.consent, case.level) == ("V-", "Synology NAS", True, 4)


def test_status_only_with_the_matching_email(service):
    case = service.open_ticket(request())
    assert service.status_for(case.public_id, "ANA@example.com").public_id == case.public_id
    assert service.status_for(case.public_id, "eve@example.com") is None
    assert service.status_for("T-999999", "ana@example.com") is None


def test_status_without_email_only_in_the_conversation_that_opened_the_case(service):
    case = service.open_ticket(request(conversation_id="conv-ana"))
    assert service.status_for(case.public_id, None, "conv-ana").public_id == case.public_id
    assert service.status_for(case.public_id, None, "conv-eve") is None
    assert service.status_for(case.public_id, "eve@example.com", "conv-eve") is None
    assert service.status_for(case.public_id, None, None) is None


def test_a_customer_withdraws_only_a_live_case_of_their_own_conversation(service):
    first = service.open_ticket(request(conversation_id="conv-ana"))
    second = service.open_ticket(request(conversation_id="conv-ana"))
    assert service.latest_live_case("conv-ana").public_id == second.public_id
    assert service.latest_live_case("conv-eve") is None
    with pytest.raises(CaseError):
        service.withdraw(second.public_id, "conv-eve")  # someone else's case
    assert service.withdraw(second.public_id, "conv-ana").status == "cancelled"
    with pytest.raises(CaseError):
        service.withdraw(second.public_id, "conv-ana")  # already cancelled
    assert service.latest_live_case("conv-ana").public_id == first.public_id


def test_cli_lists_every_case_as_json_with_the_contract_fields(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    from bot.settings import Settings

    settings = Settings.from_env()
    service = build_case_service(Settings(**{**settings.__dict__, "database_url": env["DATABASE_URL"]}))
    service.open_ticket(request(), "billing")
    output = subprocess.run([sys.executable, "-m", "bot.cases", "list", "--json"], env=env, cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=True).stdout
    cases = json.loads(output)
    assert len(cases) == 1
    for field in ("id", "level", "kind", "status", "priority", "email", "subject", "description", "channel",
                  "conversation_id", "created_at", "first_response_due", "resolution_due"):
        assert field in cases[0]
    shown = subprocess.run([sys.executable, "-m", "bot.cases", "show", cases[0]["id"], "--json"], env=env,
                           cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(shown) == cases[0]
    missing = subprocess.run([sys.executable, "-m", "bot.cases", "show", "T-999999"], env=env, cwd=PROJECT_ROOT,
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "No case" in missing.stderr


def test_case_to_dict_is_json_ready(service):
    data = case_to_dict(service.open_ticket(request()))
    assert json.loads(json.dumps(data))["id"] == "T-000001"


def test_cli_text_output_shows_the_text_as_typed_and_json_keeps_it_stored(tmp_path):
    """The terminal is plain text: "R&D <team>" reads as typed, not "R&amp;D &lt;team&gt;"."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    from bot.settings import Settings

    settings = Settings.from_env()
    service = build_case_service(Settings(**{**settings.__dict__, "database_url": env["DATABASE_URL"]}))
    case = service.open_ticket(request(description="Factura de R&D <team> duplicada en noviembre"), "billing")
    run = dict(env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    listed = subprocess.run([sys.executable, "-m", "bot.cases", "list"], **run).stdout
    shown = subprocess.run([sys.executable, "-m", "bot.cases", "show", case.public_id], **run).stdout
    assert "R&D <team>" in listed and "R&D <team>" in shown
    assert "&amp;" not in listed + shown
    as_json = json.loads(subprocess.run([sys.executable, "-m", "bot.cases", "show", case.public_id, "--json"],
                                        **run).stdout)
    assert "R&amp;D &lt;team&gt;" in as_json["description"]
