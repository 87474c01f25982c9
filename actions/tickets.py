"""Level 1: the ticket form (e-mail, category, description, confirmation) and filing it."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import say, say_nothing_was_saved
from actions.common import case_request, clear_form_slots, clear_offer, language_of, local_time
from actions.services import STORE_ERRORS, case_service
from actions.validators import DescriptionValidation, EmailValidation
from bot.cases.service import TICKET_CATEGORIES
from bot.text import normalise, strip_accents


CATEGORY_WORDS = {
    "billing": ("factur", "invoice", "bill", "cobro", "cargo", "pago", "payment", "charge"),
    "update": ("actualiz", "update", "upgrade", "version"),
    "licence": ("licen", "plus", "edicion", "edition", "clave", "key", "activ"),
    "other": ("otro", "otra", "other", "demas", "general"),
}
CATEGORY_LABELS = {
    "es": {"billing": "facturación", "update": "actualización", "licence": "licencia / edición", "other": "otro"},
    "en": {"billing": "billing", "update": "update", "licence": "licence / edition", "other": "other"},
}


def category_from_text(text: Optional[str]) -> Optional[str]:
    """Map a typed answer ("es por una factura", "licencia") to a ticket category."""
    folded = strip_accents(normalise(text).lower())
    if folded in TICKET_CATEGORIES:
        return folded
    for category, stems in CATEGORY_WORDS.items():
        if any(stem in folded for stem in stems):
            return category
    return None


class ValidateTicketForm(EmailValidation, DescriptionValidation, FormValidationAction):
    """Validate the ticket form's answers."""

    def name(self) -> Text:
        return "validate_ticket_form"

    async def extract_ticket_category(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        """Asking to activate the Plus edition already says the category is licence."""
        if tracker.get_slot("ticket_category") is None and tracker.get_slot("edition"):
            return {"ticket_category": "licence"}
        return {}


    def validate_ticket_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        """Accept one of the four categories, typed or clicked."""
        category = category_from_text(str(value))
        if category is None:
            say(dispatcher, tracker, "invalid_category")
        return {"ticket_category": category}


class ActionAskTicketConfirmed(Action):
    """Show what the ticket will say and ask to confirm it."""

    def name(self) -> Text:
        return "action_ask_ticket_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Summarise the ticket with yes/no buttons."""
        language = language_of(tracker)
        category = tracker.get_slot("ticket_category") or "other"
        say(
            dispatcher, tracker, "confirm_ticket",
            email=tracker.get_slot("email"),
            category=CATEGORY_LABELS[language].get(category, category),
            description=normalise(tracker.get_slot("description"))[:300],
        )
        return []


class ActionSubmitTicket(Action):
    """File the confirmed ticket and tell its id and first-answer due time."""

    def name(self) -> Text:
        return "action_submit_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case, or say that nothing was created."""
        reset = clear_form_slots("ticket_form") + clear_offer()
        if tracker.get_slot("ticket_confirmed") is not True:
            say(dispatcher, tracker, "ticket_not_created")
            return reset
        request = case_request(tracker, tracker.get_slot("description"))
        try:
            case = case_service().open_ticket(request, tracker.get_slot("ticket_category") or "other")
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Ticket not created", exc)
            return reset
        say(dispatcher, tracker, "ticket_created", case_id=case.public_id, email=case.email,
                                 due=local_time(case.first_response_due, tracker))
        return reset + [SlotSet("support_level", 1)]
