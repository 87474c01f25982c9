"""`make bench-load`: this assistant under load beside a stock Rasa moodbot, same machine, same run.

    .venv/bin/python scripts/bench_load.py [--quick] [--levels 1,10,50] [--rates 5] [--rounds 3]

1. Times `rasa train` for this project (skipped with --quick or --no-train) and for the
   moodbot (`rasa init`'s project, default pipeline; cached under var/bench/moodbot/).
2. Starts both bots twice: the first start in the run (cold) and a second one right after
   (warm), each timed from the spawn to the first answer through the REST channel.
3. Closed loop at each level of concurrent conversations (no think time), ours and the
   moodbot taking turns level by level, `--rounds` times (medians reported); then open
   loop at each arrival rate with think times of 2-5 s.
4. Samples the resident memory of every process throughout.

Writes reports/bench_load.json and docs/bench_load.png (latency and throughput against
concurrency, ours beside the moodbot). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from load_generator import closed_loop, open_loop  # noqa: E402
from load_scenarios import MOODBOT, OURS  # noqa: E402
from load_targets import (MemorySampler, Moodbot, OurAssistant, load_average, machine,  # noqa: E402
                          moodbot_project, time_our_training, tree_cpu_s)

REPORT = ROOT / "reports" / "bench_load.json"
CHART = ROOT / "docs" / "bench_load.png"
MODEL = ROOT / "models" / "support-assistant.tar.gz"
#: The issue's targets (docs/BENCHMARKS.md).
MAX_P95_RATIO = 1.2
OPEN_LOOP_P95_MS = 200.0
MEMORY_LIMIT_MB = 2048.0


def median_of(runs: Sequence[Dict], key: str) -> Optional[float]:
    values = [run[key] for run in runs if run.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def closed_summary(runs: List[Dict]) -> Dict:
    """Medians over the rounds of one level, plus every round."""
    return {"msgs_per_s": median_of(runs, "msgs_per_s"), "p50_ms": median_of(runs, "p50_ms"),
            "p95_ms": median_of(runs, "p95_ms"), "p99_ms": median_of(runs, "p99_ms"),
            "errors": sum(run["errors"] for run in runs), "messages": sum(run["messages"] for run in runs),
            "cpu_ms_per_msg": {process: round(statistics.median(run["cpu_ms_per_msg"][process] for run in runs), 1)
                               for process in runs[0]["cpu_ms_per_msg"]},
            "rounds": runs}


async def warm_up(target, scripts, seconds: float) -> None:
    """A short closed-loop run that is not counted: first-use costs are paid before measuring."""
    await closed_loop(target.webhook, scripts, 4, seconds, seed=99, prefix="warmup")


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 2) if a is not None and b else None


def verdicts(report: Dict) -> Dict[str, object]:
    """The issue's targets against this run."""
    ours, mood = report["closed_loop"]["ours"], report["closed_loop"].get("moodbot", {})
    found: Dict[str, object] = {}
    at10, mood10 = ours.get("10"), mood.get("10")
    if at10 and mood10:
        found["throughput_10_ratio"] = ratio(at10["msgs_per_s"], mood10["msgs_per_s"])
        found["throughput_10_at_least_moodbot"] = at10["msgs_per_s"] >= mood10["msgs_per_s"]
        found["p95_10_ratio"] = ratio(at10["p95_ms"], mood10["p95_ms"])
        found["p95_10_within_1.2x"] = (found["p95_10_ratio"] or 99) <= MAX_P95_RATIO
    five = report["open_loop"]["ours"].get("5")
    if five:
        found["open_5_p95_ms"] = five["p95_ms"]
        found["open_5_ok"] = five["errors"] == 0 and (five["p95_ms"] or 1e9) <= OPEN_LOOP_P95_MS
    memory = report["memory_peak_mb"]["ours"]
    found["memory_rss_sum_mb"] = memory.get("total")
    found["memory_rss_sum_ok"] = memory.get("total", 1e9) <= MEMORY_LIMIT_MB
    found["memory_pss_sum_mb"] = memory.get("pss_total")
    found["memory_pss_sum_ok"] = (memory.get("pss_total") or 1e9) <= MEMORY_LIMIT_MB
    found["memory_footprint_mb"] = memory.get("footprint")
    found["memory_footprint_ok"] = (memory.get("footprint") or 1e9) <= MEMORY_LIMIT_MB
    return found


