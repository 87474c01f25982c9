"""Rasa component: a message made only of words the assistant has never seen is not understood.

"blorp vvv the thingy" was read as `request_sla_support` at 0.43, above the fallback threshold,
and the SLA form asked for a contract number; "el flurbo no grinza" was a `deny`. The intent
model spreads its probability over the intents it knows, so nonsense still lands somewhere.
Here, a message of at least two content words (three letters or more, not a function word)
none of which occurs in the training examples, and read without much confidence, becomes
`nlu_fallback`: the bot says it did not understand and offers options. Inside a form that is
data as before (a name, a product, a description are still taken by the form). Placed last.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text import WHOLE_MESSAGE_ENTITIES, strip_accents

FALLBACK = "nlu_fallback"
VOCABULARY_FILE = "vocabulary.json"
#: Below this confidence an intent read from unknown words only is not trusted.
DEFAULT_MAXIMUM = 0.65
_WORD = re.compile(r"[a-zñ]+")
#: Function words of both languages: they say nothing about what the message is.
FUNCTION_WORDS = frozenset(
    "the and for but not you your our this that with from are was were have has had what who how why when where "
    "los las unos unas del por para con sin que como pero mas muy una uno esto eso esta este estos esas "
    "ese mis tus sus nos les ella ello ellos hay".split())


def content_words(text: str) -> List[str]:
    """The words of `text` that can carry meaning: three letters or more, not function words."""
    return [word for word in _WORD.findall(strip_accents(text or "").lower())
            if len(word) >= 3 and word not in FUNCTION_WORDS]


def only_unknown_words(text: str, vocabulary: FrozenSet[str]) -> bool:
    """True when `text` has two or more content words and the training data holds none of them."""
    words = content_words(text)
    return len(words) >= 2 and not any(word in vocabulary for word in words)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsGuard(GraphComponent):
    """Turns an unsure intent read from words never seen in training into nlu_fallback."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`maximum`: an intent at least this confident stands whatever the words."""
        return {"maximum": DEFAULT_MAXIMUM}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[FrozenSet[str]] = None) -> None:
        self.maximum = float(config.get("maximum", DEFAULT_MAXIMUM))
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: FrozenSet[str] = vocabulary or frozenset()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnknownWordsGuard":
        """Create an untrained guard (it changes nothing until trained)."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Remember every word of the training examples (and the lookup tables' entries)."""
        words = set()
        for example in training_data.intent_examples:
            words.update(_WORD.findall(strip_accents(example.get(TEXT) or "").lower()))
        for table in training_data.lookup_tables or []:
            for element in table.get("elements") or []:
                words.update(_WORD.findall(strip_accents(str(element)).lower()))
        self.vocabulary = frozenset(words)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UnknownWordsGuard":
        """Load the vocabulary; without one the guard changes nothing."""
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = frozenset(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
        except (ValueError, FileNotFoundError):
            vocabulary = frozenset()
        return cls(config, model_storage, resource, vocabulary)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing downstream reads it."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """nlu_fallback for an unsure reading of unknown words only; a message with an entity stands.
        Such a message says nothing about its language either ("plof plof mmmnn" was read as
        English and a Spanish conversation went on in English): its language entity is dropped,
        so the conversation keeps the language it had."""
        if not self.vocabulary:
            return messages
        for message in messages:
            intent = message.get(INTENT) or {}
            entities = message.get(ENTITIES) or []
            if any(entity.get("entity") not in WHOLE_MESSAGE_ENTITIES for entity in entities):
                continue
            if not only_unknown_words(message.get(TEXT) or "", self.vocabulary):
                continue
            if any(entity.get("entity") == "language" for entity in entities):
                message.set(ENTITIES, [entity for entity in entities if entity.get("entity") != "language"],
                            add_to_output=True)
            if intent.get(INTENT_NAME_KEY) in (None, FALLBACK) or (intent.get("confidence") or 0.0) >= self.maximum:
                continue
            message.set(INTENT, {INTENT_NAME_KEY: FALLBACK, "confidence": intent.get("confidence") or 0.0},
                        add_to_output=True)
        return messages
