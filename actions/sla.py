"""Level 3: the SLA case form, checked against the contracts table."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (case_request, clear_offer, form_finished, language_of, latest_text, local_time,
                            opening_message)
from actions.feedback import offer_rating
from actions.forms import (DescriptionValidation, EmailValidation, SupportFormValidation, asked_for,
                           means_something_else, value_or_none)
from actions.messages import label, render, say, say_nothing_was_saved
from actions.services import STORE_ERRORS, case_service
from bot.answers import is_question
from bot.text import normalise, strip_accents
from bot.validation import normalise_contract_id, normalise_email

MAX_CONTRACT_ATTEMPTS = 2
#: The offer a refused contract makes (a technician's call instead), as `pending_offer`.
CALLBACK_OFFER = "callback"
PRIORITY_WORDS = {
    "critical": ("crit", "urgent", "bloque", "nadie puede", "nobody can", "parad", "blocking", "down"),
    "high": ("alta", "high", "importante", "important"),
    "normal": ("normal", "media", "medium"),
    "low": ("baja", "low", "sin prisa", "no urge", "no corre prisa"),
}
#: A reply that looks like an id someone copied from a contract ("CT-99", "1001"), to check and refuse.
CONTRACT_LIKE = re.compile(r"^[A-Za-z]{0,4}[-/ ]?\d{3,8}$")


def priority_from_text(text: str) -> Optional[str]:
    """Map "urgente", "alta", "low"… to a priority."""
    folded = strip_accents(normalise(text).lower())
    for priority, stems in PRIORITY_WORDS.items():
        if any(stem in folded for stem in stems):
            return priority
    return None


#: Words that name the priorities themselves.
PRIORITY_NAMED = re.compile(r"prioridad|priorit|urgen|critic", re.IGNORECASE)
#: What a question about the priorities asks, once the priority is the question on the table.
PRIORITY_QUESTION = re.compile(
    r"diferencia|difference|significa|mean|qu[eé] es (?:alta|normal|baja)|what is (?:high|normal|low)"
    r"|cu[aá]l (?:elijo|pongo)|which (?:one|should)", re.IGNORECASE)


def asks_about_priorities(text: str, priority_asked: bool = False) -> bool:
    """True for "¿qué diferencia hay entre prioridad alta y crítica?", "what do the priorities
    mean?"; when the priority was just asked for, also "¿cuál elijo?"."""
    folded = strip_accents(text)
    return is_question(text) and bool(PRIORITY_NAMED.search(folded)
                                      or (priority_asked and PRIORITY_QUESTION.search(folded)))


def is_answer_for(slot: str, text: str) -> bool:
    """True when `text` carries a value for `slot` (an address, a contract number)."""
    if slot == "email":
        return bool(normalise_email(text))
    return slot == "contract_id" and bool(normalise_contract_id(text))


