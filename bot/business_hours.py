"""A business-hours calendar: opening hours, holidays, callback slots, due times.

Loaded from a YAML file (see `bot/business_hours.yml`), so an operator changes
time zone, hours, holidays and technicians per slot without touching code.
All datetimes handed in and out are timezone-aware.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import yaml

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Interval = Tuple[dt.time, dt.time]


class CalendarConfigError(ValueError):
    """The business-hours file is malformed; the message says where."""


def _parse_time(value: str, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarConfigError(f"{where}: '{value}' is not a time like 09:00") from exc


@dataclass
class BusinessCalendar:
    """Opening hours and closing days in one time zone."""

    timezone: ZoneInfo
    opening_hours: Dict[int, List[Interval]]
    closed_days: Callable[[dt.date], bool]
    slot_minutes: int = 30
    technicians_per_slot: int = 2
    min_notice: dt.timedelta = field(default_factory=lambda: dt.timedelta(minutes=30))

    @classmethod
    def from_file(cls, path: Path) -> "BusinessCalendar":
        """Load a calendar from a YAML file like `bot/business_hours.yml`."""
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict, source: str = "calendar") -> "BusinessCalendar":
        """Build a calendar from the parsed YAML structure."""
        try:
            zone = ZoneInfo(data.get("timezone", "UTC"))
        except Exception as exc:
            raise CalendarConfigError(f"{source}: unknown timezone {data.get('timezone')!r}") from exc
        hours: Dict[int, List[Interval]] = {}
        for day, intervals in (data.get("opening_hours") or {}).items():
            if day not in WEEKDAYS:
                raise CalendarConfigError(f"{source}: unknown weekday '{day}'")
            parsed = []
            for pair in intervals or []:
                start = _parse_time(pair[0], f"{source}: {day}")
                end = _parse_time(pair[1], f"{source}: {day}")
                if end <= start:
                    raise CalendarConfigError(f"{source}: {day} interval {pair} ends before it starts")
                parsed.append((start, end))
            hours[WEEKDAYS.index(day)] = sorted(parsed)
        holiday_cfg = data.get("holidays") or {}
        extra = {dt.date.fromisoformat(str(d)) for d in holiday_cfg.get("extra") or []}
        public = None
        if holiday_cfg.get("country"):
            public = holiday_calendars.country_holidays(
                holiday_cfg["country"], subdiv=holiday_cfg.get("subdivision")
            )

        def closed(day: dt.date) -> bool:
            return day in extra or (public is not None and day in public)

        callbacks = data.get("callbacks") or {}
        return cls(
            timezone=zone,
            opening_hours=hours,
            closed_days=closed,
            slot_minutes=int(callbacks.get("slot_minutes", 30)),
            technicians_per_slot=int(callbacks.get("technicians_per_slot", 2)),
            min_notice=dt.timedelta(minutes=int(callbacks.get("min_notice_minutes", 30))),
        )

    # -- opening hours ---------------------------------------------------------------
    def intervals_on(self, day: dt.date) -> List[Tuple[dt.datetime, dt.datetime]]:
        """The open intervals of one local date, as aware datetimes (empty when closed)."""
        if self.closed_days(day):
            return []
        return [
            (dt.datetime.combine(day, start, self.timezone), dt.datetime.combine(day, end, self.timezone))
            for start, end in self.opening_hours.get(day.weekday(), [])
        ]

    def is_open(self, moment: dt.datetime) -> bool:
        """True when `moment` falls inside opening hours."""
        local = moment.astimezone(self.timezone)
        return any(start <= local < end for start, end in self.intervals_on(local.date()))

    def _open_intervals_from(self, start: dt.datetime, max_days: int = 366
                             ) -> Iterator[Tuple[dt.datetime, dt.datetime]]:
        local = start.astimezone(self.timezone)
        for offset in range(max_days):
            for begin, end in self.intervals_on(local.date() + dt.timedelta(days=offset)):
                if end > local:
                    yield max(begin, local), end

    def add_business_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` of opening time after `start` (how SLA clocks run)."""
        remaining = dt.timedelta(hours=hours)
        last = start.astimezone(self.timezone)
        for begin, end in self._open_intervals_from(start):
            if end - begin >= remaining:
                return begin + remaining
            remaining -= end - begin
            last = end
        raise CalendarConfigError(f"no opening hours within a year after {last.isoformat()}")

    # -- callback slots --------------------------------------------------------------
    def slot_start(self, moment: dt.datetime) -> dt.datetime:
        """The start of the slot that contains `moment` (slots are aligned to the hour)."""
        local = moment.astimezone(self.timezone).replace(second=0, microsecond=0)
        minutes = (local.hour * 60 + local.minute) // self.slot_minutes * self.slot_minutes
        return local.replace(hour=minutes // 60, minute=minutes % 60)

    def slot_is_within_hours(self, slot: dt.datetime) -> bool:
        """True when the whole slot lies inside one open interval."""
        local = slot.astimezone(self.timezone)
        finish = local + dt.timedelta(minutes=self.slot_minutes)
        return any(begin <= local and finish <= end for begin, end in self.intervals_on(local.date()))

    def slots_from(self, start: dt.datetime, max_days: int = 60) -> Iterator[dt.datetime]:
        """Every slot start at or after `start`, in order, inside opening hours."""
        step = dt.timedelta(minutes=self.slot_minutes)
        for begin, end in self._open_intervals_from(start, max_days=max_days):
            slot = self.slot_start(begin)
            if slot < begin:
                slot += step
            while slot + step <= end:
                yield slot
                slot += step

    def free_slots(self, after: dt.datetime, booked: Callable[[dt.datetime], int], count: int = 3,
                   until: Optional[dt.datetime] = None) -> List[dt.datetime]:
        """The next `count` slots after `after` that still have a technician free.

        Args:
            after: earliest acceptable start.
            booked: how many callbacks are already booked in a slot.
            count: how many slots to return at most.
            until: stop looking at slots that start at or after this moment.
        """
        found: List[dt.datetime] = []
        for slot in self.slots_from(after):
            if until is not None and slot >= until:
                break
            if booked(slot) < self.technicians_per_slot:
                found.append(slot)
                if len(found) == count:
                    break
        return found


def load_calendar(path: Path) -> BusinessCalendar:
    """Start-up helper: the calendar named by the settings."""
    return BusinessCalendar.from_file(path)


def format_slot(slot: dt.datetime, language: str) -> str:
    """A slot as a person reads it, e.g. "lun 30/11 10:00" or "Mon 30/11 10:00"."""
    names: Sequence[str] = (
        ("lun", "mar", "mié", "jue", "vie", "sáb", "dom") if language == "es"
        else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    )
    return f"{names[slot.weekday()]} {slot:%d/%m %H:%M}"
