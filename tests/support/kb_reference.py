"""The knowledge-base steps of a turn as the actions took them before `KnowledgeBase.answer`.

Kept only to prove that the one-call path chooses the same article, passage, next
article and abstain decision (tests/integration/test_kb_answer.py) and to time the two
side by side (scripts/bench_kb_answer.py). Each step searches or re-scores the query on
its own: that is what `answer` removed. Not used by the assistant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

#: The offer floor and result counts of the old actions/kb.py.
NEXT_ARTICLE_RATIO = 0.75


@dataclass(frozen=True)
class OldTurn:
    """What the old actions showed for one question (None: abstained / nothing to offer)."""

    article: Optional[str]
    passage: Optional[str]
    next_article: Optional[str]
    next_passage: Optional[str]


def _same_article(kb, a: str, b: str) -> bool:
    return a == b or b in kb.translations.get(a, {}).values()


def old_next_best_article(kb, query: str, tried: List[str], language: str) -> Optional[str]:
    """actions.kb.next_best_article before the change: a second search."""
    outcome = kb.search(query, k=6, language=language)
    for hit in outcome.results:
        if hit.score < kb.config.abstain_threshold * NEXT_ARTICLE_RATIO:
            break
        if not any(_same_article(kb, hit.id, done) for done in tried):
            return kb.in_language(hit.id, language)
    return None


def old_answer_turn(kb, query: str, language: str) -> Optional[tuple]:
    """The answer turn of the old ActionAnswerFromKb: search, then the passage re-scored."""
    outcome = kb.search(query, k=5, language=language) if query else None
    if outcome is None or outcome.answer is None:
        return None
    return outcome.answer, kb.answer_text(kb.best_passage(outcome.answer, query, language))


def old_offer_turn(kb, query: str, tried: List[str], language: str) -> Optional[tuple]:
    """The "no, it did not help" turn of the old offer_next_article: search again, re-score again."""
    article_id = old_next_best_article(kb, query, tried, language)
    if article_id is None:
        return None
    return article_id, kb.answer_text(kb.best_passage(article_id, query, language))


def old_turns(kb, query: str, language: str) -> OldTurn:
    """Both turns for one question, as the old actions ran them (the offer after the answer shown)."""
    answered = old_answer_turn(kb, query, language)
    article, passage = answered if answered else (None, None)
    offered = old_offer_turn(kb, query, [article], language) if article else None
    next_article, next_passage = offered if offered else (None, None)
    return OldTurn(article, passage, next_article, next_passage)


def project_questions(both_languages: bool = True) -> List[tuple]:
    """(question, language) for every question of the project's KB query sets, each also asked in
    the other language unless `both_languages` is False (that takes the translated-answer path):
    the development and passage sets and the first held-out set, never tuned on here."""
    import yaml

    from bot.kb.translate import other_language
    from bot.language import DEFAULT_LANGUAGE, detect_language
    from bot.settings import PROJECT_ROOT
    from bot.text import normalise

    asked = []
    for name in ("abstain_dev.yml", "passage_queries.yml", "heldout_queries.yml"):
        with open(PROJECT_ROOT / "kb_index" / "eval" / name, encoding="utf-8") as handle:
            for item in yaml.safe_load(handle):
                query = normalise(item["q"])  # as ActionAnswerFromKb receives it
                language = detect_language(query) or DEFAULT_LANGUAGE
                asked.append((query, language))
                if both_languages:
                    asked.append((query, other_language(language)))
    return asked
