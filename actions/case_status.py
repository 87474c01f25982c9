"""Case status: answers only when the e-mail given matches the one on the case."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.case_withdrawal import WITHDRAW_OFFER
from actions.common import form_finished, language_of, latest_text, local_time
from actions.forms import EmailValidation, SupportFormValidation, activating, asked_for
from actions.messages import describe_hours, label, render, say, say_nothing_was_saved
from actions.services import case_service
from bot.answers import (asks_to_move_call, asks_when_answered, asks_when_called, is_question, plain_no,
                         read_case_number)
from bot.cases.service import TICKET_TARGETS
from bot.replies import fetching, postpones
from bot.text import normalise, stored_text_for_chat, strip_accents
from bot.validation import normalise_case_id, normalise_email


#: `pending_offer` after a status lookup found nothing: a new e-mail or number tries again.
STATUS_RETRY = "status_retry"


def case_reference(number: int) -> str:
    """The readable id of a case typed without its prefix, or the number itself when no
    case has it (so that the status answer, not this step, says nothing was found)."""
    return case_service().case_id_for_number(number) or str(number)


def general_timing_question(tracker: Tracker) -> bool:
    """True for "how long until you answer?" when no case is known in this conversation and none is
    named: a question about the service's targets, not about one case."""
    text = latest_text(tracker)
    named = any(entity.get("entity") == "case_id" for entity in tracker.latest_message.get("entities") or [])
    return (asks_when_answered(text) and not tracker.get_slot("case_id") and not named
            and read_case_number(text) is None)


def booked_call(tracker: Tracker):
    """The live call booked in this conversation (the case of `case_id`), or None."""
    case_id = tracker.get_slot("case_id")
    if not case_id:
        return None
    try:
        case = case_service().status_for(case_id, None, tracker.sender_id)
    except (SQLAlchemyError, OSError):
        return None
    if case is None or case.kind != "callback" or case.status in ("closed", "cancelled") or not case.callback_at:
        return None
    return case


#: Offers a bare e-mail address answers: the ticket needs it ("¿abro un ticket?" - "vale, ana@x.es").
TICKET_OFFERS = ("ticket", "handoff_ticket")
#: Words that make a message with an address a question about a case after all.
_STATUS_WORDS = re.compile(r"\b(?:estado|como va|como van|status|news|novedad\w*|seguimiento|update on|any word)\b")


def accepts_offered_ticket(tracker: Tracker) -> bool:
    """True when a ticket was just offered and the reply gives an e-mail address, with no case
    number and no word about a case's status: the classifier's "case status" (an address is what
    a status check asks for) is the customer accepting the ticket with the address it needs."""
    text = latest_text(tracker)
    return (tracker.get_slot("pending_offer") in TICKET_OFFERS and normalise_email(text) is not None
            and read_case_number(text) is None and normalise_case_id(text) is None
            and not _STATUS_WORDS.search(strip_accents(text.lower())) and not plain_no(text))


