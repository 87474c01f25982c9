"""The offline article aggregation of `scripts/ranking_bases_out.py`: best passage, plus a share of the second."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from ranking_bases_out import top_article  # noqa: E402


def test_the_best_passage_alone_decides_without_a_second_share():
    scores = np.array([0.9, 0.1, 0.85, 0.84])
    article = np.array(["a", "a", "b", "b"])
    assert top_article(scores, article, 0.0) == "a"


def test_an_article_answering_in_two_sections_wins_with_a_second_share():
    scores = np.array([0.9, 0.1, 0.85, 0.84])
    article = np.array(["a", "a", "b", "b"])
    assert top_article(scores, article, 0.3) == "b"  # 0.85 + 0.252 > 0.9 + 0.03
