"""Corrections of a value already given, and times that lean on one named before (issue 8)."""

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
