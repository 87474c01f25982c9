"""Reading knowledge-base articles: Markdown files that open with YAML front matter.

    ---
    id: reset-password-es
    title: Cómo restablecer la contraseña
    lang: es
    tags: [cuenta, contraseña]
    url: https://help.example.com/reset-password      # optional
    translation_of: reset-password-en                 # optional
    ---
    Body in Markdown…
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

LANGUAGES = ("es", "en")


class ArticleError(ValueError):
    """An article file is malformed; the message starts with its file name."""


@dataclass(frozen=True)
class Article:
    """One knowledge-base article."""

    id: str
    title: str
    lang: str
    body: str
    path: str
    tags: List[str] = field(default_factory=list)
    url: Optional[str] = None
    translation_of: Optional[str] = None

    @property
    def sha256(self) -> str:
        """Content hash, used to tell which articles changed since the last build."""
        digest = hashlib.sha256()
        for part in (self.id, self.title, self.lang, self.url or "", self.translation_of or "",
                     "|".join(self.tags), self.body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


def parse_article(text: str, path: str) -> Article:
    """Parse one article's text; raise ArticleError naming `path` on any problem."""
    if not text.startswith("---"):
        raise ArticleError(f"{path}: missing YAML front matter (the file must start with '---')")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise ArticleError(f"{path}: front matter is not closed with a line '---'")
    try:
        meta = yaml.safe_load(parts[0][3:]) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"{path}: front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}: front matter must be a mapping of fields")
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    for required in ("id", "title", "lang"):
        if not meta.get(required) or not str(meta[required]).strip():
            raise ArticleError(f"{path}: missing required field '{required}'")
    if meta["lang"] not in LANGUAGES:
        raise ArticleError(f"{path}: lang must be one of {', '.join(LANGUAGES)}, not {meta['lang']!r}")
    tags = meta.get("tags") or []
    if not isinstance(tags, list):
        raise ArticleError(f"{path}: tags must be a list")
    if not body.strip():
        raise ArticleError(f"{path}: the article has no body")
    return Article(
        id=str(meta["id"]).strip(),
        title=str(meta["title"]).strip(),
        lang=meta["lang"],
        body=body.strip(),
        path=path,
        tags=[str(tag) for tag in tags],
        url=str(meta["url"]).strip() if meta.get("url") else None,
        translation_of=str(meta["translation_of"]).strip() if meta.get("translation_of") else None,
    )


def load_articles(directory: Path) -> List[Article]:
    """Every `*.md` article under `directory` (any depth), checked for duplicate ids.

    Raises:
        ArticleError: for the first malformed file, naming it; or for a duplicate id,
            naming both files.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ArticleError(f"{directory}: no such articles folder")
    articles: List[Article] = []
    seen: Dict[str, str] = {}
    for path in sorted(directory.rglob("*.md")):
        relative = str(path.relative_to(directory))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{relative}: not UTF-8 text") from exc
        article = parse_article(text, relative)
        if article.id in seen:
            raise ArticleError(f"{relative}: duplicate id '{article.id}' (also in {seen[article.id]})")
        seen[article.id] = relative
        articles.append(article)
    if not articles:
        raise ArticleError(f"{directory}: no articles (*.md) found")
    for article in articles:
        if article.translation_of and article.translation_of not in seen:
            raise ArticleError(f"{article.path}: translation_of names unknown id '{article.translation_of}'")
    return articles
