"""Placing a knowledge base's abstain signals against its own heading questions."""

import numpy as np

from bot.kb.answerability import FEATURES, AbstainModel
from bot.kb.calibration import adapt_model, from_anchored, signal_anchors

MODEL = AbstainModel(tuple(0.3 for _ in FEATURES), tuple(0.1 for _ in FEATURES),
                     tuple(-1.0 if i % 2 else 0.5 for i in range(len(FEATURES))), 0.2, 0.6)
REFERENCE = {"centre": [0.3] * len(FEATURES), "gap": [0.1] * len(FEATURES)}


def signals(value: float) -> dict:
    return {name: value for name in FEATURES}


def test_anchors_are_the_midpoint_and_distance_of_the_two_heading_groups():
    rows = [signals(0.5), signals(0.7), signals(0.2), signals(0.2)]
    centre, gap = signal_anchors(rows, [False, False, True, True])
    assert np.allclose(centre, 0.4) and np.allclose(gap, 0.4)
    # a signal that is higher for the unanswerable group still gets a positive gap
    centre, gap = signal_anchors([signals(0.1), signals(0.3)], [False, True])
    assert np.allclose(centre, 0.2) and np.allclose(gap, 0.2)


def test_anchors_without_one_of_the_groups_have_no_gap():
    _, gap = signal_anchors([signals(0.4), signals(0.6)], [False, False])
    assert gap == [0.0] * len(FEATURES)


def test_a_knowledge_base_scoring_lower_gets_the_reference_decision_at_the_same_relative_place():
    # this knowledge base's headings sit 0.1 lower, with half the distance between the groups
    adapted = adapt_model(MODEL, REFERENCE, [0.2] * len(FEATURES), [0.05] * len(FEATURES))
    for reference_value in (0.1, 0.3, 0.45):
        local_value = (reference_value - 0.3) / 0.1 * 0.05 + 0.2
        assert np.isclose(adapted.probability(signals(local_value)), MODEL.probability(signals(reference_value)))
    assert adapted.threshold == MODEL.threshold and adapted.coef == MODEL.coef


def test_the_same_anchors_change_nothing_and_extreme_gaps_are_bounded():
    same = adapt_model(MODEL, REFERENCE, REFERENCE["centre"], REFERENCE["gap"])
    assert np.isclose(same.probability(signals(0.25)), MODEL.probability(signals(0.25)))
    wild = adapt_model(MODEL, REFERENCE, [0.3] * len(FEATURES), [10.0] * len(FEATURES))
    assert max(wild.scale) <= 0.1 * 2.0 + 1e-9


def test_a_signal_that_does_not_separate_the_headings_keeps_the_reference_anchors():
    adapted = adapt_model(MODEL, REFERENCE, [0.9] * len(FEATURES), [0.0] * len(FEATURES))
    assert adapted.mean == MODEL.mean and adapted.scale == MODEL.scale


def test_a_signal_without_a_reference_gap_is_read_as_it_is():
    # heading questions never hold a word the knowledge base lacks (the vocabulary has both
    # language versions), so the unknown-word share has no reference gap: no division by it
    reference = {"centre": REFERENCE["centre"], "gap": [0.0] + REFERENCE["gap"][1:]}
    adapted = adapt_model(MODEL, reference, [0.2] * len(FEATURES), [0.05] * len(FEATURES))
    assert adapted.mean[0] == MODEL.mean[0] and adapted.scale[0] == MODEL.scale[0]
    assert adapted.mean[1] != MODEL.mean[1]


def test_a_model_on_a_subset_of_the_signals_is_adapted_by_name():
    model = AbstainModel((0.3, 0.1), (0.1, 0.05), (-1.0, -0.5), 0.0, 0.5, ("score", "margin"))
    adapted = adapt_model(model, REFERENCE, [0.2] * len(FEATURES), [0.1] * len(FEATURES))
    assert np.allclose(adapted.mean, (0.2, 0.0)) and adapted.features == ("score", "margin")


def test_a_model_fitted_on_anchored_signals_reads_raw_ones_of_the_reference():
    anchored = AbstainModel((0.0,) * len(FEATURES), (1.0,) * len(FEATURES),
                            tuple(-1.0 for _ in FEATURES), 0.1, 0.5)
    raw = from_anchored(anchored, REFERENCE)
    for value in (0.1, 0.3, 0.5):
        assert np.isclose(raw.probability(signals(value)), anchored.probability(signals((value - 0.3) / 0.1)))
