"""SentenceEmbeddingFeaturizer with the bundled model: features, and the optional parse-data key."""

from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.embeddings import encode, load_model
from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer
from bot.settings import BUNDLED_MODEL


def featurizer(**config) -> SentenceEmbeddingFeaturizer:
    return SentenceEmbeddingFeaturizer({**SentenceEmbeddingFeaturizer.get_default_config(), **config}, "embed")


def test_messages_get_the_normalised_embedding_as_sentence_features():
    message = featurizer().process([Message(data={TEXT: "¿Cómo creo un usuario?"})])[0]
    _, sentence = message.get_dense_features(TEXT)
    expected = encode(load_model(BUNDLED_MODEL), ["¿Cómo creo un usuario?"])[0]
    assert np.allclose(sentence.features.reshape(-1), expected, atol=1e-5)
    assert "text_embedding" not in message.as_dict(only_output_properties=True)


def test_output_key_puts_the_embedding_into_the_parse_data_when_serving_only():
    component = featurizer(output_key="text_embedding")
    served = component.process([Message(data={TEXT: "database error"})])[0]
    output = served.as_dict(only_output_properties=True)
    vector = np.array(output["text_embedding"])
    assert vector.shape == (384,) and abs(np.linalg.norm(vector) - 1.0) < 1e-4
    training = TrainingData([Message(data={TEXT: "database error", "intent": "x"})])
    component.process_training_data(training)
    assert training.training_examples[0].get("text_embedding") is None


def test_messages_without_text_get_no_features():
    message = featurizer().process([Message(data={TEXT: ""})])[0]
    assert message.get_dense_features(TEXT) == (None, None)
