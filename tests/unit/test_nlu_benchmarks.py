"""Scores, thresholds and data handling of the NLU benchmark (bot/nlu/benchmarks.py)."""

from __future__ import annotations

import json
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from bot.nlu.benchmarks import (
    Prediction, hold_out, load_banking77, load_clinc150, nlu_yaml, scores_at, subset, threshold_best_sum,
    threshold_min_oos_recall, threshold_within,
)

IN_SCOPE = [Prediction("a", 0.9), Prediction("b", 0.8), Prediction("a", 0.6), Prediction("b", 0.3)]
LABELS = ["a", "b", "b", "b"]  # the third is wrong whatever the threshold
OOS = [Prediction("a", 0.7), Prediction("b", 0.5), Prediction("a", 0.2), Prediction("b", 0.1)]


def test_rejected_in_scope_messages_count_as_wrong_and_rejected_oos_as_caught():
    scored = scores_at(0.5, IN_SCOPE, LABELS, OOS)
    assert scored.in_scope_accuracy == 50.0  # "a" 0.9 and "b" 0.8 right; "b" 0.3 rejected
    assert scored.oos_recall == 50.0         # 0.2 and 0.1 caught


def test_no_threshold_catches_no_out_of_scope_message():
    scored = scores_at(0.0, IN_SCOPE, LABELS, OOS)
    assert (scored.in_scope_accuracy, scored.oos_recall) == (75.0, 0.0)


def test_within_rule_keeps_accuracy_within_the_allowed_drop():
    chosen = threshold_within(IN_SCOPE, LABELS, OOS, max_drop=25.0)
    assert chosen.in_scope_accuracy == 50.0
    assert chosen.threshold == 0.8  # the highest threshold that still keeps 0.9 and 0.8
    assert chosen.oos_recall == 100.0  # every out-of-scope confidence is below 0.8
    assert threshold_within(IN_SCOPE, LABELS, OOS, max_drop=0.0).in_scope_accuracy == 75.0


def test_best_sum_rule_maximises_accuracy_plus_recall():
    chosen = threshold_best_sum(IN_SCOPE, LABELS, OOS)
    assert chosen.in_scope_accuracy + chosen.oos_recall == max(
        scores_at(t, IN_SCOPE, LABELS, OOS).in_scope_accuracy + scores_at(t, IN_SCOPE, LABELS, OOS).oos_recall
        for t in [0.0, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])


def test_hold_out_takes_a_share_of_every_intent_and_keeps_the_rest():
    examples = [(f"text {i}", "x" if i < 20 else "y") for i in range(30)] + [("alone", "z")]
    kept, held = hold_out(examples, 0.1)
    assert sorted(kept + held) == sorted(examples)
    assert sum(1 for _, y in held if y == "x") == 2 and sum(1 for _, y in held if y == "y") == 1
    assert ("alone", "z") in kept
    assert hold_out(examples, 0.1) == (kept, held)  # seeded


def test_nlu_yaml_is_rasa_training_data(tmp_path: Path):
    examples = [("what's my balance: checking?", "balance"), ("  hola   qué tal ", "greet"), ('say "hi"', "greet")]
    path = tmp_path / "nlu.yml"
    path.write_text(nlu_yaml(examples), encoding="utf-8")
    data = load_data(str(path))
    assert sorted((m.get("text"), m.get("intent")) for m in data.intent_examples) == sorted(
        [("what's my balance: checking?", "balance"), ("hola qué tal", "greet"), ('say "hi"', "greet")])


def test_loaders_read_the_published_formats(tmp_path: Path):
    clinc = {"train": [["t1", "a"], ["t2", "b"]], "val": [["v1", "a"]], "test": [["s1", "b"]],
             "oos_train": [["o0", "oos"]], "oos_val": [["o1", "oos"]], "oos_test": [["o2", "oos"], ["o3", "oos"]]}
    (tmp_path / "data_full.json").write_text(json.dumps(clinc), encoding="utf-8")
    dataset = load_clinc150(tmp_path)
    assert dataset.train == [("t1", "a"), ("t2", "b")]
    assert dataset.validation_oos == ["o1"] and dataset.test_oos == ["o2", "o3"]
    rows = "text,category\n" + "".join(f"card {i},card_arrival\n" for i in range(10)) + '"pin, please",pin\n'
    (tmp_path / "train.csv").write_text(rows + "pin again,pin\n", encoding="utf-8")
    (tmp_path / "test.csv").write_text('text,category\n"where, is it",card_arrival\n', encoding="utf-8")
    banking = load_banking77(tmp_path)
    assert len(banking.train) + len(banking.validation) == 12
    assert len(banking.validation) == 2  # one per intent
    assert banking.test == [("where, is it", "card_arrival")] and banking.test_oos == []
    small = subset(dataset, intents=1, per_intent=1, oos=1)
    assert small.train == [("t1", "a")] and small.test == [] and small.test_oos == ["o2"]


def test_min_oos_recall_rule_keeps_the_best_accuracy_that_reaches_the_recall():
    chosen = threshold_min_oos_recall(IN_SCOPE, LABELS, OOS, min_recall=50.0)
    assert chosen.oos_recall >= 50.0
    assert chosen.in_scope_accuracy == max(
        s.in_scope_accuracy for s in (scores_at(t, IN_SCOPE, LABELS, OOS) for t in [0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 0.9, 1.0])
        if s.oos_recall >= 50.0)
    assert threshold_min_oos_recall(IN_SCOPE, LABELS, OOS, min_recall=100.0).oos_recall == 100.0
    assert threshold_min_oos_recall(IN_SCOPE, LABELS, [], min_recall=65.0).threshold == 0.0
