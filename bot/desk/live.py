"""Live updates for the desk: a hub of server-sent-event subscribers and a watcher.

Rasa has no push API for other processes, so the watcher polls: the queue in the
database, and the trackers of queued conversations through Rasa's HTTP API (every
half second for a conversation an agent has open, every few seconds for the rest).
A change is pushed to the browsers at once; polling a handful of trackers on
loopback costs little and needs nothing beside the two servers already running.
The watcher also gives waiting conversations back to the bot when no agent has
been available for a while, and closes hand-offs Rasa resumed by itself (a new
session after a long silence).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Set, Tuple

from bot.desk.conversations import ConversationDesk
from bot.desk.models import WAITING
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.summary import transcript

logger = logging.getLogger(__name__)

Message = Optional[Tuple[str, Any]]  # (event name, data); None ends the stream


@dataclass(eq=False)
class Subscriber:
    """One open event stream: the agent, the conversation it shows (if any), its mailbox."""

    agent_id: int
    conversation_id: Optional[str]
    mailbox: "asyncio.Queue[Message]" = field(default_factory=lambda: asyncio.Queue(maxsize=200))


class LiveHub:
    """Fans events out to the open streams."""

    def __init__(self) -> None:
        self.subscribers: Set[Subscriber] = set()

    def subscribe(self, agent_id: int, conversation_id: Optional[str]) -> Subscriber:
        subscriber = Subscriber(agent_id, conversation_id)
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def watched(self) -> Set[str]:
        """Conversations some agent has open right now."""
        return {s.conversation_id for s in self.subscribers if s.conversation_id}

    def publish(self, event: str, data: Any, conversation_id: Optional[str] = None) -> None:
        """Send to every stream, or to those showing `conversation_id`."""
        for subscriber in list(self.subscribers):
            if conversation_id is not None and subscriber.conversation_id != conversation_id:
                continue
            try:
                subscriber.mailbox.put_nowait((event, data))
            except asyncio.QueueFull:  # a stalled browser: it reloads everything on reconnect
                logger.warning("Dropping a live update for a stalled stream")

    def close_all(self) -> None:
        """End every stream (server shutdown)."""
        for subscriber in list(self.subscribers):
            try:
                subscriber.mailbox.put_nowait(None)
            except asyncio.QueueFull:
                pass


class Watcher:
    """Polls the queue and the queued conversations; publishes what changed."""

    def __init__(self, conversations: ConversationDesk, hub: LiveHub, interval: float = 0.5,
                 idle_interval: float = 5.0, return_after: float = 60.0) -> None:
        self.conversations = conversations
        self.hub = hub
        self.interval = interval
        self.idle_interval = idle_interval
        self.return_after = return_after
        self._queue_signature = ""
        self._event_counts: Dict[str, int] = {}
        self._polled_at: Dict[str, float] = {}
        self._nobody_since: Optional[float] = None

    async def run(self) -> None:
        """Poll until cancelled; a failed round is logged and the next one tried."""
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except RasaUnavailable as exc:
                logger.warning("Live updates: Rasa unavailable (%s)", exc)
            except Exception:  # keep the desk alive whatever one round hit
                logger.exception("Live updates: a polling round failed")
            await asyncio.sleep(self.interval)

    async def tick(self) -> None:
        """One round: queue, conversations, unattended hand-offs."""
        queue = await self.conversations.queue()
        signature = json.dumps(queue, sort_keys=True)
        if signature != self._queue_signature:
            self._queue_signature = signature
            self.hub.publish("queue", queue)
        watched, now = self.hub.watched(), time.monotonic()
        active = {item["conversation_id"] for item in queue}
        for conversation_id in active:
            interval = self.interval if conversation_id in watched else self.idle_interval
            if now - self._polled_at.get(conversation_id, 0.0) < interval:
                continue
            self._polled_at[conversation_id] = now
            await self._poll_conversation(conversation_id, conversation_id in watched)
        for gone in set(self._polled_at) - active:
            self._polled_at.pop(gone, None)
            self._event_counts.pop(gone, None)
        await self._return_unattended(queue)

    async def _poll_conversation(self, conversation_id: str, watched: bool) -> None:
        tracker = await self.conversations.rasa.tracker(conversation_id)
        events = tracker.get("events") or []
        if len(events) != self._event_counts.get(conversation_id):
            self._event_counts[conversation_id] = len(events)
            self.hub.publish("conversation", {"conversation_id": conversation_id, "transcript": transcript(events),
                                              "paused": bool(tracker.get("paused"))}, conversation_id)
        if not tracker.get("paused") and resumed_by_new_session(events):
            if await self.conversations.run(self.conversations.desk.close_resumed, conversation_id):
                logger.info("A held conversation started a new session; its hand-off is closed")

    async def _return_unattended(self, queue) -> None:
        waiting = [item for item in queue if item["status"] == WAITING]
        available = await self.conversations.run(self.conversations.desk.available_agents)
        if available or not waiting:
            self._nobody_since = None
            return
        now = time.monotonic()
        if self._nobody_since is None:
            self._nobody_since = now
        if now - self._nobody_since < self.return_after:
            return
        for item in waiting:
            handoff = await self.conversations.run(self.conversations.desk.active, item["conversation_id"])
            if handoff is not None and handoff.status == WAITING:
                if await self.conversations.return_unclaimed(handoff):
                    logger.info("No agent available: a waiting conversation went back to the bot")


def resumed_by_new_session(events) -> bool:
    """True when a session started after the conversation was last paused (Rasa unpauses then)."""
    last_pause = max((i for i, e in enumerate(events) if e.get("event") == "pause"), default=None)
    if last_pause is None:
        return False
    return any(e.get("event") == "session_started" for e in events[last_pause + 1:])
