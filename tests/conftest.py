"""Fixtures shared by every test layer: a fixed clock, a real SQLite store, a small KB."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bot.business_hours import BusinessCalendar  # noqa: E402
from bot.cases.contracts_seed import demo_contracts  # noqa: E402
from bot.cases.repository import CaseRepository  # noqa: E402
from bot.cases.service import CaseService  # noqa: E402
from bot.cases.db import create_schema, make_engine, make_session_factory  # noqa: E402
from bot.settings import BUNDLED_MODEL, PROJECT_ROOT, Settings  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
MADRID = dt.timezone(dt.timedelta(hours=1))  # November/December: CET, no DST


@pytest.fixture(scope="session")
def calendar() -> BusinessCalendar:
    """The project's own business-hours calendar (Madrid, holidays, 2 technicians a slot)."""
    return BusinessCalendar.from_file(PROJECT_ROOT / "bot" / "business_hours.yml")


@pytest.fixture
def now() -> dt.datetime:
    """Thursday 26 November 2026, 10:00 in Madrid: an ordinary working morning."""
    return dt.datetime(2026, 11, 26, 10, 0, tzinfo=MADRID)


@pytest.fixture
def clock(now: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock frozen at `now` (in UTC, as the service's default clock gives)."""
    return lambda: now.astimezone(dt.timezone.utc)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file per test."""
    return f"sqlite:///{tmp_path / 'cases.db'}"


@pytest.fixture
def repository(database_url: str) -> CaseRepository:
    """A real repository on a fresh database with the demo contracts."""
    engine = make_engine(database_url)
    create_schema(engine)
    repo = CaseRepository(make_session_factory(engine))
    repo.add_contracts(demo_contracts())
    return repo


@pytest.fixture
def service(repository: CaseRepository, calendar: BusinessCalendar, clock) -> CaseService:
    """The case service on the fresh database, with the frozen clock."""
    return CaseService(repository, calendar, clock=clock)


@pytest.fixture(scope="session")
def kb_settings(tmp_path_factory) -> Settings:
    """Settings for the fixture knowledge base (bundled model, temp index)."""
    root = tmp_path_factory.mktemp("kb")
    articles = root / "articles"
    shutil.copytree(FIXTURES / "kb", articles)
    base = Settings.from_env()
    return Settings(database_url=base.database_url, kb_articles_dir=articles, kb_index_dir=root / "index",
                    embedding_model=BUNDLED_MODEL, query_prefix="", passage_prefix="",
                    business_hours_file=base.business_hours_file)


@pytest.fixture(scope="session")
def fixture_index(kb_settings: Settings) -> Path:
    """The fixture knowledge base, indexed once per test session."""
    from bot.kb.articles import load_articles
    from bot.kb.index import build_index

    build_index(load_articles(kb_settings.kb_articles_dir), kb_settings.kb_index_dir, kb_settings.embedding_model,
                show_progress=False)
    return kb_settings.kb_index_dir


@pytest.fixture(scope="session")
def fixture_kb(kb_settings: Settings, fixture_index: Path):
    """A loaded KnowledgeBase over the fixture articles (threshold fixed for the tests)."""
    from bot.kb.search import KnowledgeBase, SearchConfig

    return KnowledgeBase(fixture_index, kb_settings, SearchConfig({"es": 0.3, "en": 0.5}, 0.3),
                         articles_dir=kb_settings.kb_articles_dir)
