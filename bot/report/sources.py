"""Reading the report's raw material: Rasa's tracker store and the cases database.

The tracker store is read with one SQL query over Rasa's own `events` table (the
SQLTrackerStore's schema: one row per event, its JSON in `data`), streamed conversation by
conversation, and each conversation is reduced to the few facts the report needs by
`facts_from_events`, a pure function over Rasa's event dictionaries. Loading 10,000
trackers through Rasa would deserialise every event into objects the report never uses.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, and_, or_, select
from sqlalchemy.engine import Engine

from bot.cases.models import CaseRecord
from bot.feedback.models import RatingRecord, SuggestionRecord

#: Rasa's SQLTrackerStore table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent).
_META = MetaData()
EVENTS = Table(
    "events", _META,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
SLOTS_READ = frozenset({"support_level", "kb_article_id", "kb_query", "pending_offer", "language",
                        "language_preference"})
HANDOFF_LEVEL = 5
KB_ACTION = "action_answer_from_kb"
#: A "no" to "¿Te sirvió?" (or "no me sirvió"): the article did not answer the question.
UNHELPFUL_INTENTS = frozenset({"deny", "not_solved"})


@dataclass(frozen=True)
class GapQuestion:
    """A knowledge-base question the bot could not answer ("abstained") or answered unhelpfully."""

    conversation_id: str
    text: str
    kind: str
    at: float


@dataclass
class ConversationFacts:
    """What the report needs to know about one conversation."""

    conversation_id: str
    started_at: float
    channel: str = "unknown"
    language: str = "es"
    kb_questions: int = 0
    kb_answers: int = 0
    handed_off: bool = False
    levels: List[int] = field(default_factory=list)
    escalations: List[Tuple[int, int]] = field(default_factory=list)
    gaps: List[GapQuestion] = field(default_factory=list)

    @property
    def top_level(self) -> Optional[int]:
        """The highest level the conversation reached (5: a person), None when it never asked for support."""
        return max(self.levels) if self.levels else None

    @property
    def deflected(self) -> bool:
        """Answered from the knowledge base and never escalated (no case level, no person)."""
        return self.kb_answers > 0 and self.top_level == 0


def facts_from_events(conversation_id: str, events: Iterable[Mapping[str, Any]]) -> Optional[ConversationFacts]:
    """Reduce one conversation's events (Rasa's dictionaries, oldest first) to its facts.

    Args:
        conversation_id: the tracker's sender id.
        events: its events; only user, slot, action and pause events are read.

    Returns:
        The facts, or None when the conversation holds no customer message.
    """
    facts: Optional[ConversationFacts] = None
    slots: Dict[str, Any] = {}
    level: Optional[int] = None
    pending_kb_answer = False
    abstained_at: Optional[float] = None

    def reach(new_level: int) -> None:
        nonlocal level
        if level is not None and new_level > level:
            facts.escalations.append((level, new_level))
        level = new_level
        facts.levels.append(new_level)

    for event in events:
        kind = event.get("event")
        if kind == "user":
            if facts is None:
                facts = ConversationFacts(conversation_id, float(event.get("timestamp") or 0.0),
                                          channel=str(event.get("input_channel") or "unknown"))
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if slots.get("pending_offer") == "kb_feedback" and intent in UNHELPFUL_INTENTS and slots.get("kb_query"):
                facts.gaps.append(GapQuestion(conversation_id, str(slots["kb_query"]), "unhelpful",
                                              float(event.get("timestamp") or 0.0)))
            pending_kb_answer, abstained_at = False, None
        elif facts is None:
            continue
        elif kind == "action" and event.get("name") == KB_ACTION:
            facts.kb_questions += 1
            pending_kb_answer, abstained_at = True, None
        elif kind == "pause":
            facts.handed_off = True
            reach(HANDOFF_LEVEL)
        elif kind == "slot" and event.get("name") in SLOTS_READ:
            name, value = event["name"], event.get("value")
            slots[name] = value
            if name == "support_level" and isinstance(value, (int, float)) and not isinstance(value, bool):
                reach(int(value))
            elif name == "kb_article_id" and pending_kb_answer:
                # action_answer_from_kb sets kb_article_id (None: it abstained), then kb_query
                if value:
                    facts.kb_answers += 1
                else:
                    abstained_at = float(event.get("timestamp") or 0.0)
            elif name == "kb_query" and pending_kb_answer and abstained_at is not None:
                if value:
                    facts.gaps.append(GapQuestion(conversation_id, str(value), "abstained", abstained_at))
                abstained_at = None
    if facts is not None:
        facts.language = _language(slots)
        seen = set()  # "no" to the second article too: one gap per question and conversation
        facts.gaps = [g for g in facts.gaps if not (g.text in seen or seen.add(g.text))]
    return facts


def _language(slots: Mapping[str, Any]) -> str:
    for name in ("language_preference", "language"):
        if slots.get(name) in ("es", "en"):
            return str(slots[name])
    return "es"


def _event_dict(type_name: str, timestamp: float, action_name: Optional[str], data: Optional[str]) -> Dict[str, Any]:
    """The event as a dictionary, parsing its JSON only when the report reads more than its name."""
    if type_name == "action":
        return {"event": "action", "name": action_name, "timestamp": timestamp}
    if type_name == "pause":
        return {"event": "pause", "timestamp": timestamp}
    try:
        event = json.loads(data or "{}")
    except ValueError:
        return {"event": "unreadable"}
    return event if isinstance(event, dict) else {"event": "unreadable"}


def read_conversations(engine: Engine, since: dt.datetime, until: dt.datetime) -> Iterator[ConversationFacts]:
    """The facts of every conversation with events between `since` and `until`, one at a time.

    Args:
        engine: the tracker store's database (TRACKER_STORE_URL).
        since: start of the window (events before it are not read).
        until: end of the window (exclusive).
    """
    query = (select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.action_name,
                    EVENTS.c.data)
             .where(and_(EVENTS.c.timestamp >= since.timestamp(), EVENTS.c.timestamp < until.timestamp(),
                         # Rasa keeps a slot's name and an action's name in action_name:
                         # the rows the report skips are never sent, let alone parsed
                         or_(EVENTS.c.type_name.in_(("user", "pause")),
                             and_(EVENTS.c.type_name == "slot", EVENTS.c.action_name.in_(sorted(SLOTS_READ))),
                             and_(EVENTS.c.type_name == "action", EVENTS.c.action_name == KB_ACTION))))
             .order_by(EVENTS.c.sender_id, EVENTS.c.id))
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(query)
        for sender_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            facts = facts_from_events(sender_id, (_event_dict(r[1], r[2], r[3], r[4]) for r in group))
            if facts is not None:
                yield facts


@dataclass(frozen=True)
class CaseFacts:
    """A case as the report reads it."""

    public_id: str
    level: int
    status: str
    created_at: dt.datetime
    first_response_due: Optional[dt.datetime]
    resolution_due: Optional[dt.datetime]
    first_response_at: Optional[dt.datetime]
    resolved_at: Optional[dt.datetime]


def read_cases(engine: Engine, since: dt.datetime, until: dt.datetime) -> List[CaseFacts]:
    """Cases created in the window."""
    query = (select(CaseRecord.public_id, CaseRecord.level, CaseRecord.status, CaseRecord.created_at,
                    CaseRecord.first_response_due, CaseRecord.resolution_due, CaseRecord.first_response_at,
                    CaseRecord.resolved_at)
             .where(and_(CaseRecord.created_at >= since, CaseRecord.created_at < until)))
    with engine.connect() as connection:
        return [CaseFacts(*row) for row in connection.execute(query)]


@dataclass(frozen=True)
class RatingFacts:
    """A satisfaction rating as the report reads it."""

    level: int
    trigger: str
    score: int
    channel: str
    comment: Optional[str]


def read_ratings(engine: Engine, since: dt.datetime, until: dt.datetime) -> List[RatingFacts]:
    """Ratings given in the window."""
    query = (select(RatingRecord.level, RatingRecord.trigger, RatingRecord.score, RatingRecord.channel,
                    RatingRecord.comment)
             .where(and_(RatingRecord.created_at >= since, RatingRecord.created_at < until)))
    with engine.connect() as connection:
        return [RatingFacts(*row) for row in connection.execute(query)]


def read_suggestions(engine: Engine, since: dt.datetime, until: dt.datetime) -> List[str]:
    """The text of every suggestion made in the window (as the customer wrote it)."""
    query = (select(SuggestionRecord.text)
             .where(and_(SuggestionRecord.created_at >= since, SuggestionRecord.created_at < until))
             .order_by(SuggestionRecord.id))
    with engine.connect() as connection:
        return [html.unescape(row[0]) for row in connection.execute(query)]
