"""Low NLU confidence: ask to rephrase once (two likeliest intents as buttons), then
hand over to a person (with nobody online, that is a ticket offer). The count is read
from the conversation, never stored, so it cannot get stuck, and the bot never asks
to rephrase twice in a row.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say
from actions.common import language_of
from bot.text import has_words

INTENT_LABELS = {
    "ask_howto": ("Una pregunta sobre cómo usar el programa", "A question on how to use the program"),
    "open_ticket": ("Abrir un ticket (facturas, actualizaciones, licencias)", "Open a ticket (invoices, updates, licences)"),
    "request_callback": ("Que me llame un técnico", "A call from a technician"),
    "request_sla_support": ("Soporte especializado con contrato", "Specialist support under contract"),
    "request_vendor_support": ("Un problema con un producto de terceros", "A problem with a third-party product"),
    "request_human": ("Hablar con una persona", "Talk to a person"),
    "ticket_status": ("El estado de un caso", "The status of a case"),
    "not_solved": ("La respuesta no me sirvió", "The answer did not help"),
    "cancel": ("Cancelar", "Cancel"),
}
FALLBACK_ACTION = "action_default_fallback"


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many user turns in a row, this one included, ended in this fallback."""
    count = 1
    turn_fell_back = False
    seen_current_user_turn = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == FALLBACK_ACTION:
            turn_fell_back = True
        elif kind == "user":
            if not seen_current_user_turn:
                seen_current_user_turn = True
                turn_fell_back = False
                continue
            if not turn_fell_back:
                break
            count += 1
            turn_fell_back = False
    return count


def likeliest_intents(tracker: Tracker, how_many: int = 2) -> List[str]:
    """The best-ranked intents that make sense as a button."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return [item["name"] for item in ranking if item.get("name") in INTENT_LABELS][:how_many]


class ActionDefaultFallback(Action):
    """Ask to rephrase with two suggestions; on a second miss hand over to a person."""

    def name(self) -> Text:
        return FALLBACK_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Reply to a message the assistant did not understand."""
        text = tracker.latest_message.get("text") or ""
        language = language_of(tracker)
        if not has_words(text):
            say(dispatcher, tracker, "empty_message")
            return []
        if consecutive_fallbacks(tracker) >= 2:  # a person (or, with nobody online, a ticket) takes over
            say(dispatcher, tracker, "fallback_to_person")
            return [FollowupAction("action_handoff_to_agent")]
        column = 1 if language == "en" else 0
        buttons = [{"title": INTENT_LABELS[name][column], "payload": f"/{name}"}
                   for name in likeliest_intents(tracker)]
        say(dispatcher, tracker, "ask_rephrase", buttons=buttons)
        return []
