"""Every customer message passes here before Rasa reads it, whatever the channel.

Too long: refused with a reply, before any NLU runs. Too many from one sender:
refused with a reply. Otherwise the conversation's lock is taken and the message runs
as one resilient turn (see bot.serving.turns). Nothing here raises to the channel:
whatever fails, the customer gets a reply in their language.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from rasa.core.channels.channel import UserMessage

from bot.serving.inputs import InputLimits, clean_text
from bot.serving.ratelimit import RateLimiter
from bot.serving.turns import REPLAY_KEY, Apology, ResilientTurns, send_text

logger = logging.getLogger(__name__)

#: How much of a refused message is read to guess its language.
LANGUAGE_SAMPLE_CHARS = 400
#: How often a message waiting for its conversation's lock looks again. Rasa's default is
#: 1 s: harmless while a turn never yielded the event loop, but parsing now runs on a thread
#: (bot.serving.rasa_speedups), so a second message of the same conversation arriving
#: meanwhile waited a whole second for a turn of a few tens of milliseconds.
LOCK_POLL_S = 0.02


def guess_language(text: Optional[str]) -> str:
    """The language of `text` ("es" or "en"), Spanish when unclear."""
    from bot.language import DEFAULT_LANGUAGE, detect_language

    return detect_language((text or "")[:LANGUAGE_SAMPLE_CHARS]) or DEFAULT_LANGUAGE


def render_message(key: str, language: str, **values: Any) -> str:
    """A reply from the assistant's message table (actions/messages.py)."""
    from actions.messages import render

    return render(key, language, **values)


class ConversationGate:
    """The handler every input channel hands its messages to."""

    def __init__(self, agent_of: Callable[[], Any], limits: InputLimits, senders: RateLimiter) -> None:
        self._agent_of = agent_of
        self._limits = limits
        self._senders = senders
        self._turns = ResilientTurns(Apology(render_message, guess_language))

    async def handle(self, message: UserMessage) -> None:
        """Answer `message`; never raises."""
        try:
            await self._handle(message)
        except Exception as exc:
            logger.error("Message not handled (%s)", exc.__class__.__name__, exc_info=True)
            await send_text(message.output_channel, message.sender_id,
                            render_message("service_unavailable", guess_language(message.text)))

    async def _handle(self, message: UserMessage) -> None:
        if isinstance(message.text, str):
            message.text = clean_text(message.text)
        if isinstance(message.metadata, dict):  # only a replay of a kept message may say it is one
            message.metadata.pop(REPLAY_KEY, None)
        text = message.text or ""
        if len(text) > self._limits.max_message_chars:
            logger.info("Message refused: %d characters", len(text))
            await send_text(message.output_channel, message.sender_id,
                            render_message("message_too_long", guess_language(text),
                                           limit=self._limits.max_message_chars))
            return
        if not self._senders.allow(message.sender_id):
            logger.info("Message refused: rate limit of the conversation")
            await send_text(message.output_channel, message.sender_id,
                            render_message("rate_limited", guess_language(text)))
            return
        agent = self._agent_of()
        if agent is None or not agent.is_ready():
            raise RuntimeError("no model loaded")
        async with agent.lock_store.lock(message.sender_id, wait_time_in_seconds=LOCK_POLL_S):
            await self._turns.run(agent.processor, message)
