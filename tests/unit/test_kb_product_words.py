"""The product's names, found in the articles of both languages, and taken out of a question."""

from bot.kb.product_words import article_word_sets, product_words, without_product_words


def _vocabulary(articles: dict) -> dict:
    return articles


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


def test_names_come_from_the_articles_own_text_not_their_translations():
    # an index's passages as passages.json holds them: each article's own text, and its Apertium
    # version under "translated"; from the translations "the" and "con" would be in every article
    # of both languages and pass for product names
    passages = [{"article_id": "a-es", "heading": "Copia", "text": "Haz una copia de PaperOffice con el asistente.",
                 "lang": "es", "key": "k1", "key_en": "k1en",
                 "translated": "Copy\nMake a copy of PaperOffice with the wizard."},
                {"article_id": "b-es", "heading": "Escanear", "text": "Escanea con PaperOffice y el escáner.",
                 "lang": "es", "key": "k2", "key_en": "k2en", "translated": "Scan\nScan with PaperOffice and the scanner."},
                {"article_id": "a-en", "heading": "Backup", "text": "Back up PaperOffice with the wizard.",
                 "lang": "en", "key": "k3", "key_en": "k3", "translated": "Copia\nCopia PaperOffice con el asistente."},
                {"article_id": "b-en", "heading": "Scan", "text": "Scan with the scanner into PaperOffice.",
                 "lang": "en", "key": "k4", "key_en": "k4", "translated": "Escanear\nEscanea con el escáner en PaperOffice."}]
    words = article_word_sets(passages)
    assert "the" not in words["a-es"] and "the" not in words["b-es"]
    assert "con" not in words["a-en"] and "con" not in words["b-en"]
    assert "paperoffice" in words["b-en"]
    assert product_words(words, ARTICLES) == {"paperoffice"}
    # the same passages read with their translations (as the index's vocabulary holds them) would
    # name "the" and "con" as products: the check above is one that can fail
    with_translations = {article: words[article] | {w for p in passages if p["article_id"] == article
                                                     for w in p["translated"].lower().replace(".", " ").split()}
                         for article in words}
    assert {"the", "con"} <= product_words(with_translations, ARTICLES)
