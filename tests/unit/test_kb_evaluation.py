import numpy as np
import pytest

from bot.kb.evaluation import (abstain_metrics, best_threshold, end_to_end_accuracy, hit_at, rank_articles,
                               reciprocal_rank, summarise)


def test_rank_articles_uses_each_articles_best_passage():
    scores = np.array([0.2, 0.9, 0.5, 0.8])
    assert rank_articles(scores, ["a", "b", "c", "b"]) == ["b", "c", "a"]


def test_hits_and_reciprocal_rank():
    ranked = ["x", "y", "z"]
    assert hit_at(ranked, {"y"}, 1) == 0.0 and hit_at(ranked, {"y"}, 5) == 1.0
    assert reciprocal_rank(ranked, {"z"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, {"q"}) == 0.0


def test_summarise_skips_unanswerable_queries():
    summary = summarise([["a", "b"], ["c"], ["d"]], [{"a"}, {"x"}, set()])
    assert summary == {"hit@1": 0.5, "hit@5": 0.5, "mrr@10": 0.5, "queries": 2}


def test_abstain_metrics():
    metrics = abstain_metrics([0.1, 0.2, 0.9, 0.8], [False, True, False, True], threshold=0.5)
    assert metrics["precision"] == 0.5 and metrics["recall"] == 0.5 and metrics["f1"] == 0.5


def test_threshold_choice_maximises_end_to_end_accuracy():
    ids, scores, rel = ["a", "b", "c"], [0.9, 0.4, 0.2], [{"a"}, {"b"}, set()]
    assert end_to_end_accuracy(ids, scores, rel, 0.3) == 1.0
    assert best_threshold([0.1, 0.3, 0.5], ids, scores, rel) == 0.3
