"""Custom actions against the real store and fixture KB, with trackers and a collecting dispatcher."""

import datetime as dt
import logging
import sqlite3

import pytest

from actions.callbacks import ActionSubmitCallback, ValidateCallbackForm
from actions.case_status import ActionCheckCaseStatus
from actions.escalation import ActionEscalate, ActionHandleAffirm, ActionHandleDeny
from actions.interruptions import ActionCancelForm
from actions.fallback import ActionDefaultFallback, consecutive_fallbacks
from actions.kb import ActionAnswerFromKb, trim_passage
from actions.sla import ActionSubmitSlaCase, ValidateSlaCaseForm
from actions.tickets import ActionSubmitTicket, ValidateTicketForm, category_from_text
from actions.vendor import ActionSubmitVendorCase
from bot.cases.service import CaseRequest
from tests.integration.conftest import events_to_dict, make_tracker, tracker_from_file

MADRID = dt.timezone(dt.timedelta(hours=1))


def texts(dispatcher):
    return [m.get("text") or "" for m in dispatcher.messages]


def buttons(dispatcher):
    return [b["payload"] for m in dispatcher.messages for b in (m.get("buttons") or [])]


# -- level 0 ---------------------------------------------------------------------------
async def test_kb_answer_quotes_article_link_and_asks_for_feedback(installed, dispatcher):
    events = await ActionAnswerFromKb().run(dispatcher, tracker_from_file("kb_question_es"), {})
    slots = events_to_dict(events)
    assert slots["kb_article_id"] == "pw-es" and slots["support_level"] == 0
    assert slots["pending_offer"] == "kb_feedback" and slots["kb_tried"] == ["pw-es"]
    answer = texts(dispatcher)[0]
    assert "Restablecer la contraseña" in answer and "https://example.test/es/pw" in answer
    assert texts(dispatcher)[1] == "¿Te sirvió?"
    assert buttons(dispatcher) == ["/affirm", "/deny"]


async def test_kb_abstains_and_offers_ticket_or_person(installed, dispatcher):
    tracker = make_tracker("receta de paella valenciana con marisco", "ask_howto")
    slots = events_to_dict(await ActionAnswerFromKb().run(dispatcher, tracker, {}))
    assert slots["kb_article_id"] is None and slots["support_level"] == 0 and slots["pending_offer"] == "ticket"
    assert "No tengo ningún artículo" in texts(dispatcher)[0]
    assert buttons(dispatcher) == ["/affirm", "/request_human"]


async def test_kb_question_inside_a_form_keeps_the_level(installed, dispatcher):
    tracker = make_tracker("how do I reset my password", "ask_howto", slots={"language": "en", "support_level": 1},
                           active_loop="ticket_form")
    slots = events_to_dict(await ActionAnswerFromKb().run(dispatcher, tracker, {}))
    assert "support_level" not in slots and "pending_offer" not in slots
    assert dispatcher.messages[-1]["response"] == "utter_continue_form"


async def test_no_offers_next_article_once_then_offers_a_ticket_with_what_was_tried(installed, dispatcher):
    slots = {"pending_offer": "kb_feedback", "kb_query": "scan documents and back up the archive",
             "kb_tried": ["backup-en"], "language": "en"}
    first = events_to_dict(await ActionHandleDeny().run(dispatcher, make_tracker("no", "deny", slots), {}))
    assert first["pending_offer"] == "kb_feedback" and first["kb_tried"] == ["backup-en", "scan-en"]
    assert "Maybe this other article helps" in texts(dispatcher)[0]
    slots["kb_tried"] = first["kb_tried"]
    dispatcher.messages.clear()
    second = events_to_dict(await ActionEscalate().run(dispatcher, make_tracker("no", "not_solved", slots), {}))
    assert "followup" not in second, "a second no offers the ticket; it does not open it"
    assert second["pending_offer"] == "ticket" and "would you like me to open a ticket" in texts(dispatcher)[0].lower()
    assert buttons(dispatcher) == ["/affirm", "/deny"]
    assert "Question: scan documents and back up the archive" in second["offer_context"]
    assert "backup-en, scan-en" in second["offer_context"]
    slots.update(pending_offer="ticket", offer_context=second["offer_context"])
    dispatcher.messages.clear()
    yes = events_to_dict(await ActionHandleAffirm().run(dispatcher, make_tracker("yes please", "affirm", slots), {}))
    assert yes["followup"] == "ticket_form" and yes["support_level"] == 1
    assert "backup-en, scan-en" in yes["description"]
    dispatcher.messages.clear()
    no = events_to_dict(await ActionHandleDeny().run(dispatcher, make_tracker("no thanks", "deny", slots), {}))
    assert "followup" not in no and no["pending_offer"] is None
    assert "won't open anything" in texts(dispatcher)[0]


