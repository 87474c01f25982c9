"""Tables of the agent desk, in the same database (and the same Base) as the cases.

    desk_agents    people who answer handed-off conversations (argon2 password hashes)
    desk_sessions  signed-in browsers: only a hash of the cookie's token is stored
    desk_handoffs  conversations waiting for a person or held by one (the queue)
    desk_notes     internal notes agents leave on a conversation (never shown to customers)
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Text, text

from bot.cases.db import Base, UTCDateTime

#: Hand-off states. "waiting" and "held" are active: the conversation is paused in Rasa.
WAITING, HELD, RELEASED, RETURNED = "waiting", "held", "released", "returned"
ACTIVE_STATES = (WAITING, HELD)


class AgentRecord(Base):
    """An agent who signs in to the desk."""

    __tablename__ = "desk_agents"

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(254), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    password_hash = Column(String(255), nullable=False)
    #: Marked available in the desk; only counts while the agent is also present (see service).
    available = Column(Boolean, nullable=False, default=False)
    last_seen_at = Column(UTCDateTime)
    created_at = Column(UTCDateTime, nullable=False)


class DeskSessionRecord(Base):
    """A signed-in browser or script; the cookie holds the token, the table its SHA-256."""

    __tablename__ = "desk_sessions"

    token_hash = Column(String(64), primary_key=True)
    agent_id = Column(Integer, ForeignKey("desk_agents.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)


class HandoffRecord(Base):
    """One hand-off of a conversation to a person, from queueing to release."""

    __tablename__ = "desk_handoffs"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False, default="rest")
    language = Column(String(2), nullable=False, default="es")
    level = Column(Integer)
    intents = Column(JSON, nullable=False, default=list)
    #: A few lines for the queue, written when the conversation was queued.
    summary = Column(Text, nullable=False, default="")
    #: The customer's problem in their words, carried into a ticket if nobody takes it.
    context = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default=WAITING)
    queued_at = Column(UTCDateTime, nullable=False)
    claimed_by = Column(Integer, ForeignKey("desk_agents.id"), nullable=True)
    claimed_at = Column(UTCDateTime)
    closed_at = Column(UTCDateTime)

    __table_args__ = (
        # At most one active hand-off per conversation, enforced by the database itself.
        Index("uq_desk_handoffs_active", "conversation_id", unique=True,
              sqlite_where=text("status IN ('waiting', 'held')"),
              postgresql_where=text("status IN ('waiting', 'held')")),
    )


class NoteRecord(Base):
    """An internal note on a conversation, for the team only."""

    __tablename__ = "desk_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    agent_id = Column(Integer, ForeignKey("desk_agents.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
