"""Storing what customers think of the product, apart from the cases staff work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.feedback.models import SuggestionRecord
from bot.text import clean_user_text


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Origin:
    """Where a piece of feedback came from."""

    conversation_id: Optional[str]
    channel: str = "rest"
    language: Optional[str] = None


class FeedbackService:
    """Keeps suggestions (and ratings) with the conversation they came from."""

    def __init__(self, sessions: sessionmaker, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self._sessions = sessions
        self.clock = clock

    def add_suggestion(self, origin: Origin, text: str) -> SuggestionRecord:
        """Store a product suggestion, cleaned like every stored customer text."""
        record = SuggestionRecord(created_at=self.clock(), conversation_id=origin.conversation_id,
                                  channel=origin.channel or "rest", language=origin.language,
                                  text=clean_user_text(text))
        with self._sessions() as session, session.begin():
            session.add(record)
        return record

    def suggestions(self, since: Optional[dt.datetime] = None) -> List[SuggestionRecord]:
        """Every suggestion, oldest first (from `since` on)."""
        query = select(SuggestionRecord).order_by(SuggestionRecord.id)
        if since is not None:
            query = query.where(SuggestionRecord.created_at >= since)
        with self._sessions() as session:
            return list(session.execute(query).scalars())
