import datetime as dt

import pytest

from bot.business_hours import BusinessCalendar, CalendarConfigError

MADRID = dt.timezone(dt.timedelta(hours=1))


def at(*args):
    return dt.datetime(*args, tzinfo=MADRID)


def test_opening_hours_lunch_break_and_weekend(calendar):
    assert calendar.is_open(at(2026, 11, 26, 10, 0))
    assert not calendar.is_open(at(2026, 11, 26, 14, 30))   # lunch
    assert not calendar.is_open(at(2026, 11, 27, 16, 0))    # Friday closes at 15:00
    assert not calendar.is_open(at(2026, 11, 28, 10, 0))    # Saturday


def test_public_and_company_holidays_are_closed(calendar):
    assert not calendar.is_open(at(2026, 12, 8, 10, 0))     # Inmaculada Concepción
    assert not calendar.is_open(at(2026, 12, 24, 10, 0))    # company closing day
    assert calendar.is_open(at(2026, 12, 9, 10, 0))


def test_business_hours_skip_nights_weekends_and_lunch(calendar):
    # Thursday 17:00 + 4 h: 1 h Thursday, 3 h of Friday morning
    assert calendar.add_business_hours(at(2026, 11, 26, 17, 0), 4) == at(2026, 11, 27, 12, 0)
    # Friday 14:00 + 2 h: 1 h Friday, then Monday 9:00 + 1 h
    assert calendar.add_business_hours(at(2026, 11, 27, 14, 0), 2) == at(2026, 11, 30, 10, 0)
    # Monday 13:30 + 1 h: lunch from 14:00 to 15:00 does not count
    assert calendar.add_business_hours(at(2026, 11, 30, 13, 30), 1) == at(2026, 11, 30, 15, 30)


def test_free_slots_skip_full_ones(calendar):
    full = at(2026, 11, 30, 9, 0)
    slots = calendar.free_slots(at(2026, 11, 28, 12, 0), lambda s: 2 if s == full else 0)
    assert slots == [at(2026, 11, 30, 9, 30), at(2026, 11, 30, 10, 0), at(2026, 11, 30, 10, 30)]


def test_slots_must_fit_inside_an_interval(calendar):
    assert calendar.slot_is_within_hours(at(2026, 11, 26, 13, 30))
    assert not calendar.slot_is_within_hours(at(2026, 11, 26, 14, 0))


def test_bad_config_is_reported_with_its_place():
    with pytest.raises(CalendarConfigError, match="funday"):
        BusinessCalendar.from_dict({"timezone": "Europe/Madrid", "opening_hours": {"funday": []}})
    with pytest.raises(CalendarConfigError, match="ends before it starts"):
        BusinessCalendar.from_dict({"opening_hours": {"monday": [["18:00", "09:00"]]}})
