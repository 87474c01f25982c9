"""One process holds the sentence-embedding model: the action server embeds for Rasa's NLU.

Both servers used to load the model, and with it torch (about 650 MB resident each, most
of it the CUDA build's libraries that Rasa 3.6's Python allows), and the Rasa server, the
busier of the two, spent a forward pass of its own on every message. Now the Rasa server
asks the action server (POST /embed, behind the same secret as the actions) and never
imports torch; the action server keeps the vector, so the knowledge-base search of the
same turn finds it in its query cache instead of encoding the message a second time.

If the action server cannot be reached, `RemoteEncoder` raises `EmbeddingServiceDown`:
inside a customer's turn the turn is then kept and apologised for, exactly as when an
action call fails (bot.serving.turns); elsewhere (the HTTP API's /model/parse) the parse
is repeated with a model loaded locally (`local_only`). EMBEDDING_SERVICE=local in the
Rasa server's environment turns the service off.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import logging
import threading
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence
from urllib.parse import urlsplit

import numpy as np

logger = logging.getLogger(__name__)

EMBED_PATH = "/embed"
#: A request carries at most this many texts of at most this many characters.
MAX_TEXTS = 256
MAX_TEXT_CHARS = 5000
#: Before the action server has answered once (both servers starting), wait this long for it.
STARTUP_WAIT_S = 120.0

_local = threading.local()


class EmbeddingServiceDown(Exception):
    """The action server did not answer an embedding request (down, frozen or refusing)."""


@contextlib.contextmanager
def local_only() -> Iterator[None]:
    """In this thread, encode with a locally loaded model instead of asking the service."""
    before = getattr(_local, "local_only", False)
    _local.local_only = True
    try:
        yield
    finally:
        _local.local_only = before


def pack(vectors: np.ndarray) -> Dict[str, Any]:
    """Vectors as JSON: float32 bytes in base64 (exact, a quarter of the size of number lists)."""
    vectors = np.ascontiguousarray(vectors, dtype="<f4")
    return {"shape": list(vectors.shape), "vectors": base64.b64encode(vectors.tobytes()).decode("ascii")}


def unpack(payload: Dict[str, Any]) -> np.ndarray:
    """The inverse of `pack`."""
    rows, dim = (int(n) for n in payload["shape"])
    data = np.frombuffer(base64.b64decode(payload["vectors"]), dtype="<f4")
    return data.reshape(rows, dim).astype(np.float32)


def texts_of(body: Any) -> List[str]:
    """The texts of a request body, checked (ValueError says what is wrong)."""
    texts = body.get("texts") if isinstance(body, dict) else None
    if not isinstance(texts, list) or len(texts) > MAX_TEXTS:
        raise ValueError(f"'texts' must be a list of at most {MAX_TEXTS} strings")
    if not all(isinstance(text, str) and len(text) <= MAX_TEXT_CHARS for text in texts):
        raise ValueError(f"every text must be a string of at most {MAX_TEXT_CHARS} characters")
    return texts


class RemoteEncoder:
    """Stands in for a SentenceTransformer in `bot.embeddings.encode`: asks the action server.

    Each thread keeps its own HTTP connection (the NLU parses on a few threads).
    """

    def __init__(self, url: str, token: Optional[str], model_name: str, timeout_s: float = 10.0) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.token = token
        self.model_name = model_name
        self.timeout_s = timeout_s
        self._answered_once = False
        self._connections = threading.local()

    def _local_model(self):
        from bot.embeddings import load_local_model

        return load_local_model(self.model_name)

    def encode(self, texts: Sequence[str], batch_size: int = 64, normalize_embeddings: bool = True,
               convert_to_numpy: bool = True, show_progress_bar: bool = False) -> np.ndarray:
        """The texts' L2-normalised vectors (the service always normalises)."""
        if getattr(_local, "local_only", False):
            return self._local_model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                              convert_to_numpy=True, show_progress_bar=show_progress_bar)
        return unpack(self._post({"model": self.model_name, "texts": list(texts)}))

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.encode([""]).shape[1])

    def _post(self, body: Dict[str, Any]) -> Dict[str, Any]:
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.token:
            from bot.serving.endpoints import ACTION_TOKEN_HEADER

            headers[ACTION_TOKEN_HEADER] = self.token
        deadline = time.monotonic() + (0 if self._answered_once else STARTUP_WAIT_S)
        while True:
            reused = getattr(self._connections, "connection", None) is not None
            try:
                status, payload = self._request(data, headers)
                break
            except (OSError, http.client.HTTPException) as exc:
                self._forget_connection()
                if reused and not isinstance(exc, TimeoutError):
                    continue  # a kept-alive connection the server had closed: once more, on a new one
                if isinstance(exc, ConnectionRefusedError) and time.monotonic() < deadline:
                    time.sleep(0.25)  # both servers are starting: wait for the action server
                    continue
                raise EmbeddingServiceDown(exc.__class__.__name__) from None
        if status != 200:
            raise EmbeddingServiceDown(f"action server answered {status}")
        self._answered_once = True
        return payload

    def _request(self, data: bytes, headers: Dict[str, str]):
        connection = getattr(self._connections, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)
            self._connections.connection = connection
        connection.request("POST", EMBED_PATH, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        if response.status != 200:
            return response.status, None
        return 200, json.loads(raw)

    def _forget_connection(self) -> None:
        connection = getattr(self._connections, "connection", None)
        if connection is not None:
            connection.close()
            self._connections.connection = None
