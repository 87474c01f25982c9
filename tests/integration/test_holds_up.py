"""Conversations that hold up (issue 8): a first message read as a deferral gets a route, a
customer who says "that's all" inside a form leaves it (actions/interruptions.py)."""

from __future__ import annotations

from typing import List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.interruptions import ActionDeferForm, ActionThanksInForm
from actions.fallback import ActionDefaultFallback
from tests.integration.conftest import make_tracker


def texts(dispatcher: CollectingDispatcher) -> List[str]:
    return [m.get("text") or "" for m in dispatcher.messages]


def followups(events) -> List[str]:
    return [event.get("name") for event in events if event.get("event") == "followup"]


@pytest.mark.parametrize("text", ["¿cuánto es el IVA superreducido para libros?", "how do I get back a deleted file?"])
async def test_a_first_question_read_as_a_deferral_goes_to_the_knowledge_base(installed, dispatcher, text):
    events = await ActionDeferForm().run(dispatcher, make_tracker(text, "defer"), {})
    assert {"event": "slot", "name": "deferral_route", "value": "kb"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]  # the rule runs action_answer_from_kb


@pytest.mark.parametrize("text", ["mañana os digo", "I'll get back to you", "luego te escribo"])
async def test_a_plain_deferral_with_nothing_pending_is_a_goodbye_route(installed, dispatcher, text):
    events = await ActionDeferForm().run(dispatcher, make_tracker(text, "defer"), {})
    assert {"event": "slot", "name": "deferral_route", "value": "goodbye"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]  # the rule runs utter_goodbye, a route
    assert dispatcher.messages == []  # the goodbye is the one reply


async def test_a_deferral_to_a_pending_offer_is_still_fine_later(installed, dispatcher):
    events = await ActionDeferForm().run(dispatcher, make_tracker("mañana os digo", "defer",
                                                                  {"pending_offer": "ticket"}), {})
    assert "followup" not in [event.get("event") for event in events] or followups(events) == ["action_handle_deny"]


ASKING_EMAIL = {"requested_slot": "email", "ticket_category": "billing"}


@pytest.mark.parametrize("text", ["vale gracias, eso es todo", "ok thanks, that's all", "nada más, gracias"])
async def test_thats_all_inside_a_form_leaves_it(installed, dispatcher, text):
    tracker = make_tracker(text, "thank", ASKING_EMAIL, active_loop="ticket_form")
    events = await ActionThanksInForm().run(dispatcher, tracker, {})
    assert {"event": "active_loop", "name": None} in [{"event": e.get("event"), "name": e.get("name")} for e in events]
    assert followups(events) == ["action_defer_form"]


@pytest.mark.parametrize("text, entities", [("gracias", []),
                                            ("gracias, mi correo es x@y.com", [{"entity": "email", "value": "x@y.com"}])])
async def test_thanks_alone_or_with_the_answer_keeps_the_form(installed, dispatcher, text, entities):
    tracker = make_tracker(text, "thank", ASKING_EMAIL, active_loop="ticket_form")
    tracker.latest_message["entities"] = entities
    events = await ActionThanksInForm().run(dispatcher, tracker, {})
    assert events == [] and dispatcher.messages[0].get("response") == "utter_continue_form"


async def test_leaving_says_nothing_was_created_and_goodbye(installed, dispatcher):
    events = [{"event": "active_loop", "name": "ticket_form"}]
    tracker = make_tracker("ok thanks, that's all", "thank", {**ASKING_EMAIL, "language": "en"}, events=events)
    tracker.events.append({"event": "active_loop", "name": None})
    await ActionDeferForm().run(dispatcher, tracker, {})
    said = " ".join(texts(dispatcher))
    assert "nothing was created" in said and "Goodbye" in said


async def test_thats_all_not_understood_inside_a_form_leaves_it(installed, dispatcher):
    tracker = make_tracker("vale, eso es todo", "nlu_fallback", ASKING_EMAIL, active_loop="ticket_form")
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert followups(events) == ["action_defer_form"]


CONFIRMING = {"requested_slot": "ticket_confirmed", "email": "ana@example.com", "ticket_category": "billing",
              "description": "La factura de octubre llegó con el IVA mal"}


@pytest.mark.parametrize("text, intent", [("¿eres un robot?", "chitchat"), ("are you a real person?", "out_of_scope"),
                                          ("¿hablo con una persona o con una máquina?", "ask_howto")])
async def test_a_question_about_the_bot_at_the_confirmation_is_small_talk_and_the_step_kept(installed, dispatcher,
                                                                                            text, intent):
    from actions.tickets import ValidateTicketForm

    tracker = make_tracker(text, intent, CONFIRMING, active_loop="ticket_form")
    assert await ValidateTicketForm().extract_ticket_confirmed(dispatcher, tracker, {}) == {"ticket_confirmed": None}
    assert [m.get("response") for m in dispatcher.messages] == ["utter_chitchat"]


@pytest.mark.parametrize("text", ["te cuento: el escáner no escanea", "I need to speak to the billing team about a double charge"])
async def test_a_first_message_read_as_defer_that_is_no_clear_deferral_is_never_a_goodbye(installed, dispatcher, text):
    events = await ActionDeferForm().run(dispatcher, make_tracker(text, "defer"), {})
    assert {"event": "slot", "name": "deferral_route", "value": "kb"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


async def test_the_deferral_route_is_forgotten_once_taken(installed, dispatcher):
    from actions.interruptions import ActionForgetDeferralRoute

    events = await ActionForgetDeferralRoute().run(dispatcher, make_tracker("mañana os digo", "defer",
                                                                            {"deferral_route": "goodbye"}), {})
    assert [(e.get("event"), e.get("name"), e.get("value")) for e in events] == [("slot", "deferral_route", None)]
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["te cuento: el escáner dejó de funcionar después de actualizar",
                                  "luego os mando el log, el programa se cuelga al abrir la base de datos",
                                  "later I'll send you the log, the app crashes when opening the database",
                                  "the import fails after the update, I'll send details later"])
async def test_a_problem_told_beside_a_later_is_never_a_goodbye(installed, dispatcher, text):
    events = await ActionDeferForm().run(dispatcher, make_tracker(text, "defer"), {})
    assert {"event": "slot", "name": "deferral_route", "value": "kb"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


@pytest.mark.parametrize("text", ["no thanks, I'll try later", "vale, lo intento luego", "ok, hablamos después",
                                  "no, ahora no puedo, luego lo miro", "después lo reviso con el jefe y os digo",
                                  "later, I'm busy now", "vale gracias, luego lo pruebo con calma en casa",
                                  "no problem, I'll check it later"])
async def test_putting_off_with_no_problem_told_stays_a_goodbye(installed, dispatcher, text):
    events = await ActionDeferForm().run(dispatcher, make_tracker(text, "defer"), {})
    assert {"event": "slot", "name": "deferral_route", "value": "goodbye"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
