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
    """Two fitted TF-IDF vectorizers and the passage matrices they produced."""

    word_vectorizer: TfidfVectorizer
    char_vectorizer: TfidfVectorizer
    word_matrix: sparse.csr_matrix
    char_matrix: sparse.csr_matrix

    @classmethod
    def fit(cls, texts: Sequence[str]) -> "LexicalIndex":
        """Fit both vectorizers on the passage texts."""
        word = TfidfVectorizer(strip_accents="unicode", lowercase=True, ngram_range=(1, 2),
                               sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w+\b")
        char = TfidfVectorizer(strip_accents="unicode", lowercase=True, analyzer="char_wb",
                               ngram_range=(3, 5), sublinear_tf=True, min_df=1)
        word_matrix = word.fit_transform(texts).tocsr()
        char_matrix = char.fit_transform(texts).tocsr()
        return cls(word, char, word_matrix, char_matrix)

    def scores(self, query: str) -> np.ndarray:
        """Mean of word and character cosine similarities of `query` to every passage."""
        word_query = self.word_vectorizer.transform([query])
        char_query = self.char_vectorizer.transform([query])
        word_scores = (self.word_matrix @ word_query.T).toarray().ravel()
        char_scores = (self.char_matrix @ char_query.T).toarray().ravel()
        return ((word_scores + char_scores) / 2.0).astype(np.float32)
