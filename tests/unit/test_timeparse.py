import datetime as dt

import pytest

from bot.timeparse import parse_requested_time

MADRID = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 26, 18, 30, tzinfo=MADRID)  # a Thursday evening


@pytest.mark.parametrize("text, start", [
    ("mañana a las 10", dt.datetime(2026, 11, 27, 10, 0)),
    ("manana a las 10:30", dt.datetime(2026, 11, 27, 10, 30)),
    ("tomorrow 3pm", dt.datetime(2026, 11, 27, 15, 0)),
    ("tomorrow at 10am", dt.datetime(2026, 11, 27, 10, 0)),
    ("el viernes a las 9", dt.datetime(2026, 11, 27, 9, 0)),
    ("pasado mañana a las 16:00", dt.datetime(2026, 11, 28, 16, 0)),
    ("mañana a las 4 de la tarde", dt.datetime(2026, 11, 27, 16, 0)),
    ("el 1 de diciembre a las 10", dt.datetime(2026, 12, 1, 10, 0)),
    ("30/11/2026 09:30", dt.datetime(2026, 11, 30, 9, 30)),
])
def test_exact_times(text, start):
    requested = parse_requested_time(text, NOW)
    assert requested is not None and requested.is_exact
    assert requested.start.replace(tzinfo=None) == start


@pytest.mark.parametrize("text, start, end", [
    ("el lunes por la tarde", dt.datetime(2026, 11, 30, 15, 0), dt.datetime(2026, 11, 30, 19, 0)),
    ("next monday afternoon", dt.datetime(2026, 11, 30, 15, 0), dt.datetime(2026, 11, 30, 19, 0)),
    ("mañana por la mañana", dt.datetime(2026, 11, 27, 9, 0), dt.datetime(2026, 11, 27, 14, 0)),
    ("el lunes", dt.datetime(2026, 11, 30, 0, 0), dt.datetime(2026, 12, 1, 0, 0)),
])
def test_windows(text, start, end):
    requested = parse_requested_time(text, NOW)
    assert requested is not None and not requested.is_exact
    assert (requested.start.replace(tzinfo=None), requested.end.replace(tzinfo=None)) == (start, end)


@pytest.mark.parametrize("text", ["asdf", "Juan Pérez", "cuando sea", ""])
def test_unreadable_times(text):
    assert parse_requested_time(text, NOW) is None


def test_hour_ranges_are_not_read_as_dates():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from bot.timeparse import parse_requested_time

    now = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    assert parse_requested_time("mañana entre 10-14", now).start.date() == dt.date(2026, 11, 27)
    assert parse_requested_time("11/30 at 3pm", now).start.date() == dt.date(2026, 11, 30)
    assert parse_requested_time("2026-12-03 09:30", now).start == dt.datetime(2026, 12, 3, 9, 30,
                                                                                tzinfo=ZoneInfo("Europe/Madrid"))
