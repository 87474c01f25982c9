"""The embedding service's wire format and its client's failures (bot.embedding_service)."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest

from bot.embedding_service import EmbeddingServiceDown, RemoteEncoder, pack, texts_of, unpack
from bot.serving.rasa_speedups import embedding_service_down


def test_vectors_survive_the_wire_exactly():
    vectors = np.random.default_rng(3).standard_normal((3, 384)).astype(np.float32)
    again = unpack(pack(vectors))
    assert again.dtype == np.float32 and again.shape == (3, 384)
    assert np.array_equal(again, vectors)
    assert unpack(pack(np.zeros((0, 384), dtype=np.float32))).shape == (0, 384)


@pytest.mark.parametrize("body", [None, [], {"texts": "hola"}, {"texts": [1]}, {"texts": ["x" * 5001]},
                                  {"texts": ["a"] * 257}])
def test_bad_request_bodies_are_refused_with_the_reason(body):
    with pytest.raises(ValueError, match="text"):
        texts_of(body)


def test_good_request_bodies_give_their_texts():
    assert texts_of({"texts": ["hola", ""]}) == ["hola", ""]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_service_that_answered_before_and_is_gone_fails_at_once():
    encoder = RemoteEncoder(f"http://127.0.0.1:{closed_port()}/webhook", "secret", "model", timeout_s=1)
    encoder._answered_once = True
    started = time.monotonic()
    with pytest.raises(EmbeddingServiceDown):
        encoder.encode(["hola"])
    assert time.monotonic() - started < 1


def test_a_service_that_never_answers_times_out():
    with socket.socket() as silent:  # accepts connections, never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        encoder = RemoteEncoder(f"http://127.0.0.1:{silent.getsockname()[1]}", None, "model", timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(EmbeddingServiceDown):
            encoder.encode(["hola"])
        assert 0.4 < time.monotonic() - started < 3


def test_the_service_failure_is_found_inside_rasas_wrapping():
    try:
        try:
            raise EmbeddingServiceDown("gone")
        except EmbeddingServiceDown as inner:
            raise RuntimeError("Error running graph component") from inner
    except RuntimeError as wrapped:
        assert embedding_service_down(wrapped)
    assert not embedding_service_down(RuntimeError("something else"))
