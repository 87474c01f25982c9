"""The report's figures: plain numbers from the conversations' facts, the cases and the ratings.

Pure functions, so each figure can be checked against known counts (tests/integration/test_report.py).
Definitions (also in the README, "Reading the support report"):

- a conversation is counted when it holds a customer message in the window;
- its level is the highest it reached: 0 the knowledge base, 1–4 a case's form, 5 a person;
- level-0 deflection: answered from the knowledge base and never escalated (no case level, no
  person), as a share of the conversations that asked the knowledge base anything;
- an escalation is a rise of the level inside one conversation (0→1, 1→2, 2→5 …);
- a first-response (resolution) breach: the case's due time passed before the first response
  (resolution), or passed with none yet at the report's end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.report.sources import CaseFacts, ConversationFacts, GapQuestion, RatingFacts

LEVELS = (0, 1, 2, 3, 4, 5)
LEVEL_NAMES = {0: "knowledge base", 1: "ticket", 2: "callback", 3: "SLA case", 4: "vendor case", 5: "person"}


def share(part: int, whole: int) -> Optional[float]:
    """part / whole rounded to 4 places; None for an empty whole."""
    return round(part / whole, 4) if whole else None


@dataclass
class ConversationTotals:
    """Everything the report counts per conversation, summed in one pass."""

    conversations: int = 0
    by_channel: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    by_top_level: Counter = field(default_factory=Counter)
    kb_conversations: int = 0
    kb_answered: int = 0
    deflected: int = 0
    handed_off: int = 0
    escalations: Counter = field(default_factory=Counter)
    gaps: List[GapQuestion] = field(default_factory=list)

    def add(self, facts: ConversationFacts) -> None:
        """Count one conversation."""
        self.conversations += 1
        self.by_channel[facts.channel] += 1
        self.by_language[facts.language] += 1
        top = facts.top_level
        self.by_top_level["none" if top is None else top] += 1
        self.kb_conversations += facts.kb_questions > 0
        self.kb_answered += facts.kb_answers > 0
        self.deflected += facts.deflected
        self.handed_off += facts.handed_off
        self.escalations.update(facts.escalations)
        self.gaps.extend(facts.gaps)


def count_conversations(conversations: Iterable[ConversationFacts]) -> ConversationTotals:
    """Sum the facts of every conversation."""
    totals = ConversationTotals()
    for facts in conversations:
        totals.add(facts)
    return totals


def resolution_by_level(totals: ConversationTotals, cases: Sequence[CaseFacts]) -> List[Dict[str, Any]]:
    """Per level: conversations that ended there, and what was resolved there.

    Level 0 resolves by deflection; levels 1–4 by closing their cases; level 5 counts the
    conversations a person took (what they resolved is in the cases they opened).
    """
    opened = Counter(case.level for case in cases)
    resolved = Counter(case.level for case in cases if case.resolved_at is not None or case.status == "closed")
    rows = []
    for level in LEVELS:
        row: Dict[str, Any] = {"level": level, "name": LEVEL_NAMES[level],
                               "conversations": totals.by_top_level.get(level, 0)}
        if level == 0:
            row.update(kb_conversations=totals.kb_conversations, answered=totals.kb_answered,
                       resolved=totals.deflected, deflection_rate=share(totals.deflected, totals.kb_conversations))
        elif level == 5:
            row.update(handed_off=totals.handed_off)
        else:
            row.update(cases_opened=opened.get(level, 0), resolved=resolved.get(level, 0),
                       resolution_rate=share(resolved.get(level, 0), opened.get(level, 0)))
        rows.append(row)
    return rows


def escalation_rows(totals: ConversationTotals) -> List[Dict[str, Any]]:
    """Each (from, to) rise of level with its count, most frequent first."""
    return [{"from": a, "to": b, "count": n}
            for (a, b), n in sorted(totals.escalations.items(), key=lambda item: (-item[1], item[0]))]


def sla_breaches(cases: Sequence[CaseFacts], now: dt.datetime) -> List[Dict[str, Any]]:
    """Per level 1–4: cases, first-response and resolution breaches (and how many are still open)."""
    rows = []
    for level in (1, 2, 3, 4):
        mine = [case for case in cases if case.level == level]
        row: Dict[str, Any] = {"level": level, "name": LEVEL_NAMES[level], "cases": len(mine)}
        for name, due_of, done_of in (("first_response", lambda c: c.first_response_due, lambda c: c.first_response_at),
                                      ("resolution", lambda c: c.resolution_due, lambda c: c.resolved_at)):
            with_due = [case for case in mine if due_of(case) is not None]
            late = [case for case in with_due if _breached(due_of(case), done_of(case), now)]
            row[name] = {"with_due": len(with_due), "breached": len(late),
                         "still_open": sum(1 for case in late if done_of(case) is None),
                         "rate": share(len(late), len(with_due))}
        rows.append(row)
    return rows


def _breached(due: dt.datetime, done: Optional[dt.datetime], now: dt.datetime) -> bool:
    return (done if done is not None else now) > due


def satisfaction_by_level(ratings: Sequence[RatingFacts]) -> List[Dict[str, Any]]:
    """Per rated level: ratings, mean score, share of 4–5 and the 1–5 distribution."""
    by_level: Dict[int, List[int]] = defaultdict(list)
    for rating in ratings:
        by_level[rating.level].append(rating.score)
    rows = []
    for level in LEVELS:
        scores = by_level.get(level, [])
        rows.append({"level": level, "name": LEVEL_NAMES[level], "ratings": len(scores),
                     "mean": round(sum(scores) / len(scores), 2) if scores else None,
                     "satisfied": share(sum(1 for s in scores if s >= 4), len(scores)),
                     "distribution": {str(s): scores.count(s) for s in range(1, 6)}})
    return rows


def counts(counter: Counter) -> List[Tuple[str, int]]:
    """A counter as (key, count) pairs, most frequent first."""
    return [(str(key), n) for key, n in sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))]
