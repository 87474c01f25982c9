"""The product's names, found in the articles of both languages, and taken out of a question."""

import numpy as np

from bot.kb.answerability import WordVocabulary
from bot.kb.product_words import product_words, without_product_words


def _vocabulary(articles: dict) -> WordVocabulary:
    words = sorted({w for ws in articles.values() for w in ws})
    position = {w: i for i, w in enumerate(words)}
    return WordVocabulary(words, np.ones(len(words), dtype=np.float32), np.zeros((len(words), 2), dtype=np.float32),
                          {a: np.array(sorted(position[w] for w in ws), dtype=np.int32) for a, ws in articles.items()},
                          len(articles))


ARTICLES = {"a-es": {"lang": "es"}, "b-es": {"lang": "es"}, "a-en": {"lang": "en"}, "b-en": {"lang": "en"}}


def test_a_name_is_a_word_most_articles_of_both_languages_use():
    vocabulary = _vocabulary({"a-es": {"paperoffice", "de", "copia"}, "b-es": {"paperoffice", "de", "escanear"},
                              "a-en": {"paperoffice", "the", "backup"}, "b-en": {"the", "scan", "pdf"}})
    # "de" and "the" are in every article of one language only; "pdf" in too few
    assert product_words(vocabulary, ARTICLES) == {"paperoffice"}


def test_a_knowledge_base_in_one_language_has_no_names():
    vocabulary = _vocabulary({"a-es": {"lince", "caja"}, "b-es": {"lince", "ticket"}})
    assert product_words(vocabulary, {"a-es": {"lang": "es"}, "b-es": {"lang": "es"}}) == frozenset()


def test_the_name_is_taken_out_of_the_question_but_never_all_of_it():
    names = frozenset({"paperoffice"})
    assert without_product_words("¿hay modo oscuro en PaperOffice?", names) == "¿ hay modo oscuro en?"
    assert without_product_words("¿hay modo oscuro?", names) == "¿hay modo oscuro?"
    assert without_product_words("PaperOffice", names) == "PaperOffice"
    # after a verb the name is what is asked about, and the question stays as asked
    question = "¿Cómo configuro Avast para que no bloquee PaperOffice?"
    assert without_product_words(question, names) == question
