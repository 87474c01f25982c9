"""The project's articles: a question whose relative clause names another topic's verb ranks
the article about the problem itself (the multi-user one), and clause-free questions keep theirs."""

from __future__ import annotations

import os

import pytest

from bot.kb.search import KnowledgeBase
from bot.settings import Settings


@pytest.fixture(scope="module")
def project_kb() -> KnowledgeBase:
    """The project's own articles, indexed as the end-to-end tests index them."""
    from tests.support.assets import kb_index

    settings = Settings.from_env()
    return KnowledgeBase(kb_index(dict(os.environ)), settings, articles_dir=settings.kb_articles_dir)


@pytest.mark.parametrize("query, language", [
    ("tengo el programa en dos ordenadores y en uno no veo los documentos que escaneo en el otro", "es"),
    ("I have the program on two computers and one doesn't see the documents I scan on the other", "en"),
])
def test_documents_one_computer_does_not_see_are_the_network_article(project_kb, query, language):
    assert project_kb.search(query, language=language).results[0].id.startswith("multi-user-")


@pytest.mark.parametrize("query, language, article", [
    ("¿cómo escaneo varias páginas en un solo documento?", "es", "scan-documents-"),
    ("el escáner no aparece en el programa", "es", "scan-documents-"),
    ("¿cómo exporto las facturas que recibo a DATEV?", "es", "datev-export-"),
])
def test_scanning_questions_keep_the_scanner_article(project_kb, query, language, article):
    assert project_kb.search(query, language=language).results[0].id.startswith(article)
