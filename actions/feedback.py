"""Product suggestions ("estaría bien que el programa…"): kept for the product team, thanked,
and never turned into a ticket."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, language_of, latest_text
from actions.messages import say, say_nothing_was_saved
from actions.services import STORE_ERRORS, feedback_service
from bot.feedback.service import Origin


class ActionTakeSuggestion(Action):
    """Store a product suggestion and thank the customer."""

    def name(self) -> Text:
        return "action_take_suggestion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Keep the suggestion with its conversation; a form in progress carries on after it."""
        text = latest_text(tracker)
        if not text:
            say(dispatcher, tracker, "suggestion_thanks")
            return []
        try:
            feedback_service().add_suggestion(
                Origin(tracker.sender_id, channel_of(tracker), language_of(tracker)), text)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Suggestion not stored", exc)
            return []
        say(dispatcher, tracker, "suggestion_thanks")
        return []
