"""What the customer says instead of answering a form: cancel, postpone, wait, switch
language, "we have no contract", "what would you send them?".

The rules in nlu_data/rules/form_interruptions.yml call these when a form rejects a
message with one of those intents; the ones that keep the form running are followed
by the form itself, which asks its question again.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.case_status import STATUS_RETRY
from actions.common import (DONE_SLOT, LEVEL_FORMS, clear_form_slots, clear_offer, form_finished, language_of,
                            latest_intent, latest_text, opening_message)
from actions.messages import label, say
from bot.answers import (about_program_language, asks_to_be_called, asks_to_pass_on, asks_what_a_contract_is, denies_having_a_contract,
                         asks_where_the_contract_number_is, detail_words,
                         gives_consent, is_detailed_problem, is_question, read_case_number, requested_follow_up,
                         question_beside_switch, requested_language,
                         requested_unsupported_language)
from bot.language import DEFAULT_LANGUAGE, detect_language
from bot.replies import declines, defers_for_now, postpones, read_yes_no, says_thats_all, tells_a_problem
from bot.scope import about_other_product, opens_with_other_product
from bot.text import normalise, split_sentences, text_outside_entities
from bot.validation import contract_number_in_reply, normalise_phone, spelled_out_emails

#: A request intent at least this likely is taken as what the data came with…
REQUEST_UNDER_DATA_MIN_CONFIDENCE = 0.1
#: …and no further than this below the top intent ("vale, luego te escribo con el número de
#: serie" is a deferral at 0.8, not a ticket at 0.1).
REQUEST_UNDER_DATA_MAX_GAP = 0.35
LEVEL_OF_INTENT = {"open_ticket": 1, "request_callback": 2, "request_sla_support": 3, "request_vendor_support": 4}
#: Where a request goes when it came with data ("quiero ampliar mi licencia, escribo desde …").
ROUTE_OF_INTENT = {**{intent: LEVEL_FORMS[level] for intent, level in LEVEL_OF_INTENT.items()},
                   "ask_howto": "action_answer_from_kb", "request_human": "action_handoff_to_agent"}
#: Where a message about another company's product goes, whatever form-only intent it read as.
OUT_OF_SCOPE_ACTION = "utter_out_of_scope"
#: Intents that say "here is some data": with a detailed problem beside it, the data came with a request.
DATA_INTENTS = ("inform", "nlu_fallback")
#: Where a deferral with nothing to put off goes ("kb" or "goodbye"), for the rules in routing.yml.
DEFERRAL_ROUTE = "deferral_route"
#: The form that was left, remembered so that a later yes picks it up again.
RESUME_OFFER = "resume"
VENDOR_CONSENT_OFFER = "vendor_consent"
#: Offers a yes or no answers, also when the reply reads as data.
ANSWERABLE_OFFERS = ("ticket", "handoff_ticket", "callback", RESUME_OFFER, VENDOR_CONSENT_OFFER)


def names_a_case(tracker: Tracker) -> bool:
    """True when the latest message names a case ("T-000007", "el caso 4"): a status question;
    right after a lookup found nothing, also a number alone ("sorry, typo - it's 100")."""
    entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
    retrying = tracker.get_slot("pending_offer") == STATUS_RETRY
    return "case_id" in entities or read_case_number(latest_text(tracker), asked=retrying) is not None


def gives_an_email(tracker: Tracker) -> bool:
    """True when the latest message carries an e-mail address, also one spelled out ("ana at x dot com")."""
    return (any(entity.get("entity") == "email" for entity in tracker.latest_message.get("entities") or [])
            or bool(spelled_out_emails(latest_text(tracker))))


def gives_a_phone(tracker: Tracker) -> bool:
    """True when the latest message carries a phone number ("mi número es el 612 34 56 78"),
    whose digits must not be read as a case number."""
    entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
    return "case_id" not in entities and ("phone" in entities or normalise_phone(latest_text(tracker)) is not None)


def left_form(tracker: Tracker) -> Optional[str]:
    """The form that this turn ended (action_deactivate_loop), or None when none was running."""
    if tracker.active_loop_name:
        return tracker.active_loop_name
    ended_this_turn = False
    before_this_turn = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            before_this_turn = True
        elif kind == "active_loop":
            if not before_this_turn:
                ended_this_turn = ended_this_turn or not event.get("name")
                continue
            return event.get("name") if ended_this_turn else None
    return None


class ActionCancelForm(Action):
    """Leave the current form without filing anything and forget its answers."""

    def name(self) -> Text:
        return "action_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Say it is cancelled and clear every form slot; "olvídalo, abrid un ticket y ya" then
        starts what it asks for instead, with the problem carried over."""
        from actions.escalation import follow_up

        events: List[EventType] = clear_offer()
        for form in LEVEL_FORMS.values():
            events += clear_form_slots(form, keep_customer=False)
        events += clear_form_slots("case_status_form") + [SlotSet(DONE_SLOT, None)]
        instead = follow_up(dispatcher, tracker)
        if instead is not None:
            return events + instead
        say(dispatcher, tracker, "form_cancelled")
        return events


