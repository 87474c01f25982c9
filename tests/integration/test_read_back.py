"""The read-back that ends every callback and SLA case (issue 8: nothing is booked or filed
without a yes), and the replies right after a status lookup found nothing."""

import pytest

from actions.callbacks import ValidateCallbackForm
from actions.case_status import STATUS_RETRY, after_failed_lookup
from actions.sla import ValidateSlaCaseForm
from tests.integration.conftest import make_tracker

CALLBACK_SLOTS = ["requester_name", "phone", "callback_slot", "case_confirmed"]
SLA_SLOTS = ["contract_id", "email", "priority", "description", "case_confirmed"]
SLA_KNOWN = {"contract_id": "SC-1001", "email": "ana@example.com", "priority": "high"}
BOOKED = {"requester_name": "Priya Nair", "phone": "+34622118940", "callback_slot": "2026-11-27T12:30:00+01:00"}


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value}


def started(form: str) -> dict:
    return {"event": "active_loop", "name": form}


async def test_a_form_that_asked_its_questions_still_reads_back(dispatcher):
    """Nothing is booked without a yes, however the details came (tests/conversations/README.md)."""
    history = [started("callback_form"), slot("requested_slot", "requester_name"),
               slot("requester_name", "Priya Nair"), slot("requested_slot", "phone")]
    tracker = make_tracker("622 118 940", "inform", {**BOOKED, "requested_slot": "phone"}, events=history,
                           active_loop="callback_form")
    assert await ValidateCallbackForm().required_slots(CALLBACK_SLOTS, dispatcher, tracker, {}) == CALLBACK_SLOTS


async def test_an_sla_case_whose_contract_was_asked_for_is_read_back_too(dispatcher):
    history = [started("sla_case_form"), slot("requested_slot", "contract_id"), slot("contract_id", "SC-1001")]
    tracker = make_tracker("SC-1001", "inform", {**SLA_KNOWN, "requested_slot": "description"}, events=history,
                           active_loop="sla_case_form")
    assert (await ValidateSlaCaseForm().required_slots(SLA_SLOTS, dispatcher, tracker, {}))[-1] == "case_confirmed"


@pytest.mark.parametrize("text, language", [
    ("sí", "es"), ("vale", "es"), ("ok", "es"), ("perfecto", "es"), ("sí, resérvalo", "es"), ("sí, perfecto", "es"),
    ("yes please", "en"), ("go ahead", "en"), ("yes, that's right", "en"),
])
async def test_the_usual_yeses_confirm_the_read_back(dispatcher, text, language):
    history = [started("callback_form"), *(slot(name, value) for name, value in BOOKED.items()),
               slot("requested_slot", "case_confirmed")]
    tracker = make_tracker(text, "affirm", {**BOOKED, "requested_slot": "case_confirmed", "language": language},
                           events=history, active_loop="callback_form")
    assert await ValidateCallbackForm().extract_case_confirmed(dispatcher, tracker, {}) == {"case_confirmed": True}


async def test_yes_at_the_read_back_confirms(dispatcher):
    history = [started("callback_form"), *(slot(name, value) for name, value in BOOKED.items()),
               slot("requested_slot", "case_confirmed")]
    tracker = make_tracker("yes please", "affirm", {**BOOKED, "requested_slot": "case_confirmed", "language": "en"},
                           events=history, active_loop="callback_form")
    assert await ValidateCallbackForm().extract_case_confirmed(dispatcher, tracker, {}) == {"case_confirmed": True}


async def test_a_plain_no_at_the_read_back_books_nothing(dispatcher):
    history = [started("callback_form"), *(slot(name, value) for name, value in BOOKED.items()),
               slot("requested_slot", "case_confirmed")]
    tracker = make_tracker("no", "deny", {**BOOKED, "requested_slot": "case_confirmed"}, events=history,
                           active_loop="callback_form")
    assert await ValidateCallbackForm().extract_case_confirmed(dispatcher, tracker, {}) == {"case_confirmed": False}


async def test_a_corrected_priority_at_the_read_back_is_taken_and_asked_again(dispatcher):
    known = {"contract_id": "SC-1002", "email": "ops@northwind.example", "priority": "high",
             "description": "The API stopped authenticating"}
    history = [started("sla_case_form"), *(slot(name, value) for name, value in known.items()),
               slot("requested_slot", "case_confirmed")]
    tracker = make_tracker("no, it's critical actually", "deny",
                           {**known, "requested_slot": "case_confirmed", "language": "en"}, events=history,
                           active_loop="sla_case_form")
    result = await ValidateSlaCaseForm().extract_case_confirmed(dispatcher, tracker, {})
    assert result == {"priority": "critical", "case_confirmed": None}


async def test_after_a_failed_lookup_a_deferral_is_acknowledged(dispatcher):
    tracker = make_tracker("ok, ya le pregunto a mi jefe", "nlu_fallback", {"pending_offer": STATUS_RETRY})
    assert after_failed_lookup(dispatcher, tracker) == []
    assert "correo" in dispatcher.messages[0]["text"]


async def test_after_a_failed_lookup_a_plea_gets_the_reason_not_a_ticket(dispatcher):
    tracker = make_tracker("ándale, y no me puedes decir nada aunque sea?", "not_solved",
                           {"pending_offer": STATUS_RETRY})
    assert after_failed_lookup(dispatcher, tracker) == []
    assert "seguridad" in dispatcher.messages[0]["text"]


async def test_after_a_failed_lookup_a_number_retries(dispatcher):
    tracker = make_tracker("sorry, typo - it's 100", "inform", {"pending_offer": STATUS_RETRY})
    assert after_failed_lookup(dispatcher, tracker) is None


async def test_an_address_the_customer_thinks_we_have_is_asked_for_again(dispatcher):
    from actions.tickets import ValidateTicketForm

    tracker = make_tracker("el de siempre, ya lo tenéis", "inform", {"requested_slot": "email"},
                           active_loop="ticket_form")
    assert await ValidateTicketForm().extract_email(dispatcher, tracker, {}) == {"email": None}
    assert "correo" in dispatcher.messages[0]["text"]


async def test_a_problem_told_with_a_change_of_language_is_the_description(dispatcher):
    from actions.tickets import ValidateTicketForm

    tracker = make_tracker("perdona, mejor en español: en la factura de octubre sale mal el CIF de mi empresa",
                           "switch_language", {"requested_slot": "email", "ticket_category": "billing"},
                           active_loop="ticket_form")
    result = await ValidateTicketForm().extract_description(dispatcher, tracker, {})
    assert result == {"description": "en la factura de octubre sale mal el CIF de mi empresa"}


def test_a_question_about_the_priorities_at_the_read_back_changes_none(dispatcher):
    known = {"contract_id": "SC-1002", "email": "it@acme.es", "priority": "high", "description": "La base va lenta"}
    history = [started("sla_case_form"), *(slot(name, value) for name, value in known.items()),
               slot("requested_slot", "case_confirmed")]
    tracker = make_tracker("espera, ¿qué diferencia hay entre alta y crítica?", "ask_howto",
                           {**known, "priority": "critical", "requested_slot": "case_confirmed"}, events=history,
                           active_loop="sla_case_form")
    assert ValidateSlaCaseForm().validate_priority("critical", dispatcher, tracker, {}) == {"priority": "high"}
