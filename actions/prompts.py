"""The questions forms ask (`action_ask_<slot>`), in the conversation's language.

One small action per slot, made from a table, so each prompt keeps its buttons and
placeholders (`{vendor}` is filled from the slot of that name).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say

#: slot -> message key; placeholders are read from slots of the same name.
PROMPTS: Dict[str, str] = {
    "email": "ask_email",
    "ticket_category": "ask_ticket_category",
    "description": "ask_description",
    "requester_name": "ask_requester_name",
    "phone": "ask_phone",
    "callback_time": "ask_callback_time",
    "contract_id": "ask_contract_id",
    "priority": "ask_priority",
    "vendor": "ask_vendor",
    "vendor_consent": "ask_vendor_consent",
    "case_id": "ask_case_id",
}
PLACEHOLDER_SLOTS = {"ask_vendor_consent": ("vendor",)}


class AskForSlotAction(Action):
    """Base of the prompt actions: say this slot's question."""

    slot: str = ""
    key: str = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Ask the question (with buttons where the message has them)."""
        values = {slot: tracker.get_slot(slot) or "" for slot in PLACEHOLDER_SLOTS.get(self.key, ())}
        say(dispatcher, tracker, self.key, **values)
        return []


def _prompt_action(slot: str, key: str) -> Type[AskForSlotAction]:
    return type(f"ActionAsk{''.join(part.title() for part in slot.split('_'))}", (AskForSlotAction,),
                {"slot": slot, "key": key, "__doc__": f"Ask for `{slot}`.", "__module__": __name__})


PROMPT_ACTIONS = [_prompt_action(slot, key) for slot, key in PROMPTS.items()]