class ActionDeferForm(Action):
    """Leave the form for now, keeping what was said, so that a later yes continues it."""

    def name(self) -> Text:
        return "action_defer_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Leave or put off; `deferral_route` is set on every run (the rules read it this turn only)."""
        events = await self.defer(dispatcher, tracker)
        if not any(event.get("event") == "slot" and event.get("name") == DEFERRAL_ROUTE for event in events):
            events = [SlotSet(DEFERRAL_ROUTE, None)] + events
        return events

    async def defer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """Say nothing was created and remember the form (the consent, for a vendor case)."""
        from actions.callbacks import answers_with_a_time
        from actions.escalation import resume_form

        if tracker.get_slot("pending_offer") == VENDOR_CONSENT_OFFER and asks_to_pass_on(latest_text(tracker)):
            return resume_form(tracker, consent=True)  # "ya lo hablé con él, podéis enviarlo"
        declined = declined_offer(tracker)
        if declined:  # "not now, I'll figure it out" to an offered ticket or call: a no, not a "later"
            return declined
        rerouted = out_of_context_route(tracker)
        if rerouted:
            return rerouted
        form = left_form(tracker)
        if form == "callback_form" and answers_with_a_time(tracker):
            # "ok, the day after tomorrow at 3 then" to the time question answers it: back to the form
            return [SlotSet("requested_slot", "callback_slot"), FollowupAction(form)]
        if form == "vendor_case_form" and tracker.get_slot("vendor_consent") is None:
            say(dispatcher, tracker, "vendor_consent_later")
            return [SlotSet("pending_offer", VENDOR_CONSENT_OFFER), SlotSet("offer_context", form)]
        if form is None:
            if not tracker.get_slot("pending_offer") and not tracker.get_slot(DONE_SLOT):
                # nothing to put off (a first message read as defer): only a clear "mañana os digo"
                # is a goodbye; anything else ("te cuento: el escáner…") goes to the knowledge base
                text = latest_text(tracker)
                leaving = defers_for_now(text) or (postpones(text) and not requested_follow_up(text))
                # a problem told beside a "luego / later" is never a goodbye
                leaving = leaving and not is_question(text) and not tells_a_problem(text)
                return [SlotSet(DEFERRAL_ROUTE, "goodbye" if leaving else "kb")]
            say(dispatcher, tracker, "later_is_fine")
            return []
        if latest_intent(tracker)[0] == "goodbye" or says_thats_all(latest_text(tracker)):
            say(dispatcher, tracker, "form_left_goodbye")  # "vale gracias, eso es todo": leaving
        else:
            say(dispatcher, tracker, "form_deferred")
        return [SlotSet("pending_offer", RESUME_OFFER), SlotSet("offer_context", form)]


class ActionForgetDeferralRoute(Action):
    """After the answer or the goodbye a first message read as a deferral gets, the route is
    taken and the slot goes: it is featurized, and a stale "kb" or "goodbye" would weigh on every
    later prediction of the conversation."""

    def name(self) -> Text:
        return "action_forget_deferral_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Clear `deferral_route`; say nothing."""
        return [SlotSet(DEFERRAL_ROUTE, None)] if tracker.get_slot(DEFERRAL_ROUTE) else []


