"""Storing what customers think of the product, apart from the cases staff work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.feedback.models import RatingRecord, SuggestionRecord
from bot.text import clean_user_text


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


#: What a rating is about, and the support level it rates by default.
TRIGGERS = {"kb": 0, "case": None, "agent": 5}


class FeedbackError(ValueError):
    """A rating that cannot be stored (score out of 1–5, unknown trigger, unknown rating)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Origin:
    """Where a piece of feedback came from."""

    conversation_id: Optional[str]
    channel: str = "rest"
    language: Optional[str] = None


class FeedbackService:
    """Keeps suggestions and ratings with the conversation they came from."""

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

    def add_rating(self, origin: Origin, score: int, level: int, trigger: str,
                   comment: Optional[str] = None) -> RatingRecord:
        """Store a 1–5 rating of `level` (0 KB … 4, 5 a person) after `trigger`.

        Raises:
            FeedbackError: "bad_score", "bad_level" or "bad_trigger".
        """
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise FeedbackError("bad_score")
        if not isinstance(level, int) or not 0 <= level <= 5:
            raise FeedbackError("bad_level")
        if trigger not in TRIGGERS:
            raise FeedbackError("bad_trigger")
        record = RatingRecord(created_at=self.clock(), conversation_id=origin.conversation_id,
                              channel=origin.channel or "rest", language=origin.language, level=level,
                              trigger=trigger, score=score, comment=clean_user_text(comment) if comment else None)
        with self._sessions() as session, session.begin():
            session.add(record)
        return record

    def add_comment(self, rating_id: int, comment: str, score: Optional[int] = None) -> RatingRecord:
        """Attach the comment the customer sent after a rating (added to one already there), and
        with `score`, correct the score ("4, muy rápido" right after tapping 5).

        Raises:
            FeedbackError: "unknown_rating" or "bad_score".
        """
        if score is not None and (isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5):
            raise FeedbackError("bad_score")
        with self._sessions() as session, session.begin():
            record = session.get(RatingRecord, rating_id)
            if record is None:
                raise FeedbackError("unknown_rating")
            if score is not None:
                record.score = score
            text = clean_user_text(comment)
            if text:
                record.comment = f"{record.comment}\n{text}" if record.comment else text
        return record

    def ratings(self, since: Optional[dt.datetime] = None) -> List[RatingRecord]:
        """Every rating, oldest first (from `since` on)."""
        query = select(RatingRecord).order_by(RatingRecord.id)
        if since is not None:
            query = query.where(RatingRecord.created_at >= since)
        with self._sessions() as session:
            return list(session.execute(query).scalars())
