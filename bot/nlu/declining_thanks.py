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
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

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
    own = next((item.get("confidence") or 0.0 for item in ranking if item.get(INTENT_NAME_KEY) == DENY), 0.0)
    return {INTENT_NAME_KEY: DENY, "confidence": max(own, intent.get("confidence") or 0.0)}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DecliningThanks(GraphComponent):
    """Turns "no, gracias" (read as thanks) into deny."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DecliningThanks":
        """Create the component (stateless)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace thank with deny on a refusal followed by thanks."""
        for message in messages:
            intent = message.get(INTENT) or {}
            found = declining_intent(intent, message.get(TEXT) or "", message.get(INTENT_RANKING_KEY) or [])
            if found is not intent:
                message.set(INTENT, found, add_to_output=True)
        return messages
