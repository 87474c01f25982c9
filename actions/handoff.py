"""Asking for a person: the hand-off route.

No agent desk is connected yet, so the bot says that nobody is online and offers
a ticket that carries the conversation's transcript (the path the desk keeps for
when no agent is available).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say
from actions.common import language_of, recent_problem

HANDOFF_NOTE = {
    "es": "El cliente pidió hablar con una persona y no había agentes conectados.",
    "en": "The customer asked for a person and no agent was online.",
}


class ActionHandoffToAgent(Action):
    """Hand the conversation to a person, or offer a ticket with the transcript when none is online."""

    def name(self) -> Text:
        return "action_handoff_to_agent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Tell that no agent is online and offer the transcript ticket."""
        if tracker.get_latest_input_channel() == "socketio":  # the web widget shows the hand-off state
            dispatcher.utter_message(json_message={"data": {"handoff": "unavailable"}})
        say(dispatcher, tracker, "no_agent_online")
        context = HANDOFF_NOTE[language_of(tracker)]
        problem = recent_problem(tracker)
        if problem:
            context += "\n" + problem
        return [SlotSet("pending_offer", "handoff_ticket"), SlotSet("offer_context", context)]
