"""Index build, staleness and search on the small fixture knowledge base (offline model)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from bot.kb.articles import load_articles
from bot.kb.index import KBIndexError, build_index, check_index
from bot.settings import PROJECT_ROOT


@pytest.mark.parametrize("query, expected", [
    ("¿cómo restablezco mi contraseña?", "pw-es"),
    ("olvide mi contrasena", "pw-es"),
    ("how do I reset my password", "pw-en"),
    ("how do I restore a backup", "backup-en"),
    ("cómo escaneo con twain", "scan-es"),
])
def test_search_finds_known_answers(fixture_kb, query, expected):
    outcome = fixture_kb.search(query, k=3)
    assert outcome.answer == expected
    assert outcome.results[0].score >= outcome.results[-1].score


def test_answer_is_given_in_the_users_language_when_a_translation_exists(fixture_kb):
    outcome = fixture_kb.search("scanner twain resolution", k=3, language="es")
    assert outcome.answer == "scan-es"


def test_abstains_when_nothing_is_good_enough(fixture_kb):
    outcome = fixture_kb.search("receta de paella valenciana con marisco", k=3)
    assert outcome.answer is None
    assert fixture_kb.search("   ", k=3).answer is None
    assert fixture_kb.search("😀😀", k=3).results == []


def test_results_are_distinct_articles_with_contract_fields(fixture_kb):
    public = fixture_kb.search("password", k=5).public()
    ids = [r["id"] for r in public["results"]]
    assert len(ids) == len(set(ids))
    assert set(public) == {"query", "answer", "results"}
    assert set(public["results"][0]) == {"id", "title", "score", "url"}


def test_short_introduction_is_quoted_with_the_next_section(fixture_kb):
    intro = next(i for i, p in enumerate(fixture_kb.passages) if p["article_id"] == "pw-es")
    text = fixture_kb.answer_text(intro)
    assert "Introducción breve." in text and "Pasos" in text and "enlace" in text


def test_a_short_section_is_quoted_up_to_the_next_heading(fixture_kb):
    # "Back up" is shorter than an introduction's limit, but it is a section: "Restore" is another answer
    back_up = next(i for i, p in enumerate(fixture_kb.passages)
                   if p["article_id"] == "backup-en" and p["heading"] == "Back up")
    text = fixture_kb.answer_text(back_up)
    assert text.startswith("Open Administration, Backup") and text.rstrip().endswith("Backups run every night.")
    assert "Restore" not in text


def test_stale_index_is_refused_with_the_command_to_run(kb_settings, fixture_index, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(kb_settings.kb_articles_dir, articles)
    check_index(fixture_index, kb_settings.embedding_model, "", "", articles)
    path = articles / "en" / "backup.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    with pytest.raises(KBIndexError, match=r"stale: 1 article\(s\) changed .*backup-en.*make index"):
        check_index(fixture_index, kb_settings.embedding_model, "", "", articles)


def test_index_for_another_model_is_refused(kb_settings, fixture_index):
    with pytest.raises(KBIndexError, match="was built with model"):
        check_index(fixture_index, "intfloat/multilingual-e5-small", "query: ", "passage: ")


def test_missing_index_is_refused(tmp_path, kb_settings):
    with pytest.raises(KBIndexError, match="No knowledge-base index"):
        check_index(tmp_path / "nothing", kb_settings.embedding_model, "", "")


def test_rebuild_reembeds_only_changed_passages(kb_settings, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(kb_settings.kb_articles_dir, articles)
    out = tmp_path / "index"
    first = build_index(load_articles(articles), out, kb_settings.embedding_model, show_progress=False)
    # each passage once, plus the English translation of each Spanish one
    spanish = sum(1 for p in json.loads((out / "passages.json").read_text()) if p["lang"] == "es")
    translated = first.translated > 0
    assert first.reused == 0 and first.embedded == first.passages + (spanish if translated else 0)
    path = articles / "es" / "escanear.md"
    path.write_text(path.read_text().replace("300 ppp", "600 ppp"))
    second = build_index(load_articles(articles), out, kb_settings.embedding_model, show_progress=False)
    # the changed passage and its translation; only the changed article is translated again
    assert second.embedded == (2 if translated else 1)
    assert second.translated == (1 if translated else 0)
    assert second.reused == first.embedded - second.embedded


def test_cli_builds_and_searches_with_the_contract_json(kb_settings, tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = tmp_path / "cli-index"
    build = subprocess.run([sys.executable, "-m", "bot.kb", "build", "--articles", str(kb_settings.kb_articles_dir),
                            "--out", str(out), "--quiet"], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    search = subprocess.run([sys.executable, "-m", "bot.kb", "search", "--index", str(out), "--top-k", "2", "--json",
                             "how do I reset my password"], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    result = json.loads(search.stdout)
    assert result["answer"] == "pw-en" and len(result["results"]) == 2
    queries = tmp_path / "queries.txt"
    queries.write_text("how do I reset my password\nreceta de paella valenciana con marisco\n")
    lines = subprocess.run([sys.executable, "-m", "bot.kb", "search", "--index", str(out), "--queries", str(queries)],
                           env=env, cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.splitlines()
    assert [json.loads(line)["query"] for line in lines] == ["how do I reset my password",
                                                             "receta de paella valenciana con marisco"]


def test_cli_check_tells_whether_a_rebuild_is_needed(kb_settings, fixture_index, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(kb_settings.kb_articles_dir, articles)
    command = [sys.executable, "-m", "bot.kb", "check", "--articles", str(articles), "--index", str(fixture_index)]
    assert subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True).returncode == 0
    (articles / "en" / "new.md").write_text("---\nid: new-en\ntitle: New\nlang: en\n---\nA new article.\n")
    stale = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert stale.returncode == 1 and "new-en" in stale.stderr


def test_cli_reports_a_malformed_article_and_stops(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: no id\nlang: es\n---\nbody\n")
    result = subprocess.run([sys.executable, "-m", "bot.kb", "build", "--articles", str(tmp_path), "--out",
                             str(tmp_path / "out"), "--quiet"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "bad.md: missing required field 'id'" in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_signals_mark_a_question_about_an_uncovered_topic(fixture_kb):
    # every word of the first is in the (tiny) fixture knowledge base; "quickbooks" is in no article
    covered = fixture_kb.search("reset your password", k=3).signals
    uncovered = fixture_kb.search("reset your quickbooks", k=3).signals
    assert covered["unknown_words"] == 0.0 and covered["weakest_link"] == 1.0
    assert uncovered["unknown_words"] > 0.3
    assert uncovered["weakest_link"] < 0.8 and uncovered["covered_words"] < covered["covered_words"]


def test_abstain_model_decides_when_configured(kb_settings, fixture_index):
    from bot.kb.answerability import FEATURES, AbstainModel
    from bot.kb.search import KnowledgeBase, SearchConfig

    coef = tuple(4.0 if name == "unknown_words" else 0.0 for name in FEATURES)
    model = AbstainModel((0.0,) * len(FEATURES), (1.0,) * len(FEATURES), coef, -1.0, threshold=0.5)
    kb = KnowledgeBase(fixture_index, kb_settings, SearchConfig({"es": 0.3, "en": 0.5}, 0.0, model))
    known = kb.search("reset your password", k=1)
    unknown = kb.search("quickbooks sync", k=1)
    assert known.answer == "pw-en" and known.abstain_probability < 0.5
    assert unknown.answer is None and unknown.abstain_probability >= 0.5
    assert len(unknown.results) == 1  # the ranking is still shown (k is respected)


def test_rebuild_reuses_word_vectors(kb_settings, tmp_path):
    from bot.kb.answerability import WordVocabulary
    from bot.kb.index import _previous_word_vectors

    out = tmp_path / "index"
    build_index(load_articles(kb_settings.kb_articles_dir), out, kb_settings.embedding_model, show_progress=False)
    vocabulary = WordVocabulary.load(out)
    assert "contrasena" in vocabulary.words and vocabulary.vectors.shape[0] == len(vocabulary.words)
    assert set(_previous_word_vectors(out, kb_settings.embedding_model, "")) == set(vocabulary.words)
    assert _previous_word_vectors(out, "another-model", "") == {}


def test_long_and_wordless_questions_get_signals_without_error(fixture_kb):
    from bot.kb.answerability import MAX_LINKED_WORDS, words_of

    pasted = " ".join(f"palabra{i} contraseña" for i in range(600))  # thousands of characters
    outcome = fixture_kb.search(pasted, k=2)
    assert len(outcome.results) <= 2 and 0.0 <= outcome.signals["unknown_words"] <= 1.0
    assert len(fixture_kb.linker.informative(words_of(pasted))) == MAX_LINKED_WORDS
    numbers = fixture_kb.search("12345 67890", k=1)
    assert numbers.signals is None or numbers.signals["weakest_link"] == 1.0


needs_apertium = pytest.mark.skipif(
    not __import__("bot.kb.translate", fromlist=["x"]).apertium_available() and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="Apertium is not installed (CI installs it)")


@needs_apertium
def test_a_question_finds_an_article_written_only_in_the_other_language(fixture_kb):
    # the backup article exists only in English
    outcome = fixture_kb.search("¿cómo restauro una copia de seguridad?", k=3, language="es")
    assert outcome.results[0].id == "backup-en"
    # what a customer is shown is the article's own text, never the machine translation
    shown = fixture_kb.answer_text(fixture_kb.best_passage("backup-en", outcome.query, "es"))
    assert "Click Restore" in shown


@needs_apertium
def test_translation_does_not_change_same_language_answers(kb_settings, fixture_index, fixture_kb):
    from bot.kb.search import KnowledgeBase

    alone = KnowledgeBase(fixture_index, kb_settings, fixture_kb.config, translator=None)
    for query, language in (("restablecer la contraseña", "es"), ("scanner resolution", "en"),
                            ("reset my password", "en"), ("escanear con el escáner", "es")):
        with_translation = fixture_kb.search(query, k=1, language=language).results[0].id
        assert with_translation == alone.search(query, k=1, language=language).results[0].id


def test_without_apertium_the_search_still_answers_in_its_own_language(kb_settings, fixture_index, fixture_kb):
    from bot.kb.search import KnowledgeBase

    alone = KnowledgeBase(fixture_index, kb_settings, fixture_kb.config, translator=None)
    assert alone.translate_query("contraseña", "es") is None
    assert alone.search("reset my password", k=1, language="en").results[0].id == "pw-en"


def test_the_quoted_section_answers_what_was_asked(fixture_kb):
    sections = {i: p["heading"] for i, p in enumerate(fixture_kb.passages) if p["article_id"] == "backup-en"}
    assert sections[fixture_kb.best_passage("backup-en", "how do I make a backup", "en")] == "Back up"
    assert sections[fixture_kb.best_passage("backup-en", "how do I restore a backup", "en")] == "Restore"


@pytest.mark.parametrize("query, section", [
    # a verb form meets its heading by its letters ("recupero" / "Recuperar", "vacío" / "Vaciar"), not only
    # the words it shares with the text of another section ("borrado", "papelera")
    ("recupero lo que borré de la papelera", "Recuperar"),
    ("vacío la papelera entera", "Vaciar"),
    ("¿cómo recupero un documento de la papelera?", "Recuperar"),
    ("how do I get a deleted document back from the bin", "Recuperar"),
])
def test_the_quoted_spanish_section_answers_what_was_asked(fixture_kb, query, section):
    sections = {i: p["heading"] for i, p in enumerate(fixture_kb.passages) if p["article_id"] == "bin-es"}
    assert sections[fixture_kb.best_passage("bin-es", query)] == section


@needs_apertium
def test_rebuild_translates_only_changed_articles_from_the_cache(kb_settings, tmp_path):
    from bot.kb.translations import load_cache

    articles = tmp_path / "articles"
    shutil.copytree(kb_settings.kb_articles_dir, articles)
    out = tmp_path / "index"
    first = build_index(load_articles(articles), out, kb_settings.embedding_model, show_progress=False)
    assert first.translated == len(load_articles(articles)) == len(load_cache(out))
    again = build_index(load_articles(articles), out, kb_settings.embedding_model, show_progress=False)
    assert again.translated == 0 and again.embedded == 0
    path = articles / "en" / "backup.md"
    path.write_text(path.read_text().replace("every night", "every hour"))
    third = build_index(load_articles(articles), out, kb_settings.embedding_model, show_progress=False)
    assert third.translated == 1 and len(load_cache(out)) == first.translated
    passages = json.loads((out / "passages.json").read_text())
    assert any("hora" in (p["translated"] or "") for p in passages if p["article_id"] == "backup-en")


def test_the_abstain_signals_are_read_without_the_products_name(fixture_kb, monkeypatch):
    monkeypatch.setattr(fixture_kb, "product_words", frozenset({"paperoffice"}))
    named = fixture_kb.search("how do I restore a backup in PaperOffice", k=3, language="en")
    plain = fixture_kb.search("how do I restore a backup in", k=3, language="en")
    assert named.results[0].id == "backup-en"
    assert named.signals == pytest.approx(plain.signals)
    answered = fixture_kb.answer("how do I restore a backup in PaperOffice", language="en")
    assert answered.abstain_probability == pytest.approx(named.abstain_probability)


class _RecordingTranslator:
    """A stand-in for Apertium: fixed translations, and a record of what was asked."""

    def __init__(self, table, fail_back=False):
        self.table, self.fail_back, self.calls = table, fail_back, []

    def translate(self, text, source, target):
        from bot.kb.translate import TranslationError

        self.calls.append((text, source, target))
        if self.fail_back and len(self.calls) > 1:
            raise TranslationError("pipeline died")
        return self.table.get((text, source, target), text)


@needs_apertium
def test_the_question_is_matched_on_its_round_trip(kb_settings, fixture_index, fixture_kb):
    import dataclasses

    import numpy as np

    from bot.kb.search import KnowledgeBase

    table = {("copia de seguridad", "es", "en"): "backup copy", ("backup copy", "en", "es"): "copia de respaldo"}
    config = dataclasses.replace(fixture_kb.config, cross_share=1.0, heading_weight=0.05)
    as_asked = KnowledgeBase(fixture_index, kb_settings, config, translator=_RecordingTranslator(table))
    trip = _RecordingTranslator(table)
    round_trip = KnowledgeBase(fixture_index, kb_settings, dataclasses.replace(config, round_trip_share=1.0),
                               translator=trip)
    dense, lexical, fused = round_trip.scores("copia de seguridad", "es")
    # translated to English and back: the Spanish side reads Apertium's Spanish, the English side is unchanged
    assert trip.calls == [("copia de seguridad", "es", "en"), ("backup copy", "en", "es")]
    expected = as_asked.scores("copia de respaldo", "es", "backup copy")
    assert np.allclose(lexical, expected[1]) and np.allclose(fused, expected[2]) and np.allclose(dense, expected[0])
    assert not np.allclose(lexical, as_asked.scores("copia de seguridad", "es")[1])
    # half and half: the mean of the two readings of the Spanish side
    half = KnowledgeBase(fixture_index, kb_settings, dataclasses.replace(config, round_trip_share=0.5),
                         translator=_RecordingTranslator(table))
    both = (as_asked.scores("copia de seguridad", "es")[1] + expected[1]) / 2
    assert np.allclose(half.scores("copia de seguridad", "es")[1], both, atol=1e-6)
    # share 0 (the default) asks for no round trip; a round trip that fails reads the question as asked
    assert [c[2] for c in as_asked.translator.calls] == ["en"] * len(as_asked.translator.calls)
    failing = KnowledgeBase(fixture_index, kb_settings, dataclasses.replace(config, round_trip_share=1.0),
                            translator=_RecordingTranslator(table, fail_back=True))
    assert np.allclose(failing.scores("copia de seguridad", "es")[2], as_asked.scores("copia de seguridad", "es")[2])


def test_the_round_trip_share_is_read_from_the_settings(tmp_path):
    from bot.kb.search import SearchConfig

    path = tmp_path / "search_config.json"
    path.write_text(json.dumps({"dense_weight": {"es": 0.1, "en": 0.3}, "abstain_threshold": 0.2,
                                "round_trip_share": 1.0}))
    assert SearchConfig.load(path).round_trip_share == 1.0
    path.write_text(json.dumps({"dense_weight": {"es": 0.1, "en": 0.3}, "abstain_threshold": 0.2}))
    assert SearchConfig.load(path).round_trip_share == 0.0
    assert SearchConfig.load(SearchConfig.load.__defaults__[0]).round_trip_share == 1.0  # the shipped setting


def test_markup_in_a_question_is_not_read_as_words(fixture_kb):
    """"<img src=x onerror=alert(1)> como exporto a pdf" was turned away: the tag's letters counted
    as unknown words. Markup is not what the customer asked."""
    plain = fixture_kb.search("how do I restore a backup", k=3, language="en")
    marked = fixture_kb.search("<img src=x onerror=alert(1)> how do I restore a backup", k=3, language="en")
    assert [hit.id for hit in marked.results] == [hit.id for hit in plain.results]
    assert marked.signals == pytest.approx(plain.signals)
    assert fixture_kb.search("<script>alert(1)</script>", k=3, language="en").results == []
