"""Corrections of a value already given, and times that lean on one named before (issue 8)."""

import pytest

from actions.callbacks import ValidateCallbackForm
from actions.tickets import ValidateTicketForm
from tests.integration.conftest import make_tracker


def user(text: str) -> dict:
    """An earlier customer message, as the tracker stores it."""
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "inform"}}}


AT_CONFIRMATION = {"email": "ana@example.com", "ticket_category": "billing", "description": "Factura duplicada",
                   "requested_slot": "ticket_confirmed"}


async def test_a_new_address_at_the_confirmation_replaces_the_old_and_asks_again(dispatcher):
    tracker = make_tracker("no perdona, el correo bueno es ana.ruiz@empresa.es", "deny", AT_CONFIRMATION,
                           active_loop="ticket_form")
    result = await ValidateTicketForm().extract_ticket_confirmed(dispatcher, tracker, {})
    assert result == {"email": "ana.ruiz@empresa.es", "ticket_confirmed": None}


async def test_a_plain_no_at_the_confirmation_is_still_a_no(dispatcher):
    tracker = make_tracker("no, déjalo", "deny", AT_CONFIRMATION, active_loop="ticket_form")
    result = await ValidateTicketForm().extract_ticket_confirmed(dispatcher, tracker, {})
    assert result == {"ticket_confirmed": False}


async def test_a_name_given_again_replaces_a_misread_one(dispatcher):
    tracker = make_tracker("el nombre es Graham Ellis, no Oh", "inform",
                           {"requester_name": "Oh", "requested_slot": "phone"}, active_loop="callback_form")
    result = await ValidateCallbackForm().extract_requester_name(dispatcher, tracker, {})
    assert result == {"requester_name": "Graham Ellis"}


async def test_a_clock_time_alone_takes_the_day_named_before(installed, dispatcher):
    tracker = make_tracker("vale, entonces a las 12 de ese día", "inform", {"requested_slot": "callback_slot"},
                           events=[user("el miércoles 2 a las 14:30")], active_loop="callback_form")
    result = await ValidateCallbackForm().extract_callback_slot(dispatcher, tracker, {})
    assert result["callback_slot"].startswith("2026-12-02T12:00")


async def test_a_day_alone_keeps_the_time_named_before(installed, dispatcher):
    tracker = make_tracker("ok, Wednesday the 9th then", "inform", {"requested_slot": "callback_slot"},
                           events=[user("Tuesday 8 December at 10am")], active_loop="callback_form")
    result = await ValidateCallbackForm().extract_callback_slot(dispatcher, tracker, {})
    assert result["callback_slot"].startswith("2026-12-09T10:00")


@pytest.mark.parametrize("text, earlier, booked", [
    # the weekday named again is the refused day, not the next one (it was booked a fortnight early)
    ("uf, pues el mismo miércoles a las cuatro y media", "el miércoles 16 a las 19h", "2026-12-16T16:30"),
    ("ese día pero a las 12", "el 3 de diciembre a las 7 de la mañana", "2026-12-03T12:00"),
    ("ok, that same Wednesday at 11am then", "Wednesday the 16th at 8pm", "2026-12-16T11:00"),
    ("the same day, 4:30pm", "December 9th at 7pm", "2026-12-09T16:30"),
])
async def test_the_same_day_after_a_refused_time_is_the_day_refused(installed, dispatcher, text, earlier, booked):
    tracker = make_tracker(text, "inform", {"requested_slot": "callback_slot"}, events=[user(earlier)],
                           active_loop="callback_form")
    result = await ValidateCallbackForm().extract_callback_slot(dispatcher, tracker, {})
    assert result["callback_slot"].startswith(booked)


