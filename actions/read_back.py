"""The read-back before a callback is booked or an SLA case is filed.

Nothing is booked or filed without a yes (tests/conversations/README.md): like the ticket
form, the callback and SLA forms always end with a summary of what they collected (name,
phone and time; contract, e-mail, priority and description) and the step `case_confirmed`,
the last of their required slots in domain.yml. A yes books or files; a value corrected at
that step replaces the kept one and the summary is shown again; a no creates nothing.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import FORM_SLOTS, empty_value, language_of
from actions.forms import asked_for, corrects, sla_description, yes_no_reply, yes_no_validated
from actions.messages import format_slot, label, say, zone_city
from bot.answers import asks_instead_of_answering, is_detailed_problem, is_question, problem_part, words_of
from bot.replies import read_yes_no
from bot.text import normalise

CONFIRM_SLOT = "case_confirmed"


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


def added_detail(tracker: Tracker, form: Text) -> str:
    """The description with what this message adds to it, when the read-back of a form with a
    description gets neither a yes nor a no but more of the problem ("ya lo he dicho, se corrompe la
    base de datos cada semana desde la actualización"): it was answered "not a yes or a no" and the
    detail was lost. "" otherwise (a question, a correction, a yes or no, nothing new)."""
    text = normalise(tracker.latest_message.get("text") or "")
    kept = tracker.get_slot("description") or ""
    if "description" not in FORM_SLOTS.get(form, []) or not kept or read_yes_no(text) is not None \
            or is_question(text) or asks_instead_of_answering(text) or corrects(text) \
            or (tracker.latest_message.get("intent") or {}).get("name") in ("chitchat", "out_of_scope"):
        return ""  # a correction ("make it high not critical") is read by the form's own corrections
    told = problem_part(text)
    if not is_detailed_problem(told):
        return ""
    known = set(words_of(kept))
    if all(word in known for word in words_of(told)):
        return ""  # told again, nothing new
    return f"{kept.rstrip(' .')}. {told[0].upper()}{told[1:]}"


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
        added = added_detail(tracker, self.read_back_form)
        if added:  # "ya lo he dicho, se corrompe la base de datos cada semana desde la actualización"
            say(dispatcher, tracker, "description_added")
            return {"description": added, CONFIRM_SLOT: None}
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
                phone=tracker.get_slot("phone") or "—", timezone=zone_city(zone),
                slot=format_slot(moment.astimezone(zone), language) if moment else "—")
        else:
            say(dispatcher, tracker, "confirm_sla_case", contract_id=tracker.get_slot("contract_id") or "—",
                email=tracker.get_slot("email") or "—",
                priority=label("priority", tracker.get_slot("priority") or "normal", language),
                description=sla_description(tracker)[:300])
        return []


def declined(tracker: Tracker) -> bool:
    """True when the customer said no to the read-back (nothing is booked or filed)."""
    return tracker.get_slot(CONFIRM_SLOT) is False