class ActionThanksInForm(Action):
    """Thanks inside a form: "gracias" alone, and the form goes on; "vale gracias, eso es todo"
    leaves it (nothing created, goodbye)."""

    def name(self) -> Text:
        return "action_thanks_in_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Leave the form when the customer says that is all; otherwise say the form goes on."""
        leaving = leave_when_done(tracker)
        if leaving:
            return leaving
        dispatcher.utter_message(response="utter_continue_form")
        return []


def leave_when_done(tracker: Tracker) -> List[EventType]:
    """Inside a form, "ok thanks, that's all" (no answer beside it): the events that leave the
    form and say so with a goodbye (action_defer_form); [] for anything else."""
    from actions.forms import gives_an_answer

    if not tracker.active_loop_name or not says_thats_all(latest_text(tracker)) or gives_an_answer(tracker):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_defer_form")]


class ActionTakeYourTime(Action):
    """"Un momento, lo busco": the form waits; its question is not repeated."""

    def name(self) -> Text:
        return "action_take_your_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Acknowledge and wait for the answer; "espera, ¿dónde está…?" is a question, answered."""
        rerouted = out_of_context_route(tracker)
        if rerouted:
            return rerouted
        if is_question(latest_text(tracker)):
            from actions.kb import ActionAnswerFromKb

            return await ActionAnswerFromKb().run(dispatcher, tracker, domain)
        say(dispatcher, tracker, "take_your_time")
        return []


#: A how-to or question beside a language only reported ("my coworker talks to you in Spanish, but
#: I'd like to know how to…"): the question is what is asked.
_ASKS_SOMETHING = re.compile(r"\bhow\s+(?:do|can|could|to|should|would)\b|\bwhere\s+(?:do|can|is)\b"
                             r"|\bc[oó]mo\s+(?:puedo|podemos|se|hago|hacemos|creo|busco|encuentro|cambio|pongo)\b"
                             r"|\bd[oó]nde\s+(?:est[aá]|puedo|se|veo)\b")


def reports_a_language(text: str) -> bool:
    """True for a message that names a language without asking for it (requested_language found
    none) and asks something else: "My coworker usually talks to you in Spanish, but I'd like to
    know how to find…", "mi jefe os escribe en inglés, ¿cómo le creo un usuario?"."""
    return bool(is_question(text) or _ASKS_SOMETHING.search(text.lower()))


class ActionSwitchLanguage(Action):
    """An explicit request to change language: acknowledged, and followed from now on."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Set the preferred language (from the entity, else from the words) and confirm in it."""
        text = latest_text(tracker)
        requested_now = requested_language(text)
        other = requested_unsupported_language(text) if requested_now is None else None
        if other:
            # "¿podemos seguir en francés?": say which languages we speak, in the one we speak now;
            # nothing changes (a form then asks its question again)
            say(dispatcher, tracker, "languages_we_speak", asked=label("other_language", other, language_of(tracker)))
            return []
        reported = requested_now is None and reports_a_language(text)
        if requested_now is None and (about_program_language(text) or reported):
            # "¿cómo cambio el programa a español?" asks about the program's setting: a how-to,
            # and the chat keeps the language it had (the entity may have set the preference);
            # "my coworker talks to you in Spanish, but how do I…?" only reports a language
            from actions.kb import ActionAnswerFromKb

            kept = [SlotSet("language_preference", preference_before_this_turn(tracker))]
            tracker.slots["language_preference"] = kept[0]["value"]
            written = detect_language(text) if reported else None
            if written in ("es", "en") and not kept[0]["value"]:
                kept.append(SlotSet("language", written))
                tracker.slots["language"] = written
            if tracker.active_loop_name or left_form(tracker):
                return kept + await ActionAnswerFromKb().run(dispatcher, tracker, domain)
            return kept + [FollowupAction("action_answer_from_kb")]
        rerouted = [] if requested_now else out_of_context_route(tracker)
        if rerouted:
            return rerouted
        wanted = tracker.get_slot("language_preference")
        spoken_before = slot_before_this_turn(tracker, "language", DEFAULT_LANGUAGE)
        if requested_now:
            wanted = requested_now
        if wanted not in ("es", "en"):
            from actions.language_slot import message_language

            written = message_language(tracker) or tracker.get_slot("language")
            wanted = "en" if written == "es" else "es"
        events: List[EventType] = [SlotSet("language_preference", wanted), SlotSet("language", wanted)]
        tracker.slots.update({"language_preference": wanted, "language": wanted})
        say(dispatcher, tracker, "language_switched")
        question = question_beside_switch(text)
        if question:
            # "mejor en español: ¿la app sirve también para escanear varias páginas?" is answered too,
            # also inside a form (the rules then run the form, which asks its question again in the
            # new language); only acknowledging the switch left the question unanswered
            if not tracker.active_loop_name:
                # answered by action_answer_from_kb itself, which reads the question beside the
                # switch: the tracker then shows the kb route (CONTRACTS.md section 1)
                return events + [FollowupAction("action_answer_from_kb")]
            from actions.kb import answer_from_kb

            return events + answer_from_kb(dispatcher, tracker, question)
        if not tracker.active_loop_name and wanted != spoken_before:
            # "Can you answer in English?" right after an article: the same answer, now in English
            from actions.kb import retell_answer

            return events + retell_answer(dispatcher, tracker, spoken_before)
        return events


