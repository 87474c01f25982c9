"""Level 2: the callback form (name, phone, time) against the business-hours calendar."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import (DONE_SLOT, case_request, clear_offer, form_finished, language_of, latest_text,
                            opening_message)
from actions.feedback import offer_rating
from actions.forms import (NAME_IS, SupportFormValidation, activating, asked_for, corrects, means_something_else,
                           value_or_none)
from actions.messages import describe_hours, format_day, format_slot, say, say_nothing_was_saved, zone_city
from actions.read_back import CONFIRM_SLOT, ReadBackConfirmation, declined
from actions.services import case_service
from bot.answers import case_description, is_question, looks_like_a_name, points_back, read_person_name
from bot.cases.service import CaseError, SlotUnavailable
from bot.names import colleague_named
from bot.replies import postpones
from bot.text import normalise, without_opening_greeting
from bot.timeparse import (ANY_WEEKDAY, RequestedTime, corrects_itself, day_for_same_time, day_words_for_time, find_clock, find_day,
                            find_part, find_relative_moment, fold, parse_requested_time, rounded_up_from_now,
                            without_turned_down_day,
                            same_day_named, wanted_time_words)
from bot.validation import country_hint, normalise_email, normalise_phone

SLOT_PAYLOAD_FORMAT = "%d/%m/%Y %H:%M"
#: Something in a reply that tries to say when: a digit, a weekday, a relative day or a part of it.
TIME_CUE = re.compile(
    r"\d|\b(?:hoy|mañana|manana|pasado|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|tarde|noche"
    r"|mediod[íi]a|semana|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning"
    r"|afternoon|evening|noon|week|horas?|horitas?|hours?|minutos?|minutes?|mins?|rato)\b"
    # an hour in words: "mejor a las cuatro y media", "at half past two", "las diez en punto"
    r"|\ba\s+las?\s+[a-z]|\by\s+(?:media|cuarto)\b|\bmenos\s+cuarto\b|\ben\s+punto\b|\bo'?clock\b"
    r"|\b(?:half|quarter)\s+(?:past|to)\b", re.IGNORECASE)


#: A time right after these words says since when something happens, not when to call.
NOT_A_CALL_TIME = re.compile(r"(?:desde|since|from|hasta|until|till|after|despu[ée]s\s+de|antes\s+de|before|hace)\s*$",
                             re.IGNORECASE)
#: Words after which a time dates the problem, inside a request for a call.
SINCE_WHEN = re.compile(r"\b(?:desde|since|hace|ago|hasta|until|till|antes\s+de|before|despu[ée]s\s+de)\b",
                        re.IGNORECASE)
#: Where a request names the call, the time follows: "¿me podéis llamar mañana a las 10?", "call me tomorrow".
CALL_CUE = re.compile(r"(?:ll[aá]m\w*|call\w*|ring\w*|phone\s+me|contact\w*|disponible|available)\b([^.?!\n]{0,80})",
                      re.IGNORECASE)


def asked_before_this_turn(tracker: Tracker) -> Optional[Text]:
    """The slot the form had asked for when the customer wrote the latest message, even when a
    rule has since left the form (action_deactivate_loop clears `requested_slot`)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == "requested_slot":
            return event.get("value")
    return None


def answers_with_a_time(tracker: Tracker) -> bool:
    """True when the reply to "when shall we call you?" names a time we can read and puts
    nothing off ("vale, el jueves a las diez entonces"): that is the answer, however much it
    sounds like "let's do it then" to the intent classifier (a sharper, calibrated one reads
    "…then" as a deferral with confidence)."""
    if asked_before_this_turn(tracker) != "callback_slot" and not asked_for(tracker, "callback_slot"):
        return False
    text = latest_text(tracker)
    return parse_requested_time(text, case_service().local_now()) is not None and not postpones(text)