def test_trim_passage_keeps_whole_lines():
    text = "\n".join(f"{i}. step number {i} of the procedure" for i in range(40))
    trimmed = trim_passage(text, limit=120)
    assert trimmed.endswith("…") and len(trimmed) <= 125
    assert all(line.endswith("procedure") for line in trimmed.split("\n")[:-1])


# -- level 1 ---------------------------------------------------------------------------
def test_ticket_form_validates_email_category_and_description(dispatcher):
    form = ValidateTicketForm()
    tracker = make_tracker("x", "inform")
    assert form.validate_email("ana@", dispatcher, tracker, {}) == {"email": None}
    assert "no parece un correo válido" in texts(dispatcher)[0]
    assert form.validate_email("Ana@Example.com", dispatcher, tracker, {}) == {"email": "ana@example.com"}
    assert form.validate_ticket_category("es por una factura", dispatcher, tracker, {}) == {"ticket_category": "billing"}
    assert form.validate_ticket_category("banana", dispatcher, tracker, {}) == {"ticket_category": None}
    assert form.validate_description("ok", dispatcher, tracker, {}) == {"description": None}
    assert category_from_text("Quiero activar Plus") == "licence"
    # the English question's own last option, and "none of those", are "other"
    assert [category_from_text(t) for t in ("something else", "none of those", "ninguna de esas")] == ["other"] * 3
    # an address names no topic: "facturacion@…" is not a question about an invoice
    assert category_from_text("facturacion@talleres-ruiz.es") is None
    assert category_from_text("billing@acme.com, it's about the update") == "update"


async def test_confirmed_ticket_is_created_and_reported(installed, dispatcher):
    slots = {"email": "ana@example.com", "ticket_category": "billing", "description": "Factura duplicada",
             "ticket_confirmed": True}
    events = events_to_dict(await ActionSubmitTicket().run(dispatcher, make_tracker("sí", "affirm", slots), {}))
    assert "T-000001" in texts(dispatcher)[0] and "ana@example.com" in texts(dispatcher)[0]
    # the answers stay (the customer may ask about them); the next form to start clears them
    assert "ticket_confirmed" not in events and "description" not in events
    assert events["form_done"] == "ticket_form" and events["case_id"] == "T-000001"
    case = installed.repository.get("T-000001")
    assert case.category == "billing" and case.conversation_id == "test"


async def test_declined_ticket_creates_nothing(installed, dispatcher):
    slots = {"email": "ana@example.com", "ticket_category": "billing", "description": "Factura duplicada",
             "ticket_confirmed": False}
    await ActionSubmitTicket().run(dispatcher, make_tracker("no", "deny", slots), {})
    assert installed.repository.list_all() == []
    assert "no he abierto el ticket" in texts(dispatcher)[0]


@pytest.mark.parametrize("action, slots", [
    (ActionSubmitTicket, {"ticket_category": "billing", "ticket_confirmed": True}),
    (ActionSubmitVendorCase, {"vendor": "Synology", "vendor_consent": True}),
])
async def test_a_store_failure_says_nothing_was_created_and_logs_no_customer_data(
        installed, dispatcher, database_url, caplog, action, slots):
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
        connection.execute("DROP TABLE cases")  # the real store now fails on insert
    slots = {"email": "ana@example.com", "description": "Factura duplicada", **slots}
    with caplog.at_level(logging.ERROR):
        await action().run(dispatcher, make_tracker("sí", "affirm", slots), {})
    assert "no se ha creado nada" in texts(dispatcher)[0]
    assert "not created: OperationalError" in caplog.text
    assert "ana@example.com" not in caplog.text and "Factura" not in caplog.text


