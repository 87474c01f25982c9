"""The multi-turn conversation suite (tests/conversations/*.yml) on the real servers."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo
from typing import Any, Dict, List

import pytest

from bot.cases.service import CaseRequest, SlotUnavailable
from bot.timeparse import RequestedTime
from tests.support.desk import agent_on_duty
from tests.support.dialogues import Dialogue, load_dialogues, play

pytestmark = pytest.mark.e2e

CONVERSATIONS = Path(__file__).resolve().parents[1] / "conversations"
DIALOGUES = load_dialogues(sorted(CONVERSATIONS.glob("*.yml")))
LATENCIES: List[float] = []


def set_status(service, public_id: str, status: str) -> None:
    """Move an earlier case on (as staff would), straight in the database."""
    from sqlalchemy import update

    from bot.cases.models import CaseRecord

    with service.repository._sessions() as session, session.begin():
        session.execute(update(CaseRecord).where(CaseRecord.public_id == public_id).values(status=status))


def free_the_calendar(assistant) -> None:
    """Cancel every live callback straight in the database (as staff would), so that each
    dialogue meets an empty calendar whatever ran before it. A slot holds two callbacks and
    the dialogues (and the other end-to-end tests of the session) book the same hours: in a
    random order, a third booking of the same slot was refused as full and the time asked again."""
    from sqlalchemy import update

    from bot.cases.models import CaseRecord

    with assistant.case_service().repository._sessions() as session, session.begin():
        session.execute(update(CaseRecord).where(CaseRecord.kind == "callback", CaseRecord.status != "cancelled")
                        .values(status="cancelled"))


def given_case_creator(assistant):
    """A function creating a `given.cases` entry on the servers' database, as a customer's earlier case."""
    service = assistant.case_service()

    def create(spec: Dict[str, Any]) -> Dict[str, str]:
        request = CaseRequest(description=spec.get("description", "Consulta anterior"), email=spec.get("email"),
                              conversation_id=f"earlier-{spec['ref']}", language=spec.get("language", "es"),
                              requester_name=spec.get("requester_name"), requester_phone=spec.get("phone"))
        kind = spec.get("kind", "ticket")
        if kind == "ticket":
            case = service.open_ticket(request, spec.get("category", "other"))
        elif kind == "sla_case":
            case = service.open_sla_case(request, spec.get("contract_id", "SC-1001"), spec.get("priority", "normal"))
        elif kind == "vendor_case":
            case = service.open_vendor_case(request, spec.get("vendor", "NAS"), consent=True)
        elif kind == "callback":  # booked well after the slots the dialogues book themselves
            if not request.requester_phone:
                request = replace(request, requester_phone="+34600000000")
            local = dt.datetime.fromisoformat(spec.get("callback_local", "2026-12-21T10:00"))
            case = service.book_callback(request, local.replace(tzinfo=ZoneInfo("Europe/Madrid")))
        else:
            raise ValueError(f"given case of kind {kind!r} is not supported")
        if spec.get("status"):
            set_status(service, case.public_id, spec["status"])
        return {"id": case.public_id, "number": str(case.number)}

    return create


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.id for d in DIALOGUES])
def test_dialogue(assistant, dialogue: Dialogue):
    free_the_calendar(assistant)
    conversation = assistant.conversation()
    with agent_on_duty(assistant, bool(dialogue.given.get("agent_available"))):
        outcome = play(dialogue, conversation,
                       lambda sender: [c for c in assistant.cases() if c["conversation_id"] == sender],
                       given_case_creator(assistant))
    LATENCIES.extend(outcome.latencies)
    if dialogue.known_miss and not outcome.passed:
        pytest.xfail(f"known miss ({dialogue.known_miss}):\n" + "\n".join(outcome.problems))
    assert outcome.passed, "\n".join(outcome.problems)


def test_each_dialogue_meets_an_empty_calendar(assistant):
    """The slot another dialogue filled (two technicians, two calls) is free again for the next one."""
    create = given_case_creator(assistant)
    for n in range(2):
        create({"ref": f"full-{n}", "kind": "callback", "callback_local": "2026-12-10T11:00"})
    slot = dt.datetime(2026, 12, 10, 11, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    service = assistant.case_service()
    with pytest.raises(SlotUnavailable):
        service.choose_slot(RequestedTime(slot))
    free_the_calendar(assistant)
    assert service.choose_slot(RequestedTime(slot)) == slot


def test_suite_covers_every_class_with_enough_dialogues():
    classes = [d.cls for d in DIALOGUES]
    assert len(DIALOGUES) >= 80
    assert sum(d.lang == "es" for d in DIALOGUES) * 2 >= len(DIALOGUES)
    for cls in ("slot_fit", "prefill", "times", "loop", "offers", "vendor_consent", "case_status", "language",
                "routing"):
        assert classes.count(cls) >= 5, cls
    assert all(3 <= len(d.turns) <= 10 for d in DIALOGUES)


def teardown_module(module):
    if LATENCIES:
        print(f"\nconversation suite: {len(LATENCIES)} replies, median {statistics.median(LATENCIES) * 1000:.0f} ms")
