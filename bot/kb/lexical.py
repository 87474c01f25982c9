"""Lexical side of the search: TF-IDF over words and over character n-grams.

Character n-grams catch typos, missing accents and word forms ("contraseña",
"contrasena", "contraseñas"); words catch exact terms. Both are accent-folded.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple, Union

import numpy as np
from scipy import sparse
from scipy.sparse import _sparsetools
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass
class LexicalIndex:
    """Two fitted TF-IDF vectorizers and their postings (term x passage matrices).

    Keeping the matrices transposed (one row per term) makes scoring an inverted-index
    look-up: a query touches only the rows of its own terms, not every stored value,
    which keeps latency flat as the knowledge base grows.
    """

    word_vectorizer: TfidfVectorizer
    char_vectorizer: TfidfVectorizer
    word_postings: sparse.csr_matrix
    char_postings: sparse.csr_matrix
    #: For a `field`: its IDF over the vectorizers' (word, character); None for the texts themselves.
    idf_ratio: Optional[Tuple[np.ndarray, np.ndarray]] = None

    @classmethod
    def fit(cls, texts: Sequence[str]) -> "LexicalIndex":
        """Fit both vectorizers on the passage texts."""
        word = TfidfVectorizer(strip_accents="unicode", lowercase=True, ngram_range=(1, 2),
                               sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w+\b")
        char = TfidfVectorizer(strip_accents="unicode", lowercase=True, analyzer="char_wb",
                               ngram_range=(3, 5), sublinear_tf=True, min_df=1)
        word_postings = word.fit_transform(texts).T.tocsr()
        char_postings = char.fit_transform(texts).T.tocsr()
        return cls(word, char, word_postings, char_postings)

    def field(self, texts: Sequence[str]) -> "LexicalIndex":
        """Another field of the same passages (e.g. their headings), weighted by its own IDF but in
        these vectorizers' vocabulary (`texts` must be parts of the indexed texts), so that a query
        vectorised once (`query_vectors`) scores both: `field_query` only reweights its vector."""
        postings = []
        for vectorizer in (self.word_vectorizer, self.char_vectorizer):
            raw = _reweight(vectorizer.transform(texts), 1.0 / vectorizer.idf_)
            frequency = np.bincount(raw.indices, minlength=raw.shape[1])
            # the field's own vocabulary only: a query word no heading uses does not count
            idf = np.where(frequency > 0, np.log((1.0 + raw.shape[0]) / (1.0 + frequency)) + 1.0, 0.0)
            postings.append((_reweight(raw, idf).T.tocsr(), idf / vectorizer.idf_))
        (word, word_ratio), (char, char_ratio) = postings
        return LexicalIndex(self.word_vectorizer, self.char_vectorizer, word, char, (word_ratio, char_ratio))

    def field_query(self, vectors: Tuple[sparse.csr_matrix, sparse.csr_matrix]
                    ) -> Tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """`query_vectors` of the index a `field` was made from, reweighted to this field's IDF."""
        out = []
        for vector, ratio in zip(vectors, self.idf_ratio):  # one row: scale only its few stored values
            vector = vector.copy()
            vector.data = vector.data * ratio[vector.indices]
            norm = float(np.sqrt(np.dot(vector.data, vector.data)))
            if norm:
                vector.data /= norm
            out.append(vector)
        return tuple(out)

    def query_vectors(self, query: str) -> Tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """`query` as word and character TF-IDF vectors (the costly part of scoring)."""
        return transform_one(self.word_vectorizer, query), transform_one(self.char_vectorizer, query)

    def scores(self, query: Union[str, Tuple[sparse.csr_matrix, sparse.csr_matrix]]) -> np.ndarray:
        """Mean of word and character cosine similarities of `query` (text or `query_vectors`)
        to every passage."""
        word_vector, char_vector = self.query_vectors(query) if isinstance(query, str) else query
        word_scores = row_product(word_vector, self.word_postings)
        char_scores = row_product(char_vector, self.char_postings)
        return ((word_scores + char_scores) / 2.0).astype(np.float32)


