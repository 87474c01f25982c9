"""Rasa component that turns a message without text into an empty one.

A channel request without a "message" field reaches the pipeline with text None,
which Rasa's regex extractor cannot handle. As an empty string it follows the
path of an empty message: no intent, and the fallback asks the customer to type.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MissingTextGuard(GraphComponent):
    """Sets the text of messages that have none to the empty string."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MissingTextGuard":
        """Create the component (stateless)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples always have text: nothing to do."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Give every message a text."""
        for message in messages:
            if message.get(TEXT) is None:
                message.set(TEXT, "")
        return messages
