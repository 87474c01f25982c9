"""`KnowledgeBase.answer`: one scoring of the question per answer, and the same choices as the
search-then-re-score path the actions used before it."""

from __future__ import annotations

import os
from typing import List

import pytest

from bot import embeddings
from bot.kb.search import KnowledgeBase, SearchConfig
from bot.settings import Settings
from tests.support.kb_reference import OldTurn, old_answer_turn, old_turns, project_questions

QUESTIONS = [("¿cómo restauro una copia de seguridad?", "es"),  # answered by an English-only article
             ("how do I restore a backup", "en"),
             ("¿cómo restablezco mi contraseña?", "es"),
             ("receta de paella valenciana con marisco", "es")]  # abstains


class EncodeSpy:
    """Passes every call on to the real model's `encode` and keeps the texts it was given."""

    def __init__(self, model) -> None:
        self.encode = model.encode
        self.calls: List[List[str]] = []

    def __call__(self, texts, **options):
        self.calls.append(list(texts))
        return self.encode(texts, **options)


@pytest.fixture
def spy(fixture_kb, monkeypatch) -> EncodeSpy:
    """The fixture KB's model, counted, with no cached vectors to hide a second encoding."""
    watcher = EncodeSpy(fixture_kb.model)
    monkeypatch.setattr(embeddings._query_cache, "size", 0)
    embeddings.clear_query_cache()
    monkeypatch.setattr(fixture_kb.model, "encode", watcher)
    return watcher


def test_each_text_of_an_answer_is_embedded_once(fixture_kb, spy):
    """Fixture weights mix same-language evidence in: a Spanish question is embedded as itself
    and as its English translation, but neither twice, next article and passages included."""
    for query, language in QUESTIONS:
        spy.calls.clear()
        fixture_kb.answer(query, language)
        texts = [text for call in spy.calls for text in call]
        assert 1 <= len(texts) <= 2 and len(set(texts)) == len(texts), (query, spy.calls)
    spy.calls.clear()
    assert old_answer_turn(fixture_kb, *QUESTIONS[2]) is not None  # the path this replaced: the counter sees it
    assert len(spy.calls) > len({text for call in spy.calls for text in call})


def test_with_the_tuned_weights_an_answer_embeds_the_question_once(fixture_kb, kb_settings, fixture_index, spy):
    """The committed configuration uses translated evidence only: one forward pass per answer,
    also when the answer and the next article are in another language than the question."""
    # a threshold low enough for the Spanish backup question to be answered by the English article
    tuned = SearchConfig(fixture_kb.config.dense_weight, 0.2, cross_share=1.0, cross_dense_weight=0.6)
    kb = KnowledgeBase(fixture_index, kb_settings, tuned, articles_dir=kb_settings.kb_articles_dir)
    assert kb.model is fixture_kb.model  # the spied one
    answered = []
    for query, language in QUESTIONS:
        spy.calls.clear()
        found = kb.answer(query, language)
        assert len(spy.calls) == 1 and len(spy.calls[0]) == 1, (query, spy.calls)
        if found.article is not None:
            answered.append(found.article.id)
            spy.calls.clear()
            kb.answer(query, language, shown=[found.article.id])
            assert len(spy.calls) == 1
    assert answered[0] == "backup-en" and len(answered) == 3


def test_the_next_article_is_none_of_the_articles_shown(fixture_kb):
    first = fixture_kb.answer("scan documents and back up the archive", "en")
    assert first.article is not None and first.next_article is not None
    assert not fixture_kb.same_article(first.next_article.id, first.article.id)
    offered = fixture_kb.answer("scan documents and back up the archive", "en", shown=[first.article.id])
    assert offered.next_article == first.next_article
    both = [first.article.id, first.next_article.id]
    later = fixture_kb.answer("scan documents and back up the archive", "en", shown=both).next_article
    assert later is None or not any(fixture_kb.same_article(later.id, done) for done in both)


@pytest.fixture(scope="module")
def project_kb() -> KnowledgeBase:
    """The project's own articles, indexed as the end-to-end tests index them, tuned weights."""
    from tests.support.assets import kb_index

    settings = Settings.from_env()
    return KnowledgeBase(kb_index(dict(os.environ)), settings, articles_dir=settings.kb_articles_dir)


def test_answer_chooses_what_the_old_actions_chose_on_the_project_questions(project_kb, monkeypatch):
    """Article, quoted passage, abstain decision and next article offered after "no", for every
    question of the project's query sets in both languages: identical to the old path."""
    monkeypatch.setattr(embeddings._query_cache, "size", 256)  # as in the action server: same vectors, faster
    questions = project_questions()
    differ, answered, offered = [], 0, 0
    for query, language in questions:
        old = old_turns(project_kb, query, language)
        found = project_kb.answer(query, language)
        next_article = (project_kb.answer(query, language, shown=[found.article.id]).next_article
                        if found.article else None)
        new = OldTurn(found.article and found.article.id, found.article and found.article.passage,
                      next_article and next_article.id, next_article and next_article.passage)
        if new != old:
            differ.append((query, language, old, new))
        if found.article and next_article:
            # what the first answer already knew about the next article is what the offer shows
            assert found.next_article == next_article
        answered += found.article is not None
        offered += next_article is not None
    assert not differ, differ[:3]
    assert len(questions) >= 800 and answered > 300 and offered > 200  # both paths were exercised


def test_a_question_in_spanish_answered_in_english_on_request(fixture_kb):
    """A customer who asked for answers in English and goes on writing Spanish: the question is
    searched as Spanish (as Spanish, it finds its article) and the English version is shown."""
    question = "y si se me olvida la contraseña, ¿cómo la recupero?"
    as_spanish = fixture_kb.answer(question, "es")
    in_english = fixture_kb.answer(question, "en", query_language="es")
    assert as_spanish.article is not None and in_english.article is not None
    assert in_english.article.id == fixture_kb.in_language(as_spanish.article.id, "en")
    assert fixture_kb.articles[in_english.article.id]["lang"] == "en"