def preference_before_this_turn(tracker: Tracker) -> Optional[str]:
    """The language the customer had asked for before their latest message (None: none)."""
    return slot_before_this_turn(tracker, "language_preference")


def slot_before_this_turn(tracker: Tracker, name: str, default: Optional[str] = None) -> Optional[str]:
    """A slot's value before the customer's latest message (the NLU may have changed it since)."""
    seen_latest_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_user = True
        elif seen_latest_user and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return default


class ActionExplainVendorSharing(Action):
    """"What would you send them?": what the vendor would get, without storing the question."""

    def name(self) -> Text:
        return "action_explain_vendor_sharing"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Explain; the form then asks for consent again."""
        from actions.sla import asks_about_priorities, explain_priorities

        if asks_about_priorities(latest_text(tracker)) and tracker.active_loop_name != "vendor_case_form":
            explain_priorities(dispatcher, tracker)  # "what do the priorities mean?" reads much like it
            return []
        rerouted = out_of_context_route(tracker)
        if rerouted:
            return rerouted
        say(dispatcher, tracker, "vendor_sharing_explained")
        return []


class ActionNoContract(Action):
    """"We have no support contract": the level-3 form ends and a callback is offered instead."""

    def name(self) -> Text:
        return "action_no_contract"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Offer a technician's call, carrying the problem over."""
        rerouted = out_of_context_route(tracker)
        if rerouted:
            return rerouted
        if asks_where_the_contract_number_is(latest_text(tracker)):
            # "no tengo el número a mano, ¿dónde lo encuentro?" has a contract: where the number
            # is, and the form asks for it again
            say(dispatcher, tracker, "contract_number_where")
            return [FollowupAction("sla_case_form")]
        from actions.read_back import value_before_message

        given = contract_given_instead(latest_text(tracker))
        if given and value_before_message(tracker, "requested_slot") == "contract_id":
            # "sí tenemos contrato de soporte, es el 1001" read as "no contract": the number is the
            # answer, and the form checks it (a bare number as SC-…) and goes on
            return [SlotSet("contract_id", given), FollowupAction("sla_case_form")]
        if is_question(latest_text(tracker)) and asks_what_a_contract_is(latest_text(tracker)):
            say(dispatcher, tracker, "contract_explained")  # "¿qué contrato? solo tenemos la licencia"
        return no_contract_events(dispatcher, tracker)


def contract_given_instead(text: Optional[str]) -> Optional[str]:
    """The contract number in a reply read as "no contract" ("sí tenemos contrato de soporte, es el 1001"),
    read as the form reads one in a sentence (a year, a count, an amount, a postcode are not one); None
    when the words deny having a contract ("no tenemos contrato", "caducó, era el 1003")."""
    return None if denies_having_a_contract(text) else contract_number_in_reply(text)


