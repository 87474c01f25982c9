"""PostgreSQL and Redis for the tests that need real engines.

Each test session gets its own database and its own Redis key prefix, so developers
sharing one server never see each other's data. Without the service the tests skip
with the reason; with REQUIRE_SERVICES=1 (set by .ci/run) they fail instead, so CI
cannot pass without having run them.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))


def required() -> bool:
    """Whether a missing service is a failure (CI) rather than a skip (a laptop)."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(what: str, why: str) -> None:
    """Skip, or fail under REQUIRE_SERVICES=1, saying what is missing and why."""
    message = f"{what} is not reachable ({why})"
    if required():
        pytest.fail(message + "; REQUIRE_SERVICES=1 makes this a failure")
    pytest.skip(message + "; these tests run in CI (REQUIRE_SERVICES=1)")


@contextmanager
def postgres_database(prefix: str = "issue11") -> Iterator[str]:
    """A fresh PostgreSQL database for the duration; yields its URL, drops it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    try:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True,
                              connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # no server, no driver, refused
        unavailable(f"PostgreSQL at {make_url(POSTGRES_ADMIN_URL).render_as_string(hide_password=True)}",
                    exc.__class__.__name__)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_prefix(prefix: str = "issue11") -> Iterator[str]:
    """A Redis lock-store URL with a key prefix of its own; deletes its keys afterwards."""
    try:
        import redis

        client = redis.StrictRedis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=3)
        client.ping()
    except Exception as exc:
        unavailable(f"Redis at {REDIS_HOST}:{REDIS_PORT}", exc.__class__.__name__)
    key_prefix = f"{prefix}{uuid.uuid4().hex[:10]}"
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/0?key_prefix={key_prefix}"
    finally:
        for key in client.scan_iter(f"{key_prefix}*"):
            client.delete(key)
