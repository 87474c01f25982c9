"""Lexical side of the search: TF-IDF over words and over character n-grams.

Character n-grams catch typos, missing accents and word forms ("contraseña",
"contrasena", "contraseñas"); words catch exact terms. Both are accent-folded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse
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

    def scores(self, query: str) -> np.ndarray:
        """Mean of word and character cosine similarities of `query` to every passage."""
        word_scores = (self.word_vectorizer.transform([query]) @ self.word_postings).toarray().ravel()
        char_scores = (self.char_vectorizer.transform([query]) @ self.char_postings).toarray().ravel()
        return ((word_scores + char_scores) / 2.0).astype(np.float32)
