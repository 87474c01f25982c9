"""Issue 8, unscripted conversations: a decline that names a call, a question read as another
level inside a form, "what is a support contract?" at the contract question, a call asked for
after a finished case, and the second misunderstanding in a row (the hand-off alone).

The validation and hand-off actions run on trackers shaped as Rasa passes them."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.callbacks import ValidateCallbackForm
from actions.common import DONE_SLOT
from actions.fallback import ActionDefaultFallback
from actions.handoff import ActionHandoffToAgent
from actions.sla import ValidateSlaCaseForm
from actions.tickets import ValidateTicketForm
from actions.vendor import ValidateVendorCaseForm
from tests.integration.conftest import events_to_dict, make_tracker
from tests.integration.test_form_lifecycle import starting_form

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def texts(dispatcher: CollectingDispatcher) -> List[str]:
    return [m.get("text") or "" for m in dispatcher.messages]


def ends_form(events) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


# -- "pues no, ya llamaré yo" to an offer starts no form ------------------------------------
@pytest.mark.parametrize("offer, form, text, intent", [
    ("handoff_ticket", "callback_form", "pues no, ya os llamaré yo más tarde", "request_callback"),
    ("ticket", "callback_form", "no thanks, I'll give you a call myself", "request_callback"),
    ("callback", "callback_form", "no, tranquilos, prefiero llamaros yo", "request_callback"),
    ("callback", "ticket_form", "nah, we'll email you ourselves", "open_ticket"),
])
async def test_a_decline_that_names_a_call_starts_nothing(installed, dispatcher, offer, form, text, intent):
    kept = {"pending_offer": offer, "offer_context": "La factura salió duplicada", "support_level": 0}
    tracker = starting_form(form, text, intent, kept, {"support_level": 2})
    validator = ValidateCallbackForm() if form == "callback_form" else ValidateTicketForm()
    events = await validator.run(dispatcher, tracker, DOMAIN)
    assert ends_form(events) and events_to_dict(events)["pending_offer"] is None
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
    assert any("nada" in t or "nothing" in t or "won't" in t for t in texts(dispatcher))


async def test_a_declined_offer_restores_the_description_and_clears_the_postponed_form(installed, dispatcher):
    """Nothing was created, the reply says: the description this turn set goes back, the
    postponed form's answers go (review 15, finding 8)."""
    kept = {"pending_offer": "callback", "offer_context": "La factura salió duplicada", "support_level": 0,
            "description": "La factura salió duplicada"}
    tracker = starting_form("callback_form", "pues no, ya os llamaré yo", "request_callback", kept,
                            {"support_level": 2, "description": "ya os llamaré yo"})
    events = events_to_dict(await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN))
    assert ends_form(await ValidateCallbackForm().run(CollectingDispatcher(), tracker, DOMAIN))
    assert events["description"] == "La factura salió duplicada" and events["support_level"] == 0

    kept = {"pending_offer": "resume", "offer_context": "vendor_case_form", "vendor": "Datev",
            "description": "La exportación a Datev falla"}
    tracker = starting_form("ticket_form", "no thanks, I'll email you myself", "open_ticket", kept, {})
    events = events_to_dict(await ValidateTicketForm().run(dispatcher, tracker, DOMAIN))
    assert events["vendor"] is None and events["description"] is None and events["pending_offer"] is None


@pytest.mark.parametrize("text", ["sí, mañana a las 10; ya le escribiré yo al informático",
                                  "sí, ya me pondré en contacto con mi jefe para que esté",
                                  "sí claro, te llamo yo si no me pillas"])
async def test_a_yes_with_the_customer_contacting_someone_starts_the_offered_call(installed, dispatcher, text):
    kept = {"pending_offer": "callback", "offer_context": "La base de datos se bloquea"}
    tracker = starting_form("callback_form", text, "request_callback", kept, {})
    events = await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN)
    assert not ends_form(events)


async def test_a_request_for_the_offered_call_still_starts_it(installed, dispatcher):
    kept = {"pending_offer": "callback", "offer_context": "La base de datos se bloquea"}
    tracker = starting_form("callback_form", "vale, llamadme mañana a las 10", "request_callback", kept, {})
    events = await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN)
    assert not ends_form(events)


