"""Rasa component that tags each message with its language (es/en) as an entity.

The `language` slot maps from this entity, so the responses' conditional
variations answer in the customer's language from the very first message.
A message without clear language (an e-mail, "ok", a case id) adds nothing,
and the conversation keeps the language it had.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import detect_language

ENTITY_NAME = "language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds a `language` entity ("es"/"en") when the message's language is clear."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetector":
        """Create the component (stateless)."""
        return cls()

    @staticmethod
    def required_packages() -> List[Text]:
        """Packages this component imports."""
        return ["langdetect"]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data keeps its own annotations: nothing to add."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the language entity to messages whose language is clear."""
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text)
            if language is None:
                continue
            entity = {"entity": ENTITY_NAME, "value": language, "start": 0, "end": len(text),
                      "confidence_entity": 1.0, "extractor": self.__class__.__name__}
            message.set(ENTITIES, message.get(ENTITIES, []) + [entity], add_to_output=True)
        return messages
