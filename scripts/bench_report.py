"""How long `python -m bot.report --since 30d` takes over a month of 10,000 conversations.

Generates the month (tests/support/report_month.py, questions varied as people write them),
writes it into a fresh SQLite tracker store (the rows Rasa's SQLTrackerStore writes) and cases
database, then runs the CLI as a separate process RUNS times, end to end (Python start-up,
the model load, reading, clustering, charts). Prints a Markdown table and writes
reports/bench_report.json. Target: under 30 s.

    .venv/bin/python scripts/bench_report.py [--conversations 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.report_month import (PLANTED_TOPIC, generate_month, write_cases_db,  # noqa: E402
                                        write_trackers_in_bulk)


def main() -> int:
    """Generate, store, time the CLI, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        month = generate_month(args.conversations, seed=2026, vary=True)
        write_trackers_in_bulk(month, work / "conversations.db")
        write_cases_db(month, f"sqlite:///{work / 'cases.db'}")
        prepared_s = time.perf_counter() - started
        events = sum(len(events) for _, events in month.conversations)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_STORE_URL": f"sqlite:///{work / 'conversations.db'}",
               "DATABASE_URL": f"sqlite:///{work / 'cases.db'}", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        command = [sys.executable, "-m", "bot.report", "--since", "30d", "--until", month.end.isoformat(),
                   "--out", str(work / "out")]
        walls, cpus, loads, timings = [], [], [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            tick = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls.append(time.perf_counter() - tick)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU time used by the report process: what the shared machine's load does not inflate
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            loads.append(os.getloadavg()[0])
            report = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
            timings.append(report["timings"])
    distinct = len({text.lower() for text, _ in month.expected.gap_questions})
    planted_theme = next((t for t in report["kb_gaps"]["themes"]
                          if any(p.lower() in t["examples"][0].lower() for p in PLANTED_TOPIC)), None)
    result = {
        "date": dt.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                                                        f"Python {platform.python_version()}",
        "conversations": args.conversations, "tracker_events": events, "cases": len(month.cases),
        "gap_questions": len(month.expected.gap_questions), "distinct_gap_texts": distinct,
        "planted_questions": len(month.expected.planted),
        "planted_theme_size": planted_theme["size"] if planted_theme else None,
        "prepare_s": round(prepared_s, 1), "runs_s": [round(w, 2) for w in walls],
        "median_s": round(statistics.median(walls), 2),
        "cpu_s": [round(c, 1) for c in cpus], "median_cpu_s": round(statistics.median(cpus), 1),
        "load_average_1min_after_each_run": [round(x, 1) for x in loads],
        "median_parts_s": {key: round(statistics.median(t[key] for t in timings), 2) for key in timings[0]},
        "report_matches_generator": report["conversations"]["total"] == args.conversations
        and report["deflection"]["deflected"] == month.expected.deflected,
    }
    out = ROOT / "reports" / "bench_report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"\n| conversations | tracker events | distinct gap texts | median wall (s) | runs (s) |\n|---|---|---|---|---|\n"
          f"| {args.conversations:,} | {events:,} | {distinct} | {result['median_s']} | "
          f"{', '.join(map(str, result['runs_s']))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
