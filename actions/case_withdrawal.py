"""Withdrawing a case the customer opened in this conversation ("olvídalo, ya funciona"
after booking a call): a cancellation with no form running offers to cancel that case,
and only a yes to the offer cancels it."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import clear_offer, latest_text
from actions.messages import say, say_nothing_was_saved
from actions.services import case_service
from bot.answers import asks_to_pass_on
from bot.cases.service import CaseError
from bot.text import stored_text_for_chat

#: `pending_offer` while the bot asks whether to cancel the case named in `offer_context`.
WITHDRAW_OFFER = "withdraw_case"
#: What a customer cancels that is not a case here but a request for staff: the subscription,
#: the licence, a plan or its charges ("quiero cancelar la suscripción para que no me cobren").
ACCOUNT_CANCELLATION = re.compile(r"suscrip|subscri|licen[cs]|\bplan\b|renova|renew|cobr|charg|\bcuota|abono|plus\b",
                                  re.IGNORECASE)


class ActionCancelWithNothingRunning(Action):
    """A cancellation when no form runs: offer to withdraw this conversation's open case, if any."""

    def name(self) -> Text:
        return "action_cancel_nothing_running"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Name the newest live case opened here and ask; otherwise say there is nothing to cancel.
        A consent given later to a postponed vendor hand-over is that consent, however the intent
        model read it ("ya lo he consultado, podéis pasárselo" read as a cancellation)."""
        from actions.escalation import resume_form
        from actions.interruptions import VENDOR_CONSENT_OFFER

        if tracker.get_slot("pending_offer") == VENDOR_CONSENT_OFFER and asks_to_pass_on(latest_text(tracker)):
            return resume_form(tracker, consent=True)
        try:
            case = case_service().latest_live_case(tracker.sender_id)
        except (SQLAlchemyError, OSError):
            case = None
        if case is None and ACCOUNT_CANCELLATION.search(latest_text(tracker)):
            from actions.escalation import start_level

            return start_level(dispatcher, tracker, 1, latest_text(tracker), announce=False)  # staff cancel it
        if case is None:
            say(dispatcher, tracker, "nothing_to_cancel")
            return clear_offer()
        say(dispatcher, tracker, "withdraw_case_offer", case_id=case.public_id, subject=stored_text_for_chat(case.subject))
        return [SlotSet("pending_offer", WITHDRAW_OFFER), SlotSet("offer_context", case.public_id)]


def answer_withdraw_offer(dispatcher: CollectingDispatcher, tracker: Tracker, agreed: bool) -> List[EventType]:
    """A yes cancels the offered case (only if it is still this conversation's and live); a no keeps it."""
    public_id = tracker.get_slot("offer_context") or ""
    if not agreed:
        say(dispatcher, tracker, "case_kept", case_id=public_id)
        return clear_offer()
    try:
        case_service().withdraw(public_id, tracker.sender_id)
    except (CaseError, SQLAlchemyError, OSError) as exc:
        say_nothing_was_saved(dispatcher, tracker, "Withdrawing a case failed", exc)
        return clear_offer()
    say(dispatcher, tracker, "case_withdrawn", case_id=public_id)
    return clear_offer()
