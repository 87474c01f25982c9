"""Making user text safe to store and show: one place for the rules.

Everything a user typed that is stored (case descriptions, names, transcripts) goes
through `clean_user_text`, so a stored value never carries markup, control
characters or an unbounded length.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import List, Optional, Pattern, Tuple

#: Longest free text kept from one message; the rest is cut with a marker.
MAX_STORED_CHARS = 2000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str | None) -> str:
    """NFC-normalise, drop control characters and squeeze runs of blanks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_user_text(text: str | None, max_chars: int = MAX_STORED_CHARS) -> str:
    """Return `text` ready to store: normalised, HTML-escaped and bounded.

    Escaping at storage time means that whatever later renders a case (an agent
    desk, an e-mail, a report) cannot be made to run a user's markup. Quotes stay as
    typed ("Sam O'Neill", "it's"): markup needs `<` or `&`, every renderer escapes again
    for its own context, and a name read back from `bot.cases list --json` must be the
    name the customer gave.
    """
    text = normalise(text)
    if len(text) > max_chars:
        text = text[:max_chars].rstrip() + " […]"
    return html.escape(text, quote=False)


#: Entities that describe the whole message (its language), not a value inside it.
WHOLE_MESSAGE_ENTITIES = ("language",)


def text_outside_entities(text: str, entities: list) -> str:
    """`text` with the span of each value entity (e-mail, phone, case number…) replaced by a
    space: what is left says what the message asks. Overlapping spans are cut once."""
    spans = sorted((entity["start"], entity["end"]) for entity in entities or []
                   if entity.get("entity") not in WHOLE_MESSAGE_ENTITIES
                   and isinstance(entity.get("start"), int) and isinstance(entity.get("end"), int)
                   and entity["end"] > entity["start"])
    kept, position = [], 0
    for start, end in spans:
        if start >= position:
            kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return " ".join(kept)


def stored_text_for_chat(text: str | None) -> str:
    """A stored (HTML-escaped) case text as the customer typed it, for a chat reply: chat
    channels show plain text, so "I&#x27;m" must read "I'm" again."""
    return html.unescape(text or "")


#: An HTML or XML tag: markup carries no words of the customer's.
_MARKUP_TAG = re.compile(r"<(script|style)\b[^<>]{0,200}>.{0,500}?</\1\s*>|<[^<>]{0,200}>", re.IGNORECASE | re.DOTALL)


def without_markup(text: str) -> str:
    """`text` with its tags (and a script's or style's code) blanked out: markup is not what the
    customer said."""
    return _MARKUP_TAG.sub(" ", text)


#: Statements of a database language typed into the chat ("'; DROP TABLE cases; --",
#: "' OR '1'='1"): a probe, not a customer's answer to anything.
_CODE = re.compile(
    r";\s*(?:drop|delete|insert|update|alter|truncate|exec|shutdown)\b|\bdrop\s+(?:table|database)\b"
    r"|\bunion\s+(?:all\s+)?select\b|'\s*or\s+'?\w+'?\s*=\s*'?\w+|\bjavascript\s*:",
    re.IGNORECASE)
_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)


def looks_like_code(text: str | None) -> bool:
    """True for a message that holds a database statement, or a script and no words beside it:
    inside a form it answers no question and asks for nothing ("drop" is no way to cancel).
    Markup with words beside it ("<script>…</script> la factura está mal") is the customer's
    text, kept escaped."""
    if not text:
        return False
    text = str(text)
    words = without_markup(text)
    return bool(_CODE.search(words)) or (bool(_SCRIPT.search(text)) and not has_words(text))


def has_words(text: str | None) -> bool:
    """True when `text` holds at least one letter or digit outside markup tags (not only emoji,
    punctuation or "<img src=x onerror=…>")."""
    return bool(text) and any(ch.isalnum() for ch in without_markup(str(text)))


