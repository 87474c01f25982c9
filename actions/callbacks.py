"""Level 2: the callback form (name, phone, time) against the business-hours calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import say, say_nothing_was_saved
from actions.common import case_request, clear_form_slots, clear_offer, language_of, opening_message
from actions.services import case_service
from bot.business_hours import format_slot
from bot.cases.service import CaseError, SlotDecision
from bot.text import has_words, normalise
from bot.timeparse import parse_requested_time
from bot.validation import normalise_email, normalise_phone


REFUSAL_REASONS = {
    "es": {"past": "Esa hora ya ha pasado o es demasiado pronto para organizar la llamada.",
           "closed": "A esa hora el soporte está cerrado.",
           "full": "Esa franja ya está completa.",
           "taken": "Alguien acaba de reservar esa franja."},
    "en": {"past": "That time has passed or is too soon to arrange the call.",
           "closed": "Support is closed at that time.",
           "full": "That slot is already full.",
           "taken": "Someone has just booked that slot."},
}
SLOT_PAYLOAD_FORMAT = "%d/%m/%Y %H:%M"


def refuse_slot(dispatcher: CollectingDispatcher, tracker: Tracker, decision: SlotDecision) -> None:
    """Explain why a time cannot be booked and offer the next free slots as buttons."""
    language = language_of(tracker)
    labels = [format_slot(slot, language) for slot in decision.alternatives]
    buttons = [{"title": label, "payload": slot.strftime(SLOT_PAYLOAD_FORMAT)}
               for label, slot in zip(labels, decision.alternatives)]
    say(dispatcher, tracker, "callback_slot_refused",
                             reason=REFUSAL_REASONS[language][decision.reason or "full"],
                             alternatives=", ".join(labels) or "—", buttons=buttons)


class ValidateCallbackForm(FormValidationAction):
    """Validate the callback form's answers."""

    def name(self) -> Text:
        return "validate_callback_form"

    def validate_requester_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        """Accept a name: some letters, not an e-mail or a number, at most 80 characters."""
        name = normalise(str(value or ""))
        if (not has_words(name) or not any(ch.isalpha() for ch in name) or len(name) > 80
                or normalise_email(name) or normalise_phone(name)):
            say(dispatcher, tracker, "ask_requester_name")
            return {"requester_name": None}
        return {"requester_name": name}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        """Accept a Spanish or Latin American number and keep it in E.164."""
        phone = normalise_phone(str(value or ""))
        if phone is None:
            say(dispatcher, tracker, "invalid_phone", value=normalise(str(value or ""))[:40])
        return {"phone": phone}

    def validate_callback_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        """Accept a time that falls in a free slot within business hours."""
        service = case_service()
        now = service.clock().astimezone(service.calendar.timezone)
        requested = parse_requested_time(str(value or ""), now)
        if requested is None:
            say(dispatcher, tracker, "invalid_callback_time")
            return {"callback_time": None, "callback_slot": None}
        decision = service.decide_slot(requested)
        if decision.slot is None:
            refuse_slot(dispatcher, tracker, decision)
            return {"callback_time": None, "callback_slot": None}
        return {"callback_time": normalise(str(value)), "callback_slot": decision.slot.isoformat()}


class ActionSubmitCallback(Action):
    """Book the callback and confirm the slot, or offer other slots if it just filled up."""

    def name(self) -> Text:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the callback case in the chosen slot."""
        service = case_service()
        description = (tracker.get_slot("offer_context") or tracker.get_slot("description")
                       or opening_message(tracker) or "Callback")
        request = case_request(tracker, description, requester_name=tracker.get_slot("requester_name"),
                               requester_phone=tracker.get_slot("phone"))
        reset = clear_form_slots("callback_form") + clear_offer()
        try:
            slot = dt.datetime.fromisoformat(tracker.get_slot("callback_slot"))
            case = service.book_callback(request, slot)
        except CaseError as exc:
            if not exc.code.startswith("slot_"):
                say_nothing_was_saved(dispatcher, tracker, "Callback not booked", exc)
                return reset
            now = service.clock()
            decision = SlotDecision(None, exc.code[5:], service.calendar.free_slots(
                now + service.calendar.min_notice, service.repository.callbacks_at))
            refuse_slot(dispatcher, tracker, decision)
            return [SlotSet("callback_time", None), SlotSet("callback_slot", None), FollowupAction("callback_form")]
        except (TypeError, ValueError, SQLAlchemyError, OSError) as exc:
            say_nothing_was_saved(dispatcher, tracker, "Callback not booked", exc)
            return reset
        zone = service.calendar.timezone
        say(dispatcher, tracker, "callback_booked", case_id=case.public_id, phone=case.requester_phone,
                                 slot=format_slot(case.callback_at.astimezone(zone), language_of(tracker)),
                                 timezone=str(zone))
        return reset + [SlotSet("support_level", 2)]
