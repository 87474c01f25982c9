"""Level 3: the SLA case form, checked against the contracts table."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (case_request, clear_form_slots, clear_offer, language_of, latest_text, local_time,
                            opening_message)
from actions.feedback import offer_rating
from actions.forms import (DescriptionValidation, EmailValidation, asked_for,
                           means_something_else, value_or_none)
from actions.messages import label, say, say_nothing_was_saved
from actions.services import STORE_ERRORS, case_service
from bot.text import normalise, strip_accents
from bot.validation import normalise_contract_id

MAX_CONTRACT_ATTEMPTS = 2
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


class ValidateSlaCaseForm(EmailValidation, DescriptionValidation, FormValidationAction):
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
            return {"contract_id": check.contract.contract_id}
        attempts = (tracker.get_slot("contract_attempts") or 0) + 1
        reason = label("contract_problem", check.reason or "unknown", language_of(tracker)).format(id=contract_id)
        if attempts < MAX_CONTRACT_ATTEMPTS:
            say(dispatcher, tracker, "invalid_contract", reason=reason)
        else:
            dispatcher.utter_message(text=reason)
        return {"contract_id": None, "contract_attempts": attempts}

    async def extract_priority(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        """A priority typed in words ("es urgente", "low")."""
        if not asked_for(tracker, "priority") or tracker.get_slot("priority"):
            return {}
        return value_or_none(priority_from_text(latest_text(tracker)), "priority")

    def validate_priority(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """Accept critical, high, normal or low, in either language."""
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
        reset = clear_form_slots("sla_case_form")
        contract_id = tracker.get_slot("contract_id")
        if contract_id is None:
            say(dispatcher, tracker, "sla_no_contract")
            context = tracker.get_slot("description") or opening_message(tracker)
            return reset + [SlotSet("pending_offer", "callback"), SlotSet("offer_context", context)]
        language = language_of(tracker)
        priority = tracker.get_slot("priority") or "normal"
        try:
            case = case_service().open_sla_case(case_request(tracker, tracker.get_slot("description")),
                                                contract_id, priority)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "SLA case not created", exc)
            return reset
        say(dispatcher, tracker, "sla_created", case_id=case.public_id, contract_id=case.contract_id,
            priority=label("priority", case.priority, language),
            first_due=local_time(case.first_response_due, tracker),
            resolution_due=local_time(case.resolution_due, tracker))
        return reset + [SlotSet("support_level", 3)] + clear_offer() + offer_rating(dispatcher, tracker, "case", 3)
