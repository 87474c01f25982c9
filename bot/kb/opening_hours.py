"""Which article tells when the team is open.

A customer's own knowledge base has its own ids, so the article is found from the articles
themselves: the one tagged with an opening-hours tag in its front matter (`tags: [horario]`,
`tags: [opening hours]`), else the one the search gives, without abstaining, for a plain
opening-hours question. None when neither exists: the caller then answers from the
business-hours calendar.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from bot.text import strip_accents

#: Front-matter tags that mark the opening-hours article (compared lower case, without accents).
OPENING_HOURS_TAGS = frozenset({
    "horario", "horarios", "horario de atencion", "horario de soporte", "horario de apertura",
    "opening hours", "business hours", "support hours", "office hours", "hours of service",
})
#: The question searched when no article carries such a tag.
PROBE_QUESTIONS = {"es": "¿cuál es vuestro horario de atención?", "en": "what are your opening hours?"}

_found: Dict[Tuple[int, str], Optional[str]] = {}


def _tag(tag: Any) -> str:
    return " ".join(strip_accents(str(tag)).lower().replace("-", " ").replace("_", " ").split())


def tagged_article(articles: Dict[str, dict], language: str) -> Optional[str]:
    """The article tagged as the opening hours, its version in `language` first; None without one."""
    tagged = sorted(article_id for article_id, meta in articles.items()
                    if OPENING_HOURS_TAGS & {_tag(tag) for tag in meta.get("tags") or []})
    if not tagged:
        return None
    return next((article_id for article_id in tagged if articles[article_id].get("lang") == language), tagged[0])


def opening_hours_article(kb: Any, language: str) -> Optional[str]:
    """The id of the article that gives the opening hours, in `language` where a version exists,
    or None. Worked out once per knowledge base and language (the search runs at most twice)."""
    key = (id(kb), language)
    if key not in _found:
        found = tagged_article(kb.articles, language)
        if found is None:
            for asked_in in (language, *(other for other in PROBE_QUESTIONS if other != language)):
                answer = kb.answer(PROBE_QUESTIONS[asked_in], asked_in)
                if answer.article is not None:
                    found = answer.article.id
                    break
        _found[key] = kb.in_language(found, language) if found else None
    return _found[key]
