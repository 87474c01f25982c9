"""Low NLU confidence, or a message no rule handles.

Outside a form: ask to rephrase once (two likeliest intents as buttons), then hand over
to a person (with nobody online, that is a ticket offer). Inside a form: say the message was not understood as what the form
asked for and hand back to the form, which asks again (FollowupAction: without it the
rejected form would not be predicted again and the fallback would repeat until Rasa's
action limit). The count is read from the conversation, never stored, so it cannot get
stuck, and the bot never asks to rephrase twice in a row.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import actions_since_user, language_of
from actions.feedback import take_offered_rating, take_rating_comment
from actions.messages import LABELS, label, say
from bot.answers import gives_consent, is_question
from bot.replies import not_helped
from bot.text import has_words

FALLBACK_ACTION = "action_default_fallback"


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many user turns in a row, this one included, ended in this fallback."""
    count = 1
    turn_fell_back = False
    handed_off = False
    seen_current_user_turn = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == FALLBACK_ACTION:
            turn_fell_back = True
        elif kind == "action" and event.get("name") == "action_handoff_to_agent":
            handed_off = True  # the rule "a second misunderstanding in a row" runs the hand-off in its place
        elif kind == "user":
            misread = ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "nlu_fallback"
            turn_fell_back = turn_fell_back or (handed_off and misread)
            handed_off = False
            if not seen_current_user_turn:
                seen_current_user_turn = True
                turn_fell_back = False
                continue
            if not turn_fell_back:
                break
            count += 1
            turn_fell_back = False
    return count


def replied_this_turn(tracker: Tracker) -> bool:
    """True when the bot has already said something since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def likeliest_intents(tracker: Tracker, how_many: int = 2) -> List[str]:
    """The best-ranked intents that make sense as a button."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    offered = LABELS["intent"]["es"]
    return [item["name"] for item in ranking if item.get("name") in offered][:how_many]


def request_with_contact(tracker: Tracker) -> Optional[str]:
    """Where a message goes that gives an e-mail, phone or contract beside a request the classifier was
    unsure of; None for anything else (those are asked to rephrase)."""
    from actions.interruptions import request_under_data

    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    if not entities & {"email", "phone", "contract_id"} or tracker.get_slot("pending_offer"):
        return None
    return request_under_data(tracker)


#: Words that pick a postponed request up again ("sigamos", "let's carry on", "where were we").
GO_ON = re.compile(r"\b(?:sigamos|seguimos|continuamos|continuemos|retomamos|retomemos|sigo|contin[uú]o|donde lo dejamos"
                   r"|let'?s (?:continue|carry on|go on|resume|pick (?:it|this) up)|carry on|go on|where were we"
                   r"|pick (?:it|this) up|resume|back to (?:it|my request|the ticket))\b", re.IGNORECASE)


def goes_on(tracker: Tracker) -> bool:
    """True for a message that picks up a postponed form: it says so, says yes, or gives a value it asks for."""
    from actions.forms import gives_an_answer
    from actions.common import latest_text
    from bot.replies import read_yes_no

    text = latest_text(tracker)
    return bool(GO_ON.search(text)) or read_yes_no(text) is True or (gives_an_answer(tracker) and not is_question(text))


