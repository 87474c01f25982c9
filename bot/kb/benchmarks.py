"""Corpora and query scoring for the knowledge-base evaluation, tuning and scale benchmark.

XQuAD is read from the shared benchmark folder (never copied into the repository):
its paragraphs become one-paragraph articles and its questions become queries.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

from bot.embeddings import encode, load_model
from bot.kb.articles import Article
from bot.kb.index import build_index, load_index_files
from bot.settings import PROJECT_ROOT

BENCHMARKS_DIR = Path(os.environ.get("BENCHMARKS_DIR", PROJECT_ROOT.parent / "shared" / "benchmarks"))


@dataclass(frozen=True)
class XQuAD:
    """One language of XQuAD: paragraphs (title, text) and questions (text, paragraph index)."""

    paragraphs: List[Tuple[str, str]]
    questions: List[Tuple[str, int]]


def load_xquad(language: str, directory: Path = BENCHMARKS_DIR / "xquad") -> XQuAD:
    """Read xquad.<language>.json (SQuAD format); paragraphs keep their file order."""
    with open(directory / f"xquad.{language}.json", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    paragraphs: List[Tuple[str, str]] = []
    questions: List[Tuple[str, int]] = []
    for document in data:
        for paragraph in document["paragraphs"]:
            index = len(paragraphs)
            paragraphs.append((document["title"], paragraph["context"]))
            questions.extend((qa["question"], index) for qa in paragraph["qas"])
    return XQuAD(paragraphs, questions)


def paragraph_articles(paragraphs: Sequence[Tuple[str, str]], language: str, prefix: str = "p") -> List[Article]:
    """Each paragraph as an article with id `<prefix>-<index>`."""
    return [Article(id=f"{prefix}-{i}", title=title, lang=language, body=text, path=f"{prefix}-{i}")
            for i, (title, text) in enumerate(paragraphs)]


class ScoredCorpus:
    """An index on disk, loaded for scoring many queries at once."""

    def __init__(self, index_dir: Path, model_name: str, query_prefix: str = "") -> None:
        self.passages, self.articles, self.vectors, self.lexical = load_index_files(index_dir)
        self.passage_article = [p["article_id"] for p in self.passages]
        self.model = load_model(model_name)
        self.query_prefix = query_prefix

    @classmethod
    def build(cls, articles: List[Article], index_dir: Path, model_name: str, query_prefix: str = "",
              passage_prefix: str = "") -> "ScoredCorpus":
        """Index `articles` into `index_dir` and load the result."""
        build_index(articles, index_dir, model_name, query_prefix, passage_prefix, show_progress=False)
        return cls(index_dir, model_name, query_prefix)

    def score(self, queries: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        """Dense and lexical scores, each of shape (len(queries), passages)."""
        query_vectors = encode(self.model, list(queries), prefix=self.query_prefix)
        dense = query_vectors @ self.vectors.T
        lexical = np.stack([self.lexical.scores(q) for q in queries]) if queries else np.zeros((0, len(self.passages)))
        return dense, lexical
