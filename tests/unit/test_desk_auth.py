"""Slowing down password guessing, and the CSRF comparison."""

import datetime as dt

from bot.desk.auth import FIRST_WAIT_S, FREE_FAILURES, LoginThrottle, csrf_matches


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def test_a_few_failures_are_free_then_each_try_waits_longer():
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(FREE_FAILURES):
        assert throttle.wait_for("email:a@b.c") == 0
        throttle.failed("email:a@b.c")
    assert throttle.wait_for("email:a@b.c") == FIRST_WAIT_S
    clock.advance(FIRST_WAIT_S)
    assert throttle.wait_for("email:a@b.c") == 0
    throttle.failed("email:a@b.c")
    assert throttle.wait_for("email:a@b.c") == 2 * FIRST_WAIT_S
    assert throttle.wait_for("email:other@b.c") == 0


def test_the_wait_is_capped_and_a_success_clears_it():
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(30):
        throttle.failed("client:1.2.3.4")
    assert throttle.wait_for("client:1.2.3.4") == 300
    throttle.succeeded("client:1.2.3.4")
    assert throttle.wait_for("client:1.2.3.4") == 0


def test_csrf_tokens_must_match_exactly():
    assert csrf_matches("abc", "abc")
    assert not csrf_matches("abc", "abd")
    assert not csrf_matches("abc", None)
    assert not csrf_matches("abc", "")
