"""A first-person relative clause says which thing is meant, not the topic (review: "…no veo los
documentos que escaneo en el otro" got the scanner article, not the multi-user one)."""

import pytest

from bot.kb.clauses import without_relative_clauses


@pytest.mark.parametrize("text, reduced", [
    ("tengo el programa en dos ordenadores y en uno no veo los documentos que escaneo en el otro",
     "tengo el programa en dos ordenadores y en uno no veo los documentos en el otro"),
    ("mi compañera no ve los documentos que yo guardo", "mi compañera no ve los documentos"),
    ("one doesn't see the documents I scan on the other", "one doesn't see the documents on the other"),
    ("¿cómo exporto las facturas que recibo a DATEV?", "¿cómo exporto las facturas a DATEV?"),
    ("the invoices that we receive by email are not imported", "the invoices by email are not imported"),
])
def test_the_clause_is_cut_to_its_noun(text, reduced):
    assert without_relative_clauses(text) == reduced


@pytest.mark.parametrize("text", [
    "las facturas que nos llegan por correo no se importan",  # not the customer's own verb
    "creo que escaneo mal",                                    # a "that" clause after a verb
    "¿qué hago?",
    "the scanner I have is a Canon",
    "I need the documents I can find",
    "I want to know how the program works",
    "¿cómo escaneo varias páginas en un solo documento?",
    "el escáner no aparece en el programa",
    "dice que no encuentra el servidor",
])
def test_other_sentences_are_left_as_they_are(text):
    assert without_relative_clauses(text) == text
