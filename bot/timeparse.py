"""Understanding when a customer wants to be called, as people write it, in Spanish and English.

"mañana a las 10", "el jueves que viene por la tarde", "next Tuesday at 10:30 am",
"15/12 a las 10", "December 3rd at 9", "las cinco menos cuarto", "half past two",
"dentro de una hora", "si puede ser el martes sobre las 11, gracias".

The text is folded (lower case, no accents, common typos and chat shorthand mended),
then three things are looked for anywhere in it: a day (relative, weekday, date or a
named day), a clock time (digits or words, with "y media", "menos cuarto", "half past"),
and a part of the day. Nothing has to fill the whole message, so polite padding does no
harm. Whether the result can be booked (past, closed, full) is the case service's call.

House conventions: an hour from 1 to 7 without am/pm or a part of the day is in the
afternoon (it is an office); "next Friday" / "el viernes que viene" said on Thursday is
the Friday of next week (the nearer one is "mañana"): only a day of this calendar week is
skipped, so said on a Sunday "el martes que viene" is two days on and "el lunes que viene" is
tomorrow, and said on a Saturday "next Monday" is two days on (each already next week's); a time with no day that has
already passed today means tomorrow; a date of this year that has just passed is in the
past, not next year; noon ("a mediodía", "midday") is 12:00 exactly, "first thing" the
opening time 09:00, "same time tomorrow" / "a esta misma hora" the clock time of now on that
day, but "a la misma hora" / "(at) the same time" after a clock time named earlier in the message is
that clock time ("el lunes a las 11... mejor el martes a la misma hora" is Tuesday 11:00); a day turned
down on its own ("pasado mañana no, que es sábado; el lunes a las 10") gives way to the day named after
it; four digits right after a day word are a 24-hour time ("tomorrow 0930"), never 20xx (a year); an hour or a part of the day in a reason ("que a las 11 tengo reunión", "I've got a call at
10", "que por la mañana estoy en el almacén") is the one to avoid; "quarter to 1" / "la una menos
cuarto" is before the hour named as the office reads it (13:00), so 12:45, and by the same rule "ten to 8" /
"las ocho menos diez" is before 08:00, so 07:50 (not 19:50: 8 is not an afternoon hour; both are
out of hours, and 07:50 puts the nearest free slots, that day's first ones, right after it), and "un cuarto para las
doce" / "diez para las 8" (Latin America) are the same as "las doce menos cuarto" / "las ocho menos diez"; a
preference said after the time it prefers ("a las 12 y media mejor", "no, 2:15 is better") wins like one said
before it, and a reason naming who or what is on at another hour ("que a las 11 tengo al de la caldera", "the
technician is coming at 11") is avoided like a meeting; a rough time
("11:30ish", "in about 45 mins", "dentro de unos 40 minutos") is read as said. An evening window carries its name: the case service starts it at closing time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from bot.text import strip_accents

#: Parts of the day, as (start, end) local times.
DAY_PARTS: Dict[str, Tuple[dt.time, dt.time]] = {
    "morning": (dt.time(9, 0), dt.time(14, 0)),
    "midday": (dt.time(12, 0), dt.time(15, 0)),
    "afternoon": (dt.time(15, 0), dt.time(19, 0)),
    "evening": (dt.time(17, 0), dt.time(22, 0)),
}
#: A date of this year up to this many days ago is "past", not a date of next year.
RECENT_PAST_DAYS = 180
NEAR_DAYS_FOR_NEXT = 2  # "next <weekday>" that falls within this many days means the week after

#: Day names, for look-behinds: "el viernes 27 para las 10" is the 27th, no minutes before ten.
_WEEKDAY_NAMES = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
_FIXES: List[Tuple[str, str]] = [
    (r"\bmñn\b", "manana"), (r"\bmnn\b", "manana"), (r"\bmñana\b", "manana"),
    (r"\b(?:tmrw|tmr|tomorow|tommorow|tommorrow|tomorro)\b", "tomorrow"),
    (r"\b(?:wensday|wednsday|weds|wed)\b", "wednesday"), (r"\b(?:thurs|thur|thu|thrusday|thursay)\b", "thursday"),
    (r"\bmanna\b", "manana"), (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", r"\1/\2/\3"),
    (r"\b(?:a|one)\s+week\s+from\s+(?:today|now)\b", "in a week"),
    (r"\b(?:tues|tue)\b", "tuesday"), (r"\bmon\b", "monday"), (r"\bfri\b", "friday"),
    (r"\bsat\b", "saturday"), (r"\bsun\b", "sunday"),
    (r"\bx\s+la\b", "por la"), (r"\bq\s+viene\b", "que viene"), (r"\balas\b", "a las"),
    (r"\bpasado\s+manana\b", "pasadomanana"), (r"\bday\s+after\s+tomorrow\b", "pasadomanana"),
    (r"(\d)\s*y\s*(media|cuarto)\b", r"\1 y \2"), (r"(\d)y\b", r"\1 y"),
    # "a las 17 horas" is a clock time; "en 5 horas", "de aquí a 5 horas" are not
    (r"(?<!de )(?<!en )(?<!in )(?<!hace )(?<!aqui a )\b(\d{1,2})\s*(?:hs|hrs|horas|hr|h)\b(?!\d)(?!\s*ago\b)",
     r"\1:00"),
    (r"(\d)(am|pm)\b", r"\1 \2"),  # "1.30pm", "10am": the suffix set apart
    # "el 15.12 a las 10": a day and month when a clock time follows
    (r"\b(\d{1,2})\.(0?[1-9]|1[0-2])\b(?!\.\d)(?=\s+(?:a\s+las?|at|sobre\s+las?|hacia\s+las?|around|a\s+primera|first"
     r"|por\s+la|in\s+the|en\s+la)\b)", r"\1/\2"),
    # "el 11.12", "on the 3.12": a day and month after a word that names a day
    (r"(?:(?<=\bel )|(?<=\bdia )|(?<=\bon )|(?<=\bthe ))(\d{1,2})\.(0?[1-9]|1[0-2])\b(?![.:]\d)", r"\1/\2"),
    # "tomorrow 0930", "monday 1500": four digits (HH 00-23, MM 00-59) right after a word naming a day
    # are a 24-hour clock time; not after a date ("7 december 2026"), nor a longer number or a phone, nor
    # 20xx, which reads as a year ("el lunes 2026") and would be after hours as a time anyway
    (r"\b(today|hoy|tonight|tomorrow|manana|pasadomanana|lunes|martes|miercoles|jueves|viernes|sabado|domingo"
     r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?!20\d\d)([01]\d|2[0-3])([0-5]\d)\b(?![/.:-]?\s?\d)",
     r"\1 at \2:\3"),
    # "at 1030", "a las 1630": four digits after a word that introduces a time
    (r"\b(at|a\s+las?|sobre\s+las?|around)\s+([01]?\d|2[0-3])([0-5]\d)\b(?![/.:]\d)", r"\1 \2:\3"),
    # "in two and a half hours": said the Spanish way round, "two hours and a half"
    (r"\b([a-z0-9]+)\s+and\s+a\s+half\s+(hours?|hrs?)\b", r"\1 \2 and a half"),
    (r"\b(\d{1,2})h(\d{2})(?!\d)", r"\1:\2"),
    (r"\b(\d{1,2})\.(\d{2})(?!\d)(?!\s*(?:/|\.\d))", r"\1:\2"),
    # "3ish", "11:30ish", "11:30-ish": around that time
    (r"\b(\d{1,2}(?::\d{2})?)\s*-?\s*ish\b", r"around \1"),
    # "a primerísima hora": the very first hour is the first hour
    (r"\bprimerisima\b", "primera"),
    (r"\ba\.\s?m\.?", "am"), (r"\bp\.\s?m\.?", "pm"),
    # "(un) cuarto para las doce", "diez para las 8", "veinte minutos para la una" (Latin America): minutes
    # before the hour, said the Spanish way round ("las doce menos cuarto"); "quarter till 12", "ten til 8"
    (r"(?<!el\s)(?<!dia\s)(?<!" + ")(?<!".join(_WEEKDAY_NAMES) + r"\s)\b(?:un\s+)?(?:(cuarto|quince|cinco|diez|veinte"
     r"|veinticinco)|(\d{1,2})(?=\s+minutos?))(?:\s+minutos?)?\s+para\s+(las?)\s+(\d{1,2}|una|dos|tres|cuatro|cinco|seis"
     r"|siete|ocho|nueve|diez|once|doce)\b(?!\s*[:.]\d)",
     lambda m: f"{m.group(3)} {m.group(4)} menos {'cuarto' if m.group(1) == 'quince' else m.group(1) or m.group(2)}"),
    # "quarter till 12", "ten til 8": only minute words (a range "from 2 till 4", "10 till 12" keeps its "till")
    (r"(?<!from\s)(?<!between\s)\b(quarter|five|ten|twenty|twenty-five|\d{1,2}(?=\s+min))(?:\s+min(?:ute)?s?)?\s+"
     r"(?:till?|until)\s+(?=\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)", r"\1 to "),
    (r"\bquarter\s+of\s+(?=\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)", "quarter to "),
]
_NUMBER_WORDS = {
    "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "veinte": 20, "veinticinco": 25,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "twenty-five": 25, "twentyfive": 25,
}
_NUM = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WEEKDAYS = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dic": 12, "jan": 1, "apr": 4, "aug": 8, "dec": 12,
}
_NAMED_DAYS = {
    r"nochebuena|christmas\s+eve": (12, 24), r"navidad|christmas(?:\s+day)?": (12, 25),
    r"nochevieja|new\s+year'?s\s+eve": (12, 31), r"ano\s+nuevo|new\s+year'?s(?:\s+day)?": (1, 1),
    r"reyes": (1, 6),
}
_WEEKDAY = r"(" + "|".join(_WEEKDAYS) + r")"
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th|ro|er|º|o)?"


@dataclass(frozen=True)
class RequestedTime:
    """What the customer asked for: an exact moment, or a window to pick a slot in."""

    start: dt.datetime
    end: Optional[dt.datetime] = None
    #: The part of the day a window was named by ("evening"), which the case service reads:
    #: the evening starts when that day's business hours end. Not part of equality.
    part: Optional[str] = field(default=None, compare=False)

    @property
    def is_exact(self) -> bool:
        """True for "a las 10"; False for "el lunes" or "por la tarde"."""
        return self.end is None


#: Words that a one- or two-letter typo of a day name is mended to ("marte", "mierkoles",
#: "wendsday"); month names are left out, they are too close to names ("Marco").
_MENDABLE = tuple(_WEEKDAYS) + ("manana", "tomorrow")
#: Real words one letter away from a day name, never mended ("¿vienes?" is not "viernes").
#: English words among them too: "the invoice lines" is no "lunes", "banana" no "mañana".
_NOT_TYPOS = frozenset({"vienes", "mares", "lunas", "domino", "lines", "lanes", "tunes", "dunes", "banana", "nueves"})


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _mend_day_word(word: str) -> str:
    """A day word with one typo (two in words of eight letters or more) becomes the word."""
    if len(word) < 5 or word in _MENDABLE or word in _NOT_TYPOS:
        return word
    for known in _MENDABLE:
        if _edit_distance(word, known, 2 if len(known) >= 8 else 1) <= (2 if len(known) >= 8 else 1):
            return known
    return word


def fold(text: str) -> str:
    """Lower case, no accents, typos and shorthand mended, blanks squeezed."""
    folded = " " + strip_accents(text.lower()).replace("’", "'") + " "
    for pattern, replacement in _FIXES:
        folded = re.sub(pattern, replacement, folded)
    folded = re.sub(r"[a-z]+", lambda word: _mend_day_word(word.group(0)), folded)
    return re.sub(r"\s+", " ", folded)


# -- the day ---------------------------------------------------------------------------
def _next_weekday(today: dt.date, weekday: int, skip_near: bool) -> dt.date:
    """The first `weekday` strictly after today; with `skip_near`, a week later when that day is very
    near and still in this calendar week ("next Friday" on a Thursday). "el martes que viene" said on
    a Sunday is the Tuesday two days on: it is already next week's."""
    days = (weekday - today.weekday() - 1) % 7 + 1
    same_week = today.weekday() + days <= 6
    if skip_near and same_week and days <= NEAR_DAYS_FOR_NEXT:
        days += 7
    return today + dt.timedelta(days=days)


