"""Moving up a level ("no me sirvió") and answering yes/no to what the bot offered.

The bot remembers what it last offered in the `pending_offer` slot:
    kb_feedback     an article was shown with "¿Te sirvió?"
    ticket          a ticket was offered (no article, repeated misunderstanding)
    handoff_ticket  no agent was online; a ticket with the transcript was offered
    callback        no valid contract; a callback was offered instead
    resume          the customer postponed a form (`offer_context` names it)
    vendor_consent  the customer postponed consenting to a vendor hand-over
    withdraw_case   a cancellation with no form running offered to cancel the case opened here
and `offer_context` holds the text to carry into the case (or the form to resume).
A yes or no that also asks for something ("sí, pero ábreme un ticket") does what it asks.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.case_withdrawal import WITHDRAW_OFFER, answer_withdraw_offer
from actions.common import (LEVEL_FORMS, actions_since_user, clear_form_slots, clear_offer, language_of, latest_intent,
                            latest_text, recent_problem)
from actions.feedback import offer_rating
from actions.interruptions import RESUME_OFFER, VENDOR_CONSENT_OFFER, contract_found_later, names_a_case
from actions.kb import answer_from_kb, kb_context, offer_next_article, refined_article
from actions.messages import MESSAGES, label, say
from bot.answers import (asks_to_pass_on, gives_consent, is_detailed_problem, is_question, opens_with_yes,
                         question_after_answer, requested_follow_up, words_of)
from bot.replies import read_yes_no

HANDOFF_LEVEL = 5
VENDOR_LEVEL = 4
FOLLOW_UP_LEVELS = {"ticket": 1, "callback": 2}


def start_level(dispatcher: CollectingDispatcher, tracker: Tracker, level: int, context: str,
                announce: bool = True) -> List[EventType]:
    """Start the form of `level` (or the hand-off past level 4) with `context` carried over."""
    if announce:
        say(dispatcher, tracker, "escalate", level_name=label("level", level, language_of(tracker)))
    events: List[EventType] = clear_offer()
    if level >= HANDOFF_LEVEL:
        return events + [FollowupAction("action_handoff_to_agent")]
    form = LEVEL_FORMS[level]
    events += clear_form_slots(form)
    if form == "callback_form":
        events += callback_details(tracker)
    if context and form != "callback_form":
        events.append(SlotSet("description", context))
    elif context:
        events.append(SlotSet("offer_context", context))
    return events + [SlotSet("support_level", level), FollowupAction(form)]


def callback_details(tracker: Tracker) -> List[EventType]:
    """The name, number and time the message that accepts a call gives with it ("yes, a
    callback then. I'm Tom Rivera, +1 415 555 0134"), set before the form starts: a form
    started by an action is only validated on what is already filled, so the form reads them."""
    from actions.callbacks import time_in_request
    from bot.answers import read_person_name
    from bot.validation import normalise_phone

    text = latest_text(tracker)
    numbers = [str(entity.get("value") or "") for entity in tracker.latest_message.get("entities") or []
               if entity.get("entity") == "phone"]
    found = {"requester_name": read_person_name(text),
             "phone": next(filter(None, map(normalise_phone, numbers + [text])), None),
             "callback_slot": time_in_request(tracker)}
    return [SlotSet(name, value) for name, value in found.items() if value]


#: The reply part of "That didn't help. The updater freezes at 80%": up to the first break.
_REPLY_BREAK = re.compile(r"[.,;:!?]|\s(?:pero|but|porque|because|ya que|since)\s", re.IGNORECASE)


def problem_told_after_reply(text: str) -> Optional[str]:
    """What a "no, it did not help" goes on to tell about the problem, when it tells it in
    detail ("That didn't help. The updater freezes at 80% and then nothing happens"); None
    for a bare no ("no me ha servido, sigue igual")."""
    found = _REPLY_BREAK.search(text)
    rest = text[found.end():].strip(" .,;:!?") if found else ""
    return rest if rest and is_detailed_problem(rest) and not is_question(rest) else None


#: Words a context must have beyond the ones that only say it still fails ("es que están en red").
MIN_CONTEXT_WORDS = 2
#: Words that only say it still fails ("sigue igual, no funciona", "it still doesn't work at all").
STILL_FAILING_WORDS = frozenset("""
sigue sigo seguimos igual funciona funcionar va nada tampoco no ni me nos ha han he servido sirve sirvio ayudado
el la lo los las mismo misma problema error pasa ocurre sin cambios cambia cambiado verdad pues es que de y con
still same it its it's the work works working doesn't does not didn't did nothing at all help helped changed change
problem error happens i me my is and with no nope either neither too
entiendo entendi understand understood get lo miro mirare luego despues later look check ya already tried probado
intentado todo eso all that this articulo article wrong equivocado gracias thanks thank you ok vale bueno
""".split())


def context_told_after_reply(text: str) -> Optional[str]:
    """What a "no, it did not help" adds about the situation without telling a fault ("tampoco. Es
    que los dos equipos están en red", "no. I'm on a Mac"): something to search with; None for a bare
    no or a question (a question is answered as one)."""
    found = _REPLY_BREAK.search(text)
    rest = text[found.end():].strip() if found else ""
    if not rest or is_question(rest):  # "me lo explicas más fácil?" asks; it adds nothing to search with
        return None
    rest = rest.strip(" .,;:!")
    telling = [word for word in words_of(rest) if word not in STILL_FAILING_WORDS]
    return rest if len(telling) >= MIN_CONTEXT_WORDS else None


def kb_not_helpful(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """An article did not help: the next best one once, then the offer of a ticket with what was tried.
    When the customer tells what goes wrong, that is a problem for a person: a ticket at once,
    with the details and the articles tried."""
    details = problem_told_after_reply(latest_text(tracker))
    if details:
        return start_level(dispatcher, tracker, 1, f"{details}\n{kb_context(tracker)}")
    context = context_told_after_reply(latest_text(tracker))
    refined = refined_article(dispatcher, tracker, context) if context else None
    if refined is not None:  # "tampoco. Es que los dos equipos están en red": searched again with it
        return refined
    shown = offer_next_article(dispatcher, tracker)
    if shown is not None:
        return shown
    return offer_kb_ticket(dispatcher, tracker)


def unhelped_after_no_article(tracker: Tracker) -> bool:
    """True for "tampoco" / "no me ha servido" with nothing offered any more, when the latest
    question found no article: the customer still has no answer (a first "no" declined the
    ticket offered beside "no article", or was meant for the article they expected). Outside a
    form only; an article that was shown is handled by its own "¿Te sirvió?"."""
    from bot.replies import not_helped

    return (not tracker.active_loop_name and not tracker.get_slot("pending_offer")
            and bool(tracker.get_slot("kb_query")) and not tracker.get_slot("kb_article_id")
            and float(tracker.get_slot("support_level") or 0) == 0 and not_helped(latest_text(tracker)))


def offer_kb_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """No article helped: a ticket with the question and the articles tried is offered, not
    opened. A customer who only wanted to look something up may not want a case at all; a yes
    opens it (`ticket` offer), a no leaves nothing behind."""
    say(dispatcher, tracker, "kb_ticket_offer" if tracker.get_slot("kb_tried") else "kb_ticket_offer_no_article")
    return [SlotSet("pending_offer", "ticket"), SlotSet("offer_context", kb_context(tracker))]


def answered_and_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """A reply to "did it help?" (or to the ticket offered when no article answered) that asks
    something new in the same message ("sí, me sirvió. Y otra cosa, ¿cómo le doy permisos?"): the
    yes to the article is acknowledged and the new question is answered; None when there is no
    such question."""
    text = latest_text(tracker)
    question = question_after_answer(text)
    offer = tracker.get_slot("pending_offer")
    if offer not in ("kb_feedback", "ticket") or question is None or requested_follow_up(text):
        return None
    if offer == "kb_feedback" and opens_with_yes(text) and "utter_you_are_welcome" not in actions_since_user(tracker):
        # after the thanks route's "¡De nada!" a "me alegro" too would answer the thanks twice
        say(dispatcher, tracker, "glad_it_helped")
    # after "no article; shall I open a ticket?", "vale, y ¿cómo la activo?" asks anew: answered
    return answer_from_kb(dispatcher, tracker, question)


def current_context(tracker: Tracker) -> str:
    """What the customer's problem is, from the slots or their last messages."""
    return (tracker.get_slot("description") or tracker.get_slot("offer_context")
            or (kb_context(tracker) if tracker.get_slot("kb_query") else "") or recent_problem(tracker))


def follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Do what a yes/no also asked for ("…pero ábreme un ticket"); None when it asked nothing."""
    wanted = requested_follow_up(latest_text(tracker))
    if wanted is None:
        return None
    context = tracker.get_slot("offer_context") or current_context(tracker)
    if tracker.get_slot("pending_offer") == "kb_feedback":
        context = kb_context(tracker)
    if wanted == "human":
        return clear_offer() + [FollowupAction("action_handoff_to_agent")]
    return start_level(dispatcher, tracker, FOLLOW_UP_LEVELS[wanted], context, announce=False)


def resume_form(tracker: Tracker, consent: bool = False) -> List[EventType]:
    """Pick a postponed form up again where it was left."""
    form = tracker.get_slot("offer_context")
    events: List[EventType] = clear_offer()
    if consent:
        events.append(SlotSet("vendor_consent", True))
    return events + [FollowupAction(form)] if form else events


class ActionEscalate(Action):
    """Move one support level up, carrying over what the customer already said."""

    def name(self) -> Text:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Next article after a KB answer, else the form of the next level."""
        from actions.case_status import after_failed_lookup

        explained = after_failed_lookup(dispatcher, tracker)
        if explained is not None:  # "¿y no me puedes decir nada?" after a lookup found nothing
            return explained
        asked = answered_and_asked(dispatcher, tracker)
        if asked is not None:
            return asked
        if tracker.get_slot("pending_offer") == "kb_feedback":
            return kb_not_helpful(dispatcher, tracker)
        level = tracker.get_slot("support_level")
        level = int(level) if isinstance(level, (int, float)) else 0
        if (level == 0 and not tracker.active_loop_name and tracker.get_slot("kb_tried")
                and not problem_told_after_reply(latest_text(tracker))):
            # "that didn't help either" after the articles and a declined ticket: the ticket is offered
            # again, not opened on the customer's behalf
            return offer_kb_ticket(dispatcher, tracker)
        context = current_context(tracker)
        target = min(level + 1, HANDOFF_LEVEL)
        if target == VENDOR_LEVEL and not third_party_named(tracker, context):
            target = HANDOFF_LEVEL  # level 4 is for someone else's product; with none named, a person takes it
        return start_level(dispatcher, tracker, target, context)


def third_party_named(tracker: Tracker, context: str) -> bool:
    """True when the conversation names a product we do not maintain (a NAS, an external database
    server, a Terminal Server): only then can a case go to a vendor (level 4)."""
    from actions.vendor import named_products, names_third_party

    return bool(tracker.get_slot("vendor")) or bool(named_products(tracker)) or names_third_party(context)


class ActionHandleAffirm(Action):
    """Carry out what the bot offered when the customer says yes."""

    def name(self) -> Text:
        return "action_handle_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Open the offered ticket or callback, resume a postponed form, or acknowledge an article that helped."""
        resumed = contract_found_later(tracker)
        if resumed:  # "ah, yes, we do have one: SC-1002" after the call offered for want of a contract
            return resumed
        requested = follow_up(dispatcher, tracker) or answered_and_asked(dispatcher, tracker)
        if requested is not None:
            return requested
        offer: Optional[str] = tracker.get_slot("pending_offer")
        context = tracker.get_slot("offer_context") or ""
        if latest_intent(tracker)[0] == "thank":
            welcomed = "utter_you_are_welcome" in actions_since_user(tracker)
            if offer == "kb_feedback":  # thanks for the article: it helped, and the rating follows once
                if not welcomed:
                    say(dispatcher, tracker, "glad_it_helped")
                return offer_rating(dispatcher, tracker, "kb", 0)
            if welcomed:  # the rules answered the thanks already ("de nada"): nothing was agreed to
                return clear_offer()
            if not opens_with_yes(latest_text(tracker)):
                return clear_offer() + [FollowupAction("utter_you_are_welcome")]  # thanks is not a yes to an offer
        if offer == "kb_feedback" and context == "vendor_case_form" and asks_to_pass_on(latest_text(tracker)):
            return resume_form(tracker, consent=True)  # "pásaselo": the consent postponed before the question
        if offer == "kb_feedback":
            say(dispatcher, tracker, "glad_it_helped")
            return offer_rating(dispatcher, tracker, "kb", 0)
        if offer == "handoff_ticket":
            from actions.handoff import handoff_problem

            if not handoff_problem(context):  # only a person was asked for: the form asks the topic and the problem
                return start_level(dispatcher, tracker, 1, "", announce=False)
        if offer in ("ticket", "handoff_ticket"):
            events = start_level(dispatcher, tracker, 1, context or current_context(tracker), announce=False)
            if offer == "handoff_ticket":  # the topic of the problem told with the request for a person, if any
                from actions.tickets import category_from_text

                events.insert(-1, SlotSet("ticket_category", category_from_text(context) or "other"))
            return events
        if offer == "callback":
            # inside the SLA form, a yes to the call its refused contract offered leaves that form
            left = ([ActiveLoop(None), SlotSet("requested_slot", None)]
                    if tracker.active_loop_name == "sla_case_form" else [])
            return left + start_level(dispatcher, tracker, 2, context, announce=False)
        if offer == VENDOR_CONSENT_OFFER:
            # consent must be unambiguous: "ya lo consulté con mi jefe y prefiere que no" read as a yes
            # resumes the form, which asks for the consent again
            text = latest_text(tracker)
            clear = text.startswith("/affirm") or (gives_consent(text) and read_yes_no(text) is not False)
            return resume_form(tracker, consent=clear)
        if offer == RESUME_OFFER:
            return resume_form(tracker)
        if offer == WITHDRAW_OFFER:
            return answer_withdraw_offer(dispatcher, tracker, agreed=True)
        if names_a_case(tracker):  # "sí, es el T-000007 con mi correo…"
            return [FollowupAction("case_status_form")]
        question = question_after_answer(latest_text(tracker))
        if question and not offer and not tracker.active_loop_name:
            # "vale, y cómo la activo?" with nothing offered: the question, with what was asked before
            return answer_from_kb(dispatcher, tracker, question)
        if not tracker.active_loop_name:  # inside a form, its question comes again: enough
            say(dispatcher, tracker, "how_can_i_help")
        return []


class ActionHandleDeny(Action):
    """Respect a no: next article after an unhelpful one, otherwise drop the offer."""

    def name(self) -> Text:
        return "action_handle_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Handle "no" to the pending offer, or "no, but…" to what it asks instead."""
        resumed = contract_found_later(tracker)
        if resumed:  # "no wait, we do have a contract: SC-1002"
            return resumed
        requested = follow_up(dispatcher, tracker) or answered_and_asked(dispatcher, tracker)
        if requested is not None:
            return requested
        offer = tracker.get_slot("pending_offer")
        if offer == "kb_feedback":
            return kb_not_helpful(dispatcher, tracker)
        if offer == "callback" and tracker.active_loop_name == "sla_case_form":
            # "No thanks" to the call a refused contract offered: nothing is filed, the form ends
            say(dispatcher, tracker, "form_cancelled")
            return (clear_offer() + clear_form_slots("sla_case_form", keep_customer=False)
                    + [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_listen")])
        if offer == WITHDRAW_OFFER:
            return answer_withdraw_offer(dispatcher, tracker, agreed=False)
        if offer == VENDOR_CONSENT_OFFER:
            say(dispatcher, tracker, "vendor_declined")
            return clear_offer() + clear_form_slots("vendor_case_form")
        if offer in ("ticket", "handoff_ticket"):  # "no hace falta": nothing is opened, and it says so
            say(dispatcher, tracker, "ticket_offer_declined")
            return clear_offer()
        if offer == "callback":  # "no, ya llamaré yo": no call is booked, and it says so
            say(dispatcher, tracker, "call_offer_declined")
            return clear_offer()
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop_name and requested and not offer:
            # "no, no es eso" to a form's question for a value: nothing was offered, so no "anything
            # else?" (it read as the end while the form asked again); why it is asked, and the form asks
            if f"help_{requested}" in MESSAGES:
                say(dispatcher, tracker, f"help_{requested}")
            return []
        if unhelped_after_no_article(tracker):  # "tampoco" after "no article" and a no to its ticket
            return offer_kb_ticket(dispatcher, tracker)
        say(dispatcher, tracker, "offer_declined")
        return clear_offer()
