"""Turning the assistant's replies into Telegram messages, and Telegram updates into text.

Pure functions, shared by the webhook channel and the polling bridge.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.helpers import escape_markdown

#: Telegram refuses longer messages.
MAX_MESSAGE_CHARS = 4096
#: Telegram limits callback_data to 64 bytes.
MAX_CALLBACK_BYTES = 64
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)

UNSUPPORTED_REPLY = {
    "es": "Por ahora solo puedo leer texto: no entiendo {what}. Escríbeme tu pregunta, por favor.",
    "en": "For now I can only read text, not {what}. Please type your question.",
}
KIND_NAMES = {
    "es": {"photo": "fotos", "sticker": "stickers", "voice": "notas de voz", "audio": "audios",
           "video": "vídeos", "video_note": "vídeos", "document": "documentos", "location": "ubicaciones",
           "contact": "contactos", "other": "este tipo de mensaje"},
    "en": {"photo": "photos", "sticker": "stickers", "voice": "voice notes", "audio": "audio",
           "video": "videos", "video_note": "videos", "document": "documents", "location": "locations",
           "contact": "contacts", "other": "this kind of message"},
}


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> List[str]:
    """Cut `text` into pieces of at most `limit` characters, at paragraph boundaries when
    possible, then at line ends, then at spaces; never inside a word unless it is longer
    than `limit`."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: List[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut <= 0:
            cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
            while cut > 1 and rest[cut - 1] == "\\":  # never separate an escape from its character
                cut -= 1
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def to_markdown_v2(text: str) -> str:
    """Escape text for MarkdownV2, keeping the assistant's **bold** as Telegram bold."""
    out: List[str] = []
    position = 0
    for match in _BOLD.finditer(text):
        out.append(escape_markdown(text[position:match.start()], version=2))
        out.append("*" + escape_markdown(match.group(1), version=2) + "*")
        position = match.end()
    out.append(escape_markdown(text[position:], version=2))
    return "".join(out)


def keyboard(buttons: Optional[Sequence[Dict[str, Any]]]) -> Optional[InlineKeyboardMarkup]:
    """Rasa buttons as an inline keyboard, one button a row (numbers, such as the 1–5 rating,
    side by side in one row: one tap each); payloads travel as callback data."""
    rows = []
    for button in buttons or []:
        payload = str(button.get("payload") or button.get("title") or "")
        if len(payload.encode("utf-8")) > MAX_CALLBACK_BYTES:
            payload = str(button.get("title", ""))[:MAX_CALLBACK_BYTES // 4]
        rows.append([InlineKeyboardButton(str(button.get("title", payload))[:64], callback_data=payload)])
    if 1 < len(rows) <= 8 and all(row[0].text.isdigit() for row in rows):
        rows = [[row[0] for row in rows]]
    return InlineKeyboardMarkup(rows) if rows else None


def unsupported_kind(message: Message) -> Optional[str]:
    """What a message without text carries ("photo", "sticker"…), or None when it has text."""
    if message.text is not None:
        return None
    for kind in ("photo", "sticker", "voice", "audio", "video", "video_note", "document", "location", "contact"):
        if getattr(message, kind, None):
            return kind
    return "other"


def unsupported_reply(kind: str, language_code: Optional[str]) -> str:
    """A polite reply, in the user's Telegram language, saying the bot only reads text."""
    language = "en" if (language_code or "").lower().startswith("en") else "es"
    return UNSUPPORTED_REPLY[language].format(what=KIND_NAMES[language].get(kind, KIND_NAMES[language]["other"]))
