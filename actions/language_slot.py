"""The `language` slot is the conversation's language: the one the customer asked for, else the
language of their latest clear message.

The NLU's language entity fills the slot from each message. A customer who asked for answers in
English and goes on writing Spanish ("¿me puedes contestar en inglés? es para mi compañera")
still has an English conversation, so the slot keeps the preference; the language of the
message itself stays in the message's `language` entity (the knowledge base searches in it).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


def message_language(tracker: Tracker) -> Optional[str]:
    """The language the latest message is written in (the NLU's `language` entity), or None."""
    return next((entity.get("value") for entity in tracker.latest_message.get("entities") or []
                 if entity.get("entity") == "language" and entity.get("value") in ("es", "en")), None)


class ValidateLanguageSlot(ValidationAction):
    """Runs after every message's slot mappings: a language preference wins over the message's."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    def validate_language(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """The preference when there is one, else the message's language."""
        return {"language": tracker.get_slot("language_preference") or slot_value}
