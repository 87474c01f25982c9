"""Helpers every action uses: language, channel, transcript, dates in the customer's words."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker

from bot.cases.service import CaseRequest
from bot.language import DEFAULT_LANGUAGE
from bot.text import normalise, strip_accents

TRANSCRIPT_TURNS = 30
#: Below this confidence the intent classifier's guess does not overrule what a reply looks like.
CONFIDENT_INTENT = 0.6


def language_of(tracker: Tracker) -> str:
    """The conversation's language: the one the customer asked for, else that of their
    latest message whose language was clear ("es" or "en")."""
    for slot in ("language_preference", "language"):
        value = tracker.get_slot(slot)
        if value in ("es", "en"):
            return value
    return DEFAULT_LANGUAGE


def latest_text(tracker: Tracker) -> str:
    """The customer's latest message, or "" for a button payload such as /affirm."""
    text = normalise(tracker.latest_message.get("text"))
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> Tuple[Optional[str], float]:
    """The intent of the latest message and its confidence; under the fallback threshold,
    the classifier's best guess (nlu_fallback itself says nothing about the meaning)."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
    if intent == "nlu_fallback":
        ranking = [item for item in message.get("intent_ranking") or [] if item.get("name") != "nlu_fallback"]
        if ranking:
            return ranking[0]["name"], float(ranking[0].get("confidence") or 0.0)
    return intent, confidence


def actions_since_user(tracker: Tracker) -> List[str]:
    """The actions already run for the latest message (e.g. utter_you_are_welcome before the action
    that asks for the rating), so an action can tell what the rules have said before it."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") != "action_listen":
            names.append(event.get("name"))
    return names[::-1]


def channel_of(tracker: Tracker) -> str:
    """The input channel of the latest message (rest, socketio, telegram…)."""
    return tracker.get_latest_input_channel() or "rest"


def transcript_of(tracker: Tracker, turns: int = TRANSCRIPT_TURNS) -> str:
    """The last `turns` user and bot messages, one per line, for a case's transcript."""
    lines: List[str] = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            lines.append(f"customer: {normalise(event['text'])}")
        elif event.get("event") == "bot" and event.get("text"):
            lines.append(f"assistant: {normalise(event['text'])}")
    return "\n".join(lines[-turns:])


def user_messages(tracker: Tracker) -> List[str]:
    """Every non-empty user text, oldest first (buttons' /intent payloads left out)."""
    return [normalise(e["text"]) for e in tracker.events
            if e.get("event") == "user" and e.get("text") and not str(e["text"]).startswith("/")]


def submission_key(tracker: Tracker) -> Optional[str]:
    """The same key for every try of one form's submission: conversation + form + the form's start.

    A retried submission (the action server timed out, the message was replayed) finds
    the case it already created. None when the form's start is not on the tracker.
    """
    import hashlib

    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") and event.get("timestamp") is not None:
            raw = f"{tracker.sender_id}\x1f{event['name']}\x1f{event['timestamp']!r}"
            return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return None


def case_request(tracker: Tracker, description: Optional[str], **extra: Any) -> CaseRequest:
    """Everything known about the customer and conversation, for a new case."""
    return CaseRequest(
        description=description or "",
        email=tracker.get_slot("email"),
        channel=channel_of(tracker),
        conversation_id=tracker.sender_id,
        transcript=transcript_of(tracker),
        language=language_of(tracker),
        idempotency_key=submission_key(tracker),
        **extra,
    )


def local_time(moment: dt.datetime, tracker: Tracker) -> str:
    """A due time or slot as the customer reads it, in the business time zone."""
    from actions.messages import format_slot
    from actions.services import case_service

    zone = case_service().calendar.timezone
    return format_slot(moment.astimezone(zone), language_of(tracker))


#: Slots each form fills. A form keeps them after it ends (the customer may still ask about
#: them: the priority, the consent, the case id); the next form to start clears them
#: (actions/forms.py, `stale_slot_events`), so a new case never starts with a stale answer.
FORM_SLOTS: Dict[Text, List[Text]] = {
    "ticket_form": ["ticket_category", "description", "ticket_confirmed", "edition"],
    "callback_form": ["requester_name", "phone", "callback_time", "callback_slot", "case_confirmed"],
    "sla_case_form": ["contract_id", "priority", "description", "contract_attempts", "case_confirmed"],
    "vendor_case_form": ["vendor", "description", "vendor_consent"],
    "case_status_form": ["case_id"],
}
#: Who the customer is, not what a case is about: kept from one case to the next, never asked twice.
CUSTOMER_SLOTS = frozenset({"email", "requester_name", "phone"})
#: Set by a form's last step to the form that ended; the next form to start clears what it collected.
DONE_SLOT = "form_done"
LEVEL_FORMS = {1: "ticket_form", 2: "callback_form", 3: "sla_case_form", 4: "vendor_case_form"}


