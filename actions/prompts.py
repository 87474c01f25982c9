"""The questions forms ask (`action_ask_<slot>`), in the conversation's language.

One small action per slot, made from a table, so each prompt keeps its buttons and
placeholders (`{vendor}` is filled from the slot of that name). A prompt is never said
twice in one reply, is left out after "un momento, lo busco", and has a shorter
variant right after the bot offered choices (free slots as buttons).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from actions.messages import label, render, say

#: slot -> message key; placeholders are read from slots of the same name.
PROMPTS: Dict[str, str] = {
    "email": "ask_email",
    "ticket_category": "ask_ticket_category",
    "description": "ask_description",
    "requester_name": "ask_requester_name",
    "phone": "ask_phone",
    "callback_slot": "ask_callback_time",
    "contract_id": "ask_contract_id",
    "priority": "ask_priority",
    "vendor": "ask_vendor",
    "vendor_consent": "ask_vendor_consent",
    "case_id": "ask_case_id",
}
PLACEHOLDER_SLOTS = {"ask_vendor_consent": ("vendor",)}
#: The prompt to use when this reply already offered choices as buttons.
AFTER_CHOICES = {"ask_callback_time": "ask_callback_time_again"}
#: Messages after which the form waits for the answer instead of asking again ("un momento, lo busco").
WAITING_MESSAGES = ("take_your_time",)


def this_turn(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events since the customer's latest message."""
    events = tracker.events
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[index + 1:]
    return list(events)


class AskForSlotAction(Action):
    """Base of the prompt actions: say this slot's question."""

    slot: str = ""
    key: str = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Ask the question (with buttons where the message has them), unless this reply already did."""
        turn = this_turn(tracker)
        said = [e for e in turn if e.get("event") == "bot"]
        language = language_of(tracker)
        waiting = {render(key, language) for key in WAITING_MESSAGES}
        if any(e.get("text") in waiting for e in said):
            return []
        key = self.key
        if key in AFTER_CHOICES and any((e.get("data") or {}).get("buttons") for e in said):
            key = AFTER_CHOICES[key]
        values = {slot: tracker.get_slot(slot) or label("placeholder", slot, language)
                  for slot in PLACEHOLDER_SLOTS.get(key, ())}
        if render(key, language, **values) in {e.get("text") for e in said}:
            return []
        say(dispatcher, tracker, key, **values)
        return []


def _prompt_action(slot: str, key: str) -> Type[AskForSlotAction]:
    return type(f"ActionAsk{''.join(part.title() for part in slot.split('_'))}", (AskForSlotAction,),
                {"slot": slot, "key": key, "__doc__": f"Ask for `{slot}`.", "__module__": __name__})


PROMPT_ACTIONS = [_prompt_action(slot, key) for slot, key in PROMPTS.items()]