# -- level 2 ---------------------------------------------------------------------------
def test_callback_time_on_sunday_is_refused_with_three_slots(installed, dispatcher):
    result = ValidateCallbackForm().validate_callback_slot("el domingo a las 10", dispatcher,
                                                           make_tracker("el domingo a las 10", "inform"), {})
    assert result == {"callback_time": None, "callback_slot": None}
    assert "cerrado" in texts(dispatcher)[0]
    assert "domingo 29/11" in texts(dispatcher)[0] and "todo el día" in texts(dispatcher)[0]  # the day is the problem
    assert buttons(dispatcher) == ["30/11/2026 09:00", "30/11/2026 09:30", "30/11/2026 10:00"]


def test_callback_time_in_the_lunch_break_names_the_hour_not_the_day(installed, dispatcher):
    ValidateCallbackForm().validate_callback_slot("hoy a las 14:30", dispatcher,
                                                  make_tracker("hoy a las 14:30", "inform"), {})
    assert "A esa hora estamos cerrados" in texts(dispatcher)[0] and "todo el día" not in texts(dispatcher)[0]


def test_a_resumed_form_keeps_the_slot_it_had_accepted(installed, dispatcher):
    # found in review: re-validating the stored ISO value read "12T11:30" as a bad time
    form = ValidateCallbackForm()
    accepted = form.validate_callback_slot("mañana a las 11:30", dispatcher, make_tracker("mañana a las 11:30", "inform"), {})
    tracker = make_tracker("sí", "affirm", {"callback_time": "mañana a las 11:30"})
    again = form.validate_callback_slot(accepted["callback_slot"], dispatcher, tracker, {})
    assert again == {"callback_time": "mañana a las 11:30", "callback_slot": accepted["callback_slot"]}
    assert not any("entend" in text for text in texts(dispatcher))


async def test_callback_is_booked_in_the_chosen_slot(installed, dispatcher):
    form = ValidateCallbackForm()
    tracker = make_tracker("mañana a las 10", "inform")
    slot = form.validate_callback_slot("mañana a las 10", dispatcher, tracker, {})
    assert slot["callback_slot"].startswith("2026-11-27T10:00")
    assert form.validate_phone("612 34 56 78", dispatcher, tracker, {}) == {"phone": "+34612345678"}
    assert form.validate_requester_name("ana@example.com", dispatcher, tracker, {}) == {"requester_name": None}
    slots = {"requester_name": "Ana", "phone": "+34612345678", "callback_slot": slot["callback_slot"]}
    events = [{"event": "user", "text": "el antivirus bloquea el programa",
               "parse_data": {"intent": {"name": "request_callback"}}}]
    await ActionSubmitCallback().run(dispatcher, make_tracker("mañana a las 10", "inform", slots, events), {})
    case = installed.repository.list_all()[0]
    assert case.public_id == "CB-000001" and case.description == "el antivirus bloquea el programa"
    booked, rating = texts(dispatcher)[-2:]  # the booking, then the one-tap rating
    assert "CB-000001" in booked and "+34612345678" in booked and len(dispatcher.messages[-1]["buttons"]) == 5


# -- level 3 ---------------------------------------------------------------------------
async def test_invalid_contracts_end_the_form_after_two_tries(installed, dispatcher):
    form = ValidateSlaCaseForm()
    first = form.validate_contract_id("SC-9999", dispatcher, make_tracker("SC-9999", "inform"), {})
    assert first["contract_id"] is None and first["contract_attempts"] == 1
    assert first["pending_offer"] == "callback"  # the message offers a call instead
    assert "/request_callback" in buttons(dispatcher)
    second = form.validate_contract_id("SC-1003", dispatcher,
                                       make_tracker("SC-1003", "inform", {"contract_attempts": 1}), {})
    assert second == {"contract_id": None, "contract_attempts": 2}
    tracker = make_tracker("SC-1003", "inform", {"contract_attempts": 2, "contract_id": None})
    assert await form.required_slots(["contract_id", "email"], dispatcher, tracker, {}) == []
    events = events_to_dict(await ActionSubmitSlaCase().run(dispatcher, tracker, {}))
    assert events["pending_offer"] == "callback"
    assert installed.repository.list_all() == []


