"""The embedding cache of single texts: one forward pass per text, batches never cached."""

from __future__ import annotations

import numpy as np
import pytest

from bot import embeddings


class CountingModel:
    """Stands in for a SentenceTransformer: deterministic unit vectors, counts its calls."""

    def __init__(self) -> None:
        self.calls = []

    def encode(self, texts, **_options):
        self.calls.append(list(texts))
        vectors = np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def cache_on():
    before = embeddings._query_cache.size
    embeddings.enable_query_cache(2)
    yield
    embeddings._query_cache.size = before


def test_a_text_is_encoded_once_while_it_is_among_the_recent_ones(cache_on):
    model = CountingModel()
    first = embeddings.encode(model, ["backup"], prefix="q: ")
    again = embeddings.encode(model, ["backup"], prefix="q: ")
    assert np.array_equal(first, again) and model.calls == [["q: backup"]]
    again[0, 0] = 42.0  # a caller changing its copy changes nothing for the next one
    assert embeddings.encode(model, ["backup"], prefix="q: ")[0, 0] == first[0, 0]


def test_least_recently_used_text_goes_first_and_the_prefix_is_part_of_the_key(cache_on):
    model = CountingModel()
    for text in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" arrives
        embeddings.encode(model, [text])
    embeddings.encode(model, ["a"])
    embeddings.encode(model, ["b"])
    embeddings.encode(model, ["a"], prefix="query: ")
    assert model.calls == [["a"], ["b"], ["c"], ["b"], ["query: a"]]


def test_batches_are_always_encoded_and_an_off_cache_keeps_nothing():
    model = CountingModel()
    embeddings.encode(model, ["a", "b"])
    embeddings.encode(model, ["a", "b"])
    before = embeddings._query_cache.size
    embeddings._query_cache.size = 0
    try:
        embeddings.encode(model, ["a"])
        embeddings.encode(model, ["a"])
    finally:
        embeddings._query_cache.size = before
    assert model.calls == [["a", "b"], ["a", "b"], ["a"], ["a"]]


def test_models_do_not_share_entries(cache_on):
    one, two = CountingModel(), CountingModel()
    embeddings.encode(one, ["same"])
    embeddings.encode(two, ["same"])
    assert one.calls == [["same"]] and two.calls == [["same"]]
