"""Building, saving and checking the knowledge-base index.

An index folder holds:
    manifest.json    format version, model, prefixes, article hashes, counts
    passages.json    one entry per passage (article id, heading, text)
    articles.json    article metadata (title, lang, url, translation)
    embeddings.npy   one L2-normalised vector per passage
    lexical.joblib   the fitted TF-IDF vectorizers and matrices
    words.json, word_embeddings.npy
                     every word with its IDF, embedding and articles (the abstain signals)

Rebuilds re-embed only passages whose text, model or prefix changed (their
vectors are looked up by key in the previous index) and only words not embedded
by the previous build of the same model.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import joblib
import numpy as np

from bot.embeddings import embedding_dimension, encode, load_model
from bot.kb.answerability import WordVocabulary
from bot.kb.articles import Article, load_articles
from bot.kb.lexical import LexicalIndex
from bot.kb.passages import Passage, split_passages

logger = logging.getLogger(__name__)

INDEX_FORMAT = 3  # 2: TF-IDF stored as postings (term x passage); 3: word vocabulary
BUILD_HINT = "make index   (or: python -m bot.kb build --articles {articles} --out {out})"


class KBIndexError(RuntimeError):
    """The index is missing, stale or built for another model; the message says what to run."""


@dataclass
class BuildReport:
    """What a build did, for the command line and the benchmarks."""

    articles: int
    passages: int
    embedded: int
    reused: int
    seconds: float


def _write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)


def _read_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _previous_vectors(out_dir: Path) -> Dict[str, np.ndarray]:
    """Vectors of the last build, by passage key (empty when there is none)."""
    try:
        passages = _read_json(out_dir / "passages.json")
        vectors = np.load(out_dir / "embeddings.npy")
    except (OSError, ValueError):
        return {}
    if len(passages) != len(vectors):
        return {}
    return {entry["key"]: vectors[i] for i, entry in enumerate(passages) if "key" in entry}


def _previous_word_vectors(out_dir: Path, model_name: str, prefix: str) -> Dict[str, np.ndarray]:
    """Word vectors of the last build when it used the same model and prefix."""
    try:
        manifest = _read_json(out_dir / "manifest.json")
        if (manifest.get("model"), manifest.get("query_prefix", "")) != (model_name, prefix):
            return {}
        return WordVocabulary.load(out_dir).vectors_by_word()
    except (OSError, ValueError, KeyError):
        return {}


def build_index(articles: List[Article], out_dir: Path, model_name: str, query_prefix: str = "",
                passage_prefix: str = "", show_progress: bool = True,
                source_dir: Optional[str] = None) -> BuildReport:
    """Split, embed (only what changed) and index `articles` into `out_dir`."""
    import time

    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    titles = {article.id: article.title for article in articles}
    passages: List[Passage] = [p for article in articles for p in split_passages(article)]
    keys = [p.key(titles[p.article_id], model_name, passage_prefix) for p in passages]
    previous = _previous_vectors(out_dir)
    missing = [i for i, key in enumerate(keys) if key not in previous]
    model = load_model(model_name)
    fresh = encode(model, [passages[i].embedding_text(titles[passages[i].article_id]) for i in missing],
                   prefix=passage_prefix, show_progress_bar=show_progress and bool(missing))
    dim = embedding_dimension(model)
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    fresh_by_index = dict(zip(missing, fresh))
    for i, key in enumerate(keys):
        vectors[i] = fresh_by_index[i] if i in fresh_by_index else previous[key]
    texts = [p.embedding_text(titles[p.article_id]) for p in passages]
    lexical = LexicalIndex.fit(texts)
    vocabulary = WordVocabulary.build(texts, [p.article_id for p in passages], model, query_prefix,
                                      _previous_word_vectors(out_dir, model_name, query_prefix), show_progress)

    vocabulary.save(out_dir)
    np.save(out_dir / "embeddings.npy", vectors)
    joblib.dump(lexical, out_dir / "lexical.joblib")
    _write_json(out_dir / "passages.json", [
        {"article_id": p.article_id, "heading": p.heading, "text": p.text, "key": key}
        for p, key in zip(passages, keys)
    ])
    _write_json(out_dir / "articles.json", {
        a.id: {"title": a.title, "lang": a.lang, "url": a.url, "translation_of": a.translation_of,
               "tags": a.tags}
        for a in articles
    })
    _write_json(out_dir / "manifest.json", {
        "format_version": INDEX_FORMAT,
        "model": model_name,
        "query_prefix": query_prefix,
        "passage_prefix": passage_prefix,
        "dimension": dim,
        "articles": len(articles),
        "passages": len(passages),
        "article_hashes": {a.id: a.sha256 for a in articles},
        "source": source_dir,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    })
    seconds = time.perf_counter() - started
    return BuildReport(len(articles), len(passages), len(missing), len(passages) - len(missing), seconds)


def check_index(index_dir: Path, model_name: str, query_prefix: str, passage_prefix: str,
                articles_dir: Optional[Path] = None) -> dict:
    """Return the manifest, or raise KBIndexError saying why the index cannot be used and what to run."""
    index_dir = Path(index_dir)
    hint = BUILD_HINT.format(articles=articles_dir or "kb_index/articles", out=index_dir)
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.exists():
        raise KBIndexError(f"No knowledge-base index in {index_dir}. Build it with: {hint}")
    manifest = _read_json(manifest_path)
    if manifest.get("format_version") != INDEX_FORMAT:
        raise KBIndexError(
            f"The index in {index_dir} has format {manifest.get('format_version')}, this program reads "
            f"format {INDEX_FORMAT}. Rebuild it with: {hint}")
    built_for = (manifest.get("model"), manifest.get("query_prefix", ""), manifest.get("passage_prefix", ""))
    if built_for != (model_name, query_prefix, passage_prefix):
        raise KBIndexError(
            f"The index in {index_dir} was built with model {built_for[0]!r} (prefixes {built_for[1]!r}, "
            f"{built_for[2]!r}) but EMBEDDING_MODEL is {model_name!r} (prefixes {query_prefix!r}, "
            f"{passage_prefix!r}). Rebuild it with: {hint}")
    if articles_dir is not None:
        current = {a.id: a.sha256 for a in load_articles(articles_dir)}
        recorded = manifest.get("article_hashes", {})
        if current != recorded:
            changed = sorted(set(current) ^ set(recorded) |
                             {k for k in current if k in recorded and current[k] != recorded[k]})
            shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
            raise KBIndexError(
                f"The index in {index_dir} is stale: {len(changed)} article(s) changed since it was built "
                f"({shown}). Rebuild it with: {hint}")
    return manifest


def load_index_files(index_dir: Path) -> Tuple[list, dict, np.ndarray, LexicalIndex]:
    """The passages, article metadata, vectors and lexical index of a checked index."""
    index_dir = Path(index_dir)
    return (
        _read_json(index_dir / "passages.json"),
        _read_json(index_dir / "articles.json"),
        np.load(index_dir / "embeddings.npy"),
        joblib.load(index_dir / "lexical.joblib"),
    )


def load_vocabulary(index_dir: Path) -> WordVocabulary:
    """The word vocabulary of a checked index."""
    return WordVocabulary.load(Path(index_dir))
