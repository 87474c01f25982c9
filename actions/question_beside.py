"""A form's answer with a question beside it: the value is taken and the question answered.

"it's accounts@northwind.co.uk, and btw can I get the invoice as PDF?" at the e-mail question
used to keep the address and drop the question. Here the message is cut in two
(bot/question_clause.py): the form validates the answer alone, as if the question had not
been asked, and when that gives it a value the question clause is answered by the forms'
side-question machinery (a KB answer, next steps, prices or "not ours"); the form then asks
its next question as usual. When the answer alone gives the form nothing, the whole message
is handled as before (a question asked instead of an answer is answered there).
"""

from __future__ import annotations

import re
from typing import Awaitable, Callable, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import FORM_SLOTS, latest_intent
from actions.forms import ABOUT_THE_REQUEST, YES_NO_SLOTS, activating, answer_side_question, value_before_this_message
from bot.answers import (asks_for_a_person, asks_what_a_contract_is, asks_where_the_contract_number_is,
                         requested_follow_up, requested_language)
from bot.hostile import is_hostile_request
from bot.question_clause import ANNOUNCED_ASIDE, Split, question_beside_answer, with_reservation
from bot.replies import read_yes_no
from bot.text import strip_accents

Validate = Callable[[CollectingDispatcher, Tracker, DomainDict], Awaitable[List[EventType]]]
#: Slots filled from an entity of the same name by the domain's mappings.
ENTITY_SLOTS = frozenset({"email", "phone", "contract_id", "case_id", "ticket_category", "priority", "vendor", "edition",
                          "language"})
#: Slots whose new value says the form took an answer (the bookkeeping ones do not).
NOT_ANSWERS = frozenset({"requested_slot", "callback_time", "contract_attempts", "language", "language_preference"})
#: Words of the thing a step asks for: a question naming it beside the answer is about that very
#: answer ("Luis Gómez, ¿necesitáis también el segundo apellido?"), which the step already covers.
STEP_SUBJECT = {
    "requester_name": re.compile(r"\b(?:nombre|apellidos?|name|surname)\b"),
    "phone": re.compile(r"\b(?:prefijo|prefix|numero|number|movil|mobile|fijo|landline|telefono|phone)\b"),
    "email": re.compile(r"\b(?:correo|e-?mail|mail|direccion|address)\b"),
    "callback_slot": re.compile(r"\b(?:hora|time|franja|slot|hueco|dia|day)\b"),
}
#: The KB's "back to your request" line: left out when a yes or no ends the step anyway.
CONTINUE_FORM = "utter_continue_form"


def question_for_elsewhere(tracker: Tracker, split: Split, requested: Text) -> bool:
    """True when the question clause is one the form or the rules already handle by what it
    means: a person, a ticket or a call asked for, another language, the step's own question
    (the priorities, where the contract number is, what a contract is, what is passed on)."""
    from actions.sla import asks_about_priorities

    question = split.question
    intent, _ = latest_intent(tracker)
    return bool(requested_follow_up(question) or asks_for_a_person(question) or requested_language(question)
                or is_hostile_request(tracker.latest_message.get("text") or "")
                or (requested == "priority" and asks_about_priorities(question, priority_asked=True))
                or (requested == "contract_id" and (asks_where_the_contract_number_is(question)
                                                     or asks_what_a_contract_is(question)))
                or (requested == "vendor_consent" and intent == "ask_what_shared"))


def about_the_answer(split: Split, requested: Text) -> bool:
    """True for a question about the very thing just given ("Luis Gómez, ¿necesitáis también el
    segundo apellido?", "ana@x.es. ¿para qué queréis el correo?"): the value is taken and the
    form moves on, which answers it; it is no question for the knowledge base."""
    subject = STEP_SUBJECT.get(requested)
    folded = strip_accents(split.question.lower())
    return subject is not None and bool(subject.search(folded)) and not ABOUT_THE_REQUEST.search(folded)


