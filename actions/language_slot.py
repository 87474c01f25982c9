"""The `language` slot is the conversation's language: the one the customer asked for, else the
language of their latest clear message.

The NLU's language entity fills the slot from each message. A customer who asked for answers in
English and goes on writing Spanish ("¿me puedes contestar en inglés? es para mi compañera")
still has an English conversation, so the slot keeps the preference; the language of the
message itself stays in the message's `language` entity (the knowledge base searches in it).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from typing import List

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.answers import switch_request_clause

SWITCH_LANGUAGE = "switch_language"


def message_language(tracker: Tracker) -> Optional[str]:
    """The language the latest message is written in (the NLU's `language` entity), or None."""
    return next((entity.get("value") for entity in tracker.latest_message.get("entities") or []
                 if entity.get("entity") == "language" and entity.get("value") in ("es", "en")), None)


class ValidateLanguageSlot(ValidationAction):
    """Runs after every message's slot mappings: a language preference wins over the message's."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        """The slot mappings, then a switch asked beside something else (`switch_beside_other_intent`)."""
        events = await super().run(dispatcher, tracker, domain)
        return events + switch_beside_other_intent(dispatcher, tracker)

    def validate_language(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """The preference when there is one, else the message's language."""
        return {"language": tracker.get_slot("language_preference") or slot_value}


def switch_beside_other_intent(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """A request to switch language in a clause of a message the NLU read as something else
    ("¿podemos seguir en español? el contrato es SC-1001" read as data, "English please: how do I
    …?" as a how-to): acknowledged in the new language and followed from now on, before the reply
    to the rest of the message. A message read as switch_language is left to the actions that
    handle that intent (action_switch_language, and the forms' own check), which acknowledge it."""
    if (tracker.latest_message.get("intent") or {}).get("name") == SWITCH_LANGUAGE:
        return []
    wanted = switch_request_clause(tracker.latest_message.get("text"))
    if wanted is None:
        return []
    from actions.messages import say

    tracker.slots.update({"language_preference": wanted, "language": wanted})
    say(dispatcher, tracker, "language_switched")
    return [SlotSet("language_preference", wanted), SlotSet("language", wanted)]
