"""Retrieval metrics and rankings for the knowledge-base evaluation (pure functions)."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Set

import numpy as np


def rank_articles(passage_scores: np.ndarray, passage_article: Sequence[str], k: int = 10) -> List[str]:
    """Article ids ordered by their best passage's score, best first, at most `k`."""
    order = np.argsort(-passage_scores, kind="stable")
    ranked: List[str] = []
    seen: Set[str] = set()
    for index in order:
        article = passage_article[int(index)]
        if article not in seen:
            seen.add(article)
            ranked.append(article)
            if len(ranked) == k:
                break
    return ranked


def hit_at(ranked: Sequence[str], relevant: Set[str], k: int) -> float:
    """1.0 when a relevant id is among the first `k`, else 0.0."""
    return float(any(item in relevant for item in ranked[:k]))


def reciprocal_rank(ranked: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    """1/rank of the first relevant id within the first `k` (0.0 when none)."""
    for position, item in enumerate(ranked[:k], 1):
        if item in relevant:
            return 1.0 / position
    return 0.0


def summarise(rankings: Sequence[Sequence[str]], relevants: Sequence[Set[str]]) -> Dict[str, float]:
    """hit@1, hit@5 and MRR@10 averaged over queries that have a relevant article."""
    pairs = [(r, rel) for r, rel in zip(rankings, relevants) if rel]
    if not pairs:
        return {"hit@1": 0.0, "hit@5": 0.0, "mrr@10": 0.0, "queries": 0}
    return {
        "hit@1": float(np.mean([hit_at(r, rel, 1) for r, rel in pairs])),
        "hit@5": float(np.mean([hit_at(r, rel, 5) for r, rel in pairs])),
        "mrr@10": float(np.mean([reciprocal_rank(r, rel, 10) for r, rel in pairs])),
        "queries": len(pairs),
    }


def abstain_metrics(top_scores: Sequence[float], answerable: Sequence[bool], threshold: float
                    ) -> Dict[str, float]:
    """Precision, recall and F1 of abstaining below a score threshold."""
    return abstain_decision_metrics([score < threshold for score in top_scores], answerable)


def abstain_decision_metrics(abstained: Sequence[bool], answerable: Sequence[bool]) -> Dict[str, float]:
    """Precision, recall and F1 of abstaining (the positive class is "no article answers")."""
    true_pos = sum(a and not ans for a, ans in zip(abstained, answerable))
    predicted = sum(abstained)
    actual = sum(not ans for ans in answerable)
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "abstained": predicted, "unanswerable": actual}


def end_to_end_accuracy(top_ids: Sequence[Optional[str]], top_scores: Sequence[float],
                        relevants: Sequence[Set[str]], threshold: float) -> float:
    """Share of queries handled right: the right article above the threshold, or an abstention
    for a query no article answers."""
    return decision_accuracy(top_ids, [score >= threshold for score in top_scores], relevants)


def decision_accuracy(top_ids: Sequence[Optional[str]], answered: Sequence[bool],
                      relevants: Sequence[Set[str]]) -> float:
    """Share of queries handled right: answered with the right article, or abstained where
    no article answers."""
    right = 0
    for top, did_answer, relevant in zip(top_ids, answered, relevants):
        right += (did_answer and top in relevant) if relevant else (not did_answer)
    return right / len(relevants) if relevants else 0.0


def best_threshold(candidates: Iterable[float], top_ids: Sequence[Optional[str]], top_scores: Sequence[float],
                   relevants: Sequence[Set[str]]) -> float:
    """The candidate threshold with the highest end-to-end accuracy (the lowest on ties)."""
    scored = [(end_to_end_accuracy(top_ids, top_scores, relevants, t), -t) for t in candidates]
    return -max(scored)[1]


def best_probability_threshold(candidates: Iterable[float], probabilities: Sequence[float],
                               top_ids: Sequence[Optional[str]], relevants: Sequence[Set[str]]) -> float:
    """The abstain-probability threshold with the best abstain F1, then the best accuracy
    (the lowest candidate on full ties)."""
    answerable = [bool(r) for r in relevants]

    def quality(threshold: float) -> tuple:
        abstained = [p >= threshold for p in probabilities]
        return (round(abstain_decision_metrics(abstained, answerable)["f1"], 9),
                round(decision_accuracy(top_ids, [not a for a in abstained], relevants), 9))

    best = None
    for threshold in candidates:
        if best is None or quality(threshold) > quality(best):
            best = threshold
    if best is None:
        raise ValueError("no candidate thresholds")
    return best
