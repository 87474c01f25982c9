"""Rasa dense featurizer: one sentence-transformers embedding per message.

It gives the intent classifier meaning-level features beside the word and
character counts, so paraphrases with no shared words still land on the same
intent. The model is the one named by EMBEDDING_MODEL (see `bot.embeddings`), loaded
once per process.

With `output_key` set, the L2-normalised vector is also put into the parse data under
that key (a list of floats), so that a custom action can reuse the message's embedding
(the same model and query prefix as the knowledge-base index) instead of encoding the
message again. It is off by default: every parse result is stored in the tracker.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.embeddings import encode, load_model, use_serving_threads
from bot.settings import Settings

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a sentence embedding of the message text as dense sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`model`: None means the EMBEDDING_MODEL setting; `batch_size` for training;
        `output_key`: parse-data key for the embedding (None: not output)."""
        return {**DenseFeaturizer.get_default_config(), "model": None, "batch_size": 64, "output_key": None}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        settings = Settings.from_env()
        self.model_name: str = self._config.get("model") or settings.embedding_model
        self.prefix: str = settings.query_prefix
        self._model = None
        self._serving = False

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        """Create the component (the model itself loads on first use)."""
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to check: any model name is tried at load time."""

    @staticmethod
    def required_packages() -> List[Text]:
        """Packages this component imports."""
        return ["sentence_transformers"]

    def _embed(self, texts: List[str]) -> np.ndarray:
        if self._model is None:
            self._model = load_model(self.model_name)
        return encode(self._model, texts, prefix=self.prefix, batch_size=self._config["batch_size"])

    def _add(self, messages: List[Message], output: bool = False) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        vectors = self._embed([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors):
            message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT,
                                          self._config[FEATURIZER_CLASS_ALIAS] or self.__class__.__name__))
            if output and self._config["output_key"]:
                message.set(self._config["output_key"], [float(x) for x in vector], add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Embed every training example that has text, in batches."""
        self._add(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Embed incoming messages (one at a time when serving, see `use_serving_threads`)."""
        if not self._serving:
            use_serving_threads()
            self._serving = True
        self._add(messages, output=True)
        return messages