def _next_week(today: dt.date, weekday: int) -> dt.date:
    """`weekday` of the calendar week after this one ("el lunes de la semana que viene")."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    return monday + dt.timedelta(days=weekday)


def _date_in_year(today: dt.date, month: int, day: int, year: Optional[int] = None) -> Optional[dt.date]:
    """A day and month: this year's, next year's when it passed long ago, past when just passed."""
    try:
        if year:
            return dt.date(year if year > 100 else 2000 + year, month, day)
        candidate = dt.date(today.year, month, day)
        if candidate < today - dt.timedelta(days=RECENT_PAST_DAYS):
            candidate = dt.date(today.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def _day_of_month(today: dt.date, day: int, weekday: Optional[int] = None) -> Optional[dt.date]:
    """"el día 2", "the 10th", "el lunes 14": this month's if still ahead, else the next month
    whose date matches (and whose weekday matches, when one is named). A weekday and date of
    the past week are that day, which has passed."""
    year, month = today.year, today.month
    if weekday is not None:  # "el martes 24" said on Thursday 26: that Tuesday has just passed
        try:
            this_month = dt.date(year, month, day)
        except ValueError:
            this_month = None
        if this_month and this_month.weekday() == weekday and today - dt.timedelta(days=7) <= this_month < today:
            return this_month
    for _ in range(13):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate >= today and (weekday is None or candidate.weekday() == weekday):
            return candidate
        month = month % 12 + 1
        year += month == 1
    return None


_ORDINALS = {"first": 1, "primer": 1, "primero": 1, "second": 2, "segundo": 2, "third": 3, "tercer": 3, "fourth": 4,
             "cuarto": 4, "last": -1, "ultimo": -1}


def _nth_weekday(today: dt.date, ordinal: str, weekday: int, month: int) -> Optional[dt.date]:
    """"the first Monday in January", "el último viernes de diciembre": this year's if still ahead, else next year's."""
    for year in (today.year, today.year + 1):
        first = dt.date(year, month, 1)
        days = [first + dt.timedelta(days=i) for i in range(31) if (first + dt.timedelta(days=i)).month == month]
        matching = [day for day in days if day.weekday() == weekday]
        candidate = matching[-1] if _ORDINALS[ordinal] == -1 else matching[_ORDINALS[ordinal] - 1]
        if candidate >= today:
            return candidate
    return None


#: "el mismo miércoles", "ese día", "the same day", "that Wednesday": the day named before, not a new one.
_SAME_DAY = re.compile(rf"\b(?:(?:(?:el|ese|aquel)\s+)?mismo|(?:the\s+|that\s+)?same|ese|aquel|that)"
                       rf"\s+(dia|day|{_WEEKDAY[1:-1]})\b")
#: What `same_day_named` returns for "that day" / "el mismo día", which fits any weekday.
ANY_WEEKDAY = -1


def same_day_named(text: str) -> Optional[int]:
    """In folded `text`, a reference back to the day named before ("el mismo miércoles a las
    cuatro y media" after that Wednesday was refused): its weekday, ANY_WEEKDAY for "ese día" /
    "the same day", or None when the text names no such day."""
    match = _SAME_DAY.search(text)
    if match is None:
        return None
    return _WEEKDAYS.get(match.group(1), ANY_WEEKDAY)


_SPANISH_UNITS = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_ENGLISH_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
#: A day of the month in words ("el diez de diciembre", "the tenth of December"), 1 to 31.
_MONTH_DAY_WORDS: dict = {
    **{word: n for n, word in enumerate(_SPANISH_UNITS, 1)}, "primero": 1,
    **dict(zip("diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte".split(),
               range(10, 21))),
    **{f"veinti{word}": 20 + n for n, word in enumerate(_SPANISH_UNITS, 1)},
    "veintiun": 21, "treinta": 30, "treinta y uno": 31, "treinta y un": 31,
    **{word: n for n, word in enumerate(_ENGLISH_ORDINALS, 1)},
    **dict(zip("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
               "twentieth".split(), range(10, 21))),
    **{f"twenty[- ]?{word}": 20 + n for n, word in enumerate(_ENGLISH_ORDINALS, 1)},
    "thirtieth": 30, "thirty[- ]?first": 31,
}
_MONTH_DAY_WORD = "(" + "|".join(sorted(_MONTH_DAY_WORDS, key=len, reverse=True)) + ")"


def _day_words_as_digits(text: str) -> str:
    """"el diez de diciembre" -> "el 10 de diciembre", "December the tenth" -> "December the 10"."""
    def digits(match: re.Match) -> str:
        word = match.group("word")
        value = next(n for pattern, n in _MONTH_DAY_WORDS.items() if re.fullmatch(pattern, word))
        return match.group(0).replace(word, str(value), 1)

    text = re.sub(rf"\b(?P<word>{_MONTH_DAY_WORD})(?=\s+(?:de\s+|of\s+)?(?:the\s+)?{_MONTH}\b)", digits, text)
    text = re.sub(rf"\b{_MONTH}\s+(?:the\s+)?(?P<word>{_MONTH_DAY_WORD})\b", digits, text)
    # "el diecisiete a las diez": a day of this month in words, before the time asked for
    # "el diecisiete a las diez", "el miércoles dieciséis a las once", "Monday the fourteenth at 10":
    # a day of the month in words (after "el" or a weekday), before the time asked for
    return re.sub(rf"\b(?:el|the|{_WEEKDAY[1:-1]})\s+(?:dia\s+|the\s+)?(?P<word>{_MONTH_DAY_WORD})"
                  r"(?=[\s,]*(?:$|a\b|at\b|sobre\b|hacia\b|por\b|en\b|in\b|mejor\b|despues\b|mediodia\b))",
                  digits, text)


def find_day(text: str, today: dt.date) -> Optional[dt.date]:
    """The day named in folded `text`, or None."""
    text = _day_words_as_digits(text)
    nth = re.search(rf"\b(first|second|third|fourth|last|primer|primero|segundo|tercer|cuarto|ultimo)\s+{_WEEKDAY}"
                    rf"\s+(?:in|of|de)\s+{_MONTH}", text)
    if nth:
        return _nth_weekday(today, nth.group(1), _WEEKDAYS[nth.group(2)], _MONTHS[nth.group(3)])
    weekday_match = re.search(_WEEKDAY, text)
    weekday = _WEEKDAYS[weekday_match.group(1)] if weekday_match else None
    if re.search(r"\b(?:anteayer|antes\s+de\s+ayer)\b", text):
        return today - dt.timedelta(days=2)
    if re.search(r"\b(?:ayer|yesterday)\b", text):
        return today - dt.timedelta(days=1)
    if weekday is not None and re.search(
            rf"\b(?:last\s+{_WEEKDAY}|{_WEEKDAY}\s+pasado|el\s+pasado\s+{_WEEKDAY})\b", text):
        return today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    for pattern, (month, day) in _NAMED_DAYS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            return _date_in_year(today, month, day)
    iso = re.search(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b", text)
    if iso:
        return _date_in_year(today, int(iso.group(2)), int(iso.group(3)), int(iso.group(1)))
    numeric = re.search(r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?\b", text)
    if numeric and (re.search(r"\b(?:entre|de|desde|from|between)\s*$", text[:numeric.start()])
                    or re.match(r"\s*(?:h\b|:|hs\b|horas|am\b|pm\b)", text[numeric.end():])):
        numeric = None  # "entre 10-14", "de 9-13h": hours, not a date
    if numeric and int(numeric.group(2)) > 12 >= int(numeric.group(1)):  # "11/30": month first
        year = int(numeric.group(3)) if numeric.group(3) else None
        return _date_in_year(today, int(numeric.group(1)), int(numeric.group(2)), year)
    if numeric:
        year = int(numeric.group(3)) if numeric.group(3) else None
        return _date_in_year(today, int(numeric.group(2)), int(numeric.group(1)), year)
    named = (re.search(rf"\b{_ORDINAL}\s+(?:de\s+|of\s+)?{_MONTH}(?:\s+(?:de\s+)?(\d{{4}}))?\b", text)
             or re.search(rf"\b{_MONTH}\s+(?:the\s+)?{_ORDINAL}\b(?:,?\s+(\d{{4}}))?", text))
    if named:
        groups = named.groups()
        if groups[0].isdigit():
            day, month_name, year = groups[0], groups[1], groups[2]
        else:
            month_name, day, year = groups[0], groups[1], groups[2]
        return _date_in_year(today, _MONTHS[month_name], int(day), int(year) if year else None)
    relative = re.search(rf"\b(?:dentro\s+de|en|in)\s+(?:(un|a|\d{{1,2}}|{_NUM[1:-1]})\s+)?"
                         r"(dias?|days?|semanas?|weeks?)\b", text)
    if relative:  # "en dos semanas", "in five days"
        amount = {"un": 1, "a": 1, **_NUMBER_WORDS}.get(relative.group(1) or "un", None)
        amount = amount if amount is not None else int(relative.group(1))
        unit = 7 if relative.group(2).startswith(("semana", "week")) else 1
        return today + dt.timedelta(days=amount * unit)
    if weekday is not None:
        with_day = re.search(rf"\b{_WEEKDAY}\s+(?:the\s+|dia\s+)?{_ORDINAL}\b(?!\s*(?::|am|pm|de\s+la))", text)
        if with_day and not re.search(rf"{_WEEKDAY}\s+(?:a\s+las?|at)\s", text[with_day.start():with_day.end() + 6]):
            return _day_of_month(today, int(with_day.group(2)), weekday)
        if re.search(r"semana\s+que\s+viene|proxima\s+semana|next\s+week", text):
            return _next_week(today, weekday)
        coming = re.search(rf"(?:proximo|proxima|next|this\s+coming|coming)\s+{_WEEKDAY}|{_WEEKDAY}\s+que\s+viene",
                           text)
        if coming:
            return _next_weekday(today, weekday, skip_near=not re.search(r"this\s+coming|coming", text))
        return _next_weekday(today, weekday, skip_near=False)
    if re.search(r"\bpasadomanana\b", text):
        return today + dt.timedelta(days=2)
    if re.search(r"\btomorrow\b", text) or re.search(r"(?<!la )(?<!de )(?<!por )(?<!en )(?<!esta )\bmanana\b", text):
        return today + dt.timedelta(days=1)
    if re.search(r"\b(?:hoy|today|tonight|esta\s+(?:tarde|noche|manana)|this\s+(?:morning|afternoon|evening)"
                 r"|later\s+today)\b", text):
        return today
    day_only = re.search(r"\b(?:el\s+dia|el|on\s+the|the|dia)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|am|pm|h\b))",
                         text)
    if day_only and not re.search(r"\b(?:a\s+las?|at|sobre|hacia)\s+" + day_only.group(1), text):
        return _day_of_month(today, int(day_only.group(1)))
    return None


def is_weekend_request(text: str) -> bool:
    """"el fin de semana", "this weekend": no weekday of its own, and closed."""
    return bool(re.search(r"\b(?:fin\s+de\s+semana|finde|weekend)\b", text))


# -- the time of day -------------------------------------------------------------------
def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _part_cue(text: str) -> Optional[str]:
    """The part of the day a clock time sits in: "de la tarde", "pm", "esta noche"…"""
    if re.search(r"\bpm\b|de\s+la\s+tarde|en\s+la\s+tarde|por\s+la\s+tarde|esta\s+tarde|afternoon|this\s+evening"
                 r"|de\s+la\s+noche|esta\s+noche|por\s+la\s+noche|tonight|evening", text):
        return "pm"
    if re.search(r"\bam\b|de\s+la\s+manana|por\s+la\s+manana|en\s+la\s+manana|morning|madrugada", text):
        return "am"
    return None


#: The ways a clock time is written, most specific first (compiled once: long messages are read often).
_CLOCK_PATTERNS = [(re.compile(pattern), kind) for pattern, kind in [
    (rf"\b(half|quarter)\s+(past|to)\s+{_NUM}\b", "english_fraction"),
    (rf"\b{_NUM}\s+(past|to)\s+{_NUM}\b", "english_minutes"),
    (rf"\bhalf\s+{_NUM}\b", "british_half"),
    (rf"\b{_NUM}\s+(fifteen|thirty|forty-five|forty five)\b", "english_spoken"),
    (r"\b(\d{1,2}):(\d{2})(?!\d)", "digits"),
    (rf"\b{_NUM}\s*o'?\s?clock\b", "oclock"),
    (rf"\b(?:a\s+las?|sobre\s+las?|hacia\s+las?|eso\s+de\s+las?|partir\s+de\s+las?|como\s+a\s+las?|las?)\s+"
     rf"{_NUM}(?:\s+(y|menos)\s+(media|cuarto|{_NUM[1:-1]}))?\b", "spanish"),
    (rf"\b{_NUM}\s+(y|menos)\s+(media|cuarto|{_NUM[1:-1]})\b", "spanish_bare"),
    (rf"\b{_NUM}\s+(?:de\s+la\s+(?:manana|tarde|noche)|del\s+mediodia|de\s+mediodia|en\s+punto)\b", "spanish_part"),
    (rf"\b(?:at|around|about|tipo|sobre|hacia|from|after)\s+{_NUM}\b(?!\s*(?:/|st\b|nd\b|rd\b|th\b|de\s+(?:"
     + "|".join(_MONTHS) + r")))", "cue"),
    (rf"\b{_NUM}\s*(am|pm)\b", "suffix"),
]]


def find_clock(text: str) -> Optional[dt.time]:
    """The clock time in folded `text`, in 24 hours, or None."""
    hour: Optional[int] = None
    minute = 0
    before = 0  # minutes before the hour named ("quarter to 1", "la una menos cuarto")
    kind = ""
    for pattern, kind in _CLOCK_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groups()
        if kind == "english_fraction":
            hour = _number(groups[2])
            minute = 30 if groups[0] == "half" else 15
            if groups[1] == "to":
                minute, before = 0, minute
        elif kind == "english_minutes":
            amount, direction, hour = _number(groups[0]), groups[1], _number(groups[2])
            minute, before = (amount, 0) if direction == "past" else (0, amount)
        elif kind == "english_spoken":
            hour, minute = _number(groups[0]), {"fifteen": 15, "thirty": 30}.get(groups[1], 45)
        elif kind == "british_half":
            hour, minute = _number(groups[0]), 30
        elif kind == "digits":
            hour, minute = int(groups[0]), int(groups[1])
        elif kind in ("spanish", "spanish_bare"):
            hour = _number(groups[0])
            if groups[1]:
                amount = {"media": 30, "cuarto": 15}.get(groups[2]) or _number(groups[2])
                if groups[1] == "y":
                    minute = amount
                else:
                    before = amount
        else:
            hour = _number(groups[0])
        break
    if hour is None:
        bare = re.fullmatch(r"\s*(\d{1,2})\s*", text)
        if not bare:
            return None
        hour, kind = int(bare.group(1)), "bare"
    if hour > 24 or minute > 59 or hour < 0 or before > 59 or (hour == 24 and (minute or not before)):
        return None
    cue = _part_cue(text)
    suffix = re.search(r"\b\d{1,2}(?::\d{2})?\s*(am|pm)\b", text)
    if suffix:
        cue = suffix.group(1)
    if cue is not None and before:  # "quarter to 12 am", "las diez menos cuarto de la noche": the hour before it
        total = (hour * 60 - before) % (24 * 60)
        hour, minute, before = total // 60, total % 60, 0
    if cue == "pm" and hour < 12:
        hour += 12
    elif cue == "am" and hour == 12:
        hour = 0
    elif cue is None and 1 <= hour <= 7:
        hour += 12  # "a las 4" in an office means 16:00; "quarter to 1" is before 13:00, so 12:45
    total = (hour * 60 + minute - before) % (24 * 60)
    return dt.time(total // 60, total % 60)


#: Amounts in words for "in six hours", "dentro de tres horas", "in twenty minutes" (every number word the
#: clock knows, and the usual minute counts).
_AMOUNT_WORDS: Dict[str, float] = {
    **_NUMBER_WORDS, "un par de": 2, "a couple of": 2, "media": 0.5, "un": 1, "an": 1, "a": 1, "half an": 0.5,
    "quince": 15, "fifteen": 15, "treinta": 30, "thirty": 30, "cuarenta": 40, "forty": 40,
    "cuarenta y cinco": 45, "forty-five": 45, "forty five": 45,
}
_AMOUNT = ("(" + "|".join(sorted((word.replace(" ", r"\s+") for word in _AMOUNT_WORDS), key=len, reverse=True))
           + r"|\d{1,3})")
_AMOUNTS = _AMOUNT_WORDS
_UNIT = r"(horitas?|horas?|hours?|hrs?|minutos?|minutes?|mins?)"


#: "in about 45 mins", "dentro de unos 40 minutos": a rough amount is read as said.
_ROUGHLY = (r"(?:(?:about|around|approx\.?|approximately|roughly|some|like|unos|unas|como|aproximadamente"
            r"|aprox\.?|alrededor\s+de|mas\s+o\s+menos)\s+)?")


def _minutes(amount_words: str, unit: str) -> float:
    amount = 1 if not amount_words else _AMOUNTS.get(re.sub(r"\s+", " ", amount_words))
    amount = float(amount_words) if amount is None else amount
    return amount * 60 if unit.startswith(("hor", "hour", "hr")) else amount


def find_relative_moment(text: str, now: dt.datetime) -> Optional[dt.datetime]:
    """"dentro de una hora", "en media hora", "in 30 minutes"; and back in time, "hace una
    hora", "two hours ago", "hace un rato" (a moment that has passed, which cannot be booked)."""
    ahead = (re.search(rf"\b(?:dentro\s+de|en|in|de\s+aqui\s+a)\s+{_ROUGHLY}{_AMOUNT}\s+{_UNIT}\b", text)
             # "half an hour from now", "dos horas a partir de ahora"
             or re.search(rf"(?<![\w-]){_AMOUNT}\s+{_UNIT}(?:\s+(?:and\s+a\s+half|y\s+media))?"
                          r"\s+(?:from\s+now|desde\s+ahora|a\s+partir\s+de\s+ahora)\b", text)
             # "en hora y media", "dentro de hora y media": the hour said without its "una"
             or re.search(r"\b(?:dentro\s+de|en)\s+()(hora)(?=\s+y\s+media\b)", text))
    back = (re.search(rf"\bhace\s+(?:como\s+|unos?\s+|unas\s+)?{_AMOUNT}\s+{_UNIT}\b", text)
            or re.search(rf"\b{_AMOUNT}\s+{_UNIT}\s+ago\b", text))
    if ahead:
        minutes = _minutes(ahead.group(1), ahead.group(2))
        half = re.match(r"\s+(?:y\s+media|and\s+a\s+half)\b", text[ahead.end(2):])
        if half and ahead.group(2).startswith(("hora", "hour", "hr")):
            minutes += 30  # "in an hour and a half", "en una hora y media"
    elif back:
        minutes = -_minutes(back.group(1), back.group(2))
    elif re.search(r"\bhace\s+(?:un\s+)?(?:rato|ratito|nada|poco)\b|\b(?:a\s+while|a\s+moment)\s+ago\b", text):
        minutes = -30
    else:
        return None
    return (now + dt.timedelta(minutes=minutes)).replace(second=0, microsecond=0)


#: After the lunch break is the afternoon: "after lunch", "después de comer", "a la vuelta de la comida".
_AFTER_LUNCH = (r"\b(?:after|post)[\s-]+lunch|(?:despues|luego)\s+de(?:l)?\s+(?:comer|almorzar|almuerzo|la\s+comida)"
                r"|tras\s+(?:comer|la\s+comida|el\s+almuerzo)|a\s+la\s+vuelta\s+de\s+(?:comer|la\s+comida)"
                r"|(?:en|a)\s+la\s+sobremesa")
#: Noon is a clock time, 12:00, in both languages ("tomorrow at noon", "twelve noon", "a mediodía",
#: "el lunes al mediodía", "Tuesday at midday"): most people who wrote the tables meant exactly that.
#: Lunchtime ("a la hora de comer", "lunchtime") stays a window.
_NOON = re.compile(r"\b(?:noon|noonish|midday|mediodia)\b")
#: Before noon is the morning, after it the afternoon ("antes del mediodía", "after midday").
_BEFORE_NOON = re.compile(r"\b(?:antes\s+de(?:l)?|before)\s+(?:el\s+)?(?:noon|midday|mediodia)\b")
_AFTER_NOON = re.compile(r"\b(?:despues\s+de(?:l)?|tras\s+el|after)\s+(?:el\s+)?(?:noon|midday|mediodia)\b")


#: The clock time of now on another day: "same time tomorrow", "in two weeks, same time as now",
#: "mañana a la misma hora", "dentro de una semana a esta misma hora", "this time next week".
_SAME_TIME = re.compile(r"\b(?:same\s+time|this\s+(?:same\s+)?time|(?:la|esta)\s+misma\s+hora|a\s+esta\s+hora"
                        r"|a\s+estas\s+horas|misma\s+hora)\b")


_MIDNIGHT = re.compile(r"\b(?:medianoche|midnight)\b")
#: The parts of the day and their words, in the order they are looked for.
_PART_PATTERNS = [(re.compile(pattern), part) for pattern, part in [
    (_AFTER_LUNCH, "afternoon"), (_AFTER_NOON.pattern, "afternoon"), (_BEFORE_NOON.pattern, "morning"),
    (r"mediodia|\bnoon\b|midday|lunchtime|lunch\s+time|hora\s+de\s+(?:comer|la\s+comida)", "midday"),
    # the working day ends in the afternoon
    (r"(?:primera|ultima)\s+hora\s+de\s+la\s+tarde|(?:al\s+)?final\s+de(?:l\s+dia|\s+la\s+tarde)"
     r"|end\s+of\s+(?:the\s+)?(?:day|afternoon|business|work)|close\s+of\s+business|\bcob\b"
     r"|late\s+afternoon|(?:a|en)\s+ultima\s+hora", "afternoon"),
    (r"(?:por|en|de|a|durante|esta|toda)\s+la\s+manana|\bmorning\b|primera\s+hora|first\s+thing"
     r"|manana\s+temprano|mananita|media\s+manana|mid-?\s?morning", "morning"),
    (r"(?:por|en|de|a|durante|esta|toda)\s+la\s+tarde|esta\s+tarde|\bafternoon\b", "afternoon"),
    (r"(?:por|en|de|a|durante|esta)\s+la\s+noche|esta\s+noche|\bevening\b|\btonight\b|\bnight\b", "evening"),
]]


def find_part(text: str) -> Optional[str]:
    """The part of the day named in folded `text` ("por la tarde", "first thing", "tonight")."""
    if _MIDNIGHT.search(text):
        return None
    return next((part for pattern, part in _PART_PATTERNS if pattern.search(text)), None)


#: The opening of the working day (every working day opens at 09:00), and the words for it.
OPENING_TIME = dt.time(9, 0)
_FIRST_THING = re.compile(r"\b(?:a\s+|en\s+la\s+)?primera\s+hora\b(?!\s+(?:de|por|en)\s+la\s+(?:tarde|noche))(?!\s+no\b)"
                          r"|\bfirst\s+thing\b(?!\s+(?:is|to|i|that|in\s+the\s+(?:afternoon|evening)|after)\b)")


def rounded_up_from_now(text: str, requested: Optional[RequestedTime], now: dt.datetime,
                        slot_minutes: int = 30) -> Optional[RequestedTime]:
    """A time counted from now ("in an hour" at 10:07 is 11:07) moved up to the start of the next
    slot (11:30): the call cannot start before the time asked. Other times unchanged."""
    if requested is None or requested.end is not None or find_relative_moment(fold(text or ""), now) is None:
        return requested
    start = requested.start
    extra = (start.hour * 60 + start.minute) % slot_minutes
    if not extra and not start.second and not start.microsecond:
        return requested
    aligned = start.replace(second=0, microsecond=0) + dt.timedelta(minutes=slot_minutes - extra)
    return RequestedTime(aligned)


#: Words after which the customer says the time they now want instead of an earlier one:
#: "uy, es sábado. pues el lunes a las diez", "tomorrow - no wait, Monday at 10",
#: "el viernes, bueno mejor el martes por la tarde".
_CORRECTION = re.compile(r"(?:^|[\s,.;:!-])(?:pues|mejor|bueno|mejor dicho|o sea|digo|perdon|perdona|perdone|no espera|espera"
                         r"|no wait|wait|actually|rather|instead|better|make it|scratch that|sorry"
                         r"|i meant|i mean|meant|quise decir|queria decir|quiero decir"
                         # "que ya son más de las diez. Entonces mañana a las dos y media": the choice after the reason
                         r"|entonces|en ese caso|in that case|then"
                         # "Wednesday 2nd... no, Thursday 3rd at 10am": a bare "no" right before another day
                         r"|no(?=\s*[,.;:!-]+\s*(?:el\s+|mejor\s+|better\s+|make\s+it\s+)?(?:lunes|martes|miercoles|jueves"
                         r"|viernes|monday|tuesday|wednesday|thursday|friday|manana|tomorrow|pasado)\b)"
                         # "Wednesday at 1:30... no, 2:15 is better", "a las 10, no, a las 12": a bare "no" right before
                         # another clock time
                         rf"|no(?=\s*[,.;:!-]+\s*(?:mejor\s+|better\s+|make\s+it\s+)?(?:a\s+las?\s+|at\s+|las?\s+)?"
                         rf"(?:\d{{1,2}}(?::\d{{2}})?|{_NUM[1:-1]})\b(?![/.-]\d)))(?=[\s,.;:!-])")
#: A correction to a bare number is to that hour: "make it 11", "sorry I meant 4", "mejor 11", "quise decir 10".
_BARE_HOUR_TAIL = re.compile(r"^(?P<lead>[\s,.;:!-]*(?:(?:no|that|it|let'?s\s+say|say|que\s+sea|sea|las?)[\s,]+)*)"
                             r"(?P<hour>(?:[01]?\d|2[0-3])(?::[0-5]\d)?)(?P<end>\s*(?:am|pm)?(?:\s+(?:then|instead|please"
                             r"|pls|entonces|mejor|por\s+favor|porfa))*[\s,.;:!?-]*$)")


#: A clause that gives the reason for a time and names the hour to avoid: "que a las once tengo
#: reunión", "porque a las 10 tengo médico", "I've got a call at 10", "as I'm in a meeting at 10".
_REASON = re.compile(r"(?:^|(?<=[\s,.;:!-]))(?:(?:a\s+las?|at)\s+(?:\d{1,2}(?::\d{2})?|[a-z]+)(?:\s+y\s+(?:media|cuarto))?"
                     r"(?:\s+(?:am|pm))?\s+(?=(?:i|i'?ve|i'?m|i'?ll|tengo|tenemos|estoy|estare|viene|vienen|llega|me|he)\b))?"
                     r"(?:que|porque|ya\s+que|como|because|since|as|'?cause|cos|coz"
                     r"|i'?ve\s+got|i\s+have|i\s+got|i'?m|i\s+am|i'?ll\s+be|i'?ll\s+have|there'?s|tengo|tenemos|estoy|estare"
                     r"|viene|vienen|llega|me\s+toca|he\s+quedado)\b[^.,;!?]*")
#: What makes such a clause a reason not to call then (an engagement, being busy).
_BUSY = re.compile(r"\b(?:reunion(?:es)?|llamada|cita|medico|dentista|clase|entrevista|ocupad[oa]|liad[oa]|pillad[oa]"
                   r"|no\s+puedo|no\s+estoy|no\s+me\s+va|call|meeting|appointment|doctor|dentist|class|interview"
                   r"|busy|tied\s+up|can'?t|cannot|not\s+(?:available|free)|unavailable)\b")


#: Someone or something booked for that hour is a reason not to be called then, whatever it is:
#: "que a las 11 tengo al de la caldera", "tengo al fontanero", "viene el técnico", "estoy en una reunión",
#: "I have the plumber at 11", "the technician is coming at 11", "I'm at the bank at 10".
_AT_DESK = (r"(?!\s+(?:(?:the|my|our|la|mi|el|nuestra|nuestro)\s+)?(?:office|desk|work|home|oficina|despacho|mesa"
            r"|puesto|trabajo|casa)\b)")
_ENGAGED = re.compile(r"\b(?:tengo\s+(?:al?|el|la|los|las|un|una|unos|unas|que|mi|mis|cita|visita|gente|clientes?)"
                      r"|tenemos\s+(?:al?|el|la|los|las|un|una|que|visita|gente|clientes?)"
                      r"|vienen?|viene\s+a|llegan?|pasan?\s+(?:el|la|los|las|a)|vendra|vendran|me\s+toca|he\s+quedado"
                      r"|quede|hemos\s+quedado|recojo|recoger|salgo|me\s+voy|estoy\s+(?:con|fuera|de|atendiendo)"
                      rf"|(?:estoy|estare)\s+en{_AT_DESK}|estare\s+(?:con|fuera|de)|atiendo"
                      r"|i\s+(?:have|had)\s+(?:the|a|an|my|to|someone|somebody|people|guests?"
                      r"|visitors?|clients?|customers?)|i'?ve\s+got\s+(?:the|a|an|my|to|someone|somebody|people)"
                      r"|i'?ll\s+have|i'?m\s+(?:having|seeing|meeting|picking|collecting|with|out|off)"
                      rf"|(?:i'?m|i\s+am|i'?ll\s+be|i\s+will\s+be)\s+(?:in|at){_AT_DESK}"
                      r"|i'?ll\s+be\s+(?:with|out|away|driving|seeing)|i\s+(?:am|will\s+be)\s+(?:with|out|away)"
                      r"|(?:is|are|'s|'re)\s+(?:coming|due|arriving|visiting|here)|comes|arrives?|due\s+(?:in|at))\b")
#: Said right after the clause: that hour is the one to call ("I'm in the office at 11, call then",
#: "estoy en la oficina a las 11, llamadme entonces").
_CALL_THEN = re.compile(r"[\s,;:.!-]*(?:(?:so|then|and|y|asi\s+que|pues|entonces)\s+)?(?:please\s+|porfa\s+)?"
                        r"(?:call|ring|phone|llam\w*|me\s+llam\w*|nos\s+llam\w*|pod\w+\s+llamar\w*)\b[^.,;!?]{0,30}?"
                        r"\b(?:then|entonces|a\s+esa\s+hora|at\s+that\s+time|ahi)\b")
#: Being somewhere else or at work for a part of the day is a reason not to be called then too:
#: "que por la mañana estoy en el almacén", "I'm in meetings all morning", "I'm out all afternoon".
_AWAY = re.compile(r"\b(?:estoy\s+(?:en|fuera|trabajando|de\s+viaje|conduciendo)|trabajo|curro|fuera|salgo|voy\s+a"
                   r"|meetings|appointments|calls|away|out|at\s+work|working|driving|travell?ing|in\s+the\s+office"
                   r"|(?:i'?m|am)\s+(?:in|at|on)\b)")
#: ... unless the clause says that part is free ("que por la tarde estoy libre", "tengo hueco").
_FREE = re.compile(r"\b(?:libre|disponible|free|available|puedo|can|hueco|tiempo)\b")


def _says_free(clause: str) -> bool:
    """"que por la tarde estoy libre", "I'm free all afternoon" (not "no puedo", "I can't")."""
    unsaid = re.sub(r"\b(?:no\s+(?:estoy\s+)?(?:libre|disponible|puedo)|not\s+(?:free|available)|can'?t|cannot)\b",
                    " ", clause)
    return bool(_FREE.search(unsaid))


#: A later clause saying who is coming or what is on then: ", the technician is coming at 11", ", el técnico
#: viene a las 11", "; mi jefe llega a las 10" (kept as a reason only with an engagement in it).
_SOMEONE_ENGAGED = re.compile(r"(?<=[,;])\s*(?:the|el|la|los|las|my|mi|our|nuestro|nuestra|un|una|a|an)\s[^.,;!?]*")


class _Spans:
    """Where something (a clock time, a part of the day) is written in a text, so that whether it is
    still written once some stretches are taken out is known without reading the text again."""

    def __init__(self, text: str, patterns) -> None:
        self.starts = sorted(found.start() for pattern in patterns for found in pattern.finditer(text))

    def remove(self, start: int, end: int) -> None:
        del self.starts[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def outside(self, start: int, end: int) -> bool:
        inside = bisect.bisect_left(self.starts, end) - bisect.bisect_left(self.starts, start)
        return len(self.starts) > inside


def _without_reasons(folded: str) -> str:
    """Folded text without the clauses that name an hour or a part of the day as the reason
    against it ("mejor a las doce y media, que a las once tengo reunión", "3:30 would be better,
    I've got a call at 10", "el miércoles por la tarde, que por la mañana estoy en el almacén",
    "Monday afternoon, I'm in meetings all morning"), when another hour or part remains to be booked.
    Being where the call can be taken is no reason ("I'm in the office at 11, call then").

    Each clause is read once, and whether another hour or part remains is kept as positions, so a
    long message costs about its length (re-reading the rest of the text for each clause was quadratic)."""
    matches = sorted([*_REASON.finditer(folded), *_SOMEONE_ENGAGED.finditer(folded)], key=lambda found: found.start())
    if not matches:
        return folded
    clocks = _Spans(folded, [pattern for pattern, _ in _CLOCK_PATTERNS])
    parts, midnights = _Spans(folded, [pattern for pattern, _ in _PART_PATTERNS]), _Spans(folded, [_MIDNIGHT])
    removed: List[Tuple[int, int]] = []  # taken out, last first
    for match in reversed(matches):
        clause = match.group(0)
        if match.re is _SOMEONE_ENGAGED and not _ENGAGED.search(clause):
            continue
        if removed and match.end() > removed[-1][0]:
            continue  # within a later clause already taken out
        if _CALL_THEN.match(folded, match.end()):
            continue  # "I'm in the office at 11, call then": the hour wanted
        start, end = match.span()
        clock = find_clock(clause)
        engaged = _BUSY.search(clause) or (_ENGAGED.search(clause) and not _says_free(clause))
        if engaged and clock is not None:
            kept = len(folded) - (end - start) - sum(b - a for a, b in removed)
            if clocks.outside(start, end) or (kept < 12 and find_clock(_cut(folded, removed + [(start, end)]))):
                removed.append((start, end))
        elif (clock is None and find_part(clause) is not None and parts.outside(start, end)
              and not midnights.outside(start, end)
              and (_BUSY.search(clause) or _AWAY.search(clause) or _ENGAGED.search(clause)) and not _says_free(clause)):
            removed.append((start, end))
        else:
            continue
        for spans in (clocks, parts, midnights):
            spans.remove(start, end)
    return _cut(folded, removed)


def _cut(text: str, removed: List[Tuple[int, int]]) -> str:
    """`text` without the stretches in `removed` (which do not overlap)."""
    pieces, last = [], 0
    for start, end in sorted(removed):
        pieces.append(text[last:start])
        last = end
    return "".join(pieces) + text[last:]


#: A clock time turned down where it is said: "a las 12 no, que como", "a las 12 tampoco", "not at 12" (not
#: "a las 10, no, a las 12", where the "no" turns down the time before; nor "a las 10 no?", a question).
_REFUSED_CLOCK = re.compile(
    rf"(?:\b(?:a|sobre|hacia)\s+)?\blas?\s+{_NUM}(?::\d{{2}})?(?:\s+y\s+(?:media|cuarto|{_NUM[1:-1]}))?(?:\s*(?:am|pm|h))?"
    r"\s+(?:no|tampoco|ni\s+hablar)\b(?!\s*\?)(?=\s*(?:$|[,.;:!]|(?:que|porque|pues|ya\s+que)\b))"
    rf"|\bnot\s+(?:at\s+)?{_NUM}(?::\d{{2}})?(?:\s*(?:am|pm))?(?:\s+either)?\b(?=\s*(?:$|[,.;:!]|(?:as|because|since)\b))")


def _without_refused_times(folded: str) -> str:
    """"mañana a las 10, no, a las 12 no que como" -> "mañana a las 10, no, que como": a clock time turned down
    where it is said is not one asked for (and no "no" before it corrects to it). With every clock time
    turned down ("mañana a las 10 no, a las 12 tampoco") the day is left, without a time."""
    return _REFUSED_CLOCK.sub(" ", folded) if _REFUSED_CLOCK.search(folded) else folded


#: A preference said after the time it prefers: "a las 12 y media mejor", "2:15 is better", "el martes me va
#: mejor", "3pm would be better for me"; not "a lo mejor" (maybe), nor "mejor" before the time ("mejor a las 12").
_PREFERRED_AFTER = re.compile(
    r"(?<!\blo)(?<!\bthe)\s+(?:(?:is|would\s+be|'d\s+be|will\s+be|would\s+work|works?|suits\s+(?:me|us)|es|seria|sera"
    r"|me\s+(?:va|viene|iria|vendria|cuadra)|nos\s+(?:va|viene|iria|vendria))\s+)?(?:(?:mucho|much|even|way|bastante)\s+)?"
    r"(?:mejor|better|preferible|preferable)(?:\s+(?:para\s+(?:mi|nosotros)|a\s+mi|for\s+(?:me|us)))?"
    r"(?=\s*(?:$|[,.;:!?]|-\s|(?:que|porque|because|as|since|cos|then|entonces|please|porfa|por\s+favor|gracias|thanks)\b))")
#: Where the clause holding a preferred time begins: punctuation, or a word that turns the one before down.
_PREFERENCE_CLAUSE_START = re.compile(r"[,;!?]|[.:](?!\d)|\s-\s|\b(?:no|not|digo|perdon|perdona|sorry|i\s+mean|o\s+sea|y|and"
                                      r"|actually|rather|instead|make\s+it|wait|espera|pues|bueno|o\s+si\s+no|or)\b")
#: "y" / "and" between two numbers is inside a time or a range ("a las 10 y 15", "a las cinco y veinte",
#: "entre las 10 y las 12", "between 2 and 4"): no new clause.
_NUMBER_BEFORE = re.compile(rf"(?:\d|\b{_NUM[1:-1]})\s*(?:am|pm|h)?\s*$")
_NUMBER_AFTER = re.compile(rf"\s*(?:(?:las?|the)\s+)?(?:\d|(?:media|cuarto|{_NUM[1:-1]})\b)")


def _preference_clause_begin(folded: str, end: int) -> int:
    """Where the clause holding the time before `end` begins (0 at none), looking back a bounded stretch."""
    low = max(0, end - 200)
    for start in reversed(list(_PREFERENCE_CLAUSE_START.finditer(folded, low, end))):
        word = start.group(0)
        if word in ("y", "and") and _NUMBER_BEFORE.search(folded, max(0, start.start() - 16), start.start()) \
                and _NUMBER_AFTER.match(folded, start.end()):
            continue
        return start.end()
    return low


def _preference_first(folded: str, now: dt.datetime) -> str:
    """"el lunes a las 10... no, a las 12 mejor" -> "el lunes a las 10... no, better a las 12": a preference
    said after the time it prefers is put before it, where the correction words are read, so that the
    time it prefers wins over one named before ("Wednesday at 1:30... no, 2:15 is better") and a time in
    the reason after it does not ("mañana a las 12 y media mejor, que a las 11 tengo al de la caldera")."""
    for match in reversed(list(_PREFERRED_AFTER.finditer(folded))):
        begin = _preference_clause_begin(folded, match.start())
        said = folded[begin:match.start()]
        if _names_time(said, now) or re.fullmatch(r"\s*(?:(?:a\s+)?las?\s+|at\s+)?(?:[01]?\d|2[0-3])(?::[0-5]\d)?"
                                                 r"(?:\s*(?:am|pm))?\s*", said):
            folded = f"{folded[:begin]} better {said.strip()}{folded[match.end():]}"
    return folded


def parse_requested_time(text: str, now: dt.datetime) -> Optional[RequestedTime]:
    """Read a callback time from free text, relative to `now` (aware, local time zone).

    Where the customer corrects themselves ("es sábado. pues el lunes a las diez"), what follows
    the last correction word wins when it names a day, or its time on the day named before; a
    correction of the day alone keeps the time already given ("tomorrow at 10, I mean Monday").

    Args:
        text: what the customer wrote, e.g. "mañana a las 10" or "next monday afternoon".
        now: the current moment in the business time zone.

    Returns:
        A `RequestedTime` (exact, or a window for a day or part of a day), or None when
        no day or time could be read.
    """
    folded = _preference_first(_without_refused_times(_without_reasons(fold(text or ""))), now)
    folded = _after_turned_down_day(_from_day_for_same_time(_same_time_as_named(folded), now.date()), now)
    folded = _first_choice(folded, now)
    corrected = _corrected_time(folded, now)
    if corrected is not None:
        return corrected
    return _parse_folded(folded, now)


#: "a la misma hora", "(at) the same time": said after a clock time, that clock time again.
_SAME_AS_NAMED = re.compile(r"\b(?:a\s+)?(?:la\s+)?misma\s+hora\b|\b(?:at\s+)?the\s+same\s+time\b|(?<!this\s)\bsame\s+time\b")


def _same_time_as_named(folded: str) -> str:
    """"el lunes a las 11... bueno no, mejor el martes a la misma hora": the same time after a clock time
    named earlier in the message is that clock time ("... el martes at 11:00"). Said with no clock time
    before it ("same time tomorrow", "mañana a la misma hora") it is left alone: now's clock time."""
    match = _SAME_AS_NAMED.search(folded)
    if match is None:
        return folded
    clock = find_clock(folded[:match.start()])
    if clock is None:
        return folded
    return f"{folded[:match.start()]}at {clock:%H:%M}{folded[match.end():]}"


def _from_day_for_same_time(folded: str, today: dt.date) -> str:
    """"el martes tengo médico, el miércoles a la misma hora" -> "el miércoles a la misma hora": with "misma
    hora" and no clock time before it, the text from the day named last on."""
    match = _SAME_AS_NAMED.search(folded)
    if match is None or find_clock(folded[:match.start()]) is not None:
        return folded
    starts = [0] + [found.end() for found in re.finditer(r"\s+", folded[:match.start()])]
    for start in reversed(starts[-40:]):
        if find_day(folded[start:match.end()], today) is not None:
            return folded[start:]
    return folded


def day_for_same_time(folded: str, today: dt.date) -> Optional[dt.date]:
    """"el martes tengo médico, el miércoles a la misma hora", "can't do tuesday, wednesday same time": with
    "misma hora"/"same time" and no clock time of its own, the day named last before it (the one the time
    is kept for; the days before it were turned down). None without it, or with no day named."""
    match = _SAME_AS_NAMED.search(folded)
    if match is None or find_clock(folded[:match.start()]) is not None:
        return None
    said = folded[:match.end()]
    starts = [0] + [found.end() for found in re.finditer(r"\s+", said)]
    for start in reversed(starts[-40:]):  # the shortest tail that names a day holds the day named last
        day = find_day(said[start:], today)
        if day is not None:
            return day
    return find_day(said, today)


#: A day turned down on its own: "pasado mañana no", "el viernes tampoco", "not friday".
#: Also a day said with why it does not suit: "el martes no puedo", "el martes estoy fuera", "tuesday I'm away",
#: "monday doesn't work for me".
_DAY_REFUSED = re.compile(
    r"\s*(?:(?P<said>.+?)\s+(?:(?:no|tampoco)(?:\s+(?:puedo|podre|podemos|me\s+va|me\s+viene(?:\s+bien)?|me\s+cuadra"
    r"|estoy|estare|va\s+a\s+poder\s+ser))?|(?:estoy|estare)\s+(?:fuera|de\s+viaje|ocupad[oa]|de\s+vacaciones|liad[oa]"
    r"|reunid[oa]|en\s+\w+)|(?:i|we)\s+(?:can'?t|cannot)|(?:i'?m|i\s+am|i'?ll\s+be|we'?re)\s+(?:out|away|off|busy|travel\w*)"
    r"|(?:doesn'?t|does\s+not|won'?t|will\s+not)\s+work(?:\s+for\s+(?:me|us))?|is\s+no\s+good)"
    r"|(?:not|no)\s+(?P<said_en>.+?))(?:\s+(?:after\s+all|al\s+final|at\s+all|either|finalmente|la\s+verdad"
    r"|sorry|perdona))?\s*")
#: The clause giving the reason a day is turned down: "que es sábado", "porque no estoy", "I'm off".
_REASON_CLAUSE = re.compile(r"\s*(?:que|porque|ya\s+que|como|es|esta|estoy|because|since|as|'?cause|cos|it'?s"
                            r"|i'?m|i\s+am|i'?ll\s+be|that'?s|we'?re)\b")
#: An exclamation opening a change of mind: "uy no", "ah, no", "oh wait", "perdona".
#: Each word ends at a word boundary, so a run of letters ("mmmmh") is read one way only (linear, not
#: split into "mm"+"mm"+… in every possible way).
_OPENING_INTERJECTION = re.compile(r"\s*(?:(?:uy|ay|ah|oh|ups|oops|vaya|huy|hm+|mm+|pues|bueno|vale|ok|okay|sorry"
                                   r"|perdon|perdona|espera|wait|hang\s+on)\b\s*)+(?:no\b)?\s*")
_CLAUSE_BREAK = re.compile(r"[,;.!]+|:(?!\d)|\s-\s")


def without_turned_down_day(text: str, now: dt.datetime) -> str:
    """`text` folded, without the leading clauses that only turn a day down ("el martes estoy fuera,
    el miércoles mejor" -> "el miercoles mejor"), for reading which day is wanted."""
    return _after_turned_down_day(fold(text or ""), now)


def _after_turned_down_day(folded: str, now: dt.datetime) -> str:
    """"pasado mañana no, que es sábado; el lunes a las 10" -> "el lunes a las 10": leading clauses that
    only turn a day down ("<day> no", "not <day>", with no time of their own) and the clauses giving the
    reason are dropped, when what is left names another day. The whole text otherwise."""
    pieces = _CLAUSE_BREAK.split(folded)
    index, refused = 0, False
    while index < len(pieces):
        piece = pieces[index]
        turned = _DAY_REFUSED.fullmatch(piece)
        said = turned and (turned.group("said") or turned.group("said_en"))
        if (said and len(said.split()) <= 4 and find_day(said, now.date()) is not None
                and find_clock(said) is None and find_part(said) is None):
            refused = True
        elif not refused and _OPENING_INTERJECTION.fullmatch(piece):
            pass  # "uy no, el martes estoy fuera, …": the exclamation before the day turned down
        elif not (refused and (_REASON_CLAUSE.match(piece) or not piece.strip())):
            break
        index += 1
    if not refused or index == len(pieces):
        return folded
    rest = " ".join(pieces[index:])
    return rest if find_day(rest, now.date()) is not None else folded


#: Where a second choice begins: "mañana a las 10 o si no el lunes", "tomorrow at 10, or failing that
#: monday at 3", "el viernes o el lunes a las 10" ("o sea" corrects, it offers no choice).
_ALTERNATIVE = re.compile(r"(?:,\s*)?\b(?:o si no|o sino|si no|o bien|o en su defecto|o tambien|o(?!\s*(?:sea|mejor|bueno|no|perdon|perdona|digo|espera|clock)\b|')"
                          r"|or failing that|failing that|otherwise|or else|or if not|if not|or(?!\s*(?:rather|actually|no|wait|better|sorry|i mean|make it)\b))\b")


#: Words that except times rather than offer them ("tomorrow any time except 10 or 11", "mañana
#: cuando sea salvo a las 10 o a las 11"): what follows "o"/"or" there is no second choice. "menos" of
#: a clock time ("la una menos cuarto") or "al menos" excepts nothing.
_EXCEPTING = re.compile(r"\b(?:except(?:ing)?|apart\s+from|but\s+not|salvo|excepto|quitando"
                        rf"|(?<!al\s)(?<!lo\s)menos(?!\s+(?:cuarto|media|{_NUM[1:-1]})\b))\b")
#: A bare refusal of the time before the alternative ("hoy no, o mañana a las 10", "not today, or…").
_REFUSAL = re.compile(r"\b(?:no|not|ni)\b")

#: Words for a part of the day, to carry it to a first choice that names only a day.
_PART_WORDS = {"morning": "in the morning", "midday": "at lunchtime", "afternoon": "in the afternoon",
               "evening": "in the evening"}


def _first_choice(folded: str, now: dt.datetime) -> str:
    """The first of the times offered as alternatives, which is the one preferred: "mañana a
    primera hora o si no el lunes después de comer" -> "mañana a primera hora". A first choice
    that names only a day takes the time or the part of the day said with the second ("el viernes
    o el lunes a las 10" -> Friday 10:00, "mañana o pasado a primera hora" -> tomorrow 09:00,
    "Friday or Monday afternoon" -> Friday afternoon). The whole text when the part before the
    first alternative names no time or turns it down ("hoy no, o mañana a las 10", "mañana no
    puedo, o el lunes a las 10"), or when the text excepts times ("tomorrow any time except 10 or 11")."""
    match = _ALTERNATIVE.search(folded)
    if match is None or _EXCEPTING.search(folded):
        return folded
    head, tail = folded[:match.start()], folded[match.end():]
    if _TIME_TURNED_DOWN.search(head) or _REFUSAL.search(head) or _parse_folded(head, now) is None:
        return folded
    if (find_clock(head) is None and find_part(head) is None and find_relative_moment(head, now) is None
            and not _FIRST_THING.search(head) and find_day(head, now.date()) is not None):
        return f"{head} {_time_of_day_words(tail, now)}".rstrip()
    return head


def _time_of_day_words(tail: str, now: dt.datetime) -> str:
    """The time of day of a second choice, as words to add to a first that names only a day: "at
    9:00" for "pasado a primera hora", "in the afternoon" for "monday afternoon"; "" when it names
    none or is a moment from now ("o dentro de una hora")."""
    if find_relative_moment(tail, now) is not None:
        return ""
    wanted = _parse_folded(tail, now)
    if wanted is None:
        return ""
    if wanted.is_exact:
        return f"at {wanted.start.hour}:{wanted.start.minute:02d}"
    return _PART_WORDS.get(wanted.part, "")


def _corrected_time(folded: str, now: dt.datetime) -> Optional[RequestedTime]:
    """The time after the last correction word, when the text before it names another day or
    time; None when there is no such correction (the whole text is read as one)."""
    marks = list(_CORRECTION.finditer(folded))
    if not marks:
        return None
    today = now.date()
    # the last correction word after which a time is said: "3:30 would be better" says it before
    ends = [mark.start() for mark in marks[1:]] + [len(folded)]
    chosen = next((index for index in reversed(range(len(marks)))
                   if _names_time(folded[marks[index].end():ends[index]], now)), len(marks) - 1)
    head, tail = folded[:marks[chosen].start()], folded[marks[chosen].end():ends[chosen]]
    if _parse_folded(head, now) is None:
        return None  # "pues el lunes a las diez": nothing before to correct
    tail = _BARE_HOUR_TAIL.sub(r"\g<lead>at \g<hour>\g<end>", tail)
    if find_relative_moment(tail, now) is not None:
        return _parse_folded(tail, now)
    if find_day(tail, today) is not None:
        return _day_corrected(_parse_folded(tail, now), head, now)
    if find_clock(tail) is None and find_part(tail) is None:
        return None
    day = find_day(head, today)
    return _parse_folded(f"{day:%d/%m} {tail}" if day is not None else tail, now)


#: Words that turn down the time named before them ("mañana a las 10 no puedo, mejor el lunes"):
#: that time is not carried to the day the customer corrects to.
_TIME_TURNED_DOWN = re.compile(r"\b(?:no\s+puedo|no\s+me\s+(?:va|viene|vale)|ocupad[oa]|liad[oa]|pillad[oa]|can'?t"
                               r"|cannot|not\s+(?:available|free|good)|busy|tied\s+up|(?:doesn'?t|won'?t)\s+work)\b")


def _day_corrected(wanted: Optional[RequestedTime], head: str, now: dt.datetime) -> Optional[RequestedTime]:
    """A correction that names only a day keeps the time said before it: "tomorrow at 10, I mean
    monday" is Monday at 10:00, "mañana por la tarde, digo, el lunes" Monday afternoon. The whole
    day stays when the correction names its own time, when nothing before it named a clock time
    or a part of the day, when that was a moment from now ("in an hour, no wait, Monday") or when
    it was turned down ("mañana a las 10 no puedo, mejor el lunes")."""
    if wanted is None or wanted.is_exact or wanted.part is not None or wanted.end - wanted.start < dt.timedelta(hours=23):
        return wanted
    if find_relative_moment(head, now) is not None or _TIME_TURNED_DOWN.search(head):
        return wanted
    before = _parse_folded(head, now)
    day, zone = wanted.start.date(), wanted.start.tzinfo
    if before is None:
        return wanted
    if before.is_exact:
        return RequestedTime(dt.datetime.combine(day, before.start.time(), zone))
    if before.part is not None:
        start, end = DAY_PARTS[before.part]
        return RequestedTime(dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone), before.part)
    return wanted


def _names_time(text: str, now: dt.datetime) -> bool:
    """`text` names a day, a clock time, a part of the day or a moment from now."""
    return bool(find_day(text, now.date()) or find_clock(text) or find_part(text) or find_relative_moment(text, now))


def corrects_itself(folded: str, now: dt.datetime) -> bool:
    """True when folded `text` names a time and then corrects it ("es sábado. pues el lunes a las diez")."""
    return _corrected_time(folded, now) is not None


def _parse_folded(folded: str, now: dt.datetime) -> Optional[RequestedTime]:
    """`parse_requested_time` of text already folded, without looking for corrections."""
    zone = now.tzinfo
    today = now.date()
    moment = find_relative_moment(folded, now)
    if moment is not None and (moment >= now or not (find_day(folded, today) or find_clock(folded))):
        return RequestedTime(moment)  # "hace una hora" alone is past; "desde hace una hora… mañana a las 10" is not
    if re.search(r"\b(?:medianoche|midnight)\b", folded):
        day = find_day(folded, today) or today + dt.timedelta(days=1)
        return RequestedTime(dt.datetime.combine(day, dt.time(0, 0), zone))
    day = find_day(folded, today)
    if day is None and is_weekend_request(folded):
        day = _next_weekday(today, 5, skip_near=False)
    clock = find_clock(folded)
    if clock is None and _SAME_TIME.search(folded):
        if day is None and re.search(r"\b(?:next\s+week|semana\s+que\s+viene|proxima\s+semana)\b", folded):
            day = today + dt.timedelta(days=7)  # "same time next week"
        if day is not None:
            clock = dt.time(now.hour, now.minute)  # "same time tomorrow", "dentro de una semana a esta misma hora"
    if (clock is None and _NOON.search(folded) and not re.search(_AFTER_LUNCH, folded)
            and not _BEFORE_NOON.search(folded) and not _AFTER_NOON.search(folded)):
        clock = dt.time(12, 0)
    part = find_part(folded)
    if clock is None and part in (None, "morning") and _FIRST_THING.search(folded):
        clock = OPENING_TIME  # "mañana a primera hora", "friday first thing": when the line opens
    if day is None and clock is None and part is None:
        if re.search(r"\b(?:later\s+today|hoy\s+mismo)\b", folded):
            day = today
        else:
            return None
    if clock is not None:
        if day is None:
            day = today if dt.datetime.combine(today, clock, zone) >= now else today + dt.timedelta(days=1)
        return RequestedTime(dt.datetime.combine(day, clock, zone))
    day = day or today
    if part is not None:
        start, end = DAY_PARTS[part]
        return RequestedTime(dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone), part)
    return RequestedTime(dt.datetime.combine(day, dt.time(0, 0), zone),
                         dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), zone))