def explain_priorities(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """What each priority means, with the first-response and resolution targets of the
    customer's contract when it is known."""
    language = language_of(tracker)
    targets: Dict[str, Dict[str, Any]] = {}
    contract_id = tracker.get_slot("contract_id")
    if contract_id:
        check = case_service().check_contract(contract_id)
        targets = check.contract.targets if check.contract is not None else {}
    lines = []
    for priority in ("critical", "high", "normal", "low"):
        target = targets.get(priority)
        lines.append(render("priority_line", language, priority=label("priority", priority, language).capitalize(),
                            meaning=label("priority_meaning", priority, language),
                            target=render("priority_target", language, hours=target["first_response"],
                                          resolution=target["resolution"]) if target else ""))
    say(dispatcher, tracker, "priority_explained", lines="\n".join(lines))


class ValidateSlaCaseForm(EmailValidation, DescriptionValidation, SupportFormValidation):
    """Validate the SLA case form; after two invalid contracts the form ends."""

    def name(self) -> Text:
        return "validate_sla_case_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """Stop asking for a contract after two refusals (never a loop)."""
        attempts = tracker.get_slot("contract_attempts") or 0
        if tracker.get_slot("contract_id") is None and attempts >= MAX_CONTRACT_ATTEMPTS:
            return []
        return domain_slots

    async def extract_contract_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """A contract number when asked; "we have no contract" or emoji are not one."""
        if not asked_for(tracker, "contract_id") or tracker.get_slot("contract_id"):
            return {}
        if means_something_else(tracker, free_text=False):
            return {}
        text = latest_text(tracker)
        candidate = normalise_contract_id(text) or (text.upper() if CONTRACT_LIKE.match(text) else None)
        return value_or_none(candidate, "contract_id")

    def validate_contract_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        """Accept a contract that exists, is active and is in force today."""
        contract_id = normalise_contract_id(str(value or "")) or normalise(str(value or ""))[:40]
        check = case_service().check_contract(contract_id)
        if check.contract is not None:
            withdrawn = {"pending_offer": None, "offer_context": None} \
                if tracker.get_slot("pending_offer") == CALLBACK_OFFER else {}
            return {"contract_id": check.contract.contract_id, **withdrawn}
        attempts = (tracker.get_slot("contract_attempts") or 0) + 1
        reason = label("contract_problem", check.reason or "unknown", language_of(tracker)).format(id=contract_id)
        if attempts < MAX_CONTRACT_ATTEMPTS:
            say(dispatcher, tracker, "invalid_contract", reason=reason)
            # the message offers a call: "sí, vale" books it, "no, gracias" leaves the form
            context = tracker.get_slot("description") or opening_message(tracker)
            return {"contract_id": None, "contract_attempts": attempts, "pending_offer": CALLBACK_OFFER,
                    "offer_context": context}
        dispatcher.utter_message(text=reason)
        return {"contract_id": None, "contract_attempts": attempts}

    async def extract_priority(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        """A priority typed in words ("es urgente", "low"); a question about the priorities
        ("¿qué diferencia hay entre alta y crítica?") is answered and asked again, not taken."""
        text = latest_text(tracker)
        requested = tracker.get_slot("requested_slot")
        if requested and asks_about_priorities(text, requested == "priority") and not is_answer_for(requested, text):
            explain_priorities(dispatcher, tracker)
            return {requested: None}  # explained; the question asked comes again
        if not asked_for(tracker, "priority") or tracker.get_slot("priority"):
            return {}
        if is_question(text):
            return {}  # another question: answered by what it means, then asked again
        return value_or_none(priority_from_text(text), "priority")

    def validate_priority(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """Accept critical, high, normal or low, in either language (a priority the entity
        extractor found in a question about the priorities is not an answer)."""
        if asked_for(tracker, "priority") and is_question(latest_text(tracker)):
            return {"priority": None}  # extract_priority explained or left it to the question's handler
        priority = priority_from_text(str(value or ""))
        if priority is None:
            say(dispatcher, tracker, "invalid_priority")
        return {"priority": priority}


class ActionSubmitSlaCase(Action):
    """Raise the SLA case with due times, or offer a callback when no contract was valid."""

    def name(self) -> Text:
        return "action_submit_sla_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case from the contract's targets."""
        ended = form_finished("sla_case_form")
        contract_id = tracker.get_slot("contract_id")
        if contract_id is None:
            say(dispatcher, tracker, "sla_no_contract")
            context = tracker.get_slot("description") or opening_message(tracker)
            return ended + [SlotSet("pending_offer", "callback"), SlotSet("offer_context", context)]
        language = language_of(tracker)
        priority = tracker.get_slot("priority") or "normal"
        try:
            case = case_service().open_sla_case(case_request(tracker, tracker.get_slot("description")),
                                                contract_id, priority)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "SLA case not created", exc)
            return ended
        say(dispatcher, tracker, "sla_created", case_id=case.public_id, contract_id=case.contract_id,
            priority=label("priority", case.priority, language),
            first_due=local_time(case.first_response_due, tracker),
            resolution_due=local_time(case.resolution_due, tracker))
        return (form_finished("sla_case_form", case.public_id) + [SlotSet("support_level", 3)] + clear_offer()
                + offer_rating(dispatcher, tracker, "case", 3))