def answer_the_question(dispatcher: CollectingDispatcher, tracker: Tracker, split: Split,
                        form: Text) -> List[EventType]:
    """Answer the question clause: what each priority means when the SLA form asks for it next
    ("it@gestoria.es, ¿qué diferencia hay entre alta y crítica?"), else as any side question."""
    from actions.sla import asks_about_priorities, explain_priorities

    if form == "sla_case_form" and asks_about_priorities(split.question):
        explain_priorities(dispatcher, tracker)
        return []
    return answer_side_question(dispatcher, tracker, split.question)


def answer_only(tracker: Tracker, split: Split) -> Tracker:
    """A copy of the tracker whose latest message is the answer alone: the question's words and
    the entities found in them (and the slots those entities set this turn) are left out."""
    trial = tracker.copy()
    message = trial.latest_message
    entities = message.get("entities") or []
    outside = [entity for entity in entities
               if not (split.start <= int(entity.get("start", -1)) < split.end)]
    message["entities"] = outside
    message["text"] = split.answer
    kept = {entity.get("entity") for entity in outside}
    for event in reversed(trial.events):
        if event.get("event") != "slot":
            break  # the slot candidates the form appended for this message
        name = event.get("name")
        if name in ENTITY_SLOTS and name not in kept and any(e.get("entity") == name for e in entities):
            event["value"] = value_before_this_message(tracker, name)
            trial.slots[name] = event["value"]
    return trial


def reverted_slots(tracker: Tracker, trial: Tracker) -> List[EventType]:
    """SlotSet events putting back what the question's own entities set through the mappings."""
    return [SlotSet(name, trial.slots.get(name)) for name in ENTITY_SLOTS
            if name in tracker.slots and trial.slots.get(name) != tracker.slots.get(name)]


def took_a_value(events: List[EventType], tracker: Tracker, form: Text) -> bool:
    """True when validating the answer alone set one of the form's slots to a new value."""
    wanted = set(FORM_SLOTS.get(form, [])) | {"email"}
    return any(event.get("event") == "slot" and event.get("name") in wanted - NOT_ANSWERS
               and event.get("value") is not None
               and event.get("value") != value_before_this_message(tracker, event.get("name"))
               for event in events)


def description_taken(events: List[EventType], tracker: Tracker) -> bool:
    """True when this message set the problem's description."""
    return any(event.get("name") == "description" and event.get("value")
               and event.get("value") != value_before_this_message(tracker, "description") for event in events)


async def answer_with_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                               form: Text, validate: Validate) -> Optional[List[EventType]]:
    """The events of taking the answer and answering the question beside it, or None when the
    message is not an answer with a separate question of its own (it is then handled whole)."""
    requested = tracker.get_slot("requested_slot")
    if not requested or activating(tracker):
        return None
    split = question_beside_answer(tracker.latest_message.get("text"))
    if split is None or question_for_elsewhere(tracker, split, requested):
        return None
    aside = bool(ANNOUNCED_ASIDE.match(strip_accents(split.question)))
    if requested == "description" and not aside:
        return None  # "no me deja exportar, ¿qué hago?": the question is part of the problem
    if requested in YES_NO_SLOTS and (read_yes_no(split.answer) is not True
                                      or with_reservation(tracker.latest_message.get("text") or "", split)):
        # "vale, ¿y qué pasa después?" says no yes, "no. ¿puedo cambiar la hora?" may want a change and
        # "sí, pero ¿…?" has a reservation: the question is answered and the step asked again, as before
        return None
    trial = answer_only(tracker, split)
    said = CollectingDispatcher()
    events = await validate(said, trial, domain)
    if not took_a_value(events, tracker, form):
        return None
    if description_taken(events, tracker) and requested != "description" and not aside:
        return None  # a problem told unasked with its question ("…no exporta, ¿sabéis por qué?") stays whole
    dispatcher.messages.extend(said.messages)
    before = len(dispatcher.messages)
    answered = [] if about_the_answer(split, requested) else answer_the_question(dispatcher, tracker, split, form)
    if requested in YES_NO_SLOTS:  # the step is over: no "let's continue" before what follows
        dispatcher.messages[before:] = [message for message in dispatcher.messages[before:]
                                        if message.get("response") != CONTINUE_FORM]
    return events + reverted_slots(tracker, trial) + answered
