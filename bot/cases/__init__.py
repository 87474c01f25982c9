"""Cases (tickets, callbacks, SLA cases, vendor cases): store, rules and command line."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Dict, Optional

from bot.business_hours import load_calendar
from bot.cases.contracts_seed import demo_contracts
from bot.cases.models import CaseRecord
from bot.cases.repository import CaseRepository
from bot.cases.service import CaseService
from bot.cases.db import create_schema, make_engine, make_session_factory
from bot.settings import Settings

PUBLIC_FIELDS = (
    "id", "level", "kind", "status", "priority", "category", "email", "subject", "description",
    "channel", "conversation_id", "created_at", "first_response_due", "resolution_due", "callback_at",
    "contract_id", "vendor", "consent", "requester_name", "requester_phone", "language", "transcript",
)


def build_case_service(settings: Optional[Settings] = None, seed_contracts: bool = True) -> CaseService:
    """Start-up: engine, schema, demo contracts and the service, from the settings."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    repository = CaseRepository(make_session_factory(engine))
    if seed_contracts:
        repository.add_contracts(demo_contracts())
    service = CaseService(repository, load_calendar(settings.business_hours_file))
    if settings.frozen_now:
        service.clock = frozen_clock(settings.frozen_now)
    return service


def frozen_clock(iso_moment: str) -> Callable[[], dt.datetime]:
    """A clock stopped at `iso_moment` (ASSISTANT_NOW), so end-to-end dialogues can name real dates."""
    moment = dt.datetime.fromisoformat(iso_moment)
    if moment.tzinfo is None:
        raise ValueError("ASSISTANT_NOW needs a UTC offset, e.g. 2026-11-26T10:00:00+01:00")
    fixed = moment.astimezone(dt.timezone.utc)
    return lambda: fixed


def case_to_dict(case: CaseRecord) -> Dict[str, Any]:
    """A case as plain JSON types, with the readable id as `id` and ISO-8601 times."""
    data: Dict[str, Any] = {}
    for name in PUBLIC_FIELDS:
        value = case.public_id if name == "id" else getattr(case, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data
