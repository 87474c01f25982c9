"""Low NLU confidence, or a message no rule handles.

Outside a form: ask to rephrase once (two likeliest intents as buttons), then hand over
to a person (with nobody online, that is a ticket offer). Inside a form: say the message was not understood as what the form
asked for and hand back to the form, which asks again (FollowupAction: without it the
rejected form would not be predicted again and the fallback would repeat until Rasa's
action limit). The count is read from the conversation, never stored, so it cannot get
stuck, and the bot never asks to rephrase twice in a row.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
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
    seen_current_user_turn = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == FALLBACK_ACTION:
            turn_fell_back = True
        elif kind == "user":
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
        from actions.interruptions import declined_offer

        declined = declined_offer(tracker)
        if declined:  # "nah, I'll sort it out myself" to an offered ticket, unsure to the classifier
            return declined
        from actions.escalation import resume_form
        from actions.interruptions import VENDOR_CONSENT_OFFER

        if tracker.get_slot("pending_offer") == VENDOR_CONSENT_OFFER and gives_consent(text):
            # "lo he pensado mejor: sí, podéis pasárselo al proveedor", unsure to the classifier
            return resume_form(tracker, consent=True)
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
        if consecutive_fallbacks(tracker) >= 2:  # a person (or, with nobody online, a ticket) takes over
            say(dispatcher, tracker, "fallback_to_person")
            return [FollowupAction("action_handoff_to_agent")]
        buttons = [{"title": label("intent", name, language), "payload": f"/{name}"}
                   for name in likeliest_intents(tracker)]
        say(dispatcher, tracker, "ask_rephrase", buttons=buttons)
        return []
