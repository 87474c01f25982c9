"""Conversations as Rasa's SQL tracker store keeps them, for erasure and retention.

Rasa's SQLTrackerStore writes one row per event in the table `events` (sender_id,
type_name, timestamp, intent_name, action_name, data as JSON). This module reads and
deletes those rows directly with SQLAlchemy; the schema is Rasa 3.6's.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Dict, List, Sequence

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, or_, select
from sqlalchemy.engine import Engine

from bot.cases.db import make_engine

logger = logging.getLogger(__name__)

_metadata = MetaData()
EVENTS = Table(
    "events", _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
#: Deletes go in batches of this many conversations (bound parameters stay few).
BATCH = 500


@dataclass(frozen=True)
class Removed:
    """What a deletion removed: conversations and their events."""

    conversations: List[str]
    events: int


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ConversationStore:
    """Read and delete whole conversations in Rasa's SQL tracker store."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def from_url(cls, url: str) -> "ConversationStore":
        return cls(make_engine(url))

    def _has_table(self) -> bool:
        return inspect(self._engine).has_table("events")

    def mentioning(self, text: str) -> List[str]:
        """Conversations with `text` anywhere in their events (case-insensitive), as typed
        or as JSON escapes it (Rasa stores events with non-ASCII characters escaped)."""
        if not text or not self._has_table():
            return []
        forms = {text.lower(), json.dumps(text.lower())[1:-1]}
        conditions = [func.lower(EVENTS.c.data).like(f"%{_like_escape(form)}%", escape="\\") for form in forms]
        query = select(EVENTS.c.sender_id).distinct().where(or_(*conditions))
        with self._engine.connect() as connection:
            return sorted(row[0] for row in connection.execute(query))

    def idle_since(self, cutoff: dt.datetime) -> List[str]:
        """Conversations whose latest event is older than `cutoff`."""
        if not self._has_table():
            return []
        latest = func.max(EVENTS.c.timestamp)
        query = select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(latest < cutoff.timestamp())
        with self._engine.connect() as connection:
            return sorted(row[0] for row in connection.execute(query))

    def event_counts(self, senders: Sequence[str]) -> Dict[str, int]:
        """How many events each of `senders` has."""
        counts: Dict[str, int] = {}
        if not senders or not self._has_table():
            return counts
        with self._engine.connect() as connection:
            for start in range(0, len(senders), BATCH):
                chunk = list(senders[start:start + BATCH])
                query = (select(EVENTS.c.sender_id, func.count()).where(EVENTS.c.sender_id.in_(chunk))
                         .group_by(EVENTS.c.sender_id))
                counts.update({sender: count for sender, count in connection.execute(query)})
        return counts

    def delete(self, senders: Sequence[str]) -> Removed:
        """Delete every event of these conversations."""
        if not senders or not self._has_table():
            return Removed([], 0)
        removed = 0
        with self._engine.begin() as connection:
            for start in range(0, len(senders), BATCH):
                chunk = list(senders[start:start + BATCH])
                removed += connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(chunk))).rowcount
        return Removed(sorted(senders), removed)
