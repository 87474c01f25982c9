"""What every form's validation shares: deciding whether a reply answers the question.

A form asks for one slot at a time, but customers answer other things: they postpone,
cancel, ask a question, say they have no contract, ask for a person, or give another
slot first. Each `extract_<slot>` here returns
    {slot: value}   when the latest message fits the slot (it is kept, asked or not),
    {slot: None}    when it tried to answer the slot asked for but cannot be used
                    (the form says why and asks again),
    {}              when it is not an answer to that slot.
When nothing fits at all, Rasa's form rejects the message and the rules or the fallback
handle it by what it means (nlu_data/rules/form_interruptions.yml), then the form asks
again. That is Rasa's own mechanism; these methods only make "fits" strict.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import CONFIDENT_INTENT, latest_intent, latest_text, opening_message
from actions.messages import say
from bot.answers import is_description, is_detailed_problem, is_question
from bot.text import normalise
from bot.validation import normalise_email

#: Intents that mean something else than an answer, however the reply looks.
ELSEWHERE_INTENTS = frozenset({"cancel", "defer", "wait", "request_human", "switch_language", "ask_what_shared",
                               "no_contract"})
#: Intents that are not a free-text answer (a name, a description, a product).
NOT_FREE_TEXT_INTENTS = ELSEWHERE_INTENTS | {"greet", "thank", "goodbye", "affirm", "deny", "chitchat",
                                             "ticket_status", "suggestion"}
SlotValues = Dict[Text, Any]
#: Leaving the form is the top intent by this much: not taken as an answer.
ELSEWHERE_MIN_CONFIDENCE = 0.5


def asked_for(tracker: Tracker, slot: Text) -> bool:
    """True when the form's last question asked for `slot`."""
    return tracker.get_slot("requested_slot") == slot


def activating(tracker: Tracker) -> bool:
    """True while the form is starting (no question asked yet): the moment to pre-fill."""
    return tracker.get_slot("requested_slot") is None


def means_something_else(tracker: Tracker, free_text: bool = True) -> bool:
    """True when the latest message is clearly not an answer: a cancellation, a deferral,
    a request for a person, a question (for free-text slots also greetings, yes/no…)."""
    intent, confidence = latest_intent(tracker)
    if intent in ELSEWHERE_INTENTS and confidence >= ELSEWHERE_MIN_CONFIDENCE:
        return True  # "¿hay alguien del equipo con quien pueda hablar?" at 0.59 is still a request for a person
    if confidence >= CONFIDENT_INTENT and free_text and intent in NOT_FREE_TEXT_INTENTS:
        return True
    return intent == "ask_howto" and is_question(latest_text(tracker))


class EmailValidation:
    """Mixin for forms that ask for an e-mail address (filled from the entity anywhere)."""

    async def extract_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> SlotValues:
        """An address the entity extractor missed, or a clear attempt at one ("ana@gmail")."""
        if not asked_for(tracker, "email") or tracker.get_slot("email"):
            return {}
        text = latest_text(tracker)
        email = normalise_email(text)
        if email:
            return {"email": email}
        if "@" in text:
            say(dispatcher, tracker, "invalid_email", value=text[:80])
            return {"email": None}
        return {}

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> SlotValues:
        """Keep a syntactically valid address, normalised to lower case."""
        email = normalise_email(str(value) if value is not None else None)
        if email is None and value:
            say(dispatcher, tracker, "invalid_email", value=normalise(str(value))[:80])
        return {"email": email}


#: An answer this likely to be one of NOT_FREE_TEXT_INTENTS, and short on detail, is not a description.
REPLY_MIN_CONFIDENCE = 0.3


def is_reply_not_problem(tracker: Tracker, text: str) -> bool:
    """True for "ah vale, que sí, que lo abras" when a description was asked: a yes, a thanks
    or a greeting that says nothing about the problem, even when the intent model is unsure."""
    intent, confidence = latest_intent(tracker)
    return (intent in NOT_FREE_TEXT_INTENTS - {"deny"} and confidence >= REPLY_MIN_CONFIDENCE
            and not is_detailed_problem(text))  # "no imprime nada" can read as a no


class DescriptionValidation:
    """Mixin for forms that ask what the problem is; a detailed first message is enough."""

    async def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> SlotValues:
        """The problem in the customer's words: asked for, told in detail earlier, or told unasked."""
        if tracker.get_slot("description"):
            return {}
        if activating(tracker):
            opening = opening_message(tracker)
            return {"description": opening} if is_detailed_problem(opening) else {}
        text = latest_text(tracker)
        if asked_for(tracker, "description"):
            if means_something_else(tracker) or is_reply_not_problem(tracker, text):
                return {}
            if is_description(text):
                return {"description": text}
            if text:
                say(dispatcher, tracker, "description_too_short")
                return {"description": None}
            return {}
        if is_detailed_problem(text) and not means_something_else(tracker):
            return {"description": text}  # told before it was asked: kept
        return {}

    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> SlotValues:
        """Keep a description of a few words."""
        text = normalise(str(value or ""))
        return {"description": text if is_description(text) else None}


def value_or_none(value: Optional[Any], slot: Text) -> SlotValues:
    """{slot: value} for a found value, {} otherwise (nothing extracted)."""
    return {slot: value} if value is not None else {}