def _reweight(rows: sparse.csr_matrix, factor: np.ndarray) -> sparse.csr_matrix:
    """Each column scaled by `factor`, each row L2-normalised again (TF-IDF with another IDF)."""
    scaled = rows.multiply(factor[None, :]).tocsr()
    norms = np.sqrt(np.asarray(scaled.multiply(scaled).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ scaled


class _OneText:
    """`TfidfVectorizer.transform([text])` for one text, without sklearn's per-call checks.

    sklearn checks that the vectorizer is fitted (a walk over its attributes), validates and
    copies the count matrix and multiplies it by a diagonal IDF matrix on every call: about
    half of a query's TF-IDF time here, and a query is vectorised four times (two vocabularies,
    words and characters). This repeats its arithmetic in the same order on the same float64
    values, so the vector is the same bit for bit: counts in column order, `log(count) + 1`,
    times the IDF, the columns then listed in descending order as SciPy's product with the
    diagonal leaves them, the squares summed in that order (sklearn's L2 normalisation loop),
    each value divided by the root.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.columns = len(self.vocabulary)

    def __call__(self, text: str) -> sparse.csr_matrix:
        vocabulary, counts = self.vocabulary, {}
        for feature in self.analyze(text):
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.array(sorted(counts), dtype=np.int32)
        data = np.array([counts[c] for c in columns.tolist()], dtype=np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1
        columns = columns[::-1].copy()
        data = data[::-1] * self.idf[columns]
        total = 0.0
        for value in data.tolist():
            total += value * value
        if total != 0.0:
            data /= math.sqrt(total)
        return sparse.csr_matrix((data, columns, np.array([0, len(columns)], dtype=np.int32)),
                                 shape=(1, self.columns))


_one_text: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def transform_one(vectorizer: TfidfVectorizer, text: str) -> sparse.csr_matrix:
    """`vectorizer.transform([text])`, the same values, faster (`_OneText`); a vectorizer set up
    otherwise than this module's (no L2 norm, binary, not float64) goes through sklearn."""
    fast = _one_text.get(vectorizer)
    if fast is None:
        if not (isinstance(vectorizer, TfidfVectorizer) and vectorizer.norm == "l2" and vectorizer.use_idf
                and not vectorizer.binary and vectorizer.dtype in (np.float64, float)
                and getattr(vectorizer, "vocabulary_", None) is not None):
            return vectorizer.transform([text])
        fast = _one_text[vectorizer] = _OneText(vectorizer)
    return fast(text)


def row_product(row: sparse.csr_matrix, matrix: sparse.csr_matrix) -> np.ndarray:
    """`(row @ matrix).toarray().ravel()` for a one-row `row`: SciPy's own kernel (`csr_matmat`, the
    same sums in the same order, so the same values), called directly. SciPy's operator checks,
    converts and builds a sparse result on each call, about half the time of a query term
    product here (0.25 -> 0.11 ms); a query makes eight. Other index or value types go through SciPy."""
    if (row.shape[0] != 1 or row.shape[1] != matrix.shape[0] or row.data.dtype != np.float64
            or matrix.data.dtype != np.float64 or not isinstance(matrix, sparse.csr_matrix)
            or not all(a.dtype == np.int32 for a in (row.indptr, row.indices, matrix.indptr, matrix.indices))):
        return (row @ matrix).toarray().ravel()
    columns = matrix.shape[1]
    size = _sparsetools.csr_matmat_maxnnz(1, columns, row.indptr, row.indices, matrix.indptr, matrix.indices)
    indptr = np.empty(2, dtype=np.int32)
    indices = np.empty(size, dtype=np.int32)
    data = np.empty(size, dtype=np.float64)
    _sparsetools.csr_matmat(1, columns, row.indptr, row.indices, row.data, matrix.indptr, matrix.indices,
                            matrix.data, indptr, indices, data)
    out = np.zeros(columns, dtype=np.float64)
    out[indices[:indptr[1]]] = data[:indptr[1]]
    return out
