"""A query's TF-IDF vector without sklearn's per-call checks (`bot.kb.lexical.transform_one`)
must be sklearn's, bit for bit, or the search's scores would drift."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.kb.lexical import LexicalIndex, row_product, transform_one

PASSAGES = [
    "Para restaurar una copia de seguridad, abre Ajustes y pulsa Restaurar.",
    "Manual backup: click Back up now. The backup is stored in the cloud.",
    "La contraseña se cambia en Perfil > Seguridad. Contraseñas de 8 caracteres o más.",
    "Export invoices to DATEV or as PDF; e-mail import files invoices on their own.",
    "Staff accounts — Deactivating an employee keeps her documents.",
]
QUERIES = [
    "¿Cómo restauro la copia de seguridad?",
    "contrasena contraseña CONTRASEÑA contraseñas",
    "backup backup backup now now",
    "how do I get the invoices that arrive by e-mail filed on their own?",
    "zzz qqq",  # nothing known
    "",
    "   ",
    "export " * 200,
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.fit(PASSAGES)


def same(a, b) -> bool:
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and a.data.dtype == b.data.dtype and np.array_equal(a.data, b.data))


@pytest.mark.parametrize("query", QUERIES)
def test_the_vector_and_the_scores_are_sklearns_exactly(index, query):
    for vectorizer in (index.word_vectorizer, index.char_vectorizer):
        assert same(transform_one(vectorizer, query), vectorizer.transform([query]))
    expected = (index.word_vectorizer.transform([query]), index.char_vectorizer.transform([query]))
    assert np.array_equal(index.scores(query), index.scores(expected))
    field = index.field([p.split(".")[0] for p in PASSAGES])
    fast = field.field_query(index.query_vectors(query))
    assert all(same(a, b) for a, b in zip(fast, field.field_query(expected)))


def test_a_vectorizer_set_up_otherwise_goes_through_sklearn():
    binary = TfidfVectorizer(binary=True, norm="l1").fit(PASSAGES)
    assert same(transform_one(binary, QUERIES[0]), binary.transform([QUERIES[0]]))


@pytest.mark.parametrize("query", QUERIES)
def test_the_query_terms_product_is_scipys_exactly(index, query):
    for vectorizer, postings in ((index.word_vectorizer, index.word_postings),
                                 (index.char_vectorizer, index.char_postings)):
        vector = transform_one(vectorizer, query)
        expected = (vector @ postings).toarray().ravel()
        assert row_product(vector, postings).dtype == expected.dtype
        assert np.array_equal(row_product(vector, postings), expected)
        wide = postings.copy()
        wide.indices, wide.indptr = wide.indices.astype(np.int64), wide.indptr.astype(np.int64)
        assert np.array_equal(row_product(vector, wide), expected)  # other index types: through SciPy
