"""Rasa component: a how-to or a request about someone else's product is out of scope.

"¿Cómo hago una copia de seguridad de WhatsApp?" scores ask_howto: backups are a
product topic, and the knowledge base then quotes the backup article. The intent model
cannot learn every product in the world from examples, but the message itself says what
it is about (bot/scope.py): it names another company's product or service and nothing
of PaperOffice. Such a message becomes `out_of_scope`, whatever level it looked like.
Placed last in config.yml, after HowtoRecovery, so that it also sees recovered intents.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.scope import about_other_product

OUT_OF_SCOPE = "out_of_scope"
#: What the guard may overrule: the knowledge base and the case levels. Replies that only
#: make sense inside a conversation (yes, no, data, cancel…) are left alone.
GUARDED_INTENTS = ("ask_howto", "open_ticket", "request_callback", "request_sla_support",
                   "request_vendor_support")


def guarded_intent(intent: Dict[str, Any], text: str) -> Dict[str, Any]:
    """`intent`, or out_of_scope with the same confidence when `text` is about another product."""
    if intent.get(INTENT_NAME_KEY) in GUARDED_INTENTS and about_other_product(text):
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    return intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OtherProductGuard(GraphComponent):
    """Sends questions and requests about other companies' products out of scope."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "OtherProductGuard":
        """Create the component (stateless)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace a guarded intent with out_of_scope where the message is about another product."""
        for message in messages:
            intent = message.get(INTENT) or {}
            guarded = guarded_intent(intent, message.get(TEXT) or "")
            if guarded is not intent:
                message.set(INTENT, guarded, add_to_output=True)
        return messages
