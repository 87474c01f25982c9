"""Validators several forms share: the contact e-mail and the problem description."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import say
from bot.text import has_words, normalise
from bot.validation import normalise_email

MIN_DESCRIPTION_CHARS = 8


class EmailValidation:
    """Mixin for forms that ask for an e-mail address."""

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        """Accept a syntactically valid e-mail address, normalised to lower case."""
        email = normalise_email(str(value) if value is not None else None)
        if email is None:
            say(dispatcher, tracker, "invalid_email", value=normalise(str(value or ""))[:80])
        return {"email": email}


class DescriptionValidation:
    """Mixin for forms that ask what the problem is."""

    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        """Accept a description of a few words."""
        text = normalise(str(value or ""))
        if not has_words(text) or len(text) < MIN_DESCRIPTION_CHARS:
            say(dispatcher, tracker, "description_too_short")
            return {"description": None}
        return {"description": text}
