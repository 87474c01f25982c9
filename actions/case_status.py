"""Case status: answers only when the e-mail given matches the one on the case."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import say, say_nothing_was_saved
from actions.common import clear_form_slots, language_of, local_time
from actions.services import case_service
from actions.validators import EmailValidation
from bot.text import normalise
from bot.validation import normalise_case_id


STATUS_LABELS = {
    "es": {"open": "abierto", "scheduled": "programado", "in_progress": "en curso", "waiting": "a la espera",
           "closed": "cerrado", "cancelled": "cancelado"},
    "en": {"open": "open", "scheduled": "scheduled", "in_progress": "in progress", "waiting": "waiting",
           "closed": "closed", "cancelled": "cancelled"},
}
DUE_TEXT = {
    "es": {"callback": "Te llamaremos el {when}.", "default": "Primera respuesta prevista como tarde el {when}."},
    "en": {"callback": "We will call you on {when}.", "default": "First response due by {when} at the latest."},
}


class ValidateCaseStatusForm(EmailValidation, FormValidationAction):
    """Validate the case id and e-mail of a status question."""

    def name(self) -> Text:
        return "validate_case_status_form"

    def validate_case_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        """Accept ids like T-000123, CB-12 or sla-000045."""
        case_id = normalise_case_id(str(value or ""))
        if case_id is None:
            say(dispatcher, tracker, "invalid_case_id", value=normalise(str(value or ""))[:40])
        return {"case_id": case_id}


class ActionCheckCaseStatus(Action):
    """Tell a case's status, or the same neutral message for a wrong id or e-mail."""

    def name(self) -> Text:
        return "action_check_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Look the case up by id and e-mail together."""
        language = language_of(tracker)
        try:
            case = case_service().status_for(tracker.get_slot("case_id"), tracker.get_slot("email"))
        except (SQLAlchemyError, OSError) as exc:
            say_nothing_was_saved(dispatcher, tracker, "Status lookup failed", exc)
            return clear_form_slots("case_status_form")
        if case is None:
            say(dispatcher, tracker, "case_not_found")
            # forget the e-mail too, so that a second try asks for it again
            return clear_form_slots("case_status_form") + [SlotSet("email", None)]
        due_at = case.callback_at if case.kind == "callback" else case.first_response_due
        template = DUE_TEXT[language]["callback" if case.kind == "callback" else "default"]
        due_text = template.format(when=local_time(due_at, tracker)) if due_at and case.status != "closed" else ""
        say(dispatcher, tracker, "case_status", case_id=case.public_id, subject=case.subject,
                                 status=STATUS_LABELS[language].get(case.status, case.status), due_text=due_text)
        return clear_form_slots("case_status_form")