async def test_a_yes_after_a_refused_contract_books_the_offered_call(installed, dispatcher):
    # found by the second held-out dialogue set: "sí, vale" after "SC-1003 has expired… type another
    # contract number or request a callback" stayed in the SLA form
    from actions.escalation import ActionHandleAffirm

    refused = ValidateSlaCaseForm().validate_contract_id(
        "SC-1003", dispatcher, make_tracker("SC-1003", "inform", {"description": "la base de datos no arranca"},
                                            active_loop="sla_case_form"), {})
    slots = {**refused, "requested_slot": "contract_id"}
    events = events_to_dict(await ActionHandleAffirm().run(
        dispatcher, make_tracker("sí, vale", "affirm", slots, active_loop="sla_case_form"), {}))
    assert events["active_loop"] is None and events["followup"] == "callback_form"
    assert events["support_level"] == 2 and events["offer_context"] == "la base de datos no arranca"
    assert installed.repository.list_all() == []


async def test_a_no_after_a_refused_contract_leaves_the_form_with_nothing_filed(installed, dispatcher):
    refused = ValidateSlaCaseForm().validate_contract_id(
        "SC-1004", dispatcher, make_tracker("SC-1004", "inform", active_loop="sla_case_form"), {})
    dispatcher.messages.clear()
    events = events_to_dict(await ActionHandleDeny().run(
        dispatcher, make_tracker("No thanks.", "deny", {**refused, "language": "en"}, active_loop="sla_case_form"), {}))
    assert events["active_loop"] is None and events["pending_offer"] is None
    assert "saved nothing" in texts(dispatcher)[0]
    assert installed.repository.list_all() == []


async def test_a_valid_contract_after_a_refused_one_withdraws_the_offered_call(installed, dispatcher):
    slots = {"pending_offer": "callback", "offer_context": "la API devuelve 500", "contract_attempts": 1}
    accepted = ValidateSlaCaseForm().validate_contract_id(
        "SC-1001", dispatcher, make_tracker("SC-1001", "inform", slots, active_loop="sla_case_form"), {})
    assert accepted == {"contract_id": "SC-1001", "pending_offer": None, "offer_context": None}


async def test_valid_contract_raises_an_sla_case(installed, dispatcher):
    assert ValidateSlaCaseForm().validate_contract_id("sc1001", dispatcher, make_tracker("sc1001"), {}) == \
        {"contract_id": "SC-1001"}
    slots = {"contract_id": "SC-1001", "email": "it@gestoria.es", "priority": "high",
             "description": "La base de datos da errores de integridad"}
    await ActionSubmitSlaCase().run(dispatcher, make_tracker("x", "inform", slots), {})
    case = installed.repository.list_all()[0]
    assert (case.kind, case.priority, case.contract_id) == ("sla_case", "high", "SC-1001")
    assert "SLA-000001" in texts(dispatcher)[0]


# -- level 4 ---------------------------------------------------------------------------
@pytest.mark.parametrize("consent, created", [(True, 1), (False, 0)])
async def test_vendor_case_needs_consent(installed, dispatcher, consent, created):
    slots = {"vendor": "Synology NAS", "description": "El NAS se desconecta", "email": "ana@example.com",
             "vendor_consent": consent}
    await ActionSubmitVendorCase().run(dispatcher, make_tracker("x", "affirm", slots), {})
    assert len(installed.repository.list_all()) == created


