"""Building, saving and checking the knowledge-base index.

An index folder holds:
    manifest.json    format version, model, prefixes, article hashes, counts
    passages.json    one entry per passage (article id, heading, text)
    articles.json    article metadata (title, lang, url, translation)
    embeddings.npy   one L2-normalised vector per passage
    lexical.joblib   the fitted TF-IDF vectorizers and matrices
    words.json, word_embeddings.npy
                     every word with its IDF, embedding and articles (the abstain signals)
    translations.json
                     each article's passages in the other language (Apertium), by article hash
    embeddings_en.npy
                     one vector per passage of its English version (its own text or its translation)
    views.joblib     TF-IDF over every passage's Spanish version and over its English version
    accents.json     accent-free word -> the knowledge base's accented spelling ("contrasena")
    abstain.json     the answer-or-abstain model calibrated on this knowledge base (`bot.kb.calibration`)

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
from typing import Dict, List, Optional, Tuple, Union

import joblib
import numpy as np

from bot.embeddings import embedding_dimension, encode, load_model
from bot.kb.accents import accent_table
from bot.kb.answerability import WordVocabulary
from bot.kb.articles import Article, load_articles
from bot.kb.lexical import LexicalIndex
from bot.kb.passages import Passage, split_passages
from bot.kb.translate import Translator, start_translator
from bot.kb.translations import load_cache, save_cache, translate_articles
from bot.settings import PROJECT_ROOT

#: The shipped search settings; the build calibrates the abstain model they hold into the index.
SEARCH_CONFIG_FILE = PROJECT_ROOT / "kb_index" / "search_config.json"


def search_config_digest() -> Optional[str]:
    """SHA-256 of the shipped search settings, or None without the file. Recorded in the manifest:
    an index built before the settings changed (a refitted abstain model) is stale, or `make run`
    after a pull would keep answering with the old decision."""
    import hashlib

    try:
        raw = SEARCH_CONFIG_FILE.read_bytes()
    except OSError:
        return None
    try:  # the settings, not their layout: key order or indentation changes nothing
        raw = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode("utf-8")
    except ValueError:
        pass
    return hashlib.sha256(raw).hexdigest()

logger = logging.getLogger(__name__)

INDEX_FORMAT = 11  # 2: TF-IDF postings; 3: word vocabulary; 4: translations, views, calibrated abstain model;
#: 5: the abstain model anchored on heading questions (an index calibrated for the old model must be rebuilt);
#: 6: the model reads the mean word link too, and signals without the product's name (abstain.json is recalibrated)
#: 7: the model reads the unknown words and the weakest link instead of the mean link (abstain.json is recalibrated)
#: 8: the word vocabulary holds each article's translation too, so a question's words are linked against the
#:    article in both languages (words.json changes, abstain.json is recalibrated)
#: 9: the model reads all nine signals, refitted on seven families (abstain.json is recalibrated)
#: 10: Spanish support words are read in their software sense before translation (translation cache v2), so the
#:    articles' translations and everything built on them change
#: 11: a question whose article found is in the other language has its word signals read on its translation too
#:    (the better of the two readings), so the heading anchors change (abstain.json is recalibrated)
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
    translated: int = 0
    translation_seconds: float = 0.0
    calibration: Optional[dict] = None


def _write_json(path: Path, data) -> None:
    """Write through a temporary file and rename: a build killed mid-write leaves the old file or
    the new one, never half of one (a cut manifest made `check_index` fail with a JSON error)."""
    import os

    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    os.replace(temporary, path)


def _read_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _previous_vectors(out_dir: Path) -> Dict[str, np.ndarray]:
    """Vectors of the last build (original and English versions), by text key (empty when none)."""
    found: Dict[str, np.ndarray] = {}
    for field_name, file_name in (("key", "embeddings.npy"), ("key_en", "embeddings_en.npy")):
        try:
            passages = _read_json(out_dir / "passages.json")
            vectors = np.load(out_dir / file_name)
        except (OSError, ValueError):
            continue
        if len(passages) == len(vectors):
            found.update({entry[field_name]: vectors[i] for i, entry in enumerate(passages) if field_name in entry})
    return found


def _text_key(text: str, model_name: str, prefix: str) -> str:
    import hashlib

    return hashlib.sha256("\0".join((model_name, prefix, text)).encode("utf-8")).hexdigest()


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
                source_dir: Optional[str] = None, translator: Union[Translator, None, str] = "auto",
                calibrate: bool = True) -> BuildReport:
    """Split, translate and embed (only what changed), index `articles` into `out_dir`, and
    calibrate its answer-or-abstain model on the articles themselves.

    `translator` "auto" starts Apertium when installed; None builds without translations.
    """
    import time

    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _mark_unfinished(out_dir)
    titles = {article.id: article.title for article in articles}
    by_article: Dict[str, List[Passage]] = {a.id: split_passages(a) for a in articles}
    passages: List[Passage] = [p for article in articles for p in by_article[article.id]]
    languages = [a.lang for a in articles for _ in by_article[a.id]]
    keys = [p.key(titles[p.article_id], model_name, passage_prefix) for p in passages]

    translate_started = time.perf_counter()
    if translator == "auto":
        translator = start_translator()
    translations, cache, translated = translate_articles(articles, by_article, translator, load_cache(out_dir))
    translation_seconds = time.perf_counter() - translate_started
    texts = [p.embedding_text(titles[p.article_id]) for p in passages]
    other: List[Optional[str]] = []
    position_in_article: Dict[str, int] = {}
    for p in passages:
        n = position_in_article.get(p.article_id, 0)
        position_in_article[p.article_id] = n + 1
        tr = translations.get(p.article_id)
        other.append(None if tr is None else
                     Passage(p.article_id, tr.headings[n] if p.heading != titles[p.article_id] else tr.title,
                             tr.texts[n]).embedding_text(tr.title))
    views = {lang: [text if lang == language or alt is None else alt
                    for text, alt, language in zip(texts, other, languages)] for lang in ("es", "en")}
    keys_en = [_text_key(text, model_name, passage_prefix) for text in views["en"]]

    previous = _previous_vectors(out_dir)
    wanted: Dict[str, str] = {}
    for key, text in zip(keys + keys_en, texts + views["en"]):
        if key not in previous:
            wanted.setdefault(key, text)
    model = load_model(model_name)
    missing = list(wanted)
    fresh = encode(model, [wanted[k] for k in missing], prefix=passage_prefix,
                   show_progress_bar=show_progress and bool(missing))
    fresh_by_key = dict(zip(missing, fresh))
    dim = embedding_dimension(model)
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    vectors_en = np.zeros((len(passages), dim), dtype=np.float32)
    for i, (key, key_en) in enumerate(zip(keys, keys_en)):
        vectors[i] = fresh_by_key[key] if key in fresh_by_key else previous[key]
        vectors_en[i] = fresh_by_key[key_en] if key_en in fresh_by_key else previous[key_en]
    lexical = LexicalIndex.fit(texts)
    view_lexical = {lang: LexicalIndex.fit(views[lang]) for lang in ("es", "en")}
    # the article's words in both languages: a question is linked, as asked, against the article's own text and
    # its translation, so a question in the other language is not read through its own rough translation
    # (whose lost or mistranslated words looked unknown and made the decision abstain on right answers)
    word_texts = texts + [alt for alt in other if alt]
    word_articles = [p.article_id for p in passages] + [p.article_id for p, alt in zip(passages, other) if alt]
    vocabulary = WordVocabulary.build(word_texts, word_articles, model, query_prefix,
                                      _previous_word_vectors(out_dir, model_name, query_prefix), show_progress)

    save_cache(out_dir, cache)
    np.save(out_dir / "embeddings_en.npy", vectors_en)
    joblib.dump(view_lexical, out_dir / "views.joblib")
    _write_json(out_dir / "accents.json", accent_table(views["es"]))
    vocabulary.save(out_dir)
    np.save(out_dir / "embeddings.npy", vectors)
    joblib.dump(lexical, out_dir / "lexical.joblib")
    _write_json(out_dir / "passages.json", [
        {"article_id": p.article_id, "heading": p.heading, "text": p.text, "key": key, "key_en": key_en,
         "lang": lang, "translated": alt}
        for p, key, key_en, lang, alt in zip(passages, keys, keys_en, languages, other)
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
        "translated_articles": len(translations),
        "search_config_sha256": search_config_digest(),
        "source": source_dir,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "complete": False,
    })
    calibration = None
    if calibrate:
        from bot.kb.calibration import calibrate_index

        calibration = calibrate_index(out_dir, model_name, query_prefix, passage_prefix, translator)
    _mark_finished(out_dir)
    seconds = time.perf_counter() - started
    return BuildReport(len(articles), len(passages), len(missing), len(set(keys) | set(keys_en)) - len(missing),
                       seconds, translated, translation_seconds, calibration)


def _mark_unfinished(out_dir: Path) -> None:
    """Flag a previous build's manifest as unfinished before any of its files is rewritten: a build
    interrupted half way (files of two builds side by side, or no abstain calibration) must not pass
    `check_index`. The manifest stays, so the next build still reuses the word vectors it names."""
    path = out_dir / "manifest.json"
    try:
        manifest = _read_json(path)
    except (OSError, ValueError):
        return
    manifest["complete"] = False
    _write_json(path, manifest)


def _mark_finished(out_dir: Path) -> None:
    """The last step of a build, after the calibration: the index may be used."""
    path = out_dir / "manifest.json"
    manifest = _read_json(path)
    manifest["complete"] = True
    _write_json(path, manifest)


def check_index(index_dir: Path, model_name: str, query_prefix: str, passage_prefix: str,
                articles_dir: Optional[Path] = None, building: bool = False) -> dict:
    """Return the manifest, or raise KBIndexError saying why the index cannot be used and what to run.

    `building`: the build's own calibration reads the index before it is marked finished."""
    index_dir = Path(index_dir)
    hint = BUILD_HINT.format(articles=articles_dir or "kb_index/articles", out=index_dir)
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.exists():
        raise KBIndexError(f"No knowledge-base index in {index_dir}. Build it with: {hint}")
    try:
        manifest = _read_json(manifest_path)
    except (OSError, ValueError):
        raise KBIndexError(f"The index in {index_dir} has an unreadable manifest. Rebuild it with: {hint}") from None
    if manifest.get("format_version") != INDEX_FORMAT:
        raise KBIndexError(
            f"The index in {index_dir} has format {manifest.get('format_version')}, this program reads "
            f"format {INDEX_FORMAT}. Rebuild it with: {hint}")
    if manifest.get("complete") is False and not building:
        raise KBIndexError(f"The index in {index_dir} was not finished (its build stopped half way). "
                           f"Rebuild it with: {hint}")
    built_for = (manifest.get("model"), manifest.get("query_prefix", ""), manifest.get("passage_prefix", ""))
    if built_for != (model_name, query_prefix, passage_prefix):
        raise KBIndexError(
            f"The index in {index_dir} was built with model {built_for[0]!r} (prefixes {built_for[1]!r}, "
            f"{built_for[2]!r}) but EMBEDDING_MODEL is {model_name!r} (prefixes {query_prefix!r}, "
            f"{passage_prefix!r}). Rebuild it with: {hint}")
    digest = search_config_digest()
    if digest is not None and manifest.get("search_config_sha256") != digest:
        raise KBIndexError(f"The index in {index_dir} was built with other search settings "
                           f"({SEARCH_CONFIG_FILE.name} changed since). Rebuild it with: {hint}")
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


@dataclass
class CrossViews:
    """What cross-lingual search reads: English-version vectors, per-language TF-IDF, accents."""

    vectors_en: np.ndarray
    lexical: Dict[str, LexicalIndex]
    accents: Dict[str, str]


def load_views(index_dir: Path) -> CrossViews:
    """The cross-lingual parts of a checked index."""
    index_dir = Path(index_dir)
    return CrossViews(np.load(index_dir / "embeddings_en.npy"), joblib.load(index_dir / "views.joblib"),
                      _read_json(index_dir / "accents.json"))


def load_abstain_model(index_dir: Path):
    """The abstain model calibrated on this index's articles, or None."""
    from bot.kb.answerability import AbstainModel

    try:
        return AbstainModel.from_dict(_read_json(Path(index_dir) / "abstain.json"))
    except (OSError, ValueError, KeyError):
        return None


def load_vocabulary(index_dir: Path) -> WordVocabulary:
    """The word vocabulary of a checked index."""
    return WordVocabulary.load(Path(index_dir))
