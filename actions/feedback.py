"""What customers think: product suggestions ("estaría bien que el programa…"), kept for the
product team and never turned into a ticket, and one-tap satisfaction ratings.

A rating is asked for at three moments: after a knowledge-base answer helped (level 0),
after a case was opened (its level) and when an agent gives the conversation back (5, a
person; bot/desk/delivery.py). The buttons send `/inform{"rating": "N"}` and a typed
"4" is `inform` (or, unsure, the fallback) for the NLU, as any number: no rating intent, so
routing is untouched. The offer is the `pending_offer` slot "rating" with `offer_context`
"<trigger>:<level>", and the inform handler and the fallback read a rating only while it
stands and no form runs: inside a form "4" stays whatever the form asked for (a case number,
a time), and a number no slot takes is "not understood as …", never stored as a rating. A comment comes with the score ("4, muy rápido"); right after a
tapped rating (`pending_offer` "rating_comment") a score with a comment explains that same
rating, and a message the bot does not otherwise understand is kept as its comment. A comment
the NLU reads as a request ("muy amable el técnico" can look like asking for a call) is
handled as that request: the thanks asks for the score-and-comment form for this reason.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, clear_offer, language_of, latest_text
from actions.messages import label, say, say_nothing_was_saved
from actions.services import STORE_ERRORS, feedback_service
from bot.answers import plain_no
from bot.feedback.rating import read_rating
from bot.replies import not_helped
from bot.text import strip_accents
from bot.feedback.service import TRIGGERS, FeedbackError, Origin

logger = logging.getLogger(__name__)

RATING_OFFER = "rating"
COMMENT_OFFER = "rating_comment"
FEEDBACK_ERRORS = STORE_ERRORS + (FeedbackError,)


def offer_rating(dispatcher: CollectingDispatcher, tracker: Tracker, trigger: str, level: int) -> List[EventType]:
    """Ask for a 1–5 rating (buttons, or typed) of `level` after `trigger` ("kb", "case", "agent")."""
    say(dispatcher, tracker, "rating_ask")
    return [SlotSet("pending_offer", RATING_OFFER), SlotSet("offer_context", f"{trigger}:{level}")]


def rating_context(value: Any) -> Optional[Tuple[str, int]]:
    """("kb", 0) from the offer's context "kb:0"; None when it is not a rating offer's."""
    trigger, _, level = str(value or "").partition(":")
    if trigger not in TRIGGERS or not level.isdigit():
        return None
    return trigger, int(level)


def score_of(tracker: Tracker) -> Tuple[Optional[int], str]:
    """The score tapped (the `rating` entity of a button) or typed, and any comment typed with it."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "rating" and str(entity.get("value")).strip() in {"1", "2", "3", "4", "5"}:
            return int(str(entity["value"]).strip()), ""
    return read_rating(latest_text(tracker))