# -- status, hand-off, escalation, fallback ---------------------------------------------
async def test_status_needs_the_matching_email(installed, dispatcher):
    case = installed.open_ticket(CaseRequest(description="Factura duplicada", email="ana@example.com"), "billing")
    await ActionCheckCaseStatus().run(dispatcher, make_tracker("x", "inform", {"case_id": case.public_id,
                                                                               "email": "eve@example.com"}), {})
    assert "No encuentro" in texts(dispatcher)[0] and case.public_id not in texts(dispatcher)[0]
    dispatcher.messages.clear()
    await ActionCheckCaseStatus().run(dispatcher, make_tracker("x", "inform", {"case_id": case.public_id,
                                                                               "email": "ana@example.com"}), {})
    assert case.public_id in texts(dispatcher)[0] and "abierto" in texts(dispatcher)[0]


@pytest.mark.parametrize("level, form, description", [
    (1, "callback_form", None), (2, "sla_case_form", None),
    (3, "vendor_case_form", "La base de datos en nuestro NAS Synology no responde")])
async def test_not_solved_moves_one_level_up(dispatcher, level, form, description):
    slots = events_to_dict(await ActionEscalate().run(
        dispatcher, make_tracker("no me sirvió", "not_solved", {"support_level": level, "description": description}), {}))
    assert slots["followup"] == form and slots["support_level"] == level + 1


async def test_not_solved_at_level_three_goes_to_a_person_without_a_third_party_product(dispatcher):
    slots = events_to_dict(await ActionEscalate().run(dispatcher, make_tracker(
        "no me sirvió", "not_solved", {"support_level": 3, "description": "La API devuelve error 500"}), {}))
    assert slots["followup"] == "action_handoff_to_agent"


async def test_not_solved_at_level_four_goes_to_a_person(dispatcher):
    slots = events_to_dict(await ActionEscalate().run(
        dispatcher, make_tracker("no me sirvió", "not_solved", {"support_level": 4}), {}))
    assert slots["followup"] == "action_handoff_to_agent"


async def test_cancel_clears_every_form_slot(dispatcher):
    slots = events_to_dict(await ActionCancelForm().run(dispatcher, make_tracker("cancelar", "cancel"), {}))
    assert slots["ticket_confirmed"] is None and slots["vendor_consent"] is None and slots["contract_attempts"] == 0
    assert "no he guardado nada" in texts(dispatcher)[0]


async def test_fallback_asks_to_rephrase_with_the_two_likeliest_intents(dispatcher):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "open_ticket", "confidence": 0.35},
               {"name": "greet", "confidence": 0.1}, {"name": "request_callback", "confidence": 0.05}]
    tracker = make_tracker("blorf", "nlu_fallback", ranking=ranking)
    assert await ActionDefaultFallback().run(dispatcher, tracker, {}) == []
    assert buttons(dispatcher) == ["/open_ticket", "/request_callback"]


async def test_second_miss_hands_over_to_a_person_not_another_rephrase(dispatcher):
    tracker = tracker_from_file("fallback_second_miss")
    assert consecutive_fallbacks(tracker) == 2
    slots = events_to_dict(await ActionDefaultFallback().run(dispatcher, tracker, {}))
    assert slots["followup"] == "action_handoff_to_agent"
    assert buttons(dispatcher) == []


async def test_message_without_words_gets_asked_for_text(dispatcher):
    await ActionDefaultFallback().run(dispatcher, make_tracker("😀😀", None), {})
    assert "No he recibido ningún texto" in texts(dispatcher)[0]


def test_vendor_and_case_id_validators(dispatcher):
    from actions.case_status import ValidateCaseStatusForm
    from actions.vendor import ValidateVendorCaseForm

    tracker = make_tracker("x", "inform")
    assert ValidateVendorCaseForm().validate_vendor("Synology DS920+", dispatcher, tracker, {}) == \
        {"vendor": "Synology DS920+"}
    assert ValidateVendorCaseForm().validate_vendor("😀", dispatcher, tracker, {}) == {"vendor": None}
    assert ValidateCaseStatusForm().validate_case_id("mi ticket es el t-42", dispatcher, tracker, {}) == \
        {"case_id": "T-000042"}
    assert ValidateCaseStatusForm().validate_case_id("no lo sé", dispatcher, tracker, {}) == {"case_id": None}
    assert "no es un número de caso" in texts(dispatcher)[-1]
