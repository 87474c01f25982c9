"""Telegram as a Rasa input channel, built on python-telegram-bot (v22).

Webhook mode: Rasa serves POST /webhooks/telegram/webhook. Telegram must send the secret
set with setWebhook in the X-Telegram-Bot-Api-Secret-Token header; any request without
it gets 403. Enable it by setting TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET before
`make run` (the launcher adds the channel to the credentials it hands to Rasa).
Polling mode, for a bot with no public address, is `bot.channels.telegram_polling`; there
the channel is registered with the token only (its webhook refuses every request) so
that the agent desk's replies still reach the chat through the Bot API.
Token and secret are read from the environment and never logged.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from telegram import Bot, Update
from telegram.error import TelegramError

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.telegram_format import keyboard, split_message, to_markdown_v2, unsupported_kind, unsupported_reply

logger = logging.getLogger(__name__)

SENDER_PREFIX = "tg-"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API = "https://api.telegram.org/bot"


def sender_for(chat_id: int) -> str:
    """One conversation per Telegram chat."""
    return f"{SENDER_PREFIX}{chat_id}"


def chat_for(sender_id: str) -> str:
    """The chat id of a conversation started from Telegram."""
    return sender_id[len(SENDER_PREFIX):] if sender_id.startswith(SENDER_PREFIX) else sender_id


async def send_reply(bot: Bot, chat_id: int | str, text: str, buttons: Optional[List[Dict[str, Any]]] = None
                     ) -> None:
    """Send one assistant reply: escaped for MarkdownV2, split under 4,096 characters,
    buttons as an inline keyboard on the last piece."""
    pieces = split_message(to_markdown_v2(text or "")) or ([" "] if buttons else [])
    for number, piece in enumerate(pieces, 1):
        markup = keyboard(buttons) if number == len(pieces) else None
        await bot.send_message(chat_id=chat_id, text=piece, parse_mode="MarkdownV2", reply_markup=markup)


class TelegramOutput(OutputChannel):
    """Sends the assistant's replies (and an agent's, from the desk) to a Telegram chat."""

    def __init__(self, bot: Bot, ready: Optional[Callable[[], Awaitable[Bot]]] = None) -> None:
        self.bot = bot
        self._ready = ready

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def _send(self, recipient_id: Text, text: Text, buttons: Optional[List[Dict[str, Any]]] = None) -> None:
        bot = await self._ready() if self._ready is not None else self.bot
        await send_reply(bot, chat_for(recipient_id), text, buttons)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """Send text (split if long)."""
        await self._send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        """Send text with an inline keyboard."""
        await self._send(recipient_id, text, buttons)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        """Send an image as its link (the assistant sends none today)."""
        await self._send(recipient_id, image)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Custom payloads are for the web widget (hand-off states): nothing to send here."""


class TelegramInput(InputChannel):
    """Receives Telegram updates on a webhook guarded by the secret token."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        """Read token, secret and API address from credentials.yml or the environment."""
        credentials = credentials or {}
        token = credentials.get("access_token") or os.environ.get("TELEGRAM_BOT_TOKEN")
        secret = credentials.get("secret_token") or os.environ.get("TELEGRAM_WEBHOOK_SECRET")
        base_url = credentials.get("base_url") or os.environ.get("TELEGRAM_API_BASE_URL") or DEFAULT_API
        if not token:
            raise RasaException("The telegram channel needs TELEGRAM_BOT_TOKEN.")
        if not secret:
            logger.info("Telegram webhook off (no TELEGRAM_WEBHOOK_SECRET): polling mode; "
                        "agents' replies still go out through the Bot API")
        return cls(token, secret, base_url)

    def __init__(self, token: str, secret: Optional[str], base_url: str = DEFAULT_API) -> None:
        # httpx logs each request URL at INFO, and Bot API URLs contain the token
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self._secret = secret or ""
        self.bot = Bot(token, base_url=base_url)
        self._ready = asyncio.Lock()
        self._initialised = False

    async def _bot(self) -> Bot:
        async with self._ready:
            if not self._initialised:
                await self.bot.initialize()
                self._initialised = True
        return self.bot

    def get_output_channel(self) -> OutputChannel:
        """The channel Rasa uses for messages that do not answer an update: the agent desk's
        replies and notices, appended through the HTTP API with `output_channel=latest`."""
        return TelegramOutput(self.bot, ready=self._bot)

    def _authorised(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return bool(given and self._secret) and hmac.compare_digest(given.encode(), self._secret.encode())

    async def handle_update(self, update: Update,
                            on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Answer button presses, turn away what is not text, pass text to the assistant."""
        bot = await self._bot()
        if update.callback_query is not None:
            query = update.callback_query
            await bot.answer_callback_query(query.id)
            if query.message is None or query.data is None:
                return
            chat_id, text = query.message.chat.id, query.data
            language = query.from_user.language_code if query.from_user else None
        elif update.effective_message is not None and update.effective_chat is not None:
            message = update.effective_message
            chat_id = update.effective_chat.id
            language = message.from_user.language_code if message.from_user else None
            kind = unsupported_kind(message)
            if kind is not None:
                await send_reply(bot, chat_id, unsupported_reply(kind, language))
                return
            text = message.text
        else:
            return
        await on_new_message(UserMessage(text, TelegramOutput(bot), sender_for(chat_id), input_channel="telegram",
                                         metadata={"telegram_language": language}))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes: GET /webhooks/telegram/ (health) and POST /webhooks/telegram/webhook."""
        webhook = Blueprint("telegram_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "forbidden"}, status=403)
            try:
                body = request.json
                update = Update.de_json(body, self.bot) if isinstance(body, dict) else None
            except Exception:  # any update the library cannot read is the sender's mistake
                update = None
            if update is None:
                return response.json({"error": "not a Telegram update"}, status=400)
            try:
                await self.handle_update(update, on_new_message)
            except TelegramError as exc:
                # the Bot API is unreachable before the message reached the assistant:
                # Telegram delivers the update again later
                logger.error("Telegram API call failed: %s", exc.__class__.__name__)
                return response.json({"error": "Telegram unreachable; retry later"}, status=503,
                                     headers={"Retry-After": "30"})
            return response.json({"status": "ok"})

        return webhook