# -- which day a time belongs to -------------------------------------------------------
_MONTH_NAMES = "|".join(sorted((name for name in _MONTHS if len(name) > 3), key=len, reverse=True))
#: A day as written in a message (raw text, any case and accents), with what qualifies it.
_DAY_WORDS = re.compile(
    r"(?:\b(?:el|this|next|coming|this\s+coming|pr[oó]xim[oa]|on)\s+)?"
    r"\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b(?:\s+(?:que\s+viene|de\s+la\s+semana\s+que\s+viene|de\s+la\s+pr[oó]xima\s+semana"
    r"|next\s+week))?"
    r"|\b(?:hoy|today|tonight|tomorrow|pasado\s+ma[nñ]ana|day\s+after\s+tomorrow|nochebuena|navidad|christmas"
    r"|nochevieja|reyes)\b"
    r"|(?<!la\s)(?<!por\s)(?<!de\s)(?<!en\s)(?<!esta\s)\bma[nñ]ana\b"
    r"|\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|º)?\s+(?:de\s+)?(?:{_MONTH_NAMES})\b|\b(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\bel\s+d[ií]a\s+\d{1,2}\b",
    re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")


def day_words_for_time(text: str, start: int, end: int) -> Optional[str]:
    """The words naming the day that the time at text[start:end] belongs to, or None.

    The nearest day before the time in the same sentence ("el lunes no puedo, mejor el
    martes a las 10" -> "el martes"); else one right after it in the same clause
    ("a las 10 del jueves que viene"). A day elsewhere in the message belongs to
    something else ("bloqueado desde el lunes. ¿Me llamáis a las 12?").
    """
    breaks_before = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)]
    sentence_start = breaks_before[-1] if breaks_before else 0
    before = list(_DAY_WORDS.finditer(text, sentence_start, start))
    if before:
        return before[-1].group(0)
    clause_end = re.compile(r"[.!?;,\n]").search(text, end)
    after = _DAY_WORDS.search(text, end, clause_end.start() if clause_end else len(text))
    return after.group(0) if after else None


