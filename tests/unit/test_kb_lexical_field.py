import numpy as np

from bot.kb.lexical import LexicalIndex

PASSAGES = [
    "Cuentas de empleados — Dar de baja a un empleado\nDesactiva la cuenta; sus ventas se conservan.",
    "Cuentas de empleados — Cambiar el PIN\nCada empleado tiene un PIN de cuatro cifras.",
    "Impresora de tickets — Conectar por Bluetooth\nEmpareja la impresora desde los ajustes.",
]
HEADINGS = [text.split("\n", 1)[0] for text in PASSAGES]


def test_a_field_scores_like_an_index_fitted_on_its_own_text():
    """The heading field reuses the body's query vectors, but must rank as if fitted on the headings."""
    body = LexicalIndex.fit(PASSAGES)
    field = body.field(HEADINGS)
    alone = LexicalIndex.fit(HEADINGS)
    for query in ("una empleada se ha ido, la borro?", "la impresora no conecta", "pin olvidado del camarero"):
        shared = field.scores(field.field_query(body.query_vectors(query)))
        np.testing.assert_allclose(shared, alone.scores(query), atol=1e-5)


def test_a_query_word_no_heading_uses_does_not_dilute_the_field():
    body = LexicalIndex.fit(PASSAGES)
    field = body.field(HEADINGS)
    short = field.scores(field.field_query(body.query_vectors("impresora")))
    longer = field.scores(field.field_query(body.query_vectors("impresora ajustes")))  # "ajustes": body only
    assert np.argmax(short) == 2
    np.testing.assert_allclose(longer[2], short[2], rtol=0.2)
