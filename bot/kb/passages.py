"""Splitting articles into passages at their headings, so a long article answers by its part."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import List

from bot.kb.articles import Article

_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
MAX_PASSAGE_CHARS = 1500


@dataclass(frozen=True)
class Passage:
    """A piece of an article under one heading."""

    article_id: str
    heading: str
    text: str

    def embedding_text(self, title: str) -> str:
        """What is embedded and indexed: title and heading give the passage its context."""
        heading = f" — {self.heading}" if self.heading and self.heading != title else ""
        return f"{title}{heading}\n{self.text}"

    def key(self, title: str, model: str, prefix: str) -> str:
        """Cache key of its embedding: changes when the text, the model or the prefix do."""
        raw = "\0".join((model, prefix, self.embedding_text(title)))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _split_long(text: str, limit: int) -> List[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    chunks: List[str] = []
    current = ""
    for paragraph in paragraphs:
        if current and len(current) + len(paragraph) + 2 > limit:
            chunks.append(current)
            current = paragraph
        else:
            current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks


def split_passages(article: Article, max_chars: int = MAX_PASSAGE_CHARS) -> List[Passage]:
    """Cut an article at its Markdown headings; sections longer than `max_chars`
    are cut again between paragraphs. Text before the first heading belongs to the title.
    """
    sections: List[tuple] = []
    heading = article.title
    lines: List[str] = []
    for line in article.body.splitlines():
        match = _HEADING.match(line)
        if match:
            if "\n".join(lines).strip():
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = match.group(2).strip(), []
        else:
            lines.append(line)
    if "\n".join(lines).strip():
        sections.append((heading, "\n".join(lines).strip()))
    passages: List[Passage] = []
    for section_heading, text in sections:
        for chunk in _split_long(text, max_chars):
            passages.append(Passage(article.id, section_heading, chunk))
    return passages