#: A clause of a message (between punctuation marks); "1.30pm" is not two clauses.
_CLAUSE = re.compile(r"(?:[^.,;!?\n]|(?<=\d)[.,](?=\d))+")


#: An hour said as a bare number ("10 is bad for me", "can we do 11"), not part of a date or a phone.
_BARE_HOUR = re.compile(r"(?<![\d/:.+-])\b((?:[01]?\d|2[0-3])(?::[0-5]\d)?)\b(?![\d/:.-]|\s*(?:st|nd|rd|th|º|de\s)\b)")


def _names_hour(clause: str) -> bool:
    return bool(find_clock(fold(clause)) or _BARE_HOUR.search(clause))


#: Words that say which of two hours is wanted ("mejor", "make it", "prefer", "instead").
_PREFERS = re.compile(r"\b(?:mejor|prefiero|preferiria|que\s+sea|cambia\w*|pasa\w*\s+a|better|prefer\w*|make\s+it|instead"
                      r"|rather|change\s+it|move\s+it)\b")


def wanted_time_words(text: str) -> str:
    """The part of `text` that names the time wanted when a message names two hours, the
    refused one and then the one wanted ("a las 10 no puedo, mejor a las 12", "10 is bad, make it
    2pm instead"): from the last clause naming an hour on (a bare "11" read as "at 11"). `text`
    itself otherwise."""
    with_hour = [match for match in _CLAUSE.finditer(text) if _names_hour(match.group())]
    if len(with_hour) < 2:
        return text
    # "mejor a las doce y media, que a las once y media tengo reunión": the clause that says
    # which is wanted wins over a later one that gives the reason
    preferred = [match for match in with_hour if _PREFERS.search(fold(match.group()))]
    chosen = preferred[-1] if preferred else with_hour[-1]
    wanted = text[chosen.start():chosen.end() if chosen is not with_hour[-1] else None].strip()
    if find_clock(fold(wanted)) is None:
        wanted = _BARE_HOUR.sub(r"at \1", wanted, count=1)
    return wanted
