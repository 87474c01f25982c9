"""Putting the report together: read the stores, count, cluster (`build_report`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine

from bot.cases.db import create_schema, sqlite_path
from bot.report import figures, sources
from bot.report.gaps import Encoder, find_themes

logger = logging.getLogger(__name__)

_SPAN = re.compile(r"^\s*(\d{1,4})\s*([hdw])\s*$", re.IGNORECASE)
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
MAX_SPAN_DAYS = 3660


class ReportError(ValueError):
    """A report request that cannot be answered (a bad --since, say); the message says how to fix it."""


def parse_since(text: str, now: dt.datetime) -> dt.datetime:
    """The start of the window: "30d", "12h", "2w" back from `now`, or an ISO date ("2026-11-01").

    Raises:
        ReportError: for anything else.
    """
    match = _SPAN.match(text or "")
    if match:
        hours = int(match.group(1)) * _UNIT_HOURS[match.group(2).lower()]
        if not 0 < hours <= MAX_SPAN_DAYS * 24:
            raise ReportError(f"--since must be between 1h and {MAX_SPAN_DAYS}d, not {text!r}")
        return now - dt.timedelta(hours=hours)
    try:
        moment = dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise ReportError(f"--since takes a span such as 30d, 12h or 2w, or a date such as 2026-11-01; "
                          f"not {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    if moment >= now:
        raise ReportError(f"--since {text!r} is not in the past")
    return moment


@dataclass(frozen=True)
class ReportSources:
    """Where the figures come from: Rasa's tracker store and the cases database (SQLAlchemy URLs)."""

    tracker_store_url: str
    database_url: str

    @classmethod
    def from_env(cls) -> "ReportSources":
        """TRACKER_STORE_URL and DATABASE_URL, with the same defaults as the servers."""
        from bot.serving.settings import ServingSettings
        from bot.settings import Settings

        return cls(ServingSettings.from_env().tracker_store_url, Settings.from_env().database_url)


def _engine(url: str) -> Optional[Engine]:
    """A read engine, or None for a SQLite file that does not exist (nothing recorded yet)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None
    return create_engine(url, future=True)


def _has(engine: Optional[Engine], table: str) -> bool:
    return engine is not None and inspect(engine).has_table(table)


def build_report(where: ReportSources, since: dt.datetime, until: dt.datetime,
                 encoder: Optional[Encoder] = None, top: int = 10) -> Dict[str, Any]:
    """Every figure of the report for conversations and cases between `since` and `until`.

    Args:
        where: the tracker store and the cases database.
        since: start of the window.
        until: end of the window (SLA breaches are judged at this moment).
        encoder: texts -> unit vectors for the KB-gap and suggestion themes; None skips them.
        top: how many themes of each kind.

    Returns:
        A JSON-ready dictionary (see README, "Reading the support report").
    """
    timings: Dict[str, float] = {}
    notes = []
    started = time.perf_counter()
    if hasattr(encoder, "preload"):  # the model loads while the stores are read
        encoder.preload()
    trackers, cases_db = _engine(where.tracker_store_url), _engine(where.database_url)
    try:
        if _has(trackers, "events"):
            totals = figures.count_conversations(sources.read_conversations(trackers, since, until))
        else:
            totals = figures.ConversationTotals()
            notes.append("The tracker store holds no conversations yet.")
        timings["conversations_s"] = time.perf_counter() - started
        mark = time.perf_counter()
        if _has(cases_db, "cases"):
            create_schema(cases_db)  # a database from before the report lacks its late columns
        cases = sources.read_cases(cases_db, since, until) if _has(cases_db, "cases") else []
        ratings = sources.read_ratings(cases_db, since, until) if _has(cases_db, "ratings") else []
        suggestions = sources.read_suggestions(cases_db, since, until) if _has(cases_db, "suggestions") else []
        timings["cases_s"] = time.perf_counter() - mark
    finally:
        for engine in (trackers, cases_db):
            if engine is not None:
                engine.dispose()
    mark = time.perf_counter()
    gap_texts = [gap.text for gap in totals.gaps]
    gap_kinds = [gap.kind for gap in totals.gaps]
    if encoder is not None:
        gap_themes = [t.as_dict() for t in find_themes(gap_texts, encoder, gap_kinds, top=top)]
        suggestion_themes = [t.as_dict() for t in find_themes(suggestions, encoder, top=top)]
    else:
        gap_themes, suggestion_themes = [], []
        notes.append("Themes were not computed (no embedding model).")
    timings["themes_s"] = time.perf_counter() - mark
    resolution = figures.resolution_by_level(totals, cases)
    return {
        "window": {"since": since.isoformat(), "until": until.isoformat()},
        "conversations": {"total": totals.conversations, "by_channel": figures.counts(totals.by_channel),
                          "by_language": figures.counts(totals.by_language),
                          "without_support_request": totals.by_top_level.get("none", 0)},
        "deflection": {"kb_conversations": totals.kb_conversations, "deflected": totals.deflected,
                       "rate": resolution[0]["deflection_rate"]},
        "resolution": resolution,
        "escalations": figures.escalation_rows(totals),
        "sla": figures.sla_breaches(cases, until),
        "satisfaction": figures.satisfaction_by_level(ratings),
        "ratings": {"total": len(ratings), "with_comment": sum(1 for r in ratings if r.comment)},
        "kb_gaps": {"questions": len(gap_texts), "abstained": gap_kinds.count("abstained"),
                    "unhelpful": gap_kinds.count("unhelpful"), "themes": gap_themes},
        "suggestions": {"total": len(suggestions), "themes": suggestion_themes},
        "notes": notes,
        "timings": {k: round(v, 3) for k, v in timings.items()},
    }
