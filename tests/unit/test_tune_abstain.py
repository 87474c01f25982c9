"""The abstain decision's operating-point rule (`scripts/tune_abstain.py`): accuracy, with what
abstaining costs each knowledge base's answers beyond issue 10's 3-point budget held against it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import tune_abstain as ta  # noqa: E402
from bot.kb.answerability import FEATURES, SHIPPED_FEATURES  # noqa: E402
from bot.kb.search import SEARCH_CONFIG_FILE, SearchConfig  # noqa: E402


def measured(prior_weighted: float, cost: float) -> dict:
    return {"prior_weighted": prior_weighted, "cost": cost}


def test_cost_within_the_budget_is_free_and_beyond_it_is_held_against_the_accuracy():
    within = {"a": measured(0.85, 0.03), "b": measured(0.85, 0.0)}
    assert ta.operating_point_score(within) == pytest.approx(0.85)
    over = {"a": measured(0.86, 0.07), "b": measured(0.86, 0.0)}  # one base loses 7 points
    assert ta.operating_point_score(over) == pytest.approx(0.86 - ta.COST_PENALTY * 0.02)
    # a point of accuracy on average does not buy four points of one base's answers
    assert ta.operating_point_score(over) < ta.operating_point_score(within)


def test_a_base_without_same_language_questions_costs_nothing():
    assert ta.operating_point_score({"a": measured(0.8, None)}) == pytest.approx(0.8)


def _dev_kb(rng, answerable_level: float, n: int = 120, unanswerable_share: float = 0.25) -> ta.DevKB:
    """Signals where a higher score means an answer; anchors 0 / 1 so the model reads them as they are."""
    y = np.arange(n) < int(n * unanswerable_share)
    level = np.where(y, 0.0, answerable_level) + rng.normal(0, 0.6, n)
    rows = [{name: float(v) for name in FEATURES} for v in level]
    return ta.DevKB(rows, y, np.ones(n, dtype=bool), np.array([None if u else True for u in y], dtype=object),
                    [0.0] * len(FEATURES), [1.0] * len(FEATURES))


def test_the_operating_point_spares_the_answers_of_the_family_where_abstaining_costs_most(monkeypatch):
    # the family whose answerable questions score closest to its unanswerable ones: chosen by
    # accuracy alone, abstaining turns away over 3 % of its right answers; the rule keeps fewer away
    rng = np.random.default_rng(0)
    kbs = {"main": _dev_kb(rng, 2.5), "unseen (Lince)": _dev_kb(rng, 2.0), "unseen_2 (Brisa)": _dev_kb(rng, 3.0)}
    prior, threshold, by_kb = ta.choose_operating_point(kbs)
    assert prior in ta.FIT_UNANSWERABLE_PRIORS and threshold in ta.THRESHOLDS
    monkeypatch.setattr(ta, "COST_PENALTY", 0.0)
    _, _, by_accuracy = ta.choose_operating_point(kbs)
    assert by_accuracy["unseen (Lince)"]["cost"] > ta.COST_BUDGET
    assert by_kb["unseen (Lince)"]["cost"] < by_accuracy["unseen (Lince)"]["cost"]
    assert all(m["recall"] >= 0.6 for m in by_kb.values())


def test_the_shipped_model_reads_every_signal_the_tuning_chose():
    model = SearchConfig.load(SEARCH_CONFIG_FILE).abstain_model
    assert tuple(model.features) == tuple(SHIPPED_FEATURES) == tuple(FEATURES)


def test_the_bases_out_check_numbers_the_bases_as_the_folders_do():
    import abstain_bases_out as bo

    assert bo.base_number("main") == 0
    assert bo.base_number("unseen (Lince)") == 1
    assert bo.base_number("unseen_12") == 12
    assert bo.family("topic split") == "own" and bo.family("unseen_2 (Brisa)") == "unseen_2"
