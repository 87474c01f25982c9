"""The read-back of a callback or SLA case whose details all came unasked (issue 8), and the
replies right after a status lookup found nothing."""

from actions.callbacks import ValidateCallbackForm
from actions.case_status import STATUS_RETRY, after_failed_lookup
from actions.read_back import asked_a_question, with_read_back_if_needed
from actions.sla import ValidateSlaCaseForm
from tests.integration.conftest import make_tracker

CALLBACK_SLOTS = ["requester_name", "phone", "callback_slot", "case_confirmed"]
BOOKED = {"requester_name": "Priya Nair", "phone": "+34622118940", "callback_slot": "2026-11-27T12:30:00+01:00"}


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value}


def started(form: str) -> dict:
    return {"event": "active_loop", "name": form}


def test_everything_told_in_the_first_message_is_read_back():
    tracker = make_tracker("Hi, this is Priya Nair, call me on 622 118 940 tomorrow at 12:30", "request_callback",
                           BOOKED)
    assert with_read_back_if_needed(CALLBACK_SLOTS, tracker, "callback_form") == CALLBACK_SLOTS


def test_a_form_that_asked_its_questions_books_without_a_read_back():
    history = [started("callback_form"), slot("requested_slot", "requester_name"),
               slot("requester_name", "Priya Nair"), slot("requested_slot", "phone")]
    tracker = make_tracker("622 118 940", "inform", {**BOOKED, "requested_slot": "phone"}, events=history,
                           active_loop="callback_form")
    assert asked_a_question(tracker, "callback_form")
    assert "case_confirmed" not in with_read_back_if_needed(CALLBACK_SLOTS, tracker, "callback_form")


def test_an_earlier_run_of_the_same_form_does_not_count():
    """A second call in the same conversation, told in one message, is read back too."""
    earlier = [started("callback_form"), slot("requested_slot", "phone"), started(None)]
    tracker = make_tracker("and another call on Monday at 10 please", "request_callback", BOOKED, events=earlier)
    assert not asked_a_question(tracker, "callback_form")


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
