"""A single text is encoded through the model's modules directly (`bot.embeddings._encode_one`),
its transformer traced with TorchScript: the vector must be the one `SentenceTransformer.encode`
gives, bit for bit, whatever the text's length."""

from __future__ import annotations

import numpy as np
import pytest

from bot import embeddings
from bot.embeddings import load_local_model
from bot.settings import BUNDLED_MODEL

TEXTS = [
    "How do I restore a backup?",
    "¿Cómo creo un usuario nuevo para una empleada?",
    "database error",
    "",
    "export " * 400,  # longer than the model's 256 tokens: truncated the same way
    "When did the Normans conquer England, and who led the army that crossed the Channel in 1066?",
    "ok",
]


@pytest.fixture(scope="module")
def model():
    return load_local_model(BUNDLED_MODEL)


def reference(model, text: str) -> np.ndarray:
    return np.asarray(model.encode([text], normalize_embeddings=True, convert_to_numpy=True,
                                   show_progress_bar=False), dtype=np.float32)


@pytest.mark.parametrize("text", TEXTS)
def test_the_direct_path_gives_encodes_vector_exactly(model, text):
    expected = reference(model, text)  # also leaves the model in eval mode, as any first encode does
    direct = embeddings._encode_one(model, text)
    assert direct is not None, "the bundled model in eval mode takes the direct path"
    assert embeddings._traced_transformer(model) is not None, "and its transformer runs traced"
    assert direct.dtype == np.float32 and direct.shape == expected.shape == (1, 384)
    assert np.array_equal(direct, expected)
    assert np.array_equal(embeddings.encode(model, [text]), expected)


def test_a_model_in_training_mode_or_not_a_local_model_is_left_to_encode(model):
    reference(model, "x")
    model.train()
    try:
        assert embeddings._encode_one(model, "database error") is None
        vector = embeddings.encode(model, ["database error"])  # encode() puts it back in eval mode
        assert np.array_equal(vector, reference(model, "database error"))
    finally:
        model.eval()

    class Remote:
        def encode(self, texts, **_options):
            return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)

    assert embeddings._encode_one(Remote(), "x") is None
    assert embeddings.encode(Remote(), ["x"]).shape == (1, 3)


def test_an_encode_replaced_on_the_instance_is_called(model, monkeypatch):
    """Tests count forward passes by wrapping the model's `encode`: the direct path must not hide them."""
    calls = []
    original = model.encode

    def counting(texts, **options):
        calls.append(list(texts))
        return original(texts, **options)

    monkeypatch.setattr(model, "encode", counting)
    embeddings.encode(model, ["a question never cached"])
    assert calls == [["a question never cached"]]


def test_the_direct_path_comes_back_after_a_wrapper_is_undone(model):
    """pytest's monkeypatch undoes an instance patch by setting the original bound method on the
    instance: that is the class's own encode, and the direct path must be taken again."""
    model.encode = model.encode  # what monkeypatch's undo leaves behind
    try:
        assert embeddings._encode_one(model, "database error") is not None
    finally:
        del model.encode
