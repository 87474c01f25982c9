"""Each passage in the other language, made at build time and cached by article hash.

A rebuild translates only the articles whose hash is not in the cache
(`translations.json` in the index folder), so adding one article to a large
knowledge base costs one article's translation. The translations are for
matching only: customers are always shown an article's own text.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot.kb.articles import Article
from bot.kb.passages import Passage
from bot.kb.translate import PAIRS, Translator, other_language

logger = logging.getLogger(__name__)

CACHE_FILE = "translations.json"
#: Bumped when what is translated (or how) changes, so old cache entries are not reused.
CACHE_VERSION = 2


@dataclass
class ArticleTranslation:
    """An article's title and each of its passages (heading, text) in the other language."""

    lang: str
    title: str
    headings: List[str]
    texts: List[str]


def _cache_key(article: Article) -> str:
    return f"{CACHE_VERSION}:{PAIRS[(article.lang, other_language(article.lang))]}:{article.sha256}"


def load_cache(index_dir: Path) -> Dict[str, dict]:
    """The cached translations of the last build (empty when there are none)."""
    try:
        with open(Path(index_dir) / CACHE_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def save_cache(index_dir: Path, cache: Dict[str, dict]) -> None:
    """Write the cache beside the index."""
    with open(Path(index_dir) / CACHE_FILE, "w", encoding="utf-8") as handle:
        json.dump(cache, handle, ensure_ascii=False)


def translate_articles(articles: Sequence[Article], passages: Dict[str, List[Passage]],
                       translator: Optional[Translator], cache: Dict[str, dict]) -> tuple:
    """Translations of every article that can be had, the cache to save, and how many were translated now.

    Returns:
        (article id -> ArticleTranslation, new cache, number translated in this call). Without a
        translator only cached translations are returned.
    """
    result: Dict[str, ArticleTranslation] = {}
    new_cache: Dict[str, dict] = {}
    todo: Dict[str, List[Article]] = {"es": [], "en": []}
    for article in articles:
        key = _cache_key(article)
        if key in cache:
            new_cache[key] = cache[key]
        elif translator is not None:
            todo[article.lang].append(article)
    for source, batch in todo.items():
        if not batch:
            continue
        segments: List[str] = []
        for article in batch:
            segments.append(article.title)
            for passage in passages[article.id]:
                segments.extend((passage.heading, passage.text))
        translated = iter(translator.translate_many(segments, source, other_language(source)))
        for article in batch:
            title = next(translated)
            pairs = [(next(translated), next(translated)) for _ in passages[article.id]]
            new_cache[_cache_key(article)] = {"lang": other_language(source), "title": title,
                                              "headings": [h for h, _ in pairs], "texts": [t for _, t in pairs]}
    for article in articles:
        entry = new_cache.get(_cache_key(article))
        if entry and len(entry["texts"]) == len(passages[article.id]):
            result[article.id] = ArticleTranslation(entry["lang"], entry["title"], entry["headings"], entry["texts"])
    translated_now = sum(len(batch) for batch in todo.values())
    return result, new_cache, translated_now
