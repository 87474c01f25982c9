"""Tables for product suggestions and satisfaction ratings (kept apart from cases: nobody works on them)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Text

from bot.cases.db import Base, UTCDateTime


class SuggestionRecord(Base):
    """A product suggestion in the customer's words: never a ticket."""

    __tablename__ = "suggestions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    created_at = Column(UTCDateTime, nullable=False, index=True)
    conversation_id = Column(String(128), index=True)
    channel = Column(String(32), nullable=False, default="rest")
    language = Column(String(2))
    text = Column(Text, nullable=False)


class RatingRecord(Base):
    """A one-tap satisfaction rating (1–5) with its optional comment, where and when it was given."""

    __tablename__ = "ratings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    created_at = Column(UTCDateTime, nullable=False, index=True)
    conversation_id = Column(String(128), index=True)
    channel = Column(String(32), nullable=False, default="rest")
    language = Column(String(2))
    #: The support level rated: 0 the knowledge base, 1–4 a case's level, 5 a person (the desk).
    level = Column(Integer, nullable=False)
    #: What was rated: "kb" (an article helped), "case" (a case was opened), "agent" (a person released it).
    trigger = Column(String(16), nullable=False)
    score = Column(Integer, nullable=False)
    comment = Column(Text)
