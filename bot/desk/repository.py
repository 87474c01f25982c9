"""Storage of agents, sessions, the hand-off queue and notes (SQLAlchemy).

Every change that two agents could race for is one conditional UPDATE whose WHERE
clause states what must still be true; the row count says who won. That holds on
SQLite (writers are serialised) and on PostgreSQL (a second UPDATE waits for the
first and re-checks the WHERE clause on the committed row).
"""

from __future__ import annotations

import datetime as dt
from typing import List, Optional, Tuple

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.desk.models import (ACTIVE_STATES, HELD, RELEASED, RETURNED, WAITING, AgentRecord, DeskSessionRecord,
                             HandoffRecord, NoteRecord)


class DeskRepository:
    """Reads and writes the desk's tables through one session factory."""

    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    # -- agents ---------------------------------------------------------------------------
    def save_agent(self, email: str, name: Optional[str], password_hash: str, now: dt.datetime
                   ) -> Tuple[AgentRecord, bool]:
        """Create the agent, or reset the password (and the name, when given) of the one with
        that e-mail. A new agent without a name is called by the e-mail's user part.

        Returns the agent and whether it was created.
        """
        with self._sessions() as session:
            with session.begin():
                agent = session.execute(select(AgentRecord).where(AgentRecord.email == email)).scalar_one_or_none()
                created = agent is None
                if created:
                    agent = AgentRecord(email=email, name=name or email.split("@")[0],
                                        password_hash=password_hash, created_at=now,
                                        available=False)
                    session.add(agent)
                else:
                    agent.name = name or agent.name
                    agent.password_hash = password_hash
                    # a reset password signs the agent out everywhere
                    session.execute(DeskSessionRecord.__table__.delete().where(
                        DeskSessionRecord.agent_id == agent.id))
            return agent, created

    def agent_by_email(self, email: str) -> Optional[AgentRecord]:
        """The agent with that (lower-case) e-mail, or None."""
        with self._sessions() as session:
            return session.execute(select(AgentRecord).where(AgentRecord.email == email)).scalar_one_or_none()

    def agent(self, agent_id: int) -> Optional[AgentRecord]:
        """The agent with that id, or None."""
        with self._sessions() as session:
            return session.get(AgentRecord, agent_id)

    def agents(self) -> List[AgentRecord]:
        """Every agent, by e-mail."""
        with self._sessions() as session:
            return list(session.execute(select(AgentRecord).order_by(AgentRecord.email)).scalars())

    def set_password_hash(self, agent_id: int, password_hash: str) -> None:
        """Store a stronger hash of the same password (after a parameter upgrade)."""
        with self._sessions() as session:
            with session.begin():
                session.execute(update(AgentRecord).where(AgentRecord.id == agent_id)
                                .values(password_hash=password_hash))

    def set_available(self, agent_id: int, available: bool, now: dt.datetime) -> None:
        """Mark the agent available (or not); being marked is also being present."""
        with self._sessions() as session:
            with session.begin():
                session.execute(update(AgentRecord).where(AgentRecord.id == agent_id)
                                .values(available=available, last_seen_at=now))

    def touch_agent(self, agent_id: int, now: dt.datetime) -> None:
        """Record that the agent is present (a request, or a live-update heartbeat)."""
        with self._sessions() as session:
            with session.begin():
                session.execute(update(AgentRecord).where(AgentRecord.id == agent_id).values(last_seen_at=now))

    def count_available(self, seen_since: dt.datetime, now: dt.datetime) -> int:
        """Agents marked available, seen since `seen_since`, with a live session."""
        signed_in = exists().where(and_(DeskSessionRecord.agent_id == AgentRecord.id,
                                        DeskSessionRecord.expires_at > now))
        with self._sessions() as session:
            return session.execute(
                select(func.count()).select_from(AgentRecord).where(
                    AgentRecord.available.is_(True), AgentRecord.last_seen_at >= seen_since, signed_in)
            ).scalar_one()

    # -- sessions -------------------------------------------------------------------------
    def add_session(self, record: DeskSessionRecord) -> None:
        """Store a new signed-in session."""
        with self._sessions() as session:
            with session.begin():
                session.add(record)

    def session_with_agent(self, token_hash: str, now: dt.datetime
                           ) -> Optional[Tuple[DeskSessionRecord, AgentRecord]]:
        """The unexpired session with that token hash and its agent, or None."""
        with self._sessions() as session:
            row = session.execute(
                select(DeskSessionRecord, AgentRecord)
                .join(AgentRecord, AgentRecord.id == DeskSessionRecord.agent_id)
                .where(DeskSessionRecord.token_hash == token_hash, DeskSessionRecord.expires_at > now)
            ).first()
            return (row[0], row[1]) if row else None

    def delete_session(self, token_hash: str) -> Optional[int]:
        """Forget a session (sign-out); returns its agent id, or None when unknown."""
        with self._sessions() as session:
            with session.begin():
                record = session.get(DeskSessionRecord, token_hash)
                if record is None:
                    return None
                agent_id = record.agent_id
                session.delete(record)
                return agent_id

    def live_sessions(self, agent_id: int, now: dt.datetime) -> int:
        """How many unexpired sessions the agent has."""
        with self._sessions() as session:
            return session.execute(select(func.count()).select_from(DeskSessionRecord).where(
                DeskSessionRecord.agent_id == agent_id, DeskSessionRecord.expires_at > now)).scalar_one()

    def delete_expired_sessions(self, now: dt.datetime) -> int:
        """Drop sessions past their expiry; returns how many."""
        with self._sessions() as session:
            with session.begin():
                return session.execute(DeskSessionRecord.__table__.delete().where(
                    DeskSessionRecord.expires_at <= now)).rowcount

    # -- hand-offs ------------------------------------------------------------------------
    def enqueue(self, record: HandoffRecord) -> Tuple[HandoffRecord, bool]:
        """Queue a hand-off; when the conversation already has an active one, return that.

        The unique partial index on active hand-offs makes a second insert fail, so two
        requests for the same conversation can never queue it twice.
        """
        try:
            with self._sessions() as session:
                with session.begin():
                    session.add(record)
            return record, True
        except IntegrityError:
            existing = self.active(record.conversation_id)
            if existing is None:  # released in between: try once more
                with self._sessions() as session:
                    with session.begin():
                        session.add(record)
                return record, True
            return existing, False

    def active(self, conversation_id: str) -> Optional[HandoffRecord]:
        """The conversation's waiting or held hand-off, or None."""
        with self._sessions() as session:
            return session.execute(select(HandoffRecord).where(
                HandoffRecord.conversation_id == conversation_id,
                HandoffRecord.status.in_(ACTIVE_STATES))).scalar_one_or_none()

    def latest(self, conversation_id: str) -> Optional[HandoffRecord]:
        """The conversation's most recent hand-off, active or not, or None."""
        with self._sessions() as session:
            return session.execute(select(HandoffRecord).where(HandoffRecord.conversation_id == conversation_id)
                                   .order_by(HandoffRecord.id.desc()).limit(1)).scalar_one_or_none()

    def active_all(self) -> List[HandoffRecord]:
        """Every waiting or held hand-off, oldest first."""
        with self._sessions() as session:
            return list(session.execute(select(HandoffRecord).where(HandoffRecord.status.in_(ACTIVE_STATES))
                                        .order_by(HandoffRecord.queued_at, HandoffRecord.id)).scalars())

    def position(self, record: HandoffRecord) -> int:
        """1 for the first conversation waiting, 2 for the next…"""
        with self._sessions() as session:
            ahead = session.execute(select(func.count()).select_from(HandoffRecord).where(
                HandoffRecord.status == WAITING, HandoffRecord.id < record.id)).scalar_one()
            return ahead + 1

    def claim(self, conversation_id: str, agent_id: int, now: dt.datetime) -> bool:
        """Give a waiting conversation to the agent; False when it is not waiting any more."""
        with self._sessions() as session:
            with session.begin():
                result = session.execute(
                    update(HandoffRecord)
                    .where(HandoffRecord.conversation_id == conversation_id, HandoffRecord.status == WAITING,
                           HandoffRecord.claimed_by.is_(None))
                    .values(status=HELD, claimed_by=agent_id, claimed_at=now)
                    .execution_options(synchronize_session=False))
                return result.rowcount == 1

    def release(self, conversation_id: str, agent_id: int, now: dt.datetime) -> bool:
        """End the agent's hold on the conversation; False when the agent does not hold it."""
        with self._sessions() as session:
            with session.begin():
                result = session.execute(
                    update(HandoffRecord)
                    .where(HandoffRecord.conversation_id == conversation_id, HandoffRecord.status == HELD,
                           HandoffRecord.claimed_by == agent_id)
                    .values(status=RELEASED, closed_at=now)
                    .execution_options(synchronize_session=False))
                return result.rowcount == 1

    def return_waiting(self, conversation_id: str, now: dt.datetime) -> bool:
        """Hand a conversation nobody claimed back to the bot; False when it was claimed meanwhile."""
        with self._sessions() as session:
            with session.begin():
                result = session.execute(
                    update(HandoffRecord)
                    .where(HandoffRecord.conversation_id == conversation_id, HandoffRecord.status == WAITING)
                    .values(status=RETURNED, closed_at=now)
                    .execution_options(synchronize_session=False))
                return result.rowcount == 1

    def close_active(self, conversation_id: str, now: dt.datetime) -> bool:
        """Close whatever hand-off is active (the conversation was resumed outside the desk)."""
        with self._sessions() as session:
            with session.begin():
                result = session.execute(
                    update(HandoffRecord)
                    .where(HandoffRecord.conversation_id == conversation_id,
                           HandoffRecord.status.in_(ACTIVE_STATES))
                    .values(status=RETURNED, closed_at=now)
                    .execution_options(synchronize_session=False))
                return result.rowcount == 1

    # -- notes ----------------------------------------------------------------------------
    def add_note(self, note: NoteRecord) -> NoteRecord:
        """Store an internal note."""
        with self._sessions() as session:
            with session.begin():
                session.add(note)
            return note

    def notes(self, conversation_id: str) -> List[Tuple[NoteRecord, AgentRecord]]:
        """The conversation's notes with their authors, oldest first."""
        with self._sessions() as session:
            rows = session.execute(select(NoteRecord, AgentRecord)
                                   .join(AgentRecord, AgentRecord.id == NoteRecord.agent_id)
                                   .where(NoteRecord.conversation_id == conversation_id)
                                   .order_by(NoteRecord.id)).all()
            return [(row[0], row[1]) for row in rows]
