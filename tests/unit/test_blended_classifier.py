"""BlendedIntentClassifier trained on a tiny TrainingData with Rasa's real tokenizer and featurizers.

Dense features are hand-made vectors (one direction per intent) so that the test says
which model decides what; the real sentence-embedding featurizer has its own test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.blended_classifier import (
    BlendedIntentClassifier, fit_idf, fit_sharpness, holdout_rows, log_loss, paired_gain_z, settle_blend, sharpen,
    softmax, tfidf_row,
)

EXAMPLES = {
    "billing": ["tengo una pregunta sobre mi factura", "la factura está mal", "quiero una copia de la factura",
                "invoice question", "my invoice is wrong", "factura duplicada"],
    "greet": ["hola", "buenos días", "hello there", "hi", "buenas tardes", "hey"],
    "database": ["la base de datos no arranca", "error en la base de datos", "database error",
                 "my database is corrupt", "problema con la bbdd", "la base de datos va lenta"],
}
DIRECTIONS = {"billing": [1.0, 0.0, 0.0], "greet": [0.0, 1.0, 0.0], "database": [0.0, 0.0, 1.0]}


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test-model")


def add_dense(message: Message, vector: List[float]) -> None:
    message.add_features(Features(np.array([vector], dtype=np.float32), FEATURE_TYPE_SENTENCE, TEXT, "hand_made"))


def featurize(messages: List[Message], storage, context, dense: Optional[Dict[str, List[float]]] = None,
              featurizers: Optional[list] = None) -> list:
    """Tokenize and count-featurize (training the featurizers on first use); optional dense vectors."""
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process(messages)
    if featurizers is None:
        featurizers = []
        for i, config in enumerate([{}, {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4}]):
            featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **config},
                                                       storage, Resource(f"cvf{i}"), context)
            featurizer.train(TrainingData(messages))
            featurizers.append(featurizer)
    for featurizer in featurizers:
        featurizer.process(messages)
    if dense is not None:
        for message in messages:
            add_dense(message, dense[message.get(INTENT)] if message.get(INTENT) else dense[message.get(TEXT)])
    return featurizers


def training_messages() -> List[Message]:
    return [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]


def train_classifier(storage, context, config=None, dense=True):
    messages = training_messages()
    featurizers = featurize(messages, storage, context, DIRECTIONS if dense else None)
    classifier = BlendedIntentClassifier.create({**BlendedIntentClassifier.get_default_config(), **(config or {})},
                                                storage, Resource("blended"), context)
    classifier.train(TrainingData(messages))
    return classifier, featurizers


def parse(classifier, featurizers, storage, context, texts, vectors=None) -> List[Message]:
    messages = [Message(data={TEXT: text}) for text in texts]
    featurize(messages, storage, context, vectors, featurizers)
    return classifier.process(messages)


def test_words_and_embedding_together_find_the_intent(storage, context):
    classifier, featurizers = train_classifier(storage, context)
    vectors = {"la factura de noviembre": [0.9, 0.1, 0.0], "hola, buenas": [0.1, 0.9, 0.0],
               "database keeps failing": [0.0, 0.2, 0.9]}
    parsed = parse(classifier, featurizers, storage, context, list(vectors), vectors)
    assert [m.get(INTENT)["name"] for m in parsed] == ["billing", "greet", "database"]
    ranking = parsed[0].get("intent_ranking")
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
    assert ranking[0]["confidence"] >= ranking[1]["confidence"] >= ranking[2]["confidence"]


def test_dense_weight_decides_which_model_wins_a_disagreement(storage, context):
    # The words say billing, the embedding says database.
    vectors = {"tengo una pregunta sobre mi factura": [0.0, 0.0, 1.0]}
    words_only, featurizers = train_classifier(storage, context, {"dense_weight": 0.0})
    assert parse(words_only, featurizers, storage, context, list(vectors), vectors)[0].get(INTENT)["name"] == "billing"
    embedding_only, featurizers = train_classifier(storage, context, {"dense_weight": 1.0})
    winner = parse(embedding_only, featurizers, storage, context, list(vectors), vectors)[0].get(INTENT)["name"]
    assert winner == "database"


def test_trains_without_dense_features(storage, context):
    classifier, featurizers = train_classifier(storage, context, dense=False)
    parsed = parse(classifier, featurizers, storage, context, ["error en la base de datos otra vez"])
    assert parsed[0].get(INTENT)["name"] == "database"


def test_messages_without_words_get_no_intent(storage, context):
    classifier, featurizers = train_classifier(storage, context)
    vectors = {"": [0.0, 0.0, 0.0], "🙂🙂": [0.0, 0.0, 0.0], "   ": [0.0, 0.0, 0.0]}
    for message in parse(classifier, featurizers, storage, context, list(vectors), vectors):
        assert message.get(INTENT) == {"name": None, "confidence": 0.0}
        assert message.get("intent_ranking") == []


def test_saved_model_predicts_the_same(storage, context):
    classifier, featurizers = train_classifier(storage, context)
    vectors = {"copia de la factura por favor": [0.7, 0.2, 0.1]}
    before = parse(classifier, featurizers, storage, context, list(vectors), vectors)[0].get("intent_ranking")
    loaded = BlendedIntentClassifier.load(BlendedIntentClassifier.get_default_config(), storage,
                                          Resource("blended"), context)
    after = parse(loaded, featurizers, storage, context, list(vectors), vectors)[0].get("intent_ranking")
    assert [r["name"] for r in after] == [r["name"] for r in before]
    assert np.allclose([r["confidence"] for r in after], [r["confidence"] for r in before], atol=1e-5)


def test_two_intents_give_two_probabilities(storage, context):
    messages = [m for m in training_messages() if m.get(INTENT) != "database"]
    featurizers = featurize(messages, storage, context, DIRECTIONS)
    classifier = BlendedIntentClassifier.create(BlendedIntentClassifier.get_default_config(), storage,
                                                Resource("two"), context)
    classifier.train(TrainingData(messages))
    vectors = {"hello": [0.0, 1.0, 0.0]}
    ranking = parse(classifier, featurizers, storage, context, list(vectors), vectors)[0].get("intent_ranking")
    assert [r["name"] for r in ranking] == ["greet", "billing"]
    assert ranking[0]["confidence"] > 0.5


def test_an_untrained_model_predicts_nothing(storage, context):
    loaded = BlendedIntentClassifier.load(BlendedIntentClassifier.get_default_config(), storage,
                                          Resource("never-trained"), context)
    message = loaded.process([Message(data={TEXT: "hola"})])[0]
    assert message.get(INTENT) == {"name": None, "confidence": 0.0}


@pytest.mark.parametrize("config", [{"dense_weight": 1.5}, {"dense_weights": [0.5, -0.1]},
                                    {"sparse_temperature": 0}, {"sparse_temperatures": [5, -1]}])
def test_invalid_blend_settings_are_refused(config):
    with pytest.raises(ValueError):
        BlendedIntentClassifier.validate_config(config)


def test_auto_blend_is_chosen_from_the_grid_and_saved(storage, context):
    # Hand-made embeddings that contradict the words for every example: the held-out examples
    # then say the words are the better model, so the search must not choose the largest dense weight.
    messages = training_messages()
    featurizers = featurize(messages, storage, context)
    wrong = {"billing": [0.0, 0.0, 1.0], "greet": [1.0, 0.0, 0.0], "database": [0.0, 1.0, 0.0]}
    for message in messages:
        add_dense(message, wrong[message.get(INTENT)] if messages.index(message) % 2 else DIRECTIONS[message.get(INTENT)])
    config = {**BlendedIntentClassifier.get_default_config(), "dense_weights": [0.2, 0.9],
              "sparse_temperatures": [3.0, 30.0]}
    classifier = BlendedIntentClassifier.create(config, storage, Resource("auto"), context)
    classifier.train(TrainingData(messages))
    assert classifier.dense_weight == 0.2 and classifier.temperature in (3.0, 30.0)
    loaded = BlendedIntentClassifier.load(config, storage, Resource("auto"), context)
    assert (loaded.dense_weight, loaded.temperature) == (classifier.dense_weight, classifier.temperature)


def test_holdout_keeps_every_class_for_fitting():
    y = np.array([0] * 10 + [1] * 3 + [2] * 2)
    held = holdout_rows(y, 0.2)
    assert sorted(y[held].tolist()) == [0, 0, 1]
    assert np.array_equal(held, holdout_rows(y, 0.2))


def test_tfidf_rows_have_unit_length_and_rare_columns_weigh_more():
    import scipy.sparse as sp

    counts = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [3, 0, 0], [0, 0, 0]], dtype=float))
    idf = fit_idf(counts)
    assert idf[1] > idf[0] > 0
    columns, weights = tfidf_row(sp.coo_matrix(counts[0]), idf)
    assert list(columns) == [0, 1] and np.isclose(np.linalg.norm(weights), 1.0)
    assert weights[1] > weights[0]
    columns, weights = tfidf_row(sp.coo_matrix(counts[3]), idf)
    assert len(columns) == 0


def test_idf_counts_the_documents_each_column_occurs_in_as_scikit_learn_does():
    # the first version counted the columns of each *row* (CSC indices are row numbers), which
    # gave every column an unrelated weight, and a vector longer than the columns when there
    # were more messages than words
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = sp.csr_matrix(np.array([[1, 1, 1, 0], [1, 0, 0, 0], [2, 0, 0, 1], [1, 0, 0, 0],
                                     [0, 0, 0, 0]], dtype=float))
    expected = TfidfTransformer(smooth_idf=True).fit(counts).idf_
    assert fit_idf(counts).shape == (4,)
    assert np.allclose(fit_idf(counts), expected)


def test_softmax_is_stable_for_large_scores():
    probabilities = softmax(np.array([[1000.0, 999.0], [0.0, 0.0]]))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert probabilities[0, 0] > probabilities[0, 1]
    assert np.allclose(probabilities[1], [0.5, 0.5])


def underconfident_sample(rng: np.random.RandomState, rows: int, true_power: float = 3.0):
    """Predicted distributions flatter than the truth: labels are drawn from each row raised to
    `true_power`, as with a blend of two models that each hedge."""
    predicted = softmax(rng.normal(0.0, 1.5, size=(rows, 12)))
    truth = sharpen(predicted, true_power)
    labels = np.array([rng.choice(12, p=row) for row in truth])
    return predicted, labels


def test_sharpen_keeps_each_rows_ranking_and_sums_to_one():
    rng = np.random.RandomState(0)
    probabilities = softmax(rng.normal(size=(50, 7)))
    for power in (0.3, 1.0, 2.5, 8.0):
        sharpened = sharpen(probabilities, power)
        assert np.allclose(sharpened.sum(axis=1), 1.0)
        assert (np.argsort(-sharpened, axis=1) == np.argsort(-probabilities, axis=1)).all()
    assert (sharpen(probabilities, 2.0).max(axis=1) > probabilities.max(axis=1)).all()
    assert (sharpen(probabilities, 0.5).max(axis=1) < probabilities.max(axis=1)).all()


def test_fitted_power_lowers_log_loss_on_held_out_data():
    rng = np.random.RandomState(1)
    fit_on, fit_labels = underconfident_sample(rng, 2000)
    held, held_labels = underconfident_sample(rng, 2000)
    power = fit_sharpness(fit_on, fit_labels)
    assert 2.4 < power < 3.6  # close to the power the labels were drawn with
    assert log_loss(sharpen(held, power), held_labels) < log_loss(held, held_labels) - 0.05
    assert (sharpen(held, power).argmax(axis=1) == held.argmax(axis=1)).all()


def test_fitted_power_flattens_overconfident_predictions():
    rng = np.random.RandomState(2)
    predicted, labels = underconfident_sample(rng, 2000, true_power=0.5)
    assert fit_sharpness(predicted, labels) < 0.7


def test_calibration_keeps_the_ranking_and_is_saved(storage, context):
    config = {"dense_weight": "auto", "sparse_temperature": "auto", "calibrate": True}
    classifier, featurizers = train_classifier(storage, context, config)
    assert classifier.sharpness > 0
    messages = [Message(data={TEXT: text}) for text in ["mi factura", "hola", "la base de datos falla"]]
    featurize(messages, storage, context, {"mi factura": DIRECTIONS["billing"], "hola": DIRECTIONS["greet"],
                                           "la base de datos falla": DIRECTIONS["database"]}, featurizers)
    calibrated = classifier.predict_proba(messages)
    power = classifier.sharpness
    classifier.sharpness = 1.0
    raw = classifier.predict_proba(messages)
    assert (calibrated.argmax(axis=1) == raw.argmax(axis=1)).all()
    assert np.allclose(calibrated, sharpen(raw, power))
    loaded = BlendedIntentClassifier.load({**BlendedIntentClassifier.get_default_config(), **config}, storage,
                                          Resource("blended"), context)
    assert loaded.sharpness == pytest.approx(power)
    assert np.allclose(loaded.predict_proba(messages), calibrated, atol=1e-5)


def test_without_calibration_the_power_is_one(storage, context):
    classifier, _ = train_classifier(storage, context, {"calibrate": False})
    assert classifier.sharpness == 1.0


@pytest.mark.parametrize("choice", ["accuracy", "log_likelihood", "log_likelihood_or_accuracy"])
def test_both_blend_choices_train(storage, context, choice):
    classifier, _ = train_classifier(storage, context, {"blend_choice": choice})
    assert classifier.dense_weight in BlendedIntentClassifier.get_default_config()["dense_weights"]


def test_an_unknown_blend_choice_is_refused():
    with pytest.raises(ValueError):
        BlendedIntentClassifier.validate_config({**BlendedIntentClassifier.get_default_config(),
                                                 "blend_choice": "f1"})


def test_paired_gain_counts_only_the_rows_where_the_two_disagree():
    truth = np.array([0, 1, 2, 3, 4, 5])
    baseline = np.array([0, 1, 9, 9, 4, 9])   # right on 0, 1, 4
    candidate = np.array([0, 9, 2, 3, 4, 5])  # right on 0, 2, 3, 4, 5: gains 3 rows, loses 1
    assert paired_gain_z(baseline, candidate, truth) == pytest.approx((3 - 1) / np.sqrt(4))
    assert paired_gain_z(candidate, baseline, truth) == pytest.approx(-1.0)
    assert paired_gain_z(baseline, baseline, truth) == 0.0


def test_the_likeliest_blend_is_kept_unless_the_most_accurate_wins_clearly():
    truth = np.zeros(400, dtype=int)
    likeliest, accurate = (-0.90, 0.30, 0.5, 10.0, 1.0), (-0.92, 0.35, 0.9, 5.0, 1.0)
    slightly_better = {(0.5, 10.0): np.r_[np.zeros(360), np.ones(40)].astype(int),
                       (0.9, 5.0): np.r_[np.zeros(368), np.ones(32)].astype(int)}   # 8 rows: z = 2.83
    barely_better = {(0.5, 10.0): np.r_[np.zeros(360), np.ones(40)].astype(int),
                     (0.9, 5.0): np.r_[np.ones(10), np.zeros(365), np.ones(25)].astype(int)}  # +15 -10: z = 1.0
    assert settle_blend("log_likelihood_or_accuracy", accurate, likeliest, slightly_better, truth) == accurate
    assert settle_blend("log_likelihood_or_accuracy", accurate, likeliest, barely_better, truth) == likeliest
    assert settle_blend("log_likelihood", accurate, likeliest, slightly_better, truth) == likeliest
    assert settle_blend("accuracy", accurate, likeliest, barely_better, truth) == accurate


def test_centroid_confidence_scales_the_ranking_by_the_cosine_to_the_winners_centroid(storage, context):
    # Same words, one embedding on the billing examples' direction and one away from every intent.
    vectors = {"la factura de noviembre": [1.0, 0.0, 0.0], "la factura está mal otra vez": [0.5, 0.5, 0.5]}
    plain, featurizers = train_classifier(storage, context)
    assert plain.centroids is None  # off by default: nothing new is stored
    before = [m.get("intent_ranking") for m in parse(plain, featurizers, storage, context, list(vectors), vectors)]
    scaled, featurizers = train_classifier(storage, context, {"centroid_confidence": True})
    after = [m.get("intent_ranking") for m in parse(scaled, featurizers, storage, context, list(vectors), vectors)]
    for old, new, cosine in zip(before, after, [1.0, 0.5 / np.sqrt(0.75)]):
        assert old[0]["name"] == new[0]["name"] == "billing"
        assert [r["name"] for r in old] == [r["name"] for r in new]
        for o, n in zip(old, new):
            assert n["confidence"] == pytest.approx(o["confidence"] * cosine, rel=1e-5)
    assert after[1][0]["confidence"] < 0.6 * before[1][0]["confidence"]


def test_centroid_confidence_is_saved_and_neutral_without_an_embedding(storage, context):
    config = {**BlendedIntentClassifier.get_default_config(), "centroid_confidence": True}
    classifier, featurizers = train_classifier(storage, context, {"centroid_confidence": True})
    vectors = {"copia de la factura por favor": [0.2, 0.9, 0.1], "error en la base de datos": [0.0, 0.0, 0.0]}
    before = parse(classifier, featurizers, storage, context, list(vectors), vectors)
    loaded = BlendedIntentClassifier.load(config, storage, Resource("blended"), context)
    after = parse(loaded, featurizers, storage, context, list(vectors), vectors)
    assert loaded.centroids is not None and loaded.centroids.shape == (3, 3)
    for old, new in zip(before, after):
        assert [r["name"] for r in old.get("intent_ranking")] == [r["name"] for r in new.get("intent_ranking")]
        assert [r["confidence"] for r in old.get("intent_ranking")] == \
            pytest.approx([r["confidence"] for r in new.get("intent_ranking")])
    no_embedding = after[1].get("intent_ranking")
    assert abs(sum(r["confidence"] for r in no_embedding) - 1.0) < 1e-6  # factor 1: no vector to judge by


def test_centroid_factor_is_the_floored_cosine():
    from bot.nlu.blended_classifier import centroid_factor, class_centroids

    centroids = class_centroids(np.array([[2.0, 0.0], [1.0, 0.1], [0.0, 3.0]]), np.array([0, 0, 1]), 2)
    assert np.allclose(np.linalg.norm(centroids, axis=1), 1.0)
    factor = centroid_factor(np.array([[1.0, 0.05], [-1.0, 0.0], [0.0, 0.0], [1.0, 1.0]]), centroids,
                             np.array([0, 0, 1, 1]))
    assert factor[0] == pytest.approx(1.0, abs=1e-3)
    assert factor[1] == 0.0 and factor[2] == 1.0
    assert factor[3] == pytest.approx(np.sqrt(0.5), rel=1e-5)
