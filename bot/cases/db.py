"""Database engine and sessions for any SQLAlchemy URL (SQLite under var/ by default)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.types import DateTime, TypeDecorator

logger = logging.getLogger(__name__)
Base = declarative_base()

#: Columns added after the first release, created on start-up in databases made before them.
LATE_COLUMNS = {"cases": {"idempotency_key": "VARCHAR(200)", "first_response_at": "TIMESTAMP",
                          "resolved_at": "TIMESTAMP"}}
#: Late columns whose index must be unique (the others get none).
UNIQUE_LATE_COLUMNS = {"idempotency_key"}


class UTCDateTime(TypeDecorator):
    """Aware datetimes in and out; stored as naive UTC so every backend agrees."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def private_sqlite_file(path: Path) -> None:
    """Create the database file (and its folder) readable by its owner only, or make it so.

    SQLite gives its -wal and -shm files the permissions of the database file, so
    restricting the file before the first connection covers them too.
    """
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(descriptor)
    for member in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            os.chmod(member, 0o600)
        except FileNotFoundError:
            # -wal and -shm come and go as other connections open and close.
            pass


def sqlite_path(url: str) -> "Path | None":
    """The file of a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, **options) -> Engine:
    """Create an engine; for SQLite, a private file whose writers wait for each other.

    `options` go to SQLAlchemy's create_engine (e.g. pool_size for many workers).
    """
    parsed = make_url(url)
    kwargs = {"future": True, "pool_pre_ping": True, **options}
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            private_sqlite_file(path)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # pragma: no cover - trivial
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
    return engine


def make_session_factory(engine: Engine) -> sessionmaker:
    """Sessions that keep loaded objects readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


def create_schema(engine: Engine) -> None:
    """Create missing tables and late columns (idempotent).

    Several action servers may start at once against one PostgreSQL database; the
    one that loses the race to create a table simply finds it there on the retry.
    """
    from bot.cases import models  # noqa: F401  (registers the tables)

    for attempt in range(3):
        try:
            Base.metadata.create_all(engine)
            _add_late_columns(engine)
            return
        except (OperationalError, ProgrammingError, IntegrityError) as exc:
            if attempt == 2:
                raise
            logger.warning("Schema creation raced another process (%s); retrying", exc.__class__.__name__)


def _add_late_columns(engine: Engine) -> None:
    """ALTER TABLE for columns a database made by an older version lacks."""
    inspector = inspect(engine)
    for table, columns in LATE_COLUMNS.items():
        present = {column["name"] for column in inspector.get_columns(table)}
        for name, sql_type in columns.items():
            if name in present:
                continue
            with engine.begin() as connection:
                connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))
                if name in UNIQUE_LATE_COLUMNS:
                    connection.execute(
                        text(f"CREATE UNIQUE INDEX IF NOT EXISTS ix_{table}_{name} ON {table} ({name})"))
            logger.info("Added column %s.%s", table, name)
