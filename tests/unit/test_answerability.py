"""The abstain model's arithmetic, its JSON form, its fitting and the threshold choice."""

import json
import math

import pytest

from bot.kb.answerability import FEATURES, SCORE_FEATURES, AbstainModel, fit_abstain_model, trigrams, words_of
from bot.kb.evaluation import abstain_decision_metrics, best_probability_threshold, decision_accuracy
from bot.kb.search import SEARCH_CONFIG_FILE, SearchConfig


def _signals(**values):
    row = {name: 0.0 for name in FEATURES}
    row.update(values)
    return row


def test_words_are_folded_like_the_lexical_index():
    assert words_of("¿Cómo CAMBIO la Contraseña?") == ["como", "cambio", "la", "contrasena"]
    assert trigrams("mac") == {" ma", "mac", "ac "}


def test_probability_is_the_standardised_logistic():
    model = AbstainModel(mean=(0.5,), scale=(0.25,), coef=(-2.0,), intercept=0.3, threshold=0.5,
                         features=("score",))
    z = (0.25 - 0.5) / 0.25
    assert model.probability({"score": 0.25}) == pytest.approx(1 / (1 + math.exp(-(-2.0 * z + 0.3))))
    assert model.abstains({"score": 0.1}) and not model.abstains({"score": 0.9})


def test_model_round_trips_through_json_and_rejects_unknown_features():
    model = AbstainModel((0.1,) * len(FEATURES), (1.0,) * len(FEATURES), (0.5,) * len(FEATURES), -0.2, 0.7)
    assert AbstainModel.from_dict(json.loads(json.dumps(model.to_dict()))) == model
    data = model.to_dict()
    data["features"] = ["score", "sentiment"]
    with pytest.raises(ValueError, match="sentiment"):
        AbstainModel.from_dict(data)


def test_fitting_learns_that_unknown_words_mean_no_answer():
    rows = [_signals(score=0.4 + i / 100, unknown_words=0.0) for i in range(10)]
    rows += [_signals(score=0.4 + i / 100, unknown_words=0.6) for i in range(10)]
    model = fit_abstain_model(rows, [False] * 10 + [True] * 10, c=1.0)
    assert model.probability(_signals(score=0.45, unknown_words=0.6)) > 0.8
    assert model.probability(_signals(score=0.45, unknown_words=0.0)) < 0.2


def test_fitting_on_some_signals_with_weights():
    rows = [_signals(score=0.2 + i / 50) for i in range(20)]
    labels = [i < 10 for i in range(20)]  # the lower scores have no answer
    even = fit_abstain_model(rows, labels, c=1.0, features=("score",))
    assert even.features == ("score",) and len(even.coef) == 1
    # counting the answerable questions four times as much moves the boundary down
    heavy = fit_abstain_model(rows, labels, c=1.0, features=("score",), weights=[1.0] * 10 + [4.0] * 10)
    middle = _signals(score=0.39)
    assert heavy.probability(middle) < even.probability(middle)


def test_decision_metrics_and_accuracy():
    # two unanswerable queries (empty relevant set), two answerable ones
    relevants = [set(), set(), {"a"}, {"b"}]
    top_ids = ["x", "y", "a", "c"]
    answered = [False, True, True, True]
    metrics = abstain_decision_metrics([not a for a in answered], [bool(r) for r in relevants])
    assert (metrics["precision"], metrics["recall"]) == (1.0, 0.5)
    assert decision_accuracy(top_ids, answered, relevants) == 0.5  # right: abstained on 1st, answered 3rd


def test_probability_threshold_maximises_abstain_f1():
    relevants = [set(), set(), {"a"}, {"a"}]
    probabilities = [0.9, 0.6, 0.5, 0.1]
    top_ids = ["x", "x", "a", "a"]
    assert best_probability_threshold([0.3, 0.55, 0.8], probabilities, top_ids, relevants) == 0.55


def test_committed_search_config_carries_a_model_over_this_programs_signals():
    config = SearchConfig.load(SEARCH_CONFIG_FILE)
    assert config.abstain_model is not None
    assert set(config.abstain_model.features) <= set(FEATURES)
    assert 0.0 < config.abstain_model.threshold < 1.0
    # the build needs the anchors of every score signal the model reads to calibrate it; a word
    # signal the heading questions do not separate (gap 0: the unknown-word share, since headings
    # use the articles' own words in either language) is read as it is
    reference = config.calibration_reference
    assert reference and len(reference["centre"]) == len(reference["gap"]) == len(FEATURES)
    assert all(gap >= 0 for gap in reference["gap"])
    assert all(gap > 0 for name, gap in zip(FEATURES, reference["gap"]) if name in SCORE_FEATURES)


