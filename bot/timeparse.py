"""Understanding when a customer wants to be called ("mañana a las 10", "tomorrow 3pm").

dateparser resolves the day ("mañana", "lunes", "1 de diciembre", "next friday") in
Spanish and English; it does not read Spanish clock times ("a las 10") nor parts of
the day ("por la tarde", "afternoon"), so those are taken out first and applied to
the day it found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Tuple

import dateparser

from bot.text import strip_accents

#: Parts of the day, as (start, end) local times.
DAY_PERIODS = {
    "manana": (dt.time(9, 0), dt.time(14, 0)),
    "morning": (dt.time(9, 0), dt.time(12, 0)),
    "mediodia": (dt.time(12, 0), dt.time(15, 0)),
    "noon": (dt.time(12, 0), dt.time(14, 0)),
    "tarde": (dt.time(15, 0), dt.time(19, 0)),
    "afternoon": (dt.time(13, 0), dt.time(19, 0)),
    "evening": (dt.time(17, 0), dt.time(21, 0)),
    "noche": (dt.time(19, 0), dt.time(22, 0)),
}
_PERIOD = re.compile(
    r"\b(?:por|en|a|de|durante)\s+la\s+(manana|tarde|noche)\b|\ba\s+(mediodia)\b"
    r"|\b(?:in|on|during)?\s*(?:the\s+)?(morning|afternoon|evening|noon)\b"
)
_CLOCK = re.compile(
    r"\b(?:a\s+las?|sobre\s+las?|hacia\s+las?|at|around)?\s*"
    r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h|hrs|horas)?\b"
    r"(?:\s+de\s+la\s+(manana|tarde|noche))?"
)
_LEADING_WORDS = re.compile(r"^(?:el|este|esta|the|on|this|para|for|a ser posible)\s+")
_DAY_AFTER_TOMORROW = re.compile(r"\bpasado\s+manana\b|\bday after tomorrow\b")


@dataclass(frozen=True)
class RequestedTime:
    """What the customer asked for: an exact moment, or a window to pick a slot in."""

    start: dt.datetime
    end: Optional[dt.datetime] = None

    @property
    def is_exact(self) -> bool:
        """True for "a las 10"; False for "el lunes" or "por la tarde"."""
        return self.end is None


def _take_clock(text: str) -> Tuple[Optional[dt.time], str]:
    """Find a clock time that is not part of a date ("27/11"); return it and the rest."""
    for match in _CLOCK.finditer(text):
        hour_text, minute_text, suffix, period = match.groups()
        has_cue = bool(minute_text or suffix or period) or bool(
            re.match(r"\s*(a\s+las?|sobre|hacia|at|around)", match.group(0))
        )
        before = text[max(0, match.start(1) - 1):match.start(1)]
        after = text[match.end(1):match.end(1) + 1]
        if not has_cue or before == "/" or after == "/":
            continue
        hour, minute = int(hour_text), int(minute_text or 0)
        suffix = (suffix or "").replace(".", "")
        if suffix == "pm" or period in ("tarde", "noche"):
            hour = hour + 12 if hour < 12 else hour
        elif suffix == "am" and hour == 12:
            hour = 0
        elif not suffix and not period and 1 <= hour <= 7:
            hour += 12  # "a las 4" in an office context means 16:00
        if hour > 23 or minute > 59:
            continue
        rest = (text[:match.start()] + " " + text[match.end():]).strip()
        return dt.time(hour, minute), rest
    return None, text


def _take_period(text: str) -> Tuple[Optional[Tuple[dt.time, dt.time]], str]:
    match = _PERIOD.search(text)
    if not match:
        return None, text
    name = next(group for group in match.groups() if group)
    rest = (text[:match.start()] + " " + text[match.end():]).strip()
    return DAY_PERIODS[name], rest


def _resolve_day(text: str, now: dt.datetime) -> Optional[dt.date]:
    text = _LEADING_WORDS.sub("", text.strip(" ,.")).strip(" ,.")
    if not text or text in ("hoy", "today"):
        return now.date()
    if _DAY_AFTER_TOMORROW.search(text):
        return now.date() + dt.timedelta(days=2)
    parsed = dateparser.parse(
        text,
        languages=["es", "en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "DATE_ORDER": "DMY",
        },
    )
    return parsed.date() if parsed else None


def parse_requested_time(text: str, now: dt.datetime) -> Optional[RequestedTime]:
    """Read a callback time from free text, relative to `now` (aware, local time zone).

    Args:
        text: what the customer wrote, e.g. "mañana a las 10" or "next monday afternoon".
        now: the current moment in the business time zone.

    Returns:
        A `RequestedTime`, or None when no day or time could be read.
    """
    folded = strip_accents(text.lower()).strip()
    folded = re.sub(r"\bnext\s+", "", folded)
    period, folded = _take_period(folded)
    clock, folded = _take_clock(folded)
    folded = re.sub(r"\s+", " ", folded).strip(" ,.")
    if clock is None and period is None and not folded:
        return None
    day = _resolve_day(folded, now)
    if day is None:
        return None
    zone = now.tzinfo
    if clock is not None:
        return RequestedTime(dt.datetime.combine(day, clock, zone))
    if period is not None:
        return RequestedTime(dt.datetime.combine(day, period[0], zone), dt.datetime.combine(day, period[1], zone))
    return RequestedTime(dt.datetime.combine(day, dt.time(0, 0), zone),
                         dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), zone))