def no_contract_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The contract-less path (the support-levels article: level 3 needs a contract, a
    technician's call is level 2): a call is offered, carrying the problem over."""
    context = tracker.get_slot("description") or opening_message(tracker)
    say(dispatcher, tracker, "no_contract_offer")
    # what the case is about stays (a contract found later picks the form up again);
    # the next form to start clears it
    return ([SlotSet("contract_id", None), SlotSet("contract_attempts", 0)] + form_finished("sla_case_form")
            + [SlotSet("pending_offer", "callback"), SlotSet("offer_context", context)])


#: A reply at least this long inside the callback form tells a story rather than asking for something.
STORY_WORDS = 30


def story_without_a_ticket(text: str) -> bool:
    """True for a long story told at the callback's questions ("pues mira te cuento porque esto
    viene de lejos, … le mandábamos las facturas escaneadas por correo …, así que prefiero que
    alguien me lo explique con calma") that the intent model reads as a ticket request for its
    invoice words: it names no ticket and wishes for no written answer, so the call goes on.
    A short "mejor abridme un ticket" or a story ending "…mejor me lo mandáis por escrito" still moves."""
    from actions.forms import prefers_writing

    return (len(re.findall(r"\w+", text or "")) >= STORY_WORDS and requested_follow_up(text) != "ticket"
            and not prefers_writing(text))


class ActionSwitchLevel(Action):
    """Inside one form the customer asks for another level ("mejor que me llaméis"): start that one."""

    def name(self) -> Text:
        return "action_switch_level"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Start the requested level's form with the problem carried over."""
        from actions.escalation import start_level

        intent = (tracker.latest_message.get("intent") or {}).get("name")
        level = LEVEL_OF_INTENT.get(intent, 1)
        left = left_form(tracker)
        if level == 1 and left == LEVEL_FORMS[2] and story_without_a_ticket(latest_text(tracker)):
            # a long story at the call's questions read as a ticket request: the call goes on
            say(dispatcher, tracker, "story_in_call")
            return [FollowupAction(left)]
        context = tracker.get_slot("description") or opening_message(tracker)
        return start_level(dispatcher, tracker, level, context, announce=False)


class ActionHandleInform(Action):
    """Data given with no question pending: it continues a postponed form, or the bot asks how to help."""

    def name(self) -> Text:
        return "action_handle_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Resume the form the customer postponed; otherwise ask what they need."""
        from actions.escalation import resume_form
        from actions.feedback import take_offered_rating

        rated = take_offered_rating(dispatcher, tracker)
        if rated is not None:  # "4" after "how did we do?", read as data by the NLU
            return rated
        answer = read_yes_no(latest_text(tracker))
        if tracker.get_slot("pending_offer") in ANSWERABLE_OFFERS and answer is not None:
            # "Yes please - call me tomorrow at 11, I'm …" reads as data: a yes with the details
            return [FollowupAction("action_handle_affirm" if answer else "action_handle_deny")]
        if accepts_with_contact(tracker):
            # "mi correo es …" to "¿quieres que abra un ticket?": the address the ticket needs is a yes
            return [FollowupAction("action_handle_affirm")]
        if tracker.get_slot("pending_offer") == RESUME_OFFER:
            return resume_form(tracker)
        if tracker.get_slot("pending_offer") == VENDOR_CONSENT_OFFER and gives_consent(latest_text(tracker)):
            return resume_form(tracker, consent=True)  # "ya lo hablé con él, podéis enviarlo"
        if names_a_case(tracker) and not gives_a_phone(tracker):
            return [FollowupAction("case_status_form")]  # "perdona, es el T-000007, con el mismo correo"
        if tracker.get_slot("pending_offer") == STATUS_RETRY and gives_an_email(tracker):
            return clear_offer() + [FollowupAction("case_status_form")]  # "ah no, el bueno es oscar@…"
        resumed = contract_found_later(tracker)
        if resumed:
            return resumed
        called = call_asked_for(dispatcher, tracker)
        if called:  # "¿me podéis llamar también por eso?" read as data right after a case
            return called
        if just_filed(tracker) and latest_intent(tracker)[0] in DATA_INTENTS:
            # more about the problem right after its case was raised: not a new request
            say(dispatcher, tracker, "details_for_open_case", case_id=tracker.get_slot("case_id"))
            return []
        request = request_under_data(tracker)
        if request:
            return [FollowupAction(request)]
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop_name and requested:  # the form refused it ("<script>…" for an e-mail) and asks again
            say(dispatcher, tracker, "not_understood_in_form", what=label("slot", requested, language_of(tracker)))
            return []
        say(dispatcher, tracker, "how_can_i_help")
        return []


#: The contact detail that answers an offer by giving what its form would ask first.
CONTACT_FOR_OFFER = {"ticket": "email", "handoff_ticket": "email", "callback": "phone"}


def accepts_with_contact(tracker: Tracker) -> bool:
    """True when the customer answers an offered ticket (or call) with the e-mail (or phone)
    it needs and no no: the offer is taken, with that detail."""
    wanted = CONTACT_FOR_OFFER.get(tracker.get_slot("pending_offer"))
    text = latest_text(tracker)
    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    # a message whose last sentence is a question asks about the address ("¿tenéis mi correo … bien
    # escrito?", "¿lo abrís con ana@x.es"); "my email? it's j.smith at acme dot com" answers after
    # echoing the question. Its question marks, not `is_question`: that one also reads an opening
    # "que" or "how" as a question, and "vale, que me lo abráis, ana@x.es" takes the offer
    asks_about_it = any("?" in last or "¿" in last
                        for last in split_sentences(normalise(text), opening_question="spaced")[-1:])
    if (wanted is None or tracker.active_loop_name or declines(text) or postpones(text) or asks_about_it
            or names_a_case(tracker) or "contract_id" in entities):
        return False  # "el T-000007, con el correo …" asks about a case; "…, aunque mejor mañana" waits
    if wanted == "email":
        return gives_an_email(tracker)
    # digits alone may be an order or an invoice: a phone is taken only when called one
    return gives_a_phone(tracker) and bool(_PHONE_CUE.search(text)) and not _DOCUMENT_NUMBER.search(text)


#: Words that say the digits beside them are a phone to call.
_PHONE_CUE = re.compile(r"\b(?:tel[eé]fono|tlf|tfno|m[oó]vil|ll[aá]m\w*|contacto|n[uú]mero|number|phone|mobile|cell|"
                        r"call|ring)\b|\+\d", re.IGNORECASE)
#: Words that say the digits are something else.
_DOCUMENT_NUMBER = re.compile(r"\b(?:factura|pedido|licencia|albar[aá]n|invoice|order|licen[cs]e|serial)\b",
                              re.IGNORECASE)


def declined_offer(tracker: Tracker) -> List[EventType]:
    """A no with its reason ("no hace falta, ya lo miro yo") to an offered ticket or call, whatever
    intent it read as: handled as the no it is (action_handle_deny); [] otherwise."""
    if (tracker.get_slot("pending_offer") in ANSWERABLE_OFFERS and not tracker.active_loop_name
            and declines(latest_text(tracker)) and read_yes_no(latest_text(tracker)) is False):
        return [FollowupAction("action_handle_deny")]
    return []


def call_asked_for(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """"Can someone call me about that as well?" read as data or not understood, with no form
    running: the call it asks for, about what this conversation was about (the case just
    filed, when there is one); [] for any other message."""
    from actions.escalation import current_context, start_level

    if tracker.active_loop_name or not asks_to_be_called(latest_text(tracker)):
        return []
    return start_level(dispatcher, tracker, 2, current_context(tracker), announce=False)


def just_filed(tracker: Tracker) -> bool:
    """True right after a form raised a case (its rating is still asked for)."""
    return (tracker.get_slot("pending_offer") == "rating" and bool(tracker.get_slot("case_id"))
            and bool(tracker.get_slot(DONE_SLOT)))


def contract_found_later(tracker: Tracker) -> List[EventType]:
    """"OK, she says it's SC-1002" after the SLA form was left without a contract (a call was
    offered instead): the SLA form picks up again with what it had and checks the contract.
    [] when the message carries no contract or the SLA form was not the last one left."""
    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    left_sla = tracker.get_slot(DONE_SLOT) == "sla_case_form"
    if "contract_id" not in entities or not (left_sla or tracker.get_slot("pending_offer") == "callback"):
        return []
    events: List[EventType] = clear_offer() + [SlotSet(DONE_SLOT, None)]
    if not tracker.get_slot("description") and tracker.get_slot("offer_context"):
        events.append(SlotSet("description", tracker.get_slot("offer_context")))
    return events + [FollowupAction("sla_case_form")]


def text_without_entities(tracker: Tracker) -> str:
    """The latest message with the extracted values (e-mail, phone, case number) cut out."""
    return text_outside_entities(latest_text(tracker), tracker.latest_message.get("entities") or [])


def ticket_topic_without_call(text: str) -> bool:
    """True for a message about a ticket's topic (an invoice, a licence, an update) that does
    not ask to be called: level 1, whatever the classifier's second guess says."""
    from actions.tickets import category_from_text

    return category_from_text(text) not in (None, "other") and requested_follow_up(text) != "callback"


def out_of_context_route(tracker: Tracker) -> List[EventType]:
    """A follow-up to the request a form-only intent stood for, when no form or offer is running.

    "how to get back a file I deleted by mistake" can read as "get back to you later"
    (defer); with no form to postpone it is a question, and the ranking still says which.
    Returns [] when the message belongs where it was classified.
    """
    if tracker.active_loop_name or left_form(tracker) or tracker.get_slot("pending_offer"):
        return []
    text = latest_text(tracker)
    if postpones(text) and not requested_follow_up(text) and not is_question(text) and not tells_a_problem(text):
        return []  # "no thanks, I'll try later": putting off asks for nothing (its 0.18 "call me" started a call)
    route = request_under_data(tracker)
    return [FollowupAction(route)] if route else []


def request_under_data(tracker: Tracker) -> Optional[str]:
    """The route of a request that came together with data, or None for data alone.

    "Quiero ampliar mi licencia de 3 a 6 puestos, escribo desde compras@…" reads as data
    (inform) because of the address; what is left around it still asks for a ticket.
    """
    words = text_without_entities(tracker)
    if detail_words(words) < 3:
        return None
    if about_other_product(words) or opens_with_other_product(words):
        # "¿A qué hora cierran las oficinas del Santander?" read as data: it is no request of ours
        return OUT_OF_SCOPE_ACTION
    problem = is_detailed_problem(words) and not is_question(words)
    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    if "contract_id" in entities and problem:
        return LEVEL_FORMS[3]  # a problem told with the support contract's number: an SLA case
    if requested_follow_up(words) == "callback" and not ticket_topic_without_call(latest_text(tracker)):
        return LEVEL_FORMS[2]  # "…Norton bloquea PaperOffice, ¿me llamáis mañana?": the words ask for the call
    ranking = tracker.latest_message.get("intent_ranking") or []
    top = max((candidate.get("confidence") or 0.0 for candidate in ranking), default=0.0)
    minimum = max(REQUEST_UNDER_DATA_MIN_CONFIDENCE, top - REQUEST_UNDER_DATA_MAX_GAP)
    for candidate in ranking:
        route = ROUTE_OF_INTENT.get(candidate.get("name"))
        if route and (candidate.get("confidence") or 0.0) >= minimum:
            if route == LEVEL_FORMS[2] and ticket_topic_without_call(latest_text(tracker)):
                return LEVEL_FORMS[1]  # "el recibo vino con 45 € de más, mi email es …" is not a call
            return route
    if is_detailed_problem(words) and not is_question(words) and tracker.latest_message.get("intent", {}).get(
            "name") in DATA_INTENTS:
        # a problem told in detail with the customer's address, no level clearly named: a ticket
        # (the lowest level that a person handles); "…, pone 16% y debería ser 21%. mi mail es …"
        return LEVEL_FORMS[1]
    return None


SMALL_TALK = "small_talk"


class ActionSmallTalk(Action):
    """Small talk outside a form ("¿eres un robot?", "what's your name?"): it is answered as such,
    through utter_out_of_scope so that the reply shows a contract route; this sets the slot
    that picks the small-talk wording for that one reply."""

    def name(self) -> Text:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Set `small_talk` to the reply's language; say nothing (utter_out_of_scope follows)."""
        return [SlotSet(SMALL_TALK, language_of(tracker))]


class ActionForgetSmallTalk(Action):
    """After the small-talk reply: utter_out_of_scope goes back to its usual wording."""

    def name(self) -> Text:
        return "action_forget_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Clear `small_talk`; say nothing."""
        return [SlotSet(SMALL_TALK, None)]
