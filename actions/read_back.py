"""The read-back before a callback is booked or an SLA case is filed from details told unasked.

When a customer answers the form's questions one by one, each answer is echoed as it is
taken, and the booking reply repeats them all. When the first message already carries
everything ("soy Priya Nair, llamadme al 622 118 940 mañana a las 12:30"), the bot has read
every value out of free text and the customer has seen none of them: a wrong reading would
be booked silently. So the form then shows what it understood and asks for a yes, as the
ticket form always does. The step (`case_confirmed`) is required only while the form has not
asked any question of its own since it started.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import FORM_SLOTS, empty_value, language_of
from actions.forms import asked_for, yes_no_reply, yes_no_validated
from actions.messages import format_slot, label, say
from bot.answers import asks_instead_of_answering
from bot.replies import read_yes_no
from bot.text import normalise

CONFIRM_SLOT = "case_confirmed"


def asked_a_question(tracker: Tracker, form: Text) -> bool:
    """True once `form` has asked for one of its slots (other than the read-back itself) since
    it last started; False while everything it holds came unasked."""
    current = tracker.get_slot("requested_slot")
    if current not in (None, CONFIRM_SLOT):
        return True
    events = tracker.events
    loops = [i for i, event in enumerate(events) if event.get("event") == "active_loop"]
    if not loops or events[loops[-1]].get("name") != form:
        return False  # starting now: an earlier run of the same form does not count
    return any(event.get("event") == "slot" and event.get("name") == "requested_slot"
               and event.get("value") not in (None, CONFIRM_SLOT) for event in events[loops[-1]:])


def with_read_back_if_needed(slots: List[Text], tracker: Tracker, form: Text) -> List[Text]:
    """The form's required slots, without the read-back once the form has asked a question."""
    if CONFIRM_SLOT in slots and asked_a_question(tracker, form):
        return [name for name in slots if name != CONFIRM_SLOT]
    return slots


def value_before_message(tracker: Tracker, slot: Text) -> Any:
    """The slot's value before the customer's latest message (a value the message's entities
    set through the domain's mappings counts as new)."""
    events = tracker.events
    last_user = max((i for i, event in enumerate(events) if event.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return empty_value(slot)


def changed_this_turn(tracker: Tracker, names: Iterable[Text]) -> bool:
    """True when this message replaced one of `names` (a correction)."""
    return any(tracker.get_slot(name) != value_before_message(tracker, name) for name in names)


class ReadBackConfirmation:
    """Mixin for a form's validation action: reads the yes or no to the read-back. A value
    corrected at that step ("mejor a las 12", "no, the e-mail is …") replaces the kept one
    and the summary is shown again; nothing is filed without a yes."""

    read_back_form: Text = ""

    def corrections(self, tracker: Tracker) -> Dict[Text, Any]:
        """Values this message gives anew at the read-back that no other extraction took."""
        return {}

    async def extract_case_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: Dict[Text, Any]) -> Dict[Text, Any]:
        """The yes or no to the summary (see `yes_no_reply`); a correction asks again."""
        if not asked_for(tracker, CONFIRM_SLOT):
            return {}
        corrected = self.corrections(tracker)
        if corrected:
            say(dispatcher, tracker, "value_corrected")
            return {**corrected, CONFIRM_SLOT: None}
        if changed_this_turn(tracker, [name for name in FORM_SLOTS[self.read_back_form] + ["email"]
                                       if name not in (CONFIRM_SLOT, "contract_attempts")]):
            if not dispatcher.messages:  # unless the extraction that took the new value said so
                say(dispatcher, tracker, "value_corrected")
            return {CONFIRM_SLOT: None}
        return yes_no_reply(dispatcher, tracker, CONFIRM_SLOT)

    def validate_case_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: Dict[Text, Any]) -> Dict[Text, Any]:
        """A yes or no only when the words say it: "what happens if I say yes?" is explained."""
        text = tracker.latest_message.get("text") or ""
        if asked_for(tracker, CONFIRM_SLOT) and asks_instead_of_answering(text) and read_yes_no(text) is None:
            say(dispatcher, tracker, f"{self.read_back_form}_confirm_explained")
            return {CONFIRM_SLOT: None}
        return yes_no_validated(value, dispatcher, tracker, CONFIRM_SLOT)


class ActionAskCaseConfirmed(Action):
    """Show what will be booked or filed and ask for a yes."""

    def name(self) -> Text:
        return "action_ask_case_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """The summary of the callback or the SLA case, with yes/no buttons."""
        from actions.callbacks import iso_moment  # the callback form's own reading of its stored slot
        from actions.services import case_service

        language = language_of(tracker)
        if tracker.active_loop_name == "callback_form":
            zone = case_service().calendar.timezone
            moment = iso_moment(str(tracker.get_slot("callback_slot") or ""))
            say(dispatcher, tracker, "confirm_callback", name=tracker.get_slot("requester_name") or "—",
                phone=tracker.get_slot("phone") or "—", timezone=str(zone),
                slot=format_slot(moment.astimezone(zone), language) if moment else "—")
        else:
            say(dispatcher, tracker, "confirm_sla_case", contract_id=tracker.get_slot("contract_id") or "—",
                email=tracker.get_slot("email") or "—",
                priority=label("priority", tracker.get_slot("priority") or "normal", language),
                description=normalise(tracker.get_slot("description"))[:300])
        return []


def declined(tracker: Tracker) -> bool:
    """True when the customer said no to the read-back (nothing is booked or filed)."""
    return tracker.get_slot(CONFIRM_SLOT) is False
