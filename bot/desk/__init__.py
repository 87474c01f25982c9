"""The agent desk: people take over handed-off conversations and answer on the customer's channel.

Start-up functions live here; nothing is created at import.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy.engine import Engine

from bot.cases.db import Base, make_engine, make_session_factory
from bot.settings import Settings


def create_desk_schema(engine: Engine) -> None:
    """Create the desk's tables (and the cases' tables, same Base) when missing."""
    from bot.cases import models as _cases  # noqa: F401  (registers the case tables)
    from bot.desk import models as _desk  # noqa: F401  (registers the desk tables)

    Base.metadata.create_all(engine)


def build_desk_service(settings: Optional[Settings] = None, engine: Optional[Engine] = None):
    """Start-up: engine, schema and the desk service, from the settings (or a given engine)."""
    from bot.desk.repository import DeskRepository
    from bot.desk.service import DeskService

    settings = settings or Settings.from_env()
    engine = engine or make_engine(settings.database_url)
    create_desk_schema(engine)
    return DeskService(DeskRepository(make_session_factory(engine)))
