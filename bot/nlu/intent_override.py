"""Base of the rule components that replace the intent model's reading when the words say
what a message is (ClearTurns, DecliningThanks, PersonRequestFirst).

Each is stateless and learns nothing: it looks at the text, the intent the model chose, its
ranking and the entities, and returns either that intent or another one. The one decision
lives in `override`; creating, training and the loop over messages are here once.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def ranked_confidence(ranking: List[Dict[str, Any]], name: str) -> float:
    """The confidence the model gave `name` in its ranking (0 where it is not ranked)."""
    return next((item.get("confidence") or 0.0 for item in ranking if item.get(INTENT_NAME_KEY) == name), 0.0)


def replaced_by(name: str, intent: Dict[str, Any], ranking: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`name` as the intent, at the larger of its own ranked confidence and the replaced one's:
    the rule is sure of what it read, so the policies must not see a weak intent."""
    return {INTENT_NAME_KEY: name, "confidence": max(ranked_confidence(ranking, name), intent.get("confidence") or 0.0)}


class IntentOverride(GraphComponent):
    """A stateless component that may replace each message's intent (see the module docstring)."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentOverride":
        """Create the component (stateless)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    @abstractmethod
    def override(self, intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        """`intent` itself when it stands, or the intent the words say instead."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the overriding intent on each message where there is one."""
        for message in messages:
            intent = message.get(INTENT) or {}
            found = self.override(intent, message.get(TEXT) or "", message.get(INTENT_RANKING_KEY) or [],
                                  message.get(ENTITIES) or [])
            if found is not intent:
                message.set(INTENT, found, add_to_output=True)
        return messages
