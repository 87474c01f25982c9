"""Agent passwords: argon2id hashes (argon2-cffi), never stored or logged in clear."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 256

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both answers take as long."""
    return _hasher.hash("not-a-real-password")


class WeakPassword(ValueError):
    """The password is too short or too long to accept."""


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (which must be 8 to 256 characters)."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise WeakPassword(f"a password needs {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash costs the same time and says no."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)
