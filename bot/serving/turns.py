"""A turn either happens completely or is kept for later: the action server down or slow.

Rasa's processor catches every error of a custom action, logs it and carries on with
no events, so the customer gets an empty reply and the form never sees what they
typed. Here a failed call to the action server aborts the whole turn before anything
is saved; the message is kept on the tracker (in the metadata of the apology the
customer gets), and replayed, in order, before the next message of that conversation.
A replayed submission finds the case it created before, if any, by its idempotency key.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.serving.rasa_speedups import forget_turn, reuse_in_this_turn

logger = logging.getLogger(__name__)

#: Metadata key of the apology that keeps a message, and of the replay that resolves it.
HELD_KEY = "held_message"
REPLAY_KEY = "replay_of"
#: A kept message is tried this many times in all, then given up (it stays on the tracker).
MAX_ATTEMPTS = 3
#: At most this many kept messages per conversation; older ones are given up.
MAX_HELD = 5

#: Set while a customer's turn runs under the gate: only then does a failed action
#: call abort the turn (API calls and reminders keep Rasa's own behaviour).
_ABORT_ON_FAILURE: contextvars.ContextVar[bool] = contextvars.ContextVar("abort_on_failure", default=False)


def aborts_on_failure() -> bool:
    """Whether a customer's turn is running here, so that a failure of the action server aborts it."""
    return _ABORT_ON_FAILURE.get()


class TurnAborted(BaseException):
    """The action server failed during a customer's turn; the turn is dropped unsaved.

    A BaseException on purpose: it must pass through the `except Exception` of Rasa's
    MessageProcessor._run_action, which would otherwise log the action as done.
    """


class GuardedActionEndpoint(EndpointConfig):
    """The action server's endpoint with a deadline on every call."""

    def __init__(self, base: EndpointConfig, timeout_s: float) -> None:
        super().__init__(base.url, base.params, base.headers, base.basic_auth, base.token, base.token_name,
                         base.cafile, **base.kwargs)
        self.type = base.type
        self.timeout_s = timeout_s

    async def request(self, *args: Any, **kwargs: Any) -> Optional[Any]:
        """Call the action server; within a customer's turn any failure but a form's
        rejection (400) aborts the turn."""
        try:
            return await asyncio.wait_for(super().request(*args, **kwargs), self.timeout_s)
        except ClientResponseError as exc:
            if exc.status == 400 or not _ABORT_ON_FAILURE.get():
                raise
            raise TurnAborted(f"action server answered {exc.status}") from None
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
            if not _ABORT_ON_FAILURE.get():
                if isinstance(exc, asyncio.TimeoutError):
                    raise aiohttp.ServerTimeoutError("action server timed out") from None
                raise
            raise TurnAborted(exc.__class__.__name__) from None


@dataclass
class HeldMessage:
    """A customer message kept because its turn could not run."""

    id: str
    text: str
    input_channel: Optional[str] = None
    metadata: Dict[str, Any] = field(default_factory=dict)
    attempts: int = 1
    held_at: float = 0.0

    @classmethod
    def of(cls, message: UserMessage) -> "HeldMessage":
        metadata = dict(message.metadata or {})
        replay_of = metadata.pop(REPLAY_KEY, None)
        return cls(replay_of or uuid.uuid4().hex, message.text or "", message.input_channel, metadata,
                   held_at=time.time())


def held_messages(events: List[Dict[str, Any]]) -> List[HeldMessage]:
    """The kept messages still waiting, oldest first, read from a tracker's events.

    An apology with `held_message` metadata keeps one; a replay of it (a user event
    whose metadata names it) resolves it, and so does any later ordinary message,
    which only runs once everything kept before it has been dealt with.
    """
    waiting: "OrderedDict[str, HeldMessage]" = OrderedDict()
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            held = (event.get("metadata") or {}).get(HELD_KEY)
            if isinstance(held, dict) and held.get("id"):
                try:
                    waiting[held["id"]] = HeldMessage(**held)
                except TypeError:
                    continue
        elif kind == "user":
            replay_of = (event.get("metadata") or {}).get(REPLAY_KEY)
            if replay_of:
                waiting.pop(replay_of, None)
            else:
                waiting.clear()
    return list(waiting.values())[-MAX_HELD:]


class ResilientTurns:
    """Runs a customer's message as one turn, replaying what was kept before it."""

    def __init__(self, apology: "Apology") -> None:
        self._apology = apology

    async def run(self, processor: Any, message: UserMessage) -> None:
        """Process `message` (the caller holds the conversation's lock)."""
        token = _ABORT_ON_FAILURE.set(True)
        reuse = None
        try:
            tracker = await processor.get_tracker(message.sender_id)
            reuse = reuse_in_this_turn(tracker)  # the processor need not read it again
            waiting = held_messages([event.as_dict() for event in tracker.events])
            resent = bool(waiting) and (message.text or "") == waiting[-1].text
            for item in waiting:
                if item.attempts >= MAX_ATTEMPTS:
                    logger.warning("Giving up a kept message after %d attempts", item.attempts)
                    continue
                replay = UserMessage(item.text, message.output_channel, message.sender_id,
                                     input_channel=item.input_channel,
                                     metadata={**item.metadata, REPLAY_KEY: item.id})
                logger.info("Replaying a kept message (attempt %d)", item.attempts + 1)
                if not await self._turn(processor, replay):
                    item.attempts += 1
                    await self._keep(processor, message, [item] + ([] if resent else [HeldMessage.of(message)]))
                    return
            if resent:
                return  # the customer sent the kept message again: its replay answered it
            if not await self._turn(processor, message):
                await self._keep(processor, message, [HeldMessage.of(message)])
        finally:
            if reuse is not None:
                forget_turn(reuse)
            _ABORT_ON_FAILURE.reset(token)

    @staticmethod
    async def _turn(processor: Any, message: UserMessage) -> bool:
        """One turn, saved whole or not at all. True when it ran."""
        try:
            await processor.handle_message(message)
            return True
        except TurnAborted as exc:
            logger.error("Turn aborted: the action server failed (%s); the message is kept", exc)
        except Exception as exc:  # the output channel or a store failed mid-turn
            logger.error("Turn failed (%s); the message is kept", exc.__class__.__name__, exc_info=True)
        return False

    async def _keep(self, processor: Any, message: UserMessage, items: List[HeldMessage]) -> None:
        """Store the apology carrying `items` on the tracker, then send it."""
        text = None
        try:
            tracker = await processor.fetch_tracker_and_update_session(
                message.sender_id, message.output_channel, message.metadata)
            text = self._apology.text(tracker.get_slot("language"), message.text)
            for number, item in enumerate(items):
                tracker.update(BotUttered(text if number == 0 else None, metadata={HELD_KEY: asdict(item)}))
            await processor.save_tracker(tracker)
        except Exception as exc:  # the tracker store is down too: the message cannot be kept
            logger.error("Could not keep the message (%s)", exc.__class__.__name__)
        await send_text(message.output_channel, message.sender_id,
                        text or self._apology.text(None, message.text))


class Apology:
    """The apology's text in the conversation's language."""

    def __init__(self, render: Any, guess_language: Any) -> None:
        self._render = render
        self._guess = guess_language

    def text(self, language: Optional[str], customer_text: Optional[str]) -> str:
        return self._render("service_unavailable", language or self._guess(customer_text))


async def send_text(channel: OutputChannel, recipient: str, text: str) -> None:
    """Send one reply, never raising (the channel itself may be what is down)."""
    try:
        await channel.send_text_message(recipient, text)
    except Exception as exc:
        logger.error("Could not send a reply (%s)", exc.__class__.__name__)

