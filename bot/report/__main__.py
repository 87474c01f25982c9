"""python -m bot.report --since 30d: the support report in the terminal, with charts and JSON on disk.

Works without any server running: it reads the tracker store (TRACKER_STORE_URL) and the
cases database (DATABASE_URL) directly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import List, Optional

from bot.report.build import ReportError, ReportSources, build_report, parse_since
from bot.settings import PROJECT_ROOT


def main(argv: Optional[List[str]] = None) -> int:
    """Build the report, print it and write report.json and the PNG charts to --out."""
    parser = argparse.ArgumentParser(prog="python -m bot.report", description=__doc__.splitlines()[0])
    parser.add_argument("--since", default="30d", help="30d, 12h, 2w or a date (2026-11-01); default 30d")
    parser.add_argument("--until", default=None, help="end of the window (ISO date/time); default now")
    parser.add_argument("--out", type=Path, default=None, help="folder for report.json and the charts "
                        "(default reports/support-report)")
    parser.add_argument("--json", action="store_true", help="print the JSON instead of the text")
    parser.add_argument("--no-charts", action="store_true", help="do not draw the PNG charts")
    parser.add_argument("--no-themes", action="store_true", help="skip the KB-gap and suggestion themes "
                        "(no embedding model is loaded)")
    parser.add_argument("--top", type=int, default=10, help="themes to list (default 10)")
    args = parser.parse_args(argv)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        until = now if args.until is None else _moment(args.until)
        since = parse_since(args.since, until)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    encoder = None
    if not args.no_themes:
        from bot.report.gaps import model_encoder
        from bot.settings import Settings

        settings = Settings.from_env()
        encoder = model_encoder(settings.embedding_model, settings.query_prefix)
    report = build_report(ReportSources.from_env(), since, until, encoder=encoder, top=max(1, args.top))
    out = args.out or PROJECT_ROOT / "reports" / "support-report"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    written = []
    if not args.no_charts:
        from bot.report.charts import available, render_charts

        if not available():
            print("note: matplotlib is not installed; no charts drawn", file=sys.stderr)
        for name, png in render_charts(report).items():
            path = out / f"{name}.png"
            path.write_bytes(png)
            written.append(path.name)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from bot.report.text import as_text

        print(as_text(report), end="")
        print(f"\nWritten to {out}: report.json" + (", " + ", ".join(written) if written else ""))
    return 0


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ReportError(f"--until takes a date or date and time such as 2026-11-30T18:00, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    sys.exit(main())
