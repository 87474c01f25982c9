"""Database engine and sessions for any SQLAlchemy URL (SQLite under var/ by default)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.types import DateTime, TypeDecorator

Base = declarative_base()


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


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite, create the folder and let writers wait for each other."""
    parsed = make_url(url)
    kwargs = {"future": True, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
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
    """Create missing tables (idempotent)."""
    from bot.cases import models  # noqa: F401  (registers the tables)

    Base.metadata.create_all(engine)
