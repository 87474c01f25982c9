"""After "did it help?": a no that says what the customer was after is a no to the article; a no with a
wish for the product is a suggestion (review of conv16: wishes worded outside a set list were lost)."""

from __future__ import annotations

import pytest

from actions.feedback import refuses_the_article
from tests.integration.conftest import make_tracker


def after_article(text: str):
    return make_tracker(text, "suggestion", {"pending_offer": "kb_feedback"})


@pytest.mark.parametrize("text", [
    "no, would be cool if you added zip export",
    "no. Sería muy útil poder exportar en zip",
    "no, you really should add zip export",
    "no, estaría bien que exportara en zip",
    "no, ojalá tuviera exportación a zip",
    "no, I wish it had a zip export",
    "no, it would be handy to export as zip",
    "no, podríais añadir la exportación en zip",
    "no, deberíais poder exportar en zip",
])
def test_a_no_with_a_wish_is_a_suggestion(text):
    assert not refuses_the_article(after_article(text))


@pytest.mark.parametrize("text", [
    "no, lo que quiero es exportar varios documentos a la vez en un zip",
    "no, what I need is to export several documents at once",
    "no, I want to export several documents as one zip",
    "no, me refiero a exportar en zip",
    "no, no me ha servido",
])
def test_a_no_with_what_was_after_is_a_no_to_the_article(text):
    assert refuses_the_article(after_article(text))
