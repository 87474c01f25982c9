"""Telegram in polling mode: no public address needed (`make telegram`).

python-telegram-bot fetches updates with getUpdates; each text (or pressed button) is
forwarded to the Rasa server's REST webhook as the chat's conversation, marked as the
"telegram" channel, and the replies are sent back with the same formatting as the
webhook channel.

    TELEGRAM_BOT_TOKEN=… python -m bot.channels.telegram_polling --rasa http://localhost:5005
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, Dict, List, Optional

import httpx
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.channels.telegram import DEFAULT_API, send_reply, sender_for
from bot.channels.telegram_format import unsupported_kind, unsupported_reply

logger = logging.getLogger(__name__)


async def ask_assistant(rasa_url: str, chat_id: int, text: str, language: Optional[str]) -> List[Dict[str, Any]]:
    """Send one message to the assistant's REST channel and return its replies."""
    payload = {"sender": sender_for(chat_id), "message": text, "input_channel": "telegram",
               "metadata": {"telegram_language": language}}
    async with httpx.AsyncClient(timeout=60) as client:
        reply = await client.post(f"{rasa_url}/webhooks/rest/webhook", json=payload)
        reply.raise_for_status()
        return reply.json()


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forward a text message; answer anything else with what the bot can read."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    language = message.from_user.language_code if message.from_user else None
    kind = unsupported_kind(message)
    if kind is not None:
        await send_reply(context.bot, chat.id, unsupported_reply(kind, language))
        return
    for reply in await ask_assistant(context.bot_data["rasa_url"], chat.id, message.text, language):
        await send_reply(context.bot, chat.id, reply.get("text", ""), reply.get("buttons"))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button press, then forward its payload as the customer's message."""
    query = update.callback_query
    await query.answer()
    if query.message is None or not query.data:
        return
    language = query.from_user.language_code if query.from_user else None
    chat_id = query.message.chat.id
    for reply in await ask_assistant(context.bot_data["rasa_url"], chat_id, query.data, language):
        await send_reply(context.bot, chat_id, reply.get("text", ""), reply.get("buttons"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with its traceback (never the token)."""
    logger.error("Telegram update failed", exc_info=context.error)


def build_application(token: str, rasa_url: str, base_url: str = DEFAULT_API) -> Application:
    """The python-telegram-bot application with the bridge's handlers."""
    application = ApplicationBuilder().token(token).base_url(base_url).build()
    application.bot_data["rasa_url"] = rasa_url.rstrip("/")
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.ALL, on_message))
    application.add_error_handler(on_error)
    return application


def main(argv: Optional[List[str]] = None) -> int:
    """Poll Telegram until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bot.channels.telegram_polling")
    parser.add_argument("--rasa", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    args = parser.parse_args(argv)
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        print("Set TELEGRAM_BOT_TOKEN (from @BotFather) first.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would contain the token
    base_url = os.environ.get("TELEGRAM_API_BASE_URL") or DEFAULT_API
    build_application(token, args.rasa, base_url).run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