def test_the_shipped_model_abstains_more_when_the_question_s_words_have_no_counterpart():
    # "export to SAP" scores like "export to DATEV"; only the words tell them apart: "sap" is
    # not a word of the knowledge base, and has no counterpart in the article found
    model = SearchConfig.load(SEARCH_CONFIG_FILE).abstain_model
    assert {"weakest_link", "unknown_words"} <= set(model.features)
    typical = dict(zip(model.features, model.mean))
    # a word without a counterpart lowers the weakest link and, with it, the mean link (both are read
    # since the seven-family refit, and share the weight the weakest link had alone)
    linked = {"weakest_link": 1.0, "mean_link": 1.0}
    unlinked = {"weakest_link": 0.3, "mean_link": 0.65}  # one word of four without a counterpart
    assert model.probability({**typical, **unlinked}) > model.probability({**typical, **linked}) + 0.1
    assert model.probability({**typical, "unknown_words": 0.4}) > model.probability({**typical, "unknown_words": 0.0})


def test_a_word_spelled_like_a_known_one_is_not_unknown_to_the_knowledge_base():
    # "correos" is not a word of the articles, "correo" is: an inflection of the knowledge base's own
    # word, not a topic it lacks ("quickbooks"); only the latter counts towards the unknown-word share
    import numpy as np

    from bot.kb.answerability import WordLinker, WordVocabulary

    words = ["archiva", "correo", "exportar", "facturas"]
    vocabulary = WordVocabulary(words, np.ones(len(words), dtype=np.float32), np.eye(len(words), dtype=np.float32),
                                {"a": np.arange(len(words), dtype=np.int32)}, 10)
    linker = WordLinker(vocabulary)
    assert linker.spelled_alike(["correos", "archiven", "quickbooks", "facturas"]).tolist() == [True, True, False, True]
    signals = linker.features("correos facturas", "a", 0.5, 0.3, 0.5, 0.5, 0.2)
    assert signals["unknown_words"] == 0.0
    signals = linker.features("quickbooks facturas", "a", 0.5, 0.3, 0.5, 0.5, 0.2)
    assert 0.5 < signals["unknown_words"] < 1.0


def test_better_reading_keeps_the_score_signals_and_the_better_word_signals():
    from bot.kb.answerability import better_reading

    asked = _signals(score=0.4, unknown_words=0.5, covered_words=0.2, weakest_link=0.1, mean_link=0.4)
    translated = _signals(score=0.9, unknown_words=0.1, covered_words=0.6, weakest_link=0.05, mean_link=0.7)
    better = better_reading(asked, translated)
    assert better["score"] == 0.4  # the score signals are the question's, whatever the reading
    assert (better["unknown_words"], better["covered_words"], better["weakest_link"], better["mean_link"]) == (
        0.1, 0.6, 0.1, 0.7)


def _english_only_kb():
    """A knowledge base of one English article, whose vocabulary knows only English words."""
    import numpy as np

    from bot.kb.answerability import WordLinker, WordVocabulary
    from bot.kb.search import KnowledgeBase

    words = ["cannot", "change", "delete", "documents", "only", "read", "reader", "roles", "sees"]
    vocabulary = WordVocabulary(words, np.full(len(words), 3.0, dtype=np.float32),
                                np.eye(len(words), dtype=np.float32),
                                {"roles-en": np.arange(len(words), dtype=np.int32)}, 40)
    kb = KnowledgeBase.__new__(KnowledgeBase)
    kb.translations, kb.linker = {}, WordLinker(vocabulary)
    kb.articles = {"roles-en": {"lang": "en"}}
    return kb


def test_a_question_in_the_other_language_than_the_article_found_is_also_read_in_the_articles_language():
    # "solo ver documentos sin borrar" against an English-only article: its Spanish words have no
    # counterpart among the article's (nor, often, its rough translation's) words, and looked like a
    # topic the knowledge base lacks; read as Apertium's English, they are the article's own words
    import numpy as np

    from bot.kb.search import Hit

    kb = _english_only_kb()
    hit = Hit("roles-en", "Roles", 0.4, None, "en", "Roles", "", 0)
    scores = (np.array([0.5]), np.array([0.2]))
    asked = kb.abstain_signals("solo ver documentos sin borrar", [hit], *scores)
    cross = kb.abstain_signals("solo ver documentos sin borrar", [hit], *scores, language="es",
                               translated="only see documents without delete")
    assert cross["covered_words"] > asked["covered_words"] and cross["mean_link"] > asked["mean_link"]
    assert cross["unknown_words"] < asked["unknown_words"]
    assert cross["score"] == asked["score"] and cross["dense"] == asked["dense"]
    # an article in the question's own language is read as asked only
    same = kb.abstain_signals("solo ver documentos sin borrar", [hit], *scores, language="en",
                              translated="sólo ver documentos sin borrar")
    assert same == asked
    # and so is an article found in the other language that has a version in the question's
    kb.articles["roles-es"] = {"lang": "es"}
    kb.translations = {"roles-en": {"es": "roles-es"}, "roles-es": {"en": "roles-en"}}
    bilingual = kb.abstain_signals("solo ver documentos sin borrar", [hit], *scores, language="es",
                                   translated="only see documents without delete")
    assert bilingual == asked
