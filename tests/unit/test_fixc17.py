"""Review of conv17 (fixc17): what its fixes read wrongly, or too slowly."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import parse_requested_time

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # a Thursday


@pytest.mark.parametrize("opening", ["m" * 5000 + "h", "hm" * 2500, "mm " * 2000 + "x", "uy" * 3000])
def test_a_long_interjection_is_read_in_linear_time(opening):
    started = time.perf_counter()
    parse_requested_time(opening + ", el jueves a las 10", NOW)
    assert time.perf_counter() - started < 0.5
