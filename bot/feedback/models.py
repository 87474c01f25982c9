"""Tables for product suggestions (and, with the report, satisfaction ratings)."""

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
