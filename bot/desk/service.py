"""The desk's rules: who is available, the hand-off queue, claims, releases and notes.

Synchronous and free of HTTP: the action server calls it to queue a conversation,
the desk's web layer (in a thread pool) to show and change the queue. The clock is
injected so that presence and waiting times can be tested.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from bot.desk.models import HELD, WAITING, AgentRecord, HandoffRecord, NoteRecord
from bot.desk.passwords import WeakPassword, hash_password
from bot.desk.repository import DeskRepository
from bot.text import normalise
from bot.validation import normalise_email

logger = logging.getLogger(__name__)

#: An agent counts as present while seen (any request, or a live-update heartbeat) this recently.
PRESENCE_WINDOW = dt.timedelta(minutes=2)
NOTE_CHARS = 4000


class DeskError(Exception):
    """A desk action was refused; `code` says why (the web layer maps it to a status)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class HandoffRequest:
    """What the bot knows when it hands a conversation to a person."""

    conversation_id: str
    channel: str
    language: str
    level: Optional[int] = None
    intents: List[str] = field(default_factory=list)
    summary: str = ""
    context: str = ""


@dataclass(frozen=True)
class Queued:
    """A queued hand-off and the customer's place among those waiting."""

    handoff: HandoffRecord
    position: int
    created: bool


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DeskService:
    """Agents, presence and the hand-off queue."""

    def __init__(self, repository: DeskRepository, clock: Callable[[], dt.datetime] = _utc_now,
                 presence_window: dt.timedelta = PRESENCE_WINDOW) -> None:
        self.repository = repository
        self.clock = clock
        self.presence_window = presence_window

    # -- agents ---------------------------------------------------------------------------
    def add_agent(self, email: str, password: str, name: Optional[str] = None) -> Tuple[AgentRecord, bool]:
        """Create an agent, or reset the password (and name) of an existing one.

        Raises:
            DeskError: "bad_email" or "weak_password".
        """
        address = normalise_email(email or "")
        if address is None or address != (email or "").strip().lower():
            raise DeskError("bad_email")
        try:
            password_hash = hash_password(password or "")
        except WeakPassword as exc:
            raise DeskError("weak_password") from exc
        display = normalise(name)[:120] if name else None
        return self.repository.save_agent(address, display, password_hash, self.clock())

    def set_availability(self, agent: AgentRecord, available: bool) -> None:
        """Mark the agent available for hand-offs (or not)."""
        self.repository.set_available(agent.id, bool(available), self.clock())
        logger.info("Agent %s is %savailable", agent.id, "" if available else "not ")

    def touch(self, agent_id: int) -> None:
        """Note that the agent is still there."""
        self.repository.touch_agent(agent_id, self.clock())

    def available_agents(self) -> int:
        """How many agents are signed in, marked available and present right now."""
        now = self.clock()
        return self.repository.count_available(now - self.presence_window, now)

    # -- the queue ------------------------------------------------------------------------
    def enqueue(self, request: HandoffRequest) -> Queued:
        """Queue the conversation for a person (or find it already queued) and say where it stands."""
        record = HandoffRecord(
            conversation_id=request.conversation_id[:128], channel=(request.channel or "rest")[:32],
            language=request.language if request.language in ("es", "en") else "es", level=request.level,
            intents=list(request.intents)[:20], summary=request.summary[:4000], context=request.context[:4000],
            status=WAITING, queued_at=self.clock())
        handoff, created = self.repository.enqueue(record)
        position = self.repository.position(handoff) if handoff.status == WAITING else 0
        if created:
            logger.info("Conversation queued for a person (position %d)", position)
        return Queued(handoff, position, created)

    def queue(self) -> List[HandoffRecord]:
        """Every conversation waiting for a person or held by one, oldest first."""
        return self.repository.active_all()

    def active(self, conversation_id: str) -> Optional[HandoffRecord]:
        """The conversation's active hand-off, or None."""
        return self.repository.active(conversation_id)

    def latest(self, conversation_id: str) -> Optional[HandoffRecord]:
        """The conversation's most recent hand-off (active or closed), or None."""
        return self.repository.latest(conversation_id)

    def agent_names(self) -> Dict[int, AgentRecord]:
        """Every agent by id (to show who holds what)."""
        return {agent.id: agent for agent in self.repository.agents()}

    def claim(self, conversation_id: str, agent: AgentRecord) -> HandoffRecord:
        """Take a waiting conversation. Exactly one of several agents claiming at once wins.

        Raises:
            DeskError: "not_found" when it was never handed off or is closed,
                "already_claimed" when another agent (or this one) holds it.
        """
        if self.repository.claim(conversation_id, agent.id, self.clock()):
            logger.info("Agent %s claimed a conversation", agent.id)
            return self.repository.active(conversation_id)
        current = self.repository.active(conversation_id)
        if current is None:
            raise DeskError("not_found")
        raise DeskError("already_claimed")

    def require_holder(self, conversation_id: str, agent: AgentRecord) -> HandoffRecord:
        """The hand-off the agent holds, or why the agent may not act on it.

        Raises:
            DeskError: "not_found", "not_claimed" (still waiting) or "held_by_other".
        """
        current = self.repository.active(conversation_id)
        if current is None:
            raise DeskError("not_found")
        if current.status != HELD:
            raise DeskError("not_claimed")
        if current.claimed_by != agent.id:
            raise DeskError("held_by_other")
        return current

    def release(self, conversation_id: str, agent: AgentRecord) -> None:
        """Close the agent's hold (after the bot has been told to resume)."""
        if not self.repository.release(conversation_id, agent.id, self.clock()):
            self.require_holder(conversation_id, agent)  # raises the reason
            raise DeskError("not_found")
        logger.info("Agent %s released a conversation", agent.id)

    def return_unclaimed(self, conversation_id: str) -> bool:
        """Close a hand-off nobody claimed; False when someone claimed it meanwhile."""
        return self.repository.return_waiting(conversation_id, self.clock())

    def close_resumed(self, conversation_id: str) -> bool:
        """Close the hand-off of a conversation Rasa resumed by itself (a new session)."""
        return self.repository.close_active(conversation_id, self.clock())

    # -- notes ----------------------------------------------------------------------------
    def add_note(self, conversation_id: str, agent: AgentRecord, text: str) -> NoteRecord:
        """Keep an internal note on a handed-off conversation.

        Raises:
            DeskError: "empty_text" or "not_found" (never handed off).
        """
        body = normalise(text)[:NOTE_CHARS]
        if not body:
            raise DeskError("empty_text")
        if self.repository.latest(conversation_id) is None:
            raise DeskError("not_found")
        return self.repository.add_note(NoteRecord(conversation_id=conversation_id, agent_id=agent.id,
                                                   text=body, created_at=self.clock()))

    def notes(self, conversation_id: str) -> List[Tuple[NoteRecord, AgentRecord]]:
        """The conversation's notes with their authors."""
        return self.repository.notes(conversation_id)
