"""One-tap satisfaction ratings: asked at the three moments, stored with level and channel,
and never taken where nobody asked (inside a form a number is not a rating)."""

from __future__ import annotations

import pytest

import actions.services as services
from actions.escalation import ActionHandleAffirm
from actions.fallback import ActionDefaultFallback
from actions.interruptions import ActionHandleInform
from actions.tickets import ActionSubmitTicket
from bot.desk.delivery import release_events
from bot.feedback.service import FeedbackError, FeedbackService, Origin
from bot.cases.db import make_session_factory
from tests.integration.conftest import events_to_dict, make_tracker


@pytest.fixture
def feedback(repository, clock) -> FeedbackService:
    """Ratings in the same real database as the cases."""
    engine = repository._sessions.kw["bind"]
    service = FeedbackService(make_session_factory(engine), clock=clock)
    services.install(feedback=service)
    yield service
    services._feedback = None


def rated(slots):
    return {"pending_offer": "rating", **slots}


async def test_an_article_that_helped_asks_for_a_rating_with_five_buttons(dispatcher):
    events = events_to_dict(await ActionHandleAffirm().run(
        dispatcher, make_tracker("sí", "affirm", {"pending_offer": "kb_feedback"}), {}))
    assert events["pending_offer"] == "rating" and events["offer_context"] == "kb:0"
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert payloads == [f'/inform{{"rating": "{n}"}}' for n in range(1, 6)]


async def test_a_new_case_asks_for_a_rating_of_its_level(installed, dispatcher):
    slots = {"email": "ana@example.com", "ticket_category": "billing", "description": "Factura duplicada",
             "ticket_confirmed": True}
    events = events_to_dict(await ActionSubmitTicket().run(dispatcher, make_tracker("sí", "affirm", slots), {}))
    assert events["pending_offer"] == "rating" and events["offer_context"] == "case:1"
    assert len(dispatcher.messages) == 2 and len(dispatcher.messages[1]["buttons"]) == 5


def test_an_agent_release_asks_for_a_rating_of_the_person():
    events = release_events("telegram", "en")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"pending_offer": "rating", "offer_context": "agent:5"}
    asked = [e for e in events if e["event"] == "bot" and e.get("data", {}).get("buttons")]
    assert asked and "How did we do" in asked[0]["text"] and len(asked[0]["data"]["buttons"]) == 5
    assert events[-1] == {"event": "action", "name": "action_listen"}


async def test_a_tapped_rating_is_stored_with_level_channel_and_then_a_comment(feedback, dispatcher):
    tracker = make_tracker('/inform{"rating": "4"}', "inform", rated({"offer_context": "case:2"}))
    tracker.latest_message["entities"] = [{"entity": "rating", "value": "4"}]
    events = events_to_dict(await ActionHandleInform().run(dispatcher, tracker, {}))
    [rating] = feedback.ratings()
    assert (rating.score, rating.level, rating.trigger, rating.channel, rating.conversation_id) == \
        (4, 2, "case", "rest", "test")
    assert events["pending_offer"] == "rating_comment" and events["offer_context"] == str(rating.id)
    comment = make_tracker("el técnico fue muy amable", "nlu_fallback", {"pending_offer": "rating_comment",
                                                                        "offer_context": str(rating.id)})
    events = events_to_dict(await ActionDefaultFallback().run(dispatcher, comment, {}))
    assert feedback.ratings()[0].comment == "el técnico fue muy amable"
    assert events["pending_offer"] is None


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
async def test_a_typed_rating_is_read_whatever_the_nlu_made_of_it(feedback, dispatcher, intent):
    tracker = make_tracker("un 2, tardasteis mucho", intent, rated({"offer_context": "kb:0"}))
    action = {"inform": ActionHandleInform, "nlu_fallback": ActionDefaultFallback}[intent]
    events = events_to_dict(await action().run(dispatcher, tracker, {}))
    [rating] = feedback.ratings()
    assert (rating.score, rating.level, rating.comment) == (2, 0, "tardasteis mucho")
    assert events["pending_offer"] is None


async def test_inside_a_form_a_number_is_never_a_rating(feedback, dispatcher):
    tracker = make_tracker("4", "nlu_fallback", rated({"offer_context": "kb:0", "requested_slot": "email"}),
                           active_loop="ticket_form")
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events] == ["ticket_form"]  # the form asks again
    assert feedback.ratings() == []
    assert "correo" in dispatcher.messages[0]["text"]  # "no he entendido eso como un correo…"; the form asks again


async def test_a_number_nobody_asked_to_rate_is_not_stored(feedback, dispatcher):
    events = await ActionHandleInform().run(dispatcher, make_tracker("5", "inform", {}), {})
    assert events == [] and feedback.ratings() == []
    assert "¿En qué puedo ayudarte?" in dispatcher.messages[0]["text"]


def test_the_service_refuses_bad_ratings(feedback):
    origin = Origin("c-1", "socketio", "es")
    for score, level, trigger in ((0, 0, "kb"), (6, 0, "kb"), (True, 0, "kb"), (3, 9, "kb"), (3, 0, "other")):
        with pytest.raises(FeedbackError):
            feedback.add_rating(origin, score, level, trigger)
    with pytest.raises(FeedbackError):
        feedback.add_comment(999, "hola")
    stored = feedback.add_rating(origin, 5, 0, "kb", "<b>bien</b>")
    assert stored.comment == "&lt;b&gt;bien&lt;/b&gt;"  # escaped like every stored customer text


async def test_a_score_with_a_comment_right_after_a_tap_explains_the_same_rating(feedback, dispatcher):
    first = make_tracker('/inform{"rating": "5"}', "inform", rated({"offer_context": "agent:5"}))
    first.latest_message["entities"] = [{"entity": "rating", "value": "5"}]
    events = events_to_dict(await ActionHandleInform().run(dispatcher, first, {}))
    second = make_tracker("4, el agente tardó en contestar", "nlu_fallback",
                          {"pending_offer": events["pending_offer"], "offer_context": events["offer_context"]})
    events = events_to_dict(await ActionDefaultFallback().run(dispatcher, second, {}))
    [rating] = feedback.ratings()
    assert (rating.score, rating.level, rating.comment) == (4, 5, "el agente tardó en contestar")
    assert events["pending_offer"] is None