async def test_another_weekday_than_the_one_named_before_is_a_new_day(installed, dispatcher):
    tracker = make_tracker("mejor ese jueves a las 10", "inform", {"requested_slot": "callback_slot"},
                           events=[user("el miércoles 16 a las 19h")], active_loop="callback_form")
    result = await ValidateCallbackForm().extract_callback_slot(dispatcher, tracker, {})
    assert not result["callback_slot"].startswith("2026-12-16")


async def test_a_customer_who_does_not_understand_gets_the_question_explained(installed, dispatcher):
    tracker = make_tracker("sorry I still don't get it", "not_solved",
                           {"requested_slot": "requester_name", "language": "en"}, active_loop="callback_form")
    events = await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN)
    assert {"event": "slot", "name": "requester_name", "value": None, "timestamp": None} in events
    assert any("for example" in (message.get("text") or "") for message in dispatcher.messages)


async def test_open_a_ticket_after_the_hand_off_offer_carries_the_conversation(installed, dispatcher):
    tracker = make_tracker("ok, open a ticket then", "open_ticket",
                           {"pending_offer": "handoff_ticket", "language": "en",
                            "offer_context": "Nobody was online.\nI was charged twice for the renewal"},
                           active_loop="ticket_form")
    events = await ValidateTicketForm().run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    assert slots["pending_offer"] is None
    assert "charged twice" in slots["description"] and slots["ticket_category"] == "billing"


def test_a_yes_to_a_call_with_details_fills_the_callback_form_before_it_starts(installed):
    from actions.escalation import start_level
    from rasa_sdk.executor import CollectingDispatcher

    text = "yes, a callback then. I'm Tom Rivera, +1 415 555 0134"
    events = start_level(CollectingDispatcher(), make_tracker(text, "inform"), 2, "invoices", announce=False)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    assert slots["requester_name"] == "Tom Rivera" and slots["phone"] == "+14155550134"


DOMAIN = {"forms": {"callback_form": {"required_slots": ["requester_name", "phone", "callback_slot"]},
                    "ticket_form": {"required_slots": ["email", "ticket_category", "description",
                                                       "ticket_confirmed"]}},
          "slots": {name: {"type": "any", "mappings": [{"type": "custom"}]}
                    for name in ("requester_name", "phone", "callback_slot", "email", "ticket_category",
                                 "description", "ticket_confirmed")}}


def with_time_entities(tracker, *pieces: str):
    """The tracker with the entity extractor's preferred_time pieces of its message."""
    text = tracker.latest_message["text"]
    tracker.latest_message["entities"] = [
        {"entity": "preferred_time", "value": piece, "start": text.index(piece), "end": text.index(piece) + len(piece)}
        for piece in pieces]
    return tracker


async def test_a_time_the_entity_pattern_cut_is_read_whole(installed):
    from actions.callbacks import time_in_request
    from bot.timeparse import parse_requested_time

    def moment(tracker) -> str:
        return parse_requested_time(time_in_request(tracker), installed.local_now()).start.isoformat()

    tracker = with_time_entities(make_tracker("tomorrow at 1.30pm works best", "inform"), "30pm")
    assert moment(tracker).startswith("2026-11-27T13:30")
    tracker = with_time_entities(
        make_tracker("Nina Patel, +34 691 224 870, nina@patelimports.es, Monday 30th at 10am", "inform"),
        "Monday", "at 10am")
    assert moment(tracker).startswith("2026-11-30T10:00")
    # the pattern keeps only the weekday of a full date: the clause that names the time is read whole
    tracker = with_time_entities(make_tracker(
        "El DATEV no me exporta bien las facturas, llamadme porfa. Soy Carmen Vidal, 655 44 33 22, "
        "mejor el jueves 17 de diciembre a las 11 y media", "inform"), "el jueves")
    assert moment(tracker).startswith("2026-12-17T11:30")
    tracker = with_time_entities(make_tracker(
        "no imprime desde el lunes a las 10, llamadme mañana a las 12", "inform"), "el lunes a las 10")
    assert moment(tracker).startswith("2026-11-27T12:00")
