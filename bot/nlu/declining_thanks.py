"""Rasa component: "no, gracias" declines; it is not a thanks.

The intent model reads "no, gracias", "no thanks" and "no muchas gracias" as `thank` (0.5-0.9):
the thanks' words outweigh the "no". At an offer ("¿abro un ticket?") the bot then said
"¡De nada!" and left the offer open, so a later "sí" still opened it; right after an article
the thanks counted as "it helped". A short reply that starts with a refusal and otherwise
only thanks is `deny`, which every offer and question already handles. Anything longer
("no, thanks, that solved it") is left to the model. Placed after the fallback in config.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.nlu.intent_override import IntentOverride, replaced_by

DENY = "deny"
#: A refusal, then thanks and politeness only: "no, gracias", "no muchas gracias, ya está",
#: "nope, thanks anyway", "no thank you", "nah, gracias igualmente".
DECLINING_THANKS = re.compile(
    r"^\s*(?:no|nop|nope|nah|na)\b(?:[\s,.!¡;:-]+no\b)*[\s,.!¡;:-]*"
    r"(?:(?:muchas|mil|muy\s+amable|de\s+momento|por\s+ahora|igualmente|anyway|though|"
    r"for\s+now|very\s+much|so\s+much|a\s+lot|ya\s+est[aá]|vale|ok|okay|gracias|thanks|thank\s+you|thx|"
    r"ty|es\s+todo|that'?s\s+all|all\s+good|estoy\s+bien|i'?m\s+good|i'?m\s+fine)[\s,.!¡;:-]*)+"
    r"(?:[:;]-?\)|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F])*\s*$",
    re.IGNORECASE)
THANKS_WORD = re.compile(r"\b(?:gracias|thanks|thank\s+you|thx|ty)\b", re.IGNORECASE)


def declining_intent(intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`intent`, or deny when the model read a refusal followed by thanks as `thank`."""
    if intent.get(INTENT_NAME_KEY) != "thank" or not DECLINING_THANKS.match(text) or not THANKS_WORD.search(text):
        return intent
    return replaced_by(DENY, intent, ranking)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DecliningThanks(IntentOverride):
    """Turns "no, gracias" (read as thanks) into deny."""

    def override(self, intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        """See `declining_intent`."""
        return declining_intent(intent, text, ranking)
