import numpy as np
import pytest

from bot.kb.retrieval import best_per_group, cosine_scores, fuse_scores, reciprocal_rank_fusion, top_k


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_cosine_scores_and_top_k_on_hand_made_vectors():
    corpus = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)])
    scores = cosine_scores(unit(1, 0.1, 0), corpus)
    hits = top_k(scores, 2)
    assert [h["corpus_id"] for h in hits] == [0, 2]
    assert hits[0]["score"] > hits[1]["score"]


def test_top_k_handles_empty_and_oversized_k():
    assert top_k(np.zeros(0), 3) == []
    assert len(top_k(np.array([0.1, 0.2]), 10)) == 2


def test_fuse_scores_is_a_convex_mix():
    fused = fuse_scores(np.array([1.0, -0.5]), np.array([0.0, 0.4]), 0.25)
    assert fused == pytest.approx([0.25, 0.3])
    with pytest.raises(ValueError):
        fuse_scores(np.zeros(1), np.zeros(1), 1.5)


def test_best_per_group_keeps_first_hit_of_each_article():
    hits = [{"corpus_id": 0, "score": 0.9}, {"corpus_id": 1, "score": 0.8}, {"corpus_id": 2, "score": 0.7}]
    assert [h["corpus_id"] for h in best_per_group(hits, ["a", "a", "b"])] == [0, 2]


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 1, 3]])
    assert fused[1] == fused[2] > fused[3]
