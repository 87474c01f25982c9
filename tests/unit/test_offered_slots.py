"""Picking one of the offered free slots without naming its day: by its place or by a time only it has,
never a time the customer refuses beside it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import actions.callbacks as callbacks

OFFERED = [dt.datetime(2026, 11, 30, 9, 0), dt.datetime(2026, 11, 30, 9, 30), dt.datetime(2026, 11, 30, 10, 0)]


class FrozenService:
    def local_now(self):
        return dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))


@pytest.fixture(autouse=True)
def offered(monkeypatch):
    monkeypatch.setattr(callbacks, "offered_slots", lambda tracker: OFFERED)
    monkeypatch.setattr(callbacks, "case_service", lambda: FrozenService())


@pytest.mark.parametrize("text, expected", [
    ("vale, la primera", "09:00"), ("la 1ª", "09:00"), ("the second one please", "09:30"),
    ("opción 3", "10:00"), ("la última", "10:00"), ("mejor la de las 10", "10:00"), ("the 9:30 one", "09:30"),
])
def test_a_slot_picked_by_its_place_or_its_own_time(text, expected):
    chosen = callbacks.chosen_offered_slot(None, text)
    assert chosen is not None and chosen.strftime("%H:%M") == expected
    assert chosen.tzinfo is not None


@pytest.mark.parametrize("text", [
    "a las 10 no puedo", "no, a las 10 no", "at 10 I'm busy", "a las 10 pero otro día", "9:30 is too early",
    "any time but 9:30", "la de las 10 no, la de las 9", "la una", "2", "el lunes 7 a las 10",
])
def test_a_refused_time_a_bare_number_or_another_day_is_not_a_pick(text):
    assert callbacks.chosen_offered_slot(None, text) is None