def take_offered_rating(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Store the rating the bot just asked for, if the message gives one; None otherwise.

    Called by the inform handler (buttons, "4") and the fallback ("le doy un 4", when unsure).
    """
    offer, context = tracker.get_slot("pending_offer"), tracker.get_slot("offer_context")
    if tracker.active_loop_name or offer not in (RATING_OFFER, COMMENT_OFFER):
        return None
    score, comment = score_of(tracker)
    if score is None:
        return None
    if offer == COMMENT_OFFER:  # "4, muy rápido" just after rating: the same rating, explained
        return _explain_rating(dispatcher, tracker, str(context or ""), score, comment)
    if rating_context(context) is None:
        return None
    trigger, level = rating_context(context)
    try:
        record = feedback_service().add_rating(
            Origin(tracker.sender_id, channel_of(tracker), language_of(tracker)), score, level, trigger, comment or None)
    except FEEDBACK_ERRORS as exc:
        say_nothing_was_saved(dispatcher, tracker, "Rating not stored", exc)
        return clear_offer()
    if comment:
        say(dispatcher, tracker, "rating_thanks_with_comment")
        return clear_offer()
    say(dispatcher, tracker, "rating_thanks")
    return [SlotSet("pending_offer", COMMENT_OFFER), SlotSet("offer_context", str(record.id))]


def _explain_rating(dispatcher: CollectingDispatcher, tracker: Tracker, rating_id: str, score: int,
                    comment: str) -> List[EventType]:
    """Replace the rating just given with this score and comment."""
    if not rating_id.isdigit():
        return clear_offer()
    try:
        feedback_service().add_comment(int(rating_id), comment, score=score)
    except FEEDBACK_ERRORS as exc:
        say_nothing_was_saved(dispatcher, tracker, "Rating comment not stored", exc)
        return clear_offer()
    say(dispatcher, tracker, "rating_thanks_with_comment" if comment else "rating_comment_thanks")
    return clear_offer()


def take_rating_comment(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Keep the message after a rating as its comment; None when no comment is awaited."""
    if tracker.get_slot("pending_offer") != COMMENT_OFFER or tracker.active_loop_name:
        return None
    text = latest_text(tracker)
    rating_id = str(tracker.get_slot("offer_context") or "")
    if not text or not rating_id.isdigit():
        return None
    try:
        feedback_service().add_comment(int(rating_id), text)
    except FEEDBACK_ERRORS as exc:
        say_nothing_was_saved(dispatcher, tracker, "Rating comment not stored", exc)
        return clear_offer()
    say(dispatcher, tracker, "rating_comment_thanks")
    return clear_offer()


#: What only a wish for the product says ("estaría bien que…", "you should add…"): a suggestion even after a
#: no. Any conditional or modal wording counts ("sería muy útil…", "would be cool if…", "you really should…"):
#: a list of set phrases lost the suggestions it did not hold.
_WISH = re.compile(
    r"\b(?:estaria\w*|seria\w*|deberia\w*|podria\w*|ojala|sugier\w*|sugerencia|echo de menos|anad\w*|incluy\w*"
    r"|would|should|ought|wish|could you|please add|add(?:ed|ing)?|suggest\w*|feature request|it'?d be|it would)\b")
#: The no says what the customer was after ("no, lo que quiero es exportar…", "no, what I need is…", "no,
#: I want to…"): the article missed, whatever the wording after it.
_WHAT_I_WANT = re.compile(
    r"\b(?:lo que (?:quiero|queria|quisiera|busco|buscaba|necesito|necesitaba|pregunto|preguntaba|intento)"
    r"|(?:yo )?(?:quiero|queria|necesito|necesitaba|busco|buscaba) (?:saber|es|era|hacer|poder|\w+ar|\w+er|\w+ir)\b"
    r"|me refiero|me referia|mi pregunta (?:es|era)|como (?:puedo|hago|se hace)"
    r"|what i (?:want|need|meant|mean|was (?:after|looking for|asking))|i (?:want|wanted|need|needed) to"
    r"|i was (?:looking|trying|asking)|i'?m (?:trying|looking)|i meant|my question (?:is|was)|how (?:do|can) i)\b")


def refuses_the_article(tracker: Tracker) -> bool:
    """True for "no, lo que quiero es exportar varios documentos a la vez en un zip" when the bot asked
    whether an article helped: the customer says what they were after, and it read as a product
    suggestion (thanked and passed to the product team, the question dropped). A no with a wish for
    the product ("no, estaría bien que exportara en zip", "no, you really should add zip export")
    stays a suggestion, unless it says what the customer was after."""
    text = latest_text(tracker)
    folded = strip_accents(text.lower())
    return (tracker.get_slot("pending_offer") == "kb_feedback" and not tracker.active_loop_name
            and (plain_no(text) or not_helped(text)) and (bool(_WHAT_I_WANT.search(folded)) or not _WISH.search(folded)))


class ActionTakeSuggestion(Action):
    """Store a product suggestion and thank the customer."""

    def name(self) -> Text:
        return "action_take_suggestion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Keep the suggestion with its conversation; a form in progress carries on after it."""
        if refuses_the_article(tracker):
            from actions.escalation import kb_not_helpful

            return kb_not_helpful(dispatcher, tracker)
        text = latest_text(tracker)
        if not text:
            say(dispatcher, tracker, "suggestion_thanks")
            return []
        try:
            feedback_service().add_suggestion(
                Origin(tracker.sender_id, channel_of(tracker), language_of(tracker)), text)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Suggestion not stored", exc)
            return []
        say(dispatcher, tracker, "suggestion_thanks")
        return []
