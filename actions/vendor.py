"""Level 4: the vendor case form; nothing is raised without the customer's explicit consent."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import say, say_nothing_was_saved
from actions.common import case_request, clear_form_slots, clear_offer, local_time
from actions.services import STORE_ERRORS, case_service
from actions.validators import EmailValidation, DescriptionValidation
from bot.text import has_words, normalise


class ValidateVendorCaseForm(EmailValidation, DescriptionValidation, FormValidationAction):
    """Validate the vendor case form's answers."""

    def name(self) -> Text:
        return "validate_vendor_case_form"

    def validate_vendor(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        """Accept a product or vendor name of reasonable length."""
        vendor = normalise(str(value or ""))
        if not has_words(vendor) or len(vendor) > 120:
            say(dispatcher, tracker, "ask_vendor")
            return {"vendor": None}
        return {"vendor": vendor}


class ActionSubmitVendorCase(Action):
    """Raise the vendor case only when the customer agreed to the hand-over."""

    def name(self) -> Text:
        return "action_submit_vendor_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case with consent, or confirm that nothing was passed on."""
        reset = clear_form_slots("vendor_case_form") + clear_offer()
        if tracker.get_slot("vendor_consent") is not True:
            say(dispatcher, tracker, "vendor_declined")
            return reset
        try:
            case = case_service().open_vendor_case(case_request(tracker, tracker.get_slot("description")),
                                                   tracker.get_slot("vendor") or "", consent=True)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Vendor case not created", exc)
            return reset
        say(dispatcher, tracker, "vendor_created", case_id=case.public_id, vendor=case.vendor,
                                 email=case.email, due=local_time(case.first_response_due, tracker))
        return reset + [SlotSet("support_level", 4)]