def time_in_request(tracker: Tracker) -> Optional[str]:
    """The time a message asks to be called at ("…call me tomorrow at 12"), not one that
    dates the problem ("bloqueado desde ayer"); None when it names none."""
    text = latest_text(tracker)
    now = case_service().local_now()
    for match in CALL_CUE.finditer(text):
        tail = match.group(1)
        since = SINCE_WHEN.search(tail)
        tail = (tail[:since.start()] if since else tail).strip(" ,")  # "…, que bloquea PaperOffice desde el lunes"
        if tail and parse_requested_time(tail, now) is not None:
            return tail
    clause = exact_time_clause(text, now)
    if clause:  # "…, 655 44 33 22, mejor el jueves 17 de diciembre a las 11 y media": the whole clause
        return clause
    spans = time_entity_spans(tracker, text)
    if spans:
        start, end = spans[0]
        return with_its_day(text, text[start:end], now, start)
    return None


#: A clause of a message: what lies between punctuation marks.
CLAUSE = re.compile(r"(?:[^.,;!?\n]|(?<=\d)[.,](?=\d))+")  # "1.30pm" is not two clauses


def exact_time_clause(text: str, now: dt.datetime) -> Optional[str]:
    """The first clause that names an exact call time on its own ("el jueves 17 de diciembre a
    las 11 y media"), leaving out clauses that date the problem or hold a phone or an e-mail;
    the entity pattern alone may keep only "el jueves" of it."""
    for match in CLAUSE.finditer(text):
        clause = match.group().strip()
        if not clause or SINCE_WHEN.search(clause) or CONTACTS.search(clause):
            continue
        found = parse_requested_time(clause, now)
        if found is not None and found.is_exact:
            return clause
    return None


#: At most this much text between two time entities that belong to one time ("Monday 30th at 10am").
TIME_GAP = 8
#: The hour and separator the entity pattern leaves out of "1.30pm" (it finds "30pm").
HOUR_BEFORE = re.compile(r"\d{1,2}[.:]$")


def time_entity_spans(tracker: Tracker, text: str) -> List[tuple]:
    """(start, end) of each time the entity extractor found, not dating the problem ("desde
    el lunes"): pieces of one time are joined ("Monday" + "at 10am" around "30th") and an
    hour the pattern left out is put back ("1." of "1.30pm")."""
    pieces = sorted((int(entity.get("start") or 0), int(entity.get("end") or 0))
                    for entity in tracker.latest_message.get("entities") or []
                    if entity.get("entity") == "preferred_time")
    spans: List[tuple] = []
    for start, end in pieces:
        if not 0 <= start < end <= len(text) or NOT_A_CALL_TIME.search(text[max(0, start - 12):start]):
            continue
        hour = HOUR_BEFORE.search(text[:start])
        start = hour.start() if hour else start
        if spans and 0 <= start - spans[-1][1] <= TIME_GAP and not CONTACTS.search(text[spans[-1][1]:start]):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


#: Words that point at a number instead of giving it ("the office line", "el fijo de la oficina").
POINTS_AT_A_NUMBER = re.compile(
    r"\b(?:line|landline|number|mobile|cell|phone|l[ií]nea|n[uú]mero|m[oó]vil|celular|fijo|tel[eé]fono|tfno"
    r"|extensi[oó]n|extension|centralita|switchboard)\b", re.IGNORECASE)


def describes_a_number(text: str) -> bool:
    """True for a reply to "what number?" that names which one but holds too few digits to dial."""
    return bool(POINTS_AT_A_NUMBER.search(text)) and len(re.findall(r"\d", text)) < 6