def case_slots() -> List[Text]:
    """Every slot a form fills about one case (not the customer's own details), each once."""
    names: List[Text] = []
    for slots in FORM_SLOTS.values():
        names += [name for name in slots if name not in CUSTOMER_SLOTS and name not in names]
    return names


def empty_value(slot: Text) -> Any:
    """What a slot holds when nothing is known."""
    return 0 if slot == "contract_attempts" else None


def clear_form_slots(form: Text, keep_customer: bool = True) -> List[Dict[Text, Any]]:
    """SlotSet events that empty what `form` collected about the case; the customer's name
    and phone stay (never asked twice) unless `keep_customer` is False ("forget it").
    The e-mail is never cleared here."""
    from rasa_sdk.events import SlotSet

    return [SlotSet(name, empty_value(name)) for name in FORM_SLOTS[form]
            if keep_customer is False or name not in CUSTOMER_SLOTS]


def form_finished(form: Text, case_id: Optional[Text] = None) -> List[Dict[Text, Any]]:
    """Events of a form's last step: its answers stay readable, marked as belonging to a
    finished form (cleared when the next one starts); `case_id` names the case it created."""
    from rasa_sdk.events import SlotSet

    events = [SlotSet(DONE_SLOT, form)]
    if case_id:
        events.append(SlotSet("case_id", case_id))
    return events


def clear_offer() -> List[Dict[Text, Any]]:
    """SlotSet events that drop the pending offer and the context it carried."""
    from rasa_sdk.events import SlotSet

    return [SlotSet("pending_offer", None), SlotSet("offer_context", None)]


def recent_problem(tracker: Tracker, skip_latest: bool = True, count: int = 3) -> str:
    """The customer's last few messages, as context for a case opened on their behalf."""
    messages = user_messages(tracker)
    if skip_latest and messages:
        messages = messages[:-1]
    return "\n".join(messages[-count:])


def problem_so_far(tracker: Tracker, count: int = 3) -> str:
    """What a person taking over should read: the messages before the latest, and what the
    latest tells about the problem beside its request ("Can I talk to a person? I was charged
    twice" carries "I was charged twice"; "quiero hablar con una persona" carries nothing)."""
    from bot.answers import is_description, problem_part

    earlier = recent_problem(tracker, count=count)
    text = tracker.latest_message.get("text") or ""
    latest = "" if text.startswith("/") else problem_part(text)
    if not is_description(latest) or latest in earlier:
        return earlier
    return "\n".join(part for part in (earlier, latest) if part)


LEVEL_INTENTS = ("open_ticket", "request_callback", "request_sla_support", "request_vendor_support",
                 "ask_howto", "not_solved", "request_human")


def opening_message(tracker: Tracker) -> str:
    """The customer's last message that asked for support (what the case is about). A refusal
    that asks for another way ("no gracias, prefiero por escrito, abridme un ticket") tells
    nothing about the problem, nor does a question about the call ("¿desde qué número me
    llamaréis?", read as a request for a call): the message before it does."""
    from bot.caller_number import asks_caller_number

    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        text = event.get("text") or ""
        if not (intent in LEVEL_INTENTS and text and not text.startswith("/") and not refusal_only(text)):
            continue
        if asks_caller_number(text):
            text = without_caller_number_question(text)  # "…llamadme a las 10. ¿Desde qué número…?": the rest
        if text:
            return normalise(text)
    return ""


#: What a rider of the caller-number question speaks of ("no cojo números ocultos", "I don't pick up unknown numbers").
_ABOUT_THE_CALL = re.compile(r"\b(?:numer\w*|numbers?|ocult\w*|privad\w*|desconocid\w*|caller|cojo|coger|contesto"
                             r"|pick\s+up|unknown|withheld|private|hidden)\b")


def without_caller_number_question(text: str) -> str:
    """A message with its question about the caller's number left out: "El OCR no lee las facturas,
    llamadme mañana. ¿Desde qué número me llamaréis?" -> "El OCR no lee las facturas, llamadme mañana.";
    "" when nothing that tells the problem is left ("¿desde qué número me llamaréis?")."""
    from bot.answers import is_detailed_problem, problem_part
    from bot.caller_number import asks_caller_number
    from bot.text import split_sentences

    pieces = split_sentences(normalise(text), ends=".!?;", opening_question="spaced")
    rest = " ".join(piece for piece in pieces
                    if not asks_caller_number(piece) and not _ABOUT_THE_CALL.search(strip_accents(piece.lower())))
    rest = rest.strip()
    return rest if rest and not asks_caller_number(rest) and is_detailed_problem(problem_part(rest)) else ""


def refusal_only(text: str) -> bool:
    """True for a no (with a request or a preference beside it) that says nothing about the problem."""
    from bot.answers import detail_words, plain_no, problem_part
    from bot.replies import declines, read_yes_no

    refuses = plain_no(text) or read_yes_no(text) is False or declines(text)
    return refuses and detail_words(problem_part(text)) == 0
