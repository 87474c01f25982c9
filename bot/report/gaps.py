"""Grouping what customers asked and the bot could not answer (and what they suggested) into themes.

Texts are embedded with the project's sentence-transformers model (bot.embeddings, the
same vectors the knowledge base searches with) and grouped by scikit-learn's average-linkage
agglomerative clustering on cosine distance with a distance threshold, so the number of
themes follows the data instead of being fixed in advance. Identical texts (after case and
space folding) are clustered once, weighted by how often they were asked. Beyond
`MAX_CLUSTERED` distinct texts, the most frequent ones are clustered and the rest joined to
the nearest theme when close enough, which bounds time and memory (the distance matrix is
quadratic). Each theme's examples are real messages, the closest to its centre first.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

#: Average cosine distance below which two groups of questions are one theme.
DISTANCE_THRESHOLD = 0.5
MAX_CLUSTERED = 2500
EXAMPLES = 3

Encoder = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Theme:
    """A group of similar messages: how many, real examples, and what kinds (abstained/unhelpful)."""

    size: int
    examples: List[str]
    kinds: Dict[str, int] = field(default_factory=dict)
    members: List[int] = field(default_factory=list)

    def as_dict(self) -> Dict[str, object]:
        """The theme as JSON-ready data (without member indices)."""
        return {"size": self.size, "examples": self.examples, "kinds": self.kinds}


def fold(text: str) -> str:
    """The text for spotting repeats: lower case, single spaces, no trailing punctuation."""
    return re.sub(r"\s+", " ", text.strip().lower()).rstrip(" ?!.¿¡")


def _agglomerate(vectors: np.ndarray, threshold: float) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    options = dict(n_clusters=None, distance_threshold=threshold, linkage="average")
    try:
        model = AgglomerativeClustering(metric="cosine", **options)
    except TypeError:  # scikit-learn < 1.2 calls it `affinity`
        model = AgglomerativeClustering(affinity="cosine", **options)
    return model.fit_predict(vectors)


def find_themes(texts: Sequence[str], encoder: Encoder, kinds: Optional[Sequence[str]] = None,
                threshold: float = DISTANCE_THRESHOLD, top: int = 10, min_size: int = 2,
                max_clustered: int = MAX_CLUSTERED) -> List[Theme]:
    """The largest themes among `texts`, biggest first.

    Args:
        texts: the messages (questions the KB could not answer, or suggestions).
        encoder: texts -> L2-normalised vectors (one row each).
        kinds: a label per text ("abstained", "unhelpful"), counted per theme.
        threshold: the average-linkage cosine distance that separates themes.
        top: how many themes to return.
        min_size: smaller groups are not themes (a single odd question is not a gap).
        max_clustered: distinct texts clustered directly; the rest are joined to the nearest theme.

    Returns:
        Up to `top` themes; `members` indexes `texts`.
    """
    if not texts:
        return []
    groups: Dict[str, List[int]] = {}
    for index, text in enumerate(texts):
        groups.setdefault(fold(text), []).append(index)
    distinct = sorted(groups, key=lambda key: (-len(groups[key]), groups[key][0]))
    representatives = [texts[groups[key][0]] for key in distinct]
    vectors = np.asarray(encoder(representatives), dtype=np.float32)
    head = min(len(distinct), max_clustered)
    labels = np.full(len(distinct), -1, dtype=int)
    labels[:head] = _agglomerate(vectors[:head], threshold)
    weights = np.array([len(groups[key]) for key in distinct], dtype=np.float32)
    centres = _centres(vectors[:head], labels[:head], weights[:head])
    if head < len(distinct):  # the long tail: nearest theme when close enough
        names = sorted(centres)
        matrix = np.stack([centres[name] for name in names])
        similarity = vectors[head:] @ matrix.T
        best = similarity.argmax(axis=1)
        close = similarity[np.arange(len(best)), best] >= 1.0 - threshold
        labels[head:] = np.where(close, np.array(names)[best], -1)
    themes = []
    for label in set(labels.tolist()) - {-1}:
        rows = np.flatnonzero(labels == label)
        size = int(weights[rows].sum())
        if size < min_size:
            continue
        centre = centres.get(label)
        if centre is None:
            centre = _unit(np.average(vectors[rows], axis=0, weights=weights[rows]))
        order = rows[np.argsort(-(vectors[rows] @ centre), kind="stable")]
        members = [i for row in rows for i in groups[distinct[row]]]
        kind_counts = Counter(kinds[i] for i in members) if kinds is not None else Counter()
        themes.append(Theme(size=size, examples=[representatives[row] for row in order[:EXAMPLES]],
                            kinds=dict(kind_counts), members=sorted(members)))
    themes.sort(key=lambda theme: (-theme.size, theme.members[0]))
    return themes[:top]


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _centres(vectors: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Dict[int, np.ndarray]:
    centres = {}
    for label in set(labels.tolist()):
        rows = labels == label
        centres[label] = _unit(np.average(vectors[rows], axis=0, weights=weights[rows]))
    return centres


class ModelEncoder:
    """Texts -> unit vectors with the project's embedding model, which can start loading early.

    Loading sentence-transformers and the model takes seconds; `preload` starts it on a
    thread so that it overlaps with reading the stores. Inputs are cut at `MAX_CHARS`; the
    model's own settings are left alone (it is shared with the process's other users).
    """

    MAX_CHARS = 300

    def __init__(self, model_name: str, prefix: str = "") -> None:
        self.model_name, self.prefix = model_name, prefix
        self._lock = threading.Lock()
        self._loader: Optional[threading.Thread] = None

    def preload(self) -> None:
        """Start loading the model in the background (idempotent)."""
        with self._lock:
            if self._loader is None:
                self._loader = threading.Thread(target=self._load, name="report-model", daemon=True)
                self._loader.start()

    def _load(self):
        from bot.embeddings import load_model

        return load_model(self.model_name)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        from bot.embeddings import encode

        with self._lock:
            loader = self._loader
        if loader is not None:
            loader.join()
        return encode(self._load(), [text[: self.MAX_CHARS] for text in texts], prefix=self.prefix, batch_size=128)


def model_encoder(model_name: str, prefix: str = "") -> ModelEncoder:
    """An encoder over the project's embedding model (loaded once per process)."""
    return ModelEncoder(model_name, prefix)
