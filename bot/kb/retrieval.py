"""Pure ranking functions over precomputed scores: no model, no I/O, easy to test."""

from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np


def cosine_scores(query_vector: np.ndarray, corpus_vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of one L2-normalised query to every normalised corpus row.

    Args:
        query_vector: shape (dim,).
        corpus_vectors: shape (n, dim).

    Returns:
        Shape (n,) scores in [-1, 1].
    """
    if corpus_vectors.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    return corpus_vectors @ query_vector


def fuse_scores(dense: np.ndarray, lexical: np.ndarray, dense_weight: float) -> np.ndarray:
    """Convex combination of dense and lexical cosine scores (both in [0, 1] in practice).

    A weighted sum keeps a score that means the same across queries, which the
    abstain threshold needs; rank fusion (RRF) would throw that away.
    """
    if not 0.0 <= dense_weight <= 1.0:
        raise ValueError("dense_weight must be within [0, 1]")
    return dense_weight * np.clip(dense, 0.0, None) + (1.0 - dense_weight) * lexical


def top_k(scores: np.ndarray, k: int) -> List[Dict[str, float]]:
    """The `k` best rows as `[{"corpus_id": i, "score": s}]`, best first."""
    if k <= 0 or scores.size == 0:
        return []
    k = min(k, scores.size)
    candidates = np.argpartition(-scores, k - 1)[:k]
    ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
    return [{"corpus_id": int(i), "score": float(scores[i])} for i in ordered]


def best_per_group(hits: Sequence[Dict[str, float]], groups: Sequence[str]) -> List[Dict[str, float]]:
    """Keep the best hit of each group (e.g. each article), in the order given."""
    seen = set()
    kept = []
    for hit in hits:
        group = groups[int(hit["corpus_id"])]
        if group not in seen:
            seen.add(group)
            kept.append(hit)
    return kept


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> Dict[int, float]:
    """Reciprocal-rank fusion of several rankings (used as a baseline in the evaluation)."""
    fused: Dict[int, float] = {}
    for ranking in rankings:
        for rank, corpus_id in enumerate(ranking):
            fused[corpus_id] = fused.get(corpus_id, 0.0) + 1.0 / (k + rank + 1)
    return fused