def understood_after_all(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """What a message the classifier was unsure of still says in its context, handled as such: a
    no with its reason to an offer, consent given late, "that didn't help either", the rating just
    asked for, a case number, a yes with a new question, a request with contact data. None when
    it says none of these (then it is a misunderstanding: rephrase, or a person on the second)."""
    text = tracker.latest_message.get("text") or ""
    from actions.interruptions import declined_offer

    declined = declined_offer(tracker)
    if declined:  # "nah, I'll sort it out myself" to an offered ticket, unsure to the classifier
        return declined
    from actions.escalation import resume_form
    from actions.interruptions import RESUME_OFFER, VENDOR_CONSENT_OFFER, accepts_with_contact

    if accepts_with_contact(tracker):
        # "pepa@escola.cat" alone to "¿quieres que abra un ticket?", unsure to the classifier: the
        # address the ticket needs is a yes (action_handle_inform does the same for one read as data)
        return [FollowupAction("action_handle_affirm")]

    if tracker.get_slot("pending_offer") == VENDOR_CONSENT_OFFER and gives_consent(text):
        # "lo he pensado mejor: sí, podéis pasárselo al proveedor", unsure to the classifier
        return resume_form(tracker, consent=True)
    if tracker.get_slot("pending_offer") == RESUME_OFFER and goes_on(tracker):
        # "hola otra vez, sigamos: ana.ruiz@…" after "luego sigo": the postponed form, with what it gives
        return resume_form(tracker)
    if tracker.get_slot("pending_offer") == "kb_feedback" and not_helped(text) and not is_question(text):
        return [FollowupAction("action_escalate")]  # "tampoco, no me ha servido", unsure to the classifier
    rated = take_offered_rating(dispatcher, tracker) or take_rating_comment(dispatcher, tracker)
    if rated is not None:  # the rating just asked for ("4"), or the comment after it
        return rated
    from actions.case_status import after_failed_lookup

    explained = after_failed_lookup(dispatcher, tracker)
    if explained is not None:  # "ok, ya le pregunto a mi jefe" after a lookup found nothing
        return explained
    from actions.interruptions import gives_a_phone, names_a_case

    if names_a_case(tracker) and not gives_a_phone(tracker):
        return [FollowupAction("case_status_form")]  # "sorry, my mistake, it is T-000145", unsure to the classifier
    from actions.escalation import answered_and_asked

    asked = answered_and_asked(dispatcher, tracker)
    if asked is not None:  # "sí, me sirvió. Y otra cosa, ¿cómo…?", unsure to the classifier
        return asked
    request = request_with_contact(tracker)
    if request:  # "after reinstalling the key is rejected, I'm writing from ana@…": unsure, but a request
        return [FollowupAction(request)]
    from actions.interruptions import call_asked_for

    return call_asked_for(dispatcher, tracker) or None  # "could someone ring me about that too?", unsure


def misunderstood_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """For the hand-off that the rule "a second misunderstanding in a row" runs in place of this
    fallback (so the turn shows the hand-off alone, never an out-of-scope route beside it): None
    when the hand-off goes ahead, after saying the message was still not understood; otherwise
    what the message means after all (a rating, a case number, a no to the offer…) or, for one
    with no words, the request to write it in words, each followed by listening."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent != "nlu_fallback" or tracker.active_loop_name or FALLBACK_ACTION in actions_since_user(tracker):
        return None  # asked for by name, or the fallback already decided (and said so)
    if not has_words(tracker.latest_message.get("text") or ""):
        say(dispatcher, tracker, "empty_message")
        return [FollowupAction("action_listen")]
    understood = understood_after_all(dispatcher, tracker)
    if understood is not None:
        followed = any(event.get("event") == "followup" for event in understood)
        return understood + ([] if followed else [FollowupAction("action_listen")])
    say(dispatcher, tracker, "fallback_to_person")
    return None


def wait_or_postpone(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Inside a form, an unsure message that fetches what was asked ("hmm let me dig out the
    contract number") waits for it, and one that puts the form off ("I'll come back to you
    with it") postpones it, as the clear ones do; None for anything else."""
    from rasa_sdk.events import ActiveLoop, SlotSet

    from actions.common import latest_text
    from bot.replies import fetching, postpones

    text = latest_text(tracker)
    if is_question(text) or not has_words(text):
        return None
    from actions.interruptions import leave_when_done

    leaving = leave_when_done(tracker)
    if leaving:  # "ok, eso es todo" not understood as thanks: the customer is leaving
        return leaving
    if fetching(text):
        say(dispatcher, tracker, "take_your_time")
        return [FollowupAction("action_listen")]
    if postpones(text) and tracker.get_slot("requested_slot") != "callback_slot":  # "después de comer" is a time
        return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_defer_form")]
    return None


class ActionDefaultFallback(Action):
    """Ask to rephrase with two suggestions; on a second miss hand over to a person.
    Inside a form, say what the form needs and let it ask again."""

    def name(self) -> Text:
        return FALLBACK_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Reply to a message the assistant did not understand."""
        text = tracker.latest_message.get("text") or ""
        language = language_of(tracker)
        form = tracker.active_loop_name
        if form:
            requested = tracker.get_slot("requested_slot")
            waited = wait_or_postpone(dispatcher, tracker)
            if waited is not None:
                return waited
            if has_words(text) and requested:
                say(dispatcher, tracker, "not_understood_in_form", what=label("slot", requested, language))
            if consecutive_fallbacks(tracker) >= 2:
                say(dispatcher, tracker, "form_way_out")
            return [FollowupAction(form)]
        if replied_this_turn(tracker):
            # predicted because no rule knows what follows an action's reply (an out-of-scope
            # reply started by action_handle_inform): the turn is answered, so listen; asking to
            # rephrase here repeated itself up to Rasa's action limit
            return [FollowupAction("action_listen")]
        if not has_words(text):
            say(dispatcher, tracker, "empty_message")
            return []
        understood = understood_after_all(dispatcher, tracker)
        if understood is not None:
            return understood
        if consecutive_fallbacks(tracker) >= 2:  # a person (or, with nobody online, a ticket) takes over
            say(dispatcher, tracker, "fallback_to_person")
            return [FollowupAction("action_handoff_to_agent")]
        buttons = [{"title": label("intent", name, language), "payload": f"/{name}"}
                   for name in likeliest_intents(tracker)]
        say(dispatcher, tracker, "ask_rephrase", buttons=buttons)
        return []