def iso_moment(text: str) -> Optional[dt.datetime]:
    """The moment of an ISO timestamp with its offset (a slot this form stored), else None."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def with_its_day(text: str, time_words: str, now: dt.datetime, start: Optional[int] = None) -> str:
    """The time with the day it belongs to ("tomorrow at 11:30 works for me" -> "tomorrow at
    11:30"; "el lunes no puedo, mejor el martes a las 10" -> "el martes a las 10"), else
    `time_words` alone. `start` is where the time words are in `text` (found when None)."""
    if start is None:
        start = text.lower().find(time_words.lower())
    if start < 0:
        return time_words
    day = day_words_for_time(text, start, start + len(time_words))
    if day is None:
        return time_words
    alone, with_day = parse_requested_time(time_words, now), parse_requested_time(f"{day} {time_words}", now)
    if alone is None or with_day is None or not (alone.is_exact and with_day.is_exact):
        return time_words
    same_time = (alone.start.hour, alone.start.minute) == (with_day.start.hour, with_day.start.minute)
    return f"{day} {time_words}" if same_time else time_words


def refuse_slot(dispatcher: CollectingDispatcher, tracker: Tracker, refusal: SlotUnavailable) -> None:
    """Say why a time cannot be booked (the hours, when closed) and offer the nearest free slots as buttons."""
    language = language_of(tracker)
    labels = [format_slot(slot, language) for slot in refusal.alternatives]
    buttons = [{"title": text, "payload": slot.strftime(SLOT_PAYLOAD_FORMAT)}
               for text, slot in zip(labels, refusal.alternatives)]
    hours = describe_hours(case_service().calendar.opening_hours, language)
    key = "callback_day_closed" if refusal.reason == "closed" and refusal.closed_day else f"callback_time_{refusal.reason}"
    day = format_day(refusal.closed_day, language) if refusal.closed_day else ""
    say(dispatcher, tracker, key, alternatives=", ".join(labels) or "—", hours=hours, day=day, buttons=buttons)


#: How many of the customer's earlier messages a day or time is carried from.
EARLIER_MESSAGES = 6
#: Contact details, whose digits are not a time.
CONTACTS = re.compile(r"\S+@\S+|\+?\d[\d\s().-]{6,}\d")


def earlier_day_and_clock(tracker: Tracker, today: dt.date) -> tuple:
    """The day and the clock time the customer named last before this message (a refused
    one included): (day or None, time or None), from the latest message that named either."""
    events = tracker.events
    outside = [i for i, event in enumerate(events)
               if event.get("event") == "active_loop" and event.get("name") != "callback_form"]
    start = outside[-1] if outside else 0  # this form's messages only (and the one that started it)
    users = [event for event in events[start:] if event.get("event") == "user"][:-1]
    for event in reversed(users[-EARLIER_MESSAGES:]):
        text = event.get("text") or ""
        if text.startswith("/"):
            continue
        folded = fold(CONTACTS.sub(" ", text))
        day, clock = find_day(folded, today), find_clock(folded)
        if day is not None or clock is not None:
            return day, clock
    return None, None


#: Asking which times there are instead of naming one ("hmm what times do you have?", "¿qué horas tenéis
#: libres?", "¿cuándo podéis?"): read as small talk or a deferral, it left the form or got the bot's
#: self-description.
_ASKS_FREE_TIMES = re.compile(
    r"\b(?:what|which) (?:times?|slots?|hours|days?)\b.{0,30}\b(?:have|available|free|open|offer|there)\b"
    r"|\bwhen (?:are|is) (?:you|someone|somebody|a technician) (?:free|available)\b"
    r"|\bwhen can (?:you|someone|somebody|a technician) (?:call|ring|do)\b|\bwhat(?:'s| is) available\b"
    r"|\bany (?:free )?(?:slots?|times?)\b"
    r"|\bque (?:horas?|horarios?|huecos?|franjas?|dias?)\b.{0,30}\b(?:teneis|tienen|hay|quedan|libres?|disponibles?"
    r"|ofreceis|podeis)\b|\bcuando (?:podeis|pueden|hay hueco|teneis hueco|estais libres|os va bien|os viene bien)\b"
    r"|\bhay (?:algun )?hueco\b|\bque (?:me )?(?:ofreceis|proponeis)\b"
    # at the time question, when the call could be: "¿a qué hora me llamáis?", "what time can you call me?"
    r"|\b(?:a que hora|que dia) (?:me |nos )(?:llamais|llamariais|podeis llamar|podriais llamar|pueden llamar"
    r"|podrian llamar)\b|\b(?:what time|what day) (?:can|could) (?:you|someone|somebody) (?:call|ring)\b")


def asks_free_times(text: str) -> bool:
    """True for a question about which call times are free, with no time of its own in it: a day, an
    hour or a part of the day named ("¿hay hueco por la tarde?", "any slots in the afternoon?") is the
    time asked for, and the form books it as it did before the free slots were offered."""
    folded = fold(text)
    now = case_service().local_now()
    return is_question(text) and bool(_ASKS_FREE_TIMES.search(folded)) and find_clock(folded) is None \
        and find_day(folded, now.date()) is None and find_part(folded) is None \
        and parse_requested_time(text, now) is None


def offer_free_slots(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The nearest free slots as buttons; "the first one" then picks one (`chosen_offered_slot`)."""
    language = language_of(tracker)
    slots = case_service().next_free_slots()
    labels = [format_slot(slot, language) for slot in slots]
    buttons = [{"title": text, "payload": slot.strftime(SLOT_PAYLOAD_FORMAT)} for text, slot in zip(labels, slots)]
    say(dispatcher, tracker, "callback_free_slots", alternatives=", ".join(labels) or "—", buttons=buttons)


#: A reply that points at one of the offered slots by its place: "la primera", "the second one", "la última".
#: Bare numbers are left out: "la una", "a las dos" or "2" name an hour.
_OFFERED_ORDINALS = (
    (0, r"primer[ao]?|1(?:a|o|st)|first|(?:opcion|option|numero|number)\s+(?:1|uno|one)"),
    (1, r"segund[ao]|2(?:a|o|nd)|second|(?:opcion|option|numero|number)\s+(?:2|dos|two)"),
    (2, r"tercer[ao]?|3(?:a|o|rd)|third|(?:opcion|option|numero|number)\s+(?:3|tres|three)"),
    (-1, r"ultim[ao]|last"),
)


#: Words that refuse or qualify a time named beside them.
_REFUSED_TIME = re.compile(r"\b(?:no|not|nope|cant|can t|won t|don t|doesn t|isn t|busy|ocupad\w*|otro dia|another day"
                           r"|too early|too late|temprano|tarde no|but|pero|except|excepto|salvo|menos|instead)\b")


#: How many of the customer's earlier messages an offer of slots stays open for: "sí" to "¿cuál te
#: viene bien?" gets the question explained, and "vale, la primera" after it still picks the first.
OFFER_OPEN_FOR_MESSAGES = 2


def offered_slots(tracker: Tracker) -> List[dt.datetime]:
    """The free slots the bot offered as buttons in its latest reply that offered any, in order,
    within the last OFFER_OPEN_FOR_MESSAGES replies and before any time was taken since (empty
    otherwise)."""
    events = list(tracker.events or [])
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    passed = 0
    for event in reversed(events[:users[-1]] if users else []):
        if event.get("event") == "user":
            passed += 1
            if passed >= OFFER_OPEN_FOR_MESSAGES:
                break
            continue
        if event.get("event") == "slot" and event.get("name") == "callback_slot" and event.get("value"):
            break  # a time was taken after the offer: the offer is over
        if event.get("event") != "bot":
            continue
        found = []
        for button in ((event.get("data") or {}).get("buttons") or []):
            try:
                found.append(dt.datetime.strptime(str(button.get("payload") or ""), SLOT_PAYLOAD_FORMAT))
            except ValueError:
                continue
        if found:
            return found
    return []


def chosen_offered_slot(tracker: Tracker, text: str) -> Optional[dt.datetime]:
    """The offered slot a reply picks without naming its day: by its place ("vale, la primera",
    "the 2nd one") or by a time only one of them has ("la de las 9:30", "10:00 please").
    Without this, "la de las 9:30" was read as 9:30 of the day refused before, or of tomorrow."""
    offered = offered_slots(tracker)
    if not offered:
        return None
    now = case_service().local_now()
    folded = fold(CONTACTS.sub(" ", text))
    if find_day(folded, now.date()) is not None:
        return None  # a day named: the customer's own choice, read as usual
    words = re.sub(r"[^a-z0-9 ]", " ", folded.replace("ª", "a").replace("º", "o"))
    for index, pattern in _OFFERED_ORDINALS:
        if re.fullmatch(rf"\s*(?:(?:vale|ok|okay|si|yes|pues|entonces|mejor|then|please|por favor|porfa)\s+)*"
                        rf"(?:(?:la|el|the|esa|that)\s+)?(?:{pattern})(?:\s+(?:one|franja|slot|hora|opcion|option))?"
                        rf"(?:\s+(?:please|por favor|porfa|gracias|thanks|vale|ok))*\s*", words):
            if index < len(offered):
                return offered[index].replace(tzinfo=now.tzinfo)
            return None
    if _REFUSED_TIME.search(words):
        return None  # "a las 10 no puedo", "9:30 is too early", "any time but 9:30": not a choice of that one
    clock = find_clock(folded)
    if clock is None:
        return None
    matching = [slot for slot in offered if slot.time() == clock]
    return matching[0].replace(tzinfo=now.tzinfo) if len(matching) == 1 else None


def relative_to_earlier(tracker: Tracker, text: str) -> Optional[dt.datetime]:
    """A time that leans on one named before: "a las 12 de ese día" / "at 12 then" / "el mismo
    miércoles a las 16:30" takes the day named last, "Wednesday the 9th, same time" / "ok, the
    9th then" the time named last.
    None when the message names both, or nothing earlier completes it."""
    now = case_service().local_now()
    # "el martes estoy fuera, el miércoles mejor, misma hora": the day turned down is not the one wanted
    folded = without_turned_down_day(CONTACTS.sub(" ", text), now)
    if find_relative_moment(folded, now) is not None or corrects_itself(folded, now):
        return None  # "mejor de aquí a una hora, que mañana no estoy": the message says its own moment
    # "el martes tengo médico, el miércoles a la misma hora": the time kept for the day named last
    day, clock = day_for_same_time(folded, now.date()) or find_day(folded, now.date()), find_clock(folded)
    same_day = same_day_named(folded)
    if same_day is not None and clock is not None:  # "el mismo miércoles a las 16:30": the day refused before
        earlier_day = earlier_day_and_clock(tracker, now.date())[0]
        if earlier_day is not None and same_day in (ANY_WEEKDAY, earlier_day.weekday()):
            return dt.datetime.combine(earlier_day, clock, now.tzinfo)
    if (day is None) == (clock is None):
        return None
    earlier_day, earlier_clock = earlier_day_and_clock(tracker, now.date())
    if clock is not None and earlier_day is not None:
        return dt.datetime.combine(earlier_day, clock, now.tzinfo)
    if day is not None and earlier_clock is not None and find_part(folded) is None:
        return dt.datetime.combine(day, earlier_clock, now.tzinfo)
    return None


def requested_value(tracker: Tracker, text: str) -> Dict[Text, Any]:
    """The callback_slot value for a reply that names a time: the moment it completes with
    an earlier one (ISO, booked as it is), else the words (validate_callback_slot reads them)."""
    moment = relative_to_earlier(tracker, text)
    if moment is not None:
        return {"callback_slot": moment.isoformat(), "callback_time": text}
    return {"callback_slot": text}


def corrected_name(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """A name given again while the form asks something else ("el nombre es Graham Ellis, no
    Oh", "sorry, I'm Tom Rivera"): it replaces the one kept, which may have been misread."""
    if activating(tracker):
        return {}
    text = latest_text(tracker)
    cue = NAME_IS.search(text)
    name = (colleague_named(text)  # "actually my colleague Anna will take the call, same number"
            or (read_person_name(f"my name is {text[cue.end():]}") if cue else read_person_name(text)))
    if not name or name == tracker.get_slot("requester_name"):
        return {}
    say(dispatcher, tracker, "value_corrected")
    return {"requester_name": name}


def corrected_phone(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """A number given again with words that correct ("my number is actually …"): it replaces
    the one kept (the entity mapping may have set it already; then it is only acknowledged)."""
    if activating(tracker) or not corrects(latest_text(tracker)):
        return {}
    numbers = [str(entity.get("value") or "") for entity in tracker.latest_message.get("entities") or []
               if entity.get("entity") == "phone"] + [latest_text(tracker)]
    phone = next(filter(None, map(normalise_phone, numbers)), None)
    if phone is None:
        return {}
    say(dispatcher, tracker, "value_corrected")
    return {"phone": phone}


#: A bare hour given to change a time ("actually make it 11", "que sea a las 12", "move it to 4pm").
BARE_HOUR_CHANGE = re.compile(
    r"\b(?:make it|change it to|move it to|switch it to|instead|rather|better|mejor|que sea|c[aá]mbia(?:lo|la)? a"
    r"|p[aá]sa(?:lo|la) a|pon(?:lo|la) a)\s+(?:a\s+las?\s+|at\s+|for\s+)?(\d{1,2}(?:[:.]\d{2})?)\s*(am|pm|a\.m\.|p\.m\.)?"
    r"(?![\d/.-])", re.IGNORECASE)


#: After the number: the clause ends, or an hour word follows ("mejor 2 personas llamarán" counts people).
_HOUR_AFTER = re.compile(r"\s*(?:h\b|hrs?\b|horas?\b|o'?clock\b|en punto\b|[.,;:!?)]|$)", re.IGNORECASE)


def bare_hour_change(text: str) -> Optional["re.Match"]:
    """The BARE_HOUR_CHANGE match whose number is an hour: with "a las"/"at", am/pm or minutes, or
    at the end of the clause ("actually make it 11"); not "instead 10 users have the problem"."""
    for match in BARE_HOUR_CHANGE.finditer(text):
        said = match.group(0).lower()
        if (re.search(r"\b(?:a\s+las?|at)\s", said) or match.group(2) or re.search(r"[:.]\d{2}$", match.group(1))
                or _HOUR_AFTER.match(text, match.end())):
            return match
    return None


def corrected_time(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """A new time with words that correct ("mejor a las 12", "actually make it Friday") while
    the form still asks for something else: it is booked instead of the one kept."""
    text = latest_text(tracker)
    now = case_service().local_now()
    # "el martes tengo médico, el miércoles a la misma hora": another day at the same time corrects too
    same_time_day = day_for_same_time(fold(text), now.date()) is not None
    if activating(tracker) or not (corrects(text) or same_time_day) or normalise_phone(text) or normalise_email(text):
        return {}
    hour_only = bare_hour_change(text)
    if hour_only and parse_requested_time(text, now) is None:
        # "actually make it 11", "mejor que sea a las 12" once a day is known: that hour, that day
        text = f"at {hour_only.group(1)}{hour_only.group(2) or ''}"
    if parse_requested_time(text, now) is None or not TIME_CUE.search(text):
        return {}
    wanted = wanted_time_words(text)  # "a las 10 no puedo, mejor a la 1": the second one, with a day named before
    if wanted != text:
        wanted = with_its_day(text, wanted, now, text.find(wanted) if wanted in text else None)
        if parse_requested_time(wanted, now) is None:
            wanted = text
    say(dispatcher, tracker, "value_corrected")
    return requested_value(tracker, wanted)


class ValidateCallbackForm(ReadBackConfirmation, SupportFormValidation):
    """Validate the callback form's answers."""

    read_back_form = "callback_form"

    def name(self) -> Text:
        return "validate_callback_form"

    def kept_on_start(self, tracker: Tracker) -> Set[Text]:
        """"Can someone call me about that as well?" right after another case was filed: the call
        is about the same problem, so its description is kept for the call (name and phone
        known from this conversation are never cleared)."""
        finished = tracker.get_slot(DONE_SLOT)
        if finished and finished != "callback_form" and points_back(latest_text(tracker)):
            return {"description"}
        return set()

    async def extract_requester_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> Dict[Text, Any]:
        """A name: asked for ("Marta Ruiz"), or introduced anywhere ("soy Marta Ruiz, mi móvil…")."""
        if tracker.get_slot("requester_name"):
            return corrected_name(dispatcher, tracker)
        if activating(tracker):
            # the message that started the form ("yes please, I'm Hannah Berg, …" to an offered
            # call), else the request it answered
            for told in (latest_text(tracker), opening_message(tracker)):
                name = read_person_name(told) if told else None
                if name:
                    return {"requester_name": name}
            return {}
        asked = asked_for(tracker, "requester_name")
        text = latest_text(tracker)
        introduced = read_person_name(text)
        if introduced:
            return {"requester_name": introduced}
        if not asked or (means_something_else(tracker, free_text=False) and not looks_like_a_name(text)):
            return {}
        return value_or_none(read_person_name(text, asked=True), "requester_name")

    def validate_requester_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        """Keep a name of reasonable length: letters, not an e-mail address or a number."""
        name = normalise(str(value or ""))
        plausible = (0 < len(name) <= 80 and any(ch.isalpha() for ch in name)
                     and not normalise_email(name) and not normalise_phone(name))
        return {"requester_name": name if plausible else None}

    async def extract_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        """A number the entity extractor missed, or a clear attempt at one; when the form starts,
        the number in the message that started it (given with a yes to an offered call)."""
        if tracker.get_slot("phone"):
            return corrected_phone(dispatcher, tracker)
        if activating(tracker):
            numbers = [str(entity.get("value") or "") for entity in tracker.latest_message.get("entities") or []
                       if entity.get("entity") == "phone"]
            hint = country_hint(latest_text(tracker))
            return value_or_none(next(filter(None, (normalise_phone(number, hint=hint) for number in numbers)), None)
                                 or normalise_phone(latest_text(tracker)), "phone")
        if not asked_for(tracker, "phone"):
            return {}
        text = latest_text(tracker)
        phone = normalise_phone(text)
        if phone:
            return {"phone": phone}
        if len(re.findall(r"\d", text)) >= 6:
            say(dispatcher, tracker, "invalid_phone", value=text[:40])
            return {"phone": None}
        if describes_a_number(text) and not means_something_else(tracker, free_text=False):
            # "it's the office line, the one on your invoice": which number, not the number
            say(dispatcher, tracker, "help_phone")
            return {"phone": None}
        return {}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        """Keep a Spanish or Latin American number, in E.164."""
        # the entity is the digits alone: a country named beside them ("07700 900123 UK") still counts
        phone = normalise_phone(str(value or ""), hint=country_hint(latest_text(tracker)))
        if phone is None and value:
            say(dispatcher, tracker, "invalid_phone", value=normalise(str(value))[:40])
        return {"phone": phone}

    async def extract_callback_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        """A day and time in the customer's words: when asked for, the whole reply; before
        that, one the customer names for the call ("llamadme mañana a las 10"), which is kept.
        validate_callback_slot turns it into the booked slot."""
        if tracker.get_slot("callback_slot"):
            return corrected_time(dispatcher, tracker)
        if not asked_for(tracker, "callback_slot"):  # starting, or asked for something else: kept if named
            return value_or_none(time_in_request(tracker), "callback_slot")
        text = latest_text(tracker)
        chosen = chosen_offered_slot(tracker, text)
        if chosen is not None:  # "vale, la primera" after the nearest free slots were offered (read as a yes)
            return {"callback_slot": chosen.isoformat(), "callback_time": text}
        if asks_free_times(text):  # "hmm what times do you have?": the nearest free ones, then asked again
            offer_free_slots(dispatcher, tracker)
            return {"callback_time": None, "callback_slot": None}
        if means_something_else(tracker, free_text=False) and not answers_with_a_time(tracker):
            return {}
        if parse_requested_time(text, case_service().local_now()) is not None:
            return requested_value(tracker, text)
        from actions.interruptions import story_without_a_ticket

        if story_without_a_ticket(text):  # "uf, esta semana estoy fatal, tengo inventario y …": no time in it
            say(dispatcher, tracker, "story_in_call")
            return {"callback_time": None, "callback_slot": None}
        if TIME_CUE.search(text):
            say(dispatcher, tracker, "invalid_callback_time")
            return {"callback_time": None, "callback_slot": None}
        return {}

    def validate_callback_slot(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        """Book only a time that falls in a free slot within business hours; otherwise say why
        and offer slots. The slot holds the booked start (ISO), `callback_time` the words."""
        if value is None:  # refused while extracting, which already said why
            return {"callback_time": None, "callback_slot": None}
        service = case_service()
        text = normalise(str(value))
        booked_before = iso_moment(text)
        if booked_before is not None:  # a resumed form re-validates the slot it had accepted
            requested: Optional[RequestedTime] = RequestedTime(booked_before)
            text = tracker.get_slot("callback_time") or text
        else:
            now = service.local_now()
            requested = rounded_up_from_now(text, parse_requested_time(text, now), now)
        if requested is None:
            say(dispatcher, tracker, "invalid_callback_time")
            return {"callback_time": None, "callback_slot": None}
        try:
            slot = service.choose_slot(requested)
        except SlotUnavailable as refusal:
            refuse_slot(dispatcher, tracker, refusal)
            return {"callback_time": None, "callback_slot": None}
        if booked_before is None and requested.is_exact and requested.start.astimezone(slot.tzinfo) != slot:
            # "a las 4 y cuarto" books the 16:00-16:30 slot: said, so the read-back's 16:00 is no surprise
            minutes = dt.timedelta(minutes=service.calendar.slot_minutes)
            say(dispatcher, tracker, "callback_window", start=f"{slot:%H:%M}", end=f"{slot + minutes:%H:%M}",
                minutes=service.calendar.slot_minutes)
        return {"callback_time": text, "callback_slot": slot.isoformat()}


class ActionSubmitCallback(Action):
    """Book the callback and confirm the slot, or offer other slots if it just filled up."""

    def name(self) -> Text:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the callback case in the chosen slot."""
        service = case_service()
        told = tracker.get_slot("offer_context") or tracker.get_slot("description") or opening_message(tracker)
        # the problem, not "llamadme porque…", "soy Marta de…" nor the phone (the call has its own fields)
        description = case_description(without_opening_greeting(normalise(told))) if told else "Callback"
        request = case_request(tracker, description, requester_name=tracker.get_slot("requester_name"),
                               requester_phone=tracker.get_slot("phone"))
        ended = form_finished("callback_form") + clear_offer()
        if declined(tracker):
            say(dispatcher, tracker, "callback_not_booked")
            return ended
        try:
            slot = dt.datetime.fromisoformat(tracker.get_slot("callback_slot"))
            case = service.book_callback(request, slot)
        except SlotUnavailable as refusal:
            refuse_slot(dispatcher, tracker, refusal)  # the new time is read back again before booking
            return [SlotSet("callback_time", None), SlotSet("callback_slot", None), SlotSet(CONFIRM_SLOT, None),
                    FollowupAction("callback_form")]
        except (CaseError, TypeError, ValueError, SQLAlchemyError, OSError) as exc:
            say_nothing_was_saved(dispatcher, tracker, "Callback not booked", exc)
            return ended
        zone = service.calendar.timezone
        say(dispatcher, tracker, "callback_booked", case_id=case.public_id, phone=case.requester_phone,
            slot=format_slot(case.callback_at.astimezone(zone), language_of(tracker)), timezone=zone_city(zone))
        return (form_finished("callback_form", case.public_id) + clear_offer() + [SlotSet("support_level", 2)]
                + offer_rating(dispatcher, tracker, "case", 2))
