"""Mapping a knowledge base's abstain signals onto the scale the shipped model was fitted on."""

import numpy as np

from bot.kb.answerability import FEATURES, AbstainModel
from bot.kb.calibration import adapt_model, signal_moments

MODEL = AbstainModel(tuple(0.3 for _ in FEATURES), tuple(0.1 for _ in FEATURES),
                     tuple(-1.0 if i % 2 else 0.5 for i in range(len(FEATURES))), 0.2, 0.6)
REFERENCE = {"mean": [0.3] * len(FEATURES), "scale": [0.1] * len(FEATURES)}


def signals(value: float) -> dict:
    return {name: value for name in FEATURES}


def test_signals_on_another_scale_get_the_reference_decision():
    # this knowledge base's heading questions score 0.1 lower, with half the spread
    adapted = adapt_model(MODEL, REFERENCE, [0.2] * len(FEATURES), [0.05] * len(FEATURES))
    for reference_value in (0.1, 0.3, 0.45):
        local_value = (reference_value - 0.3) / 0.1 * 0.05 + 0.2
        assert np.isclose(adapted.probability(signals(local_value)), MODEL.probability(signals(reference_value)))
    assert adapted.threshold == MODEL.threshold and adapted.coef == MODEL.coef


def test_the_same_scale_changes_nothing_and_extreme_spreads_are_bounded():
    same = adapt_model(MODEL, REFERENCE, REFERENCE["mean"], REFERENCE["scale"])
    assert same.probability(signals(0.25)) == MODEL.probability(signals(0.25))
    wild = adapt_model(MODEL, REFERENCE, [0.3] * len(FEATURES), [10.0] * len(FEATURES))
    assert max(wild.scale) <= 0.1 * 2.0 + 1e-9


def test_moments_of_constant_signals_do_not_divide_by_zero():
    mean, scale = signal_moments([signals(0.4), signals(0.4)])
    assert mean == [0.4] * len(FEATURES) and scale == [1.0] * len(FEATURES)
