"""Asking for a person: the hand-off route.

When an agent is available (signed in to the desk, marked available, present), the
conversation is queued in the desk's table and paused with Rasa's own
`ConversationPaused`: from then on Rasa logs what the customer writes but predicts
nothing, so the bot stays silent while the desk reads the tracker and answers through
the HTTP API. The desk resumes the conversation when the agent releases it.

When nobody is available the bot says when the team is back (business hours) and
offers a ticket that carries the conversation's transcript.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import channel_of, clear_offer, language_of, problem_so_far
from actions.messages import format_slot, label, render, say, zone_city
from actions.services import case_service
from bot.business_hours import BusinessCalendar
from bot.desk.service import DeskService, HandoffRequest
from bot.desk.summary import summarise

logger = logging.getLogger(__name__)

WIDGET_CHANNEL = "socketio"

_lock = threading.Lock()
_desk: Optional[DeskService] = None


def desk_service() -> DeskService:
    """The process-wide desk service (the hand-off queue), built on first use."""
    global _desk
    with _lock:
        if _desk is None:
            from bot.desk import build_desk_service

            _desk = build_desk_service()
        return _desk


def install_desk(service: Optional[DeskService]) -> None:
    """Use this desk service instead of the one built from the settings (tests)."""
    global _desk
    with _lock:
        _desk = service


def when_agents_are_back(calendar: BusinessCalendar, now: dt.datetime, language: str) -> str:
    """One sentence: the team is within hours but busy, or the moment it opens again."""
    if calendar.is_open(now):
        return render("agents_busy", language)
    opening = next(calendar.slots_from(now), None)
    if opening is None:
        return ""
    return render("agents_back", language, when=format_slot(opening.astimezone(calendar.timezone), language),
                  timezone=zone_city(calendar.timezone))


def handoff_request(tracker: Tracker) -> HandoffRequest:
    """What the desk's queue shows about this conversation."""
    try:
        cases = [f"{c.public_id} ({c.status})" for c in case_service().cases_for_conversation(tracker.sender_id)]
    except (SQLAlchemyError, OSError):
        cases = []
    summary = summarise(tracker.events, tracker.slots, cases)
    return HandoffRequest(conversation_id=tracker.sender_id, channel=channel_of(tracker),
                          language=language_of(tracker), level=summary.level, intents=summary.intents,
                          summary=summary.text(), context=problem_so_far(tracker))


class ActionHandoffToAgent(Action):
    """Hand the conversation to a person, or offer a ticket with the transcript when none is available."""

    def name(self) -> Text:
        return "action_handoff_to_agent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Queue and pause when an agent is available; otherwise say when and offer the ticket."""
        from actions.fallback import misunderstood_again

        instead = misunderstood_again(dispatcher, tracker)
        if instead is not None:  # the second unsure message in a row meant something after all
            return instead
        widget = tracker.get_latest_input_channel() == WIDGET_CHANNEL
        # Asking for a person ends any form, whatever the rules did: the bot must not resume it
        # (after the offer, or when the agent gives the conversation back). Its answers stay
        # in the slots, for the agent to read.
        events: List[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)] if tracker.active_loop_name \
            else []
        try:
            desk = desk_service()
            if desk.available_agents() > 0:
                queued = desk.enqueue(handoff_request(tracker))
                if widget:  # the web widget shows the hand-off state
                    dispatcher.utter_message(json_message={"data": {"handoff": "waiting"}})
                say(dispatcher, tracker, "handoff_queued", position=max(1, queued.position))
                return events + clear_offer() + [ConversationPaused()]
        except (SQLAlchemyError, OSError) as exc:  # no desk store: behave as if nobody is online
            logger.error("Hand-off queue unavailable: %s", exc.__class__.__name__)
        return events + self.offer_ticket(dispatcher, tracker, widget)

    @staticmethod
    def offer_ticket(dispatcher: CollectingDispatcher, tracker: Tracker, widget: bool) -> List[EventType]:
        """Nobody can take it: when the team is back, and the transcript-ticket offer."""
        language = language_of(tracker)
        if widget:
            dispatcher.utter_message(json_message={"data": {"handoff": "unavailable"}})
        cases = case_service()
        back = when_agents_are_back(cases.calendar, cases.clock(), language)
        say(dispatcher, tracker, "no_agent_online", back=back)
        context = label("handoff_note", "no_agent", language)
        problem = problem_so_far(tracker)
        if problem:
            context += "\n" + problem
        # Then wait for the answer: when another action handed over (a second fallback miss, "no me
        # sirvió" past level 4) no rule follows, and the policies would fall back again.
        return [SlotSet("pending_offer", "handoff_ticket"), SlotSet("offer_context", context),
                FollowupAction("action_listen")]


def handoff_problem(context: Optional[str]) -> str:
    """The problem a hand-off ticket's offer carries: its context without the note that nobody was
    online, "" when the customer only asked for a person ("quiero hablar con una persona"). A
    ticket that says only that a person was asked for is of no use to the team: the form then asks
    the topic and the problem like any ticket."""
    lines = (context or "").split("\n", 1)
    return lines[1].strip() if len(lines) > 1 else ""