def strip_accents(text: str) -> str:
    """Remove diacritics: users often type without accents."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


#: Laughter and chat interjections ("jajaja", "jeje", "haha", "lol", "xD"): no language and no
#: topic, but an unknown word in a search query that can push a clear question below the
#: answer-or-abstain threshold.
_LAUGHTER = re.compile(r"(?<![\w@])(?:(?:j[aeiou]){2,}j?|(?:h[aeiou]){2,}h?|l+o+l+|x+d+|lmao|rofl)(?![\w@])[\s,.;:!]*",
                       re.IGNORECASE)


def without_laughter(text: str) -> str:
    """`text` without laughter ("vale jaja. ¿y…?" → "vale ¿y…?"); the text itself when it is only laughter."""
    kept = _LAUGHTER.sub(" ", text or "")
    kept = _SPACES.sub(" ", kept).strip()
    return kept if has_words(kept) else (text or "")


#: A greeting that opens a message ("hola, buenas.", "Hi there!", "buenos días:"), one or more.
_OPENING_GREETING = re.compile(
    r"^(?:(?:hola|buenas(?:\s+(?:tardes|noches))?|buenos\s+d[ií]as|saludos|hello|hi|hey|good\s+(?:morning|afternoon|"
    r"evening)|dear\s+(?:support|team|sir|madam))\b(?:\s+(?:there|a\s+todos|equipo|team|all)\b)?[\s,!.:;¡]*)+",
    re.IGNORECASE)


def without_opening_greeting(text: str) -> str:
    """`text` without the greeting it opens with ("hola, buenas. Desde ayer…" → "Desde ayer…"): a
    case's description is the problem; the text itself when nothing else is left."""
    rest = _OPENING_GREETING.sub("", text or "", count=1).strip()
    if not has_words(rest) or rest == (text or "").strip():
        return text
    return rest[0].upper() + rest[1:]


#: E-mail addresses and links: "ana@gmail.com" gives an address, it asks nothing about Gmail.
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


@lru_cache(maxsize=None)
def _sentence_break(ends: str, newlines: bool, opening_question: Optional[str], comma_before: Tuple[str, ...],
                    before: Tuple[str, ...]) -> Pattern[str]:
    """The pattern of the breaks between sentences that `split_sentences` splits at, built once per set
    of options: a blank after one of `ends`, a newline (`newlines`), before an opening "¿"
    (`opening_question` "spaced" or "glued"), a comma before one of the words `comma_before`, a blank
    before one of the words `before`."""
    rules = [rf"(?<=[{re.escape(ends)}])\s+"]
    if newlines:
        rules.append(r"\n")
    if opening_question == "spaced":
        rules.append(r"\s+(?=¿)")
    elif opening_question == "glued":
        rules.append(r"(?=¿)")
    if comma_before:
        rules.append(r",\s*(?=(?:" + "|".join(comma_before) + r")\b)")
    if before:
        rules.append(r"\s+(?=(?:" + "|".join(before) + r")\b)")
    return re.compile("|".join(rules), re.IGNORECASE)


def split_sentences(text: Optional[str], *, ends: str = ".!?", newlines: bool = False,
                    opening_question: Optional[str] = None, comma_before: Tuple[str, ...] = (),
                    before: Tuple[str, ...] = ()) -> List[str]:
    """The pieces of `text`, stripped, empty ones left out, each keeping the mark that ends it.

    A piece ends after one of the characters `ends` followed by a blank; with `newlines` at a line
    break too; with `opening_question` "spaced" before a "¿" after a blank ("vale ¿y…?"), "glued"
    before any "¿"; before the words (regular expressions) of `comma_before` after a comma, which is
    dropped ("sí, me sirvió, y otra cosa…"), and before those of `before` after a blank.
    """
    pattern = _sentence_break(ends, newlines, opening_question, tuple(comma_before), tuple(before))
    return [piece.strip() for piece in pattern.split(text or "") if piece and piece.strip()]