def chart(report: Dict, path: Path) -> None:
    """Latency (p50, p95) and throughput against concurrent conversations, ours beside the moodbot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    colours = {"ours": "tab:blue", "before": "tab:gray", "moodbot": "tab:orange"}
    for name, levels in report["closed_loop"].items():
        xs = sorted(int(level) for level in levels)
        for key, style in (("p50_ms", "--"), ("p95_ms", "-")):
            left.plot(xs, [levels[str(x)][key] for x in xs], style, marker="o", color=colours[name],
                      label=f"{name} {key[:3]}")
        right.plot(xs, [levels[str(x)]["msgs_per_s"] for x in xs], "-", marker="o", color=colours[name],
                   label=name)
    for axis in (left, right):
        axis.set_xscale("log")
        axis.set_xlabel("concurrent conversations (closed loop, no think time)")
        axis.grid(True, alpha=0.3)
        axis.legend()
    left.set_yscale("log")
    left.set_ylabel("reply latency (ms)")
    right.set_ylabel("messages / s")
    right.set_ylim(bottom=0)
    fig.suptitle(f"REST channel, {report['machine']['cpus']} cores, {report['date'][:10]} "
                 f"({'quick' if report['quick'] else 'full'} run; load average before "
                 f"{report['load_average_before'][0]:.1f}, after {report.get('load_average_after', [0])[0]:.1f})")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(report: Dict) -> str:
    """The tables docs/BENCHMARKS.md quotes."""
    lines = ["| bot | conversations | msgs/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
    for name, levels in report["closed_loop"].items():
        for level in sorted(levels, key=int):
            row = levels[level]
            lines.append(f"| {name} | {level} | {row['msgs_per_s']} | {row['p50_ms']} | {row['p95_ms']} | "
                         f"{row['p99_ms']} | {row['errors']}/{row['messages']} |")
    lines += ["", "| bot | offered msgs/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|"]
    for name, rates in report["open_loop"].items():
        for rate, row in rates.items():
            lines.append(f"| {name} | {row.get('offered_per_s')} (target {rate}) | {row['p50_ms']} | "
                         f"{row['p95_ms']} | {row['p99_ms']} | {row['errors']}/{row['messages']} |")
    return "\n".join(lines)


async def measure(targets: Dict[str, object], scripts: Dict[str, Sequence], levels: List[int],
                  rates: List[float], rounds: int, duration_s: float, open_s: float) -> Dict:
    closed: Dict[str, Dict[str, List[Dict]]] = {name: {str(level): [] for level in levels} for name in targets}
    for name, target in targets.items():
        await warm_up(target, scripts[name], 5.0 if duration_s < 15 else 15.0)
    for round_number in range(rounds):
        for level in levels:
            for name, target in targets.items():
                cpu_before = {process: tree_cpu_s(pid) for process, pid in target.pids().items()}
                result = await closed_loop(target.webhook, scripts[name], level, duration_s,
                                           seed=round_number + 1, prefix=f"c{round_number}-{level}")
                summary = result.summary()
                # where the work is: CPU milliseconds each process spent per answered message
                summary["cpu_ms_per_msg"] = {
                    process: round((tree_cpu_s(pid) - cpu_before[process]) * 1000 / max(1, summary["answered"]), 1)
                    for process, pid in target.pids().items()}
                closed[name][str(level)].append(summary)
                print(f"  closed {name:8s} round {round_number + 1} x{level:<3d} {summary['msgs_per_s']:6.1f} msg/s "
                      f"p50 {summary['p50_ms']} p95 {summary['p95_ms']} errors {summary['errors']} "
                      f"cpu ms/msg {summary['cpu_ms_per_msg']}", flush=True)
    opened: Dict[str, Dict[str, Dict]] = {name: {} for name in targets}
    for rate in rates:
        for name, target in targets.items():
            result = await open_loop(target.webhook, scripts[name], rate, open_s, seed=7, prefix=f"o{rate}")
            summary = result.summary()
            opened[name][f"{rate:g}"] = summary
            print(f"  open   {name:8s} {rate:g} msg/s offered {summary['offered_per_s']} p50 {summary['p50_ms']} "
                  f"p95 {summary['p95_ms']} errors {summary['errors']}", flush=True)
    return {"closed_loop": {name: {level: closed_summary(runs) for level, runs in by_level.items()}
                            for name, by_level in closed.items()},
            "open_loop": opened}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, one round, cached trainings")
    parser.add_argument("--levels", default="1,10,50", help="closed-loop concurrent conversations")
    parser.add_argument("--rates", default="5", help="open-loop arrival rates, messages/s")
    parser.add_argument("--rounds", type=int, default=None, help="closed-loop rounds (default 3; 1 with --quick)")
    parser.add_argument("--duration", type=float, default=None, help="seconds per closed-loop level (20; 8)")
    parser.add_argument("--open-duration", type=float, default=None, help="seconds of arrivals (60; 20)")
    parser.add_argument("--no-train", action="store_true", help="do not time `rasa train` of this project")
    parser.add_argument("--retrain-moodbot", action="store_true", help="train the moodbot even when cached")
    parser.add_argument("--no-moodbot", action="store_true", help="measure this assistant only")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for our servers (e.g. ACTION_THREADS=0 to compare)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                        help="also measure another copy of this project (e.g. `git archive` of the code before "
                             "a change, with its models/ and kb_index/index), as 'before', in the same run")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--chart", type=Path, default=CHART)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"No trained model at {args.model}. Run: make train", file=sys.stderr)
        return 2
    rounds = args.rounds or (1 if args.quick else 3)
    duration = args.duration or (8.0 if args.quick else 20.0)
    open_s = args.open_duration or (20.0 if args.quick else 60.0)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    rates = [float(x) for x in args.rates.split(",") if x.strip()]
    report: Dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(),
                    "command": "python scripts/bench_load.py " + " ".join(sys.argv[1:] if argv is None else argv),
                    "quick": args.quick, "rounds": rounds, "closed_duration_s": duration,
                    "open_duration_s": open_s, "think_time_s": [2.0, 5.0], "load_average_before": load_average()}
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    print(f"Working in {work}", flush=True)
    report["train_s"] = {}
    if not (args.quick or args.no_train):
        print("Timing `rasa train` of this project…", flush=True)
        report["train_s"]["ours"] = round(time_our_training(work), 1)
    extra_env = dict(item.split("=", 1) for item in args.env)
    report["our_env"] = extra_env
    targets: Dict[str, object] = {"ours": OurAssistant(args.model, work, extra_env)}
    scripts = {"ours": OURS, "before": OURS, "moodbot": MOODBOT}
    if args.baseline:
        report["baseline"] = str(args.baseline)
        targets["before"] = OurAssistant(args.baseline / "models" / "support-assistant.tar.gz", work, extra_env,
                                         root=args.baseline.resolve(), name="before")
    if not args.no_moodbot:
        print("Moodbot: `rasa train` (or the cached model)…", flush=True)
        project = moodbot_project(retrain=args.retrain_moodbot)
        report["train_s"]["moodbot"] = project["train_s"]
        report["moodbot_trained_in_this_run"] = project["trained_in_this_run"]
        targets["moodbot"] = Moodbot(project["dir"], work)
    report["startup_s"] = {name: {} for name in targets}
    samplers = {name: MemorySampler().start() for name in targets}
    try:
        for phase in ("cold", "warm"):
            for name, target in targets.items():
                seconds = target.start_until_answer()
                samplers[name].watch(target.pids())
                report["startup_s"][name][phase] = round(seconds, 1)
                print(f"  {name}: {phase} start to first answer {seconds:.1f} s", flush=True)
                if phase == "cold":
                    target.stop()
        report.update(asyncio.run(measure(targets, scripts, levels, rates, rounds, duration, open_s)))
    finally:
        for target in targets.values():
            target.stop()
        report["memory_peak_mb"] = {name: sampler.stop() for name, sampler in samplers.items()}
    report["load_average_after"] = load_average()
    report["ratios_ours_to_moodbot"] = {
        level: {"msgs_per_s": ratio(row["msgs_per_s"], report["closed_loop"]["moodbot"][level]["msgs_per_s"]),
                "p95_ms": ratio(row["p95_ms"], report["closed_loop"]["moodbot"][level]["p95_ms"])}
        for level, row in report["closed_loop"]["ours"].items()} if "moodbot" in targets else {}
    if "before" in targets:
        report["ratios_ours_to_before"] = {
            level: {"msgs_per_s": ratio(row["msgs_per_s"], report["closed_loop"]["before"][level]["msgs_per_s"]),
                    "p95_ms": ratio(row["p95_ms"], report["closed_loop"]["before"][level]["p95_ms"])}
            for level, row in report["closed_loop"]["ours"].items()}
        report["ratios_before_to_moodbot"] = {
            level: {"msgs_per_s": ratio(row["msgs_per_s"], report["closed_loop"]["moodbot"][level]["msgs_per_s"]),
                    "p95_ms": ratio(row["p95_ms"], report["closed_loop"]["moodbot"][level]["p95_ms"])}
            for level, row in report["closed_loop"]["before"].items()} if "moodbot" in targets else {}
    report["targets"] = verdicts(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    chart(report, args.chart)
    print(markdown(report))
    print(json.dumps({"startup_s": report["startup_s"], "train_s": report["train_s"],
                      "memory_peak_mb": report["memory_peak_mb"], "ratios": report["ratios_ours_to_moodbot"],
                      "ratios_ours_to_before": report.get("ratios_ours_to_before"),
                      "targets": report["targets"]}, indent=2))
    print(f"Wrote {args.out} and {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