# -- a question read as another level inside a form is answered, the form goes on ----------
@pytest.mark.parametrize("validator, form, requested, slots, intent", [
    (ValidateCallbackForm, "callback_form", "phone", {"requester_name": "Nuria Campos"}, "open_ticket"),
    (ValidateSlaCaseForm, "sla_case_form", "contract_id", {"description": "La base de datos se cae"}, "open_ticket"),
    (ValidateVendorCaseForm, "vendor_case_form", "vendor", {"vendor_consent": True}, "open_ticket"),
    (ValidateTicketForm, "ticket_form", "email", {"description": "No llega la clave"}, "request_callback"),
])
async def test_a_price_question_read_as_another_level_is_answered_in_the_form(installed, dispatcher, validator, form,
                                                                             requested, slots, intent):
    tracker = make_tracker("una cosa, ¿cuánto cuesta la versión Plus?", intent, {"requested_slot": requested, **slots},
                           active_loop=form)
    events = await validator().run(dispatcher, tracker, DOMAIN)
    assert not ends_form(events) and events_to_dict(events)[requested] is None  # the same question comes again
    assert not any(e.get("event") == "followup" for e in events)
    assert any("comercial" in t for t in texts(dispatcher))
    for name, value in slots.items():
        assert events_to_dict(events).get(name, value) == value


@pytest.mark.parametrize("text", ["¿me podéis abrir un ticket mejor?", "could you open a ticket instead?",
                                  "prefiero un ticket, ¿vale?"])
async def test_a_request_for_another_level_asked_as_a_question_still_switches(installed, dispatcher, text):
    tracker = make_tracker(text, "open_ticket", {"requested_slot": "phone", "requester_name": "Nuria Campos"},
                           active_loop="callback_form")
    events = await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN)
    assert "phone" not in events_to_dict(events)  # rejected: the rules switch to the ticket
    assert not texts(dispatcher)


# -- "what's a support contract?" at the contract question ----------------------------------
@pytest.mark.parametrize("text, intent", [
    ("what's a support contract? we only bought the licence", "ask_howto"),
    ("¿qué contrato? nosotros solo tenemos la licencia", "open_ticket"),
    ("no sé si tenemos contrato de soporte, la verdad", "nlu_fallback"),
])
async def test_not_knowing_the_contract_takes_the_contract_less_path(installed, dispatcher, text, intent):
    slots = {"requested_slot": "contract_id", "description": "La API devuelve error 500"}
    tracker = make_tracker(text, intent, slots, active_loop="sla_case_form")
    events = await ValidateSlaCaseForm().run(dispatcher, tracker, DOMAIN)
    found = events_to_dict(events)
    assert ends_form(events) and found["pending_offer"] == "callback" and found[DONE_SLOT] == "sla_case_form"
    assert "API" in found["offer_context"]
    said = " ".join(texts(dispatcher))
    assert ("licen" in said) and ("llam" in said or "call" in said)


async def test_a_contract_number_question_is_still_told_where_to_find_it(installed, dispatcher):
    tracker = make_tracker("what is the contract number format?", "ask_howto", {"requested_slot": "contract_id"},
                           active_loop="sla_case_form")
    events = await ValidateSlaCaseForm().run(dispatcher, tracker, DOMAIN)
    assert not ends_form(events)


# -- a call asked for after a finished case -------------------------------------------------
async def test_a_call_asked_for_right_after_a_call_starts_a_new_one_with_name_and_phone(installed, dispatcher):
    kept = {DONE_SLOT: "callback_form", "case_id": "CB-000001", "requester_name": "Tom Baker",
            "phone": "+34699111222", "callback_slot": "2026-11-27T11:00:00+01:00", "pending_offer": "rating"}
    tracker = starting_form("callback_form", "could somebody call me about the DATEV export as well?",
                            "request_callback", kept, {})
    events = await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN)
    found = events_to_dict(events)
    assert not ends_form(events) and found["callback_slot"] is None
    assert found.get("requester_name", "Tom Baker") == "Tom Baker" and found.get("phone", "+34699111222") == "+34699111222"


async def test_a_question_about_calls_after_a_call_is_still_answered(installed, dispatcher):
    kept = {DONE_SLOT: "callback_form", "case_id": "CB-000001", "requester_name": "Tom Baker",
            "phone": "+34699111222"}
    tracker = starting_form("callback_form", "is a callback included in the silver plan?", "request_callback",
                            kept, {})
    assert ends_form(await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN))


