"""Signing agents in and out: password checks, sessions, CSRF tokens, and slowing down guessing.

The session cookie carries a random token; the database keeps only its SHA-256, so a
copy of the database cannot be replayed as a cookie. Each session has its own CSRF
token, returned by sign-in and required on every change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Tuple

from bot.desk.models import AgentRecord, DeskSessionRecord
from bot.desk.passwords import hash_password, needs_rehash, verify_password
from bot.desk.repository import DeskRepository

logger = logging.getLogger(__name__)

SESSION_LIFETIME = dt.timedelta(hours=12)
#: Failures allowed before each further attempt must wait; the wait then doubles.
FREE_FAILURES = 3
FIRST_WAIT_S = 2.0
MAX_WAIT_S = 300.0


class AuthError(Exception):
    """Sign-in refused; `code` is "bad_credentials" or "too_many_attempts"."""

    def __init__(self, code: str, retry_after: float = 0.0) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignedIn:
    """A session as the web layer needs it: the agent, the cookie token, the CSRF token."""

    agent: AgentRecord
    token: str
    csrf_token: str
    expires_at: dt.datetime


@dataclass
class _Failures:
    count: int = 0
    last: Optional[dt.datetime] = None


@dataclass
class LoginThrottle:
    """Counts failed sign-ins per key (an e-mail, an address) and makes guessers wait.

    After FREE_FAILURES failures in a row, the next attempt has to wait FIRST_WAIT_S
    seconds after the last failure, then twice that, up to MAX_WAIT_S. A success clears
    the key. Kept in memory: the desk runs as one process.
    """

    clock: Callable[[], dt.datetime]
    _failures: Dict[str, _Failures] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, key: str) -> float:
        """Seconds the key must still wait before it may try again (0 when it may)."""
        with self._lock:
            entry = self._failures.get(key)
            if entry is None or entry.count < FREE_FAILURES or entry.last is None:
                return 0.0
            wait = min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (entry.count - FREE_FAILURES))
            elapsed = (self.clock() - entry.last).total_seconds()
            return max(0.0, wait - elapsed)

    def failed(self, key: str) -> None:
        """Record one more failure for the key."""
        with self._lock:
            entry = self._failures.setdefault(key, _Failures())
            entry.count += 1
            entry.last = self.clock()
            if len(self._failures) > 10_000:  # bounded memory under a spray of keys
                oldest = min(self._failures, key=lambda k: self._failures[k].last or self.clock())
                self._failures.pop(oldest, None)

    def succeeded(self, key: str) -> None:
        """Forget the key's failures."""
        with self._lock:
            self._failures.pop(key, None)


def token_hash(token: str) -> str:
    """What the database stores for a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_matches(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison of the session's CSRF token with the header's."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class AuthService:
    """Sign-in, session look-up and sign-out for the desk."""

    def __init__(self, repository: DeskRepository, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.repository = repository
        self.clock = clock
        self.throttle = LoginThrottle(clock)

    def login(self, email: str, password: str, client: str) -> SignedIn:
        """Check the password and open a session.

        Args:
            email: as typed (compared lower-case).
            password: in clear; only ever compared with its argon2 hash.
            client: the caller's address, throttled like the e-mail.
        Raises:
            AuthError: "too_many_attempts" (with retry_after) or "bad_credentials".
        """
        email = (email or "").strip().lower()
        keys = (f"email:{email}", f"client:{client}")
        wait = max(self.throttle.wait_for(key) for key in keys)
        if wait > 0:
            raise AuthError("too_many_attempts", retry_after=wait)
        agent = self.repository.agent_by_email(email) if email else None
        if not verify_password(agent.password_hash if agent else None, password or ""):
            for key in keys:
                self.throttle.failed(key)
            logger.info("Desk sign-in refused (agent known: %s)", agent is not None)
            raise AuthError("bad_credentials")
        for key in keys:
            self.throttle.succeeded(key)
        if needs_rehash(agent.password_hash):
            self.repository.set_password_hash(agent.id, hash_password(password))
        now = self.clock()
        self.repository.delete_expired_sessions(now)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = now + SESSION_LIFETIME
        self.repository.add_session(DeskSessionRecord(token_hash=token_hash(token), agent_id=agent.id,
                                                      csrf_token=csrf, created_at=now, expires_at=expires))
        self.repository.touch_agent(agent.id, now)
        logger.info("Agent %s signed in", agent.id)
        return SignedIn(agent, token, csrf, expires)

    def session(self, token: Optional[str]) -> Optional[Tuple[AgentRecord, str]]:
        """The agent and CSRF token of a live session, or None."""
        if not token or len(token) > 200:
            return None
        found = self.repository.session_with_agent(token_hash(token), self.clock())
        if found is None:
            return None
        record, agent = found
        return agent, record.csrf_token

    def logout(self, token: Optional[str]) -> None:
        """End the session; an agent with no session left stops being available."""
        if not token:
            return
        agent_id = self.repository.delete_session(token_hash(token))
        if agent_id is not None and self.repository.live_sessions(agent_id, self.clock()) == 0:
            self.repository.set_available(agent_id, False, self.clock())
        logger.info("Agent %s signed out", agent_id)
