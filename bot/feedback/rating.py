"""Reading a satisfaction rating from what the customer typed or tapped.

A rating is only ever read where the bot has just asked for one (see actions/feedback.py):
"4", "un 4", "4/5", "4 estrellas", "★★★★", "I'd give it a 4 – quick answer". Whatever follows
the number is kept as the comment.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from bot.text import normalise

MIN_SCORE, MAX_SCORE = 1, 5
WORDS = {"uno": 1, "una": 1, "one": 1, "dos": 2, "two": 2, "tres": 3, "three": 3, "cuatro": 4, "four": 4,
         "cinco": 5, "five": 5}
_DIGIT = re.compile(r"(?<![\d/.,:])([1-5])(?:\s*(?:/|de|out of|sobre)\s*5)?(?![\d:.,]\d)", re.IGNORECASE)
_WORD = re.compile(r"\b(" + "|".join(WORDS) + r")\b(?:\s*(?:estrellas?|stars?|puntos?|points?))", re.IGNORECASE)
_STARS = re.compile(r"[★⭐]+")
_LEAD = re.compile(r"^[\s,.;:!\-–—)]+")


def read_rating(text: Optional[str]) -> Tuple[Optional[int], str]:
    """The score (1–5) in `text` and the rest as a comment; (None, "") when there is no single score.

    Args:
        text: the customer's message.

    Returns:
        (score, comment): the comment is what follows the score ("" when nothing does).
    """
    text = normalise(text)
    if not text or len(text) > 600:
        return None, ""
    stars = _STARS.search(text)
    if stars and MIN_SCORE <= len(stars.group(0)) <= MAX_SCORE:
        return len(stars.group(0)), _comment(text[stars.end():])
    digits = list(_DIGIT.finditer(text))
    if len(digits) == 1 and not re.search(r"\d", _DIGIT.sub("", text, count=1)):
        return int(digits[0].group(1)), _comment(text[digits[0].end():])
    word = _WORD.search(text)
    if word:
        return WORDS[word.group(1).lower()], _comment(text[word.end():])
    return None, ""


def _comment(rest: str) -> str:
    rest = re.sub(r"^\s*(?:estrellas?|stars?|puntos?|points?)\b", "", rest, flags=re.IGNORECASE)
    return _LEAD.sub("", rest).strip()