class ValidateCaseStatusForm(EmailValidation, SupportFormValidation):
    """Validate the case number and e-mail of a status question, in any order."""

    def name(self) -> Text:
        return "validate_case_status_form"

    def kept_on_start(self, tracker: Tracker) -> Set[Text]:
        """"¿Cómo va mi caso?" right after a case was created here names no number: it asks
        about that case, so its id is kept instead of asked for."""
        if tracker.get_slot("case_id") and read_case_number(latest_text(tracker), asked=True) is None:
            return {"case_id"}
        return set()

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """A case opened in this very conversation needs no e-mail to prove it is the customer's."""
        case_id = tracker.get_slot("case_id")
        try:
            own = bool(case_id) and case_service().status_for(case_id, None, tracker.sender_id) is not None
        except (SQLAlchemyError, OSError):
            own = False  # the store is down: ask for the e-mail; the lookup then says what failed
        return [name for name in domain_slots if name != "email"] if own else domain_slots

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        """"¿Cuánto tardáis en contestar?" with no case of this conversation and no number: the
        response targets, and how to ask about a case, instead of asking for a case number the
        customer may not have."""
        if activating(tracker) and general_timing_question(tracker) and asks_when_called(latest_text(tracker)):
            # "¿a qué hora me llamáis? necesito ayuda con la exportación a DATEV" with no call booked here: a
            # call asked for with its time, not a status question (review of hours17)
            from actions.escalation import start_level

            return [ActiveLoop(None), SlotSet("requested_slot", None)] + start_level(
                dispatcher, tracker, 2, latest_text(tracker), announce=False)
        if activating(tracker) and asks_to_move_call(latest_text(tracker)):
            booked = booked_call(tracker)
            if booked is not None:  # "when is my call? can you move it to Friday?": its time, and cancel-and-rebook
                say(dispatcher, tracker, "call_cannot_move", case_id=booked.public_id,
                    when=local_time(booked.callback_at, tracker))
                return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_offer", WITHDRAW_OFFER),
                        SlotSet("offer_context", booked.public_id), FollowupAction("action_listen")]
        if activating(tracker) and general_timing_question(tracker):
            calendar = case_service().calendar
            language = language_of(tracker)
            say(dispatcher, tracker, "response_times", hours=TICKET_TARGETS["first_response"],
                opening=describe_hours(calendar.opening_hours, language))
            return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_listen")]
        if activating(tracker) and accepts_offered_ticket(tracker):
            # "venga va, mi correo es …" after "¿abro un ticket?": the address the ticket needs, not a lookup
            return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_handle_affirm")]
        return await super().run(dispatcher, tracker, domain)

    async def extract_case_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        """A number written without its prefix: "4711" when asked, "mi caso 42" anywhere."""
        if tracker.get_slot("case_id"):
            return {}
        asked = asked_for(tracker, "case_id") or activating(tracker)
        written = normalise_case_id(latest_text(tracker)) if asked else None
        if written:  # "t 185", "T185": a prefix the entity pattern (T-000185) does not take
            return {"case_id": written}
        number = read_case_number(latest_text(tracker), asked=asked)
        return {"case_id": case_reference(number)} if number is not None else {}

    def validate_case_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        """Accept ids like T-000123, CB-12 or sla-000045, and bare numbers."""
        text = str(value or "")
        case_id = normalise_case_id(text) or (text if text.isdigit() else None)
        if case_id is None:
            say(dispatcher, tracker, "invalid_case_id", value=normalise(text)[:40])
        return {"case_id": case_id}


class ActionCheckCaseStatus(Action):
    """Tell a case's status, or the same neutral message for a wrong number or e-mail."""

    def name(self) -> Text:
        return "action_check_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Look the case up by number and e-mail together."""
        language = language_of(tracker)
        try:
            case = case_service().status_for(tracker.get_slot("case_id"), tracker.get_slot("email"),
                                             tracker.sender_id)
        except (SQLAlchemyError, OSError) as exc:
            say_nothing_was_saved(dispatcher, tracker, "Status lookup failed", exc)
            return form_finished("case_status_form")
        if case is None:
            say(dispatcher, tracker, "case_not_found")
            # number and e-mail stay: "ah no, el bueno es oscar@…" or "it's T-000019" retries
            # with the other one kept (a new pair reveals as little as the first)
            return form_finished("case_status_form") + [SlotSet("pending_offer", STATUS_RETRY),
                                                        SlotSet("offer_context", None)]
        due_at = case.callback_at if case.kind == "callback" else case.first_response_due
        due_key = "case_due_callback" if case.kind == "callback" else "case_due_first_response"
        due_text = (render(due_key, language, when=local_time(due_at, tracker))
                    if due_at and case.status not in ("closed", "cancelled") else "")
        say(dispatcher, tracker, "case_status", case_id=case.public_id, subject=stored_text_for_chat(case.subject),
            status=label("case_status", case.status, language), due_text=due_text)
        return form_finished("case_status_form", case.public_id)  # the case stays known


def after_failed_lookup(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Right after a status lookup found nothing, a reply with no new number or e-mail:
    "ok, I'll ask my boss" is acknowledged, "can't you tell me anything?" gets the reason
    (a case's details go only to the address it was opened with). Nothing new is started;
    a corrected number or e-mail still retries. None when this does not apply."""
    if tracker.get_slot("pending_offer") != STATUS_RETRY:
        return None
    text = latest_text(tracker)
    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    if entities & {"email", "case_id"} or read_case_number(text, asked=True) is not None:
        return None
    if postpones(text) or fetching(text):
        say(dispatcher, tracker, "status_lookup_later")
        return []
    if is_question(text):
        say(dispatcher, tracker, "status_lookup_private")
        return []
    return None