async def test_a_call_about_the_ticket_just_filed_keeps_its_problem(installed, dispatcher):
    kept = {DONE_SLOT: "ticket_form", "case_id": "T-000001", "email": "rosa@ejemplo.es",
            "description": "La factura de noviembre trae mal el CIF", "ticket_category": "billing"}
    tracker = starting_form("callback_form", "¿me podéis llamar también por eso?", "request_callback", kept, {})
    found = events_to_dict(await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN))
    assert found.get("description", kept["description"]) == kept["description"]
    assert found["ticket_category"] is None


# -- the second misunderstanding in a row: the hand-off alone ------------------------------
FELL_BACK = [{"event": "action", "name": "action_listen"},
             {"event": "user", "text": "brrr kfjq", "parse_data": {"intent": {"name": "nlu_fallback"}}},
             {"event": "action", "name": "action_default_fallback"},
             {"event": "bot", "text": "No estoy seguro de haberte entendido."}]


async def test_the_hand_off_after_a_second_miss_says_so_and_offers_the_ticket(installed, dispatcher):
    tracker = make_tracker("xkcd plof trrr", "nlu_fallback", {}, events=FELL_BACK)
    events = events_to_dict(await ActionHandoffToAgent().run(dispatcher, tracker, {}))
    assert events["pending_offer"] == "handoff_ticket"
    said = texts(dispatcher)
    assert said[0].startswith("Sigo sin entenderte") and "ticket" in said[-1]


async def test_a_second_unsure_message_that_names_a_case_asks_about_it(installed, dispatcher):
    tracker = make_tracker("perdona, mi caso es el 145", "nlu_fallback", {}, events=FELL_BACK)
    events = await ActionHandoffToAgent().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["case_status_form"]
    assert events_to_dict(events).get("pending_offer") != "handoff_ticket" and not texts(dispatcher)


async def test_a_person_asked_for_by_name_is_handed_over_without_an_apology(installed, dispatcher):
    tracker = make_tracker("quiero hablar con una persona", "request_human", {})
    await ActionHandoffToAgent().run(dispatcher, tracker, {})
    assert not any(t.startswith("Sigo sin entenderte") for t in texts(dispatcher))


# -- found playing unscripted conversations ---------------------------------------------------
async def test_an_aside_question_when_the_description_is_asked_is_no_description(installed, dispatcher):
    slots = {"requested_slot": "description", "email": "lucia@estudio.es", "ticket_category": "billing"}
    tracker = make_tracker("espera, ¿los tickets se contestan también en fin de semana?", "ticket_status", slots,
                           active_loop="ticket_form")
    tracker.latest_message["intent"]["confidence"] = 0.44
    events = events_to_dict(await ValidateTicketForm().run(dispatcher, tracker, DOMAIN))
    assert events["description"] is None and not ends_form([])
    assert any("8 horas" in t for t in texts(dispatcher))


async def test_a_bare_hour_with_words_that_correct_moves_the_call_at_the_read_back(installed, dispatcher):
    history = [{"event": "active_loop", "name": "callback_form"},
               {"event": "user", "text": "thursday 3rd december at 10:30am", "parse_data": {"intent": {"name": "inform"}}}]
    slots = {"requested_slot": "case_confirmed", "requester_name": "Sam O'Neill", "phone": "+447700900123",
             "callback_slot": "2026-12-03T10:30:00+01:00", "callback_time": "thursday 3rd december at 10:30am",
             "language": "en"}
    tracker = make_tracker("actually make it 11", "inform", slots, events=history, active_loop="callback_form")
    events = events_to_dict(await ValidateCallbackForm().run(dispatcher, tracker, DOMAIN))
    assert events["callback_slot"] == "2026-12-03T11:00:00+01:00" and events["case_confirmed"] is None


@pytest.mark.parametrize("text, followup", [
    ("hmm let me dig out the contract number and come back to you", "action_listen"),
    ("vale, ya os digo algo más tarde", "action_defer_form"),
])
async def test_an_unsure_wait_or_postponement_inside_a_form_is_taken_as_such(installed, dispatcher, text, followup):
    tracker = make_tracker(text, "nlu_fallback", {"requested_slot": "contract_id"}, active_loop="sla_case_form")
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == [followup]


async def test_an_unsure_message_that_goes_on_with_data_resumes_the_postponed_form(installed, dispatcher):
    slots = {"pending_offer": "resume", "offer_context": "ticket_form"}
    tracker = make_tracker("hola otra vez, sigamos: ana.ruiz@ejemplo.es", "nlu_fallback", slots)
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["ticket_form"]
