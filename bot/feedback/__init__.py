"""What customers tell the product team: satisfaction ratings and product suggestions."""

from __future__ import annotations

from typing import Optional

from bot.cases.db import create_schema, make_engine, make_session_factory
from bot.feedback.service import FeedbackService
from bot.settings import Settings


def build_feedback_service(settings: Optional[Settings] = None) -> FeedbackService:
    """Start-up: the feedback store in the cases database (DATABASE_URL)."""
    from bot.feedback import models  # noqa: F401  (registers the tables)

    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    return FeedbackService(make_session_factory(engine))
