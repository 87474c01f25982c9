"""The support report on the desk: computed on request from the stores (never copied), kept a minute.

A report reads every conversation of the window and embeds the unanswered questions, which
takes seconds, so one result per window is kept for `CACHE_S` and computed off the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import threading
import time
from typing import Any, Callable, Dict, Optional, Tuple

from bot.report.build import ReportSources, build_report, parse_since
from bot.report.gaps import Encoder

CACHE_S = 60.0
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DeskReports:
    """Builds (and briefly keeps) the report for the desk's page and API."""

    def __init__(self, where: ReportSources, encoder: Optional[Encoder], clock: Clock = _utc_now,
                 cache_s: float = CACHE_S) -> None:
        self.where, self.encoder, self.clock, self.cache_s = where, encoder, clock, cache_s
        self._cache: Dict[str, Tuple[float, Dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def report(self, since_text: str) -> Dict[str, Any]:
        """The report for `since_text` ("30d"…); raises ReportError for a bad window."""
        until = self.clock()
        since = parse_since(since_text, until)
        key = since_text.strip().lower()
        with self._lock:
            kept = self._cache.get(key)
            if kept and time.monotonic() - kept[0] < self.cache_s:
                return kept[1]
            report = build_report(self.where, since, until, encoder=self.encoder)
            self._cache[key] = (time.monotonic(), report)
            return report

    async def report_async(self, since_text: str) -> Dict[str, Any]:
        """`report` on a worker thread (the event loop keeps serving the inbox)."""
        return await asyncio.get_running_loop().run_in_executor(None, self.report, since_text)


def chart_images(report: Dict[str, Any]) -> Dict[str, str]:
    """The report's charts as data: URLs for <img> (the desk's CSP allows data: images)."""
    from bot.report.charts import render_charts

    return {name: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            for name, png in render_charts(report).items()}
