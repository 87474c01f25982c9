"""Rasa component: an explicit request for a person wins over the problem told beside it.

"Can I talk to a real person? Our Plus licence was charged twice" and "quiero hablar con
alguien, nos habéis cobrado dos veces" carry two things: a request to be put through and a
problem that, alone, is a ticket. The intent model weighs the words, and the problem's words
outweigh the request, so the ticket form started and the customer, who asked for a person,
was asked for an e-mail. What the customer asked for is what happens: the message becomes
`request_human` (the hand-off carries the problem told, `actions.common.problem_so_far`).
A negated request ("no quiero hablar con nadie") or one for a call ("que me llame alguien",
"talk to someone by phone") is left to the model. Placed last in config.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.answers import asks_for_a_person
from bot.text import strip_accents
from bot.nlu.intent_override import IntentOverride, replaced_by

HUMAN = "request_human"
#: What a request for a person beside a problem is read as: a level, a question, "that did not
#: help", data, or nothing sure. Replies to a question the bot asked (yes, no, cancel…) keep
#: their intent: "no, pásame con una persona" is handled by what it also asks for.
OVERRULED = ("open_ticket", "request_callback", "request_sla_support", "request_vendor_support", "ask_howto",
             "not_solved", "inform", "nlu_fallback", "out_of_scope", "chitchat", "greet", "suggestion")


#: Talk with someone told as what the customer was doing ("perdona, estaba hablando del partido con un
#: compañero", "sorry, I was talking to my colleague"): an aside to the chat, no request for a person.
_TALKING_ELSEWHERE = re.compile(
    r"\b(?:estaba|estabamos|estoy|estamos|he estado|hemos estado)\s+(?:hablando|charlando|comentando)\b"
    r"|\b(?:hablaba|hablabamos|charlaba)\b|\b(?:i|we)\s*(?:was|were|'?m|'?re|am|are|have been|'?ve been)\s+"
    r"(?:talking|chatting|speaking)\b")
CHITCHAT = "chitchat"


def person_intent(intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`intent`, or request_human (at the larger of its own and the replaced confidence) when
    `text` explicitly asks for a person and the model read it as one of OVERRULED; a request_human
    that only tells of talking with someone else, asking for no one, is small talk."""
    if intent.get(INTENT_NAME_KEY) == HUMAN and not asks_for_a_person(text) \
            and _TALKING_ELSEWHERE.search(strip_accents(text or "").lower()):
        return replaced_by(CHITCHAT, intent, ranking)
    if intent.get(INTENT_NAME_KEY) not in OVERRULED or not asks_for_a_person(text):
        return intent
    return replaced_by(HUMAN, intent, ranking)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonRequestFirst(IntentOverride):
    """Turns a message that explicitly asks for a person into request_human."""

    def override(self, intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        """See `person_intent`."""
        return person_intent(intent, text, ranking)
