"""Reply time of the assistant on the conversation suite's messages: median and p95.

Trains a model and builds the index in a temporary folder, starts the Rasa and action
servers (frozen clock, fresh SQLite), plays every user turn of the given dialogue files
one conversation after another, and prints the figures as JSON. With `--baseline DIR`
(a checkout of older code, e.g. `git worktree add DIR f3e589a` with `.venv` linked), the
older code is trained and started too, and each dialogue is played on both, alternating
which goes first, so that both meet the same load on a shared machine:

    .venv/bin/python scripts/bench_replies.py tests/conversations/*.yml [--baseline DIR] [--out reports/replies.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import List

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.launcher import stop, wait_until_up  # noqa: E402
from bot.settings import PROJECT_ROOT  # noqa: E402

FROZEN_NOW = "2026-11-26T10:00:00+01:00"


def post(url: str, payload: dict) -> list:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Assistant:
    """One checkout's servers: trained, indexed and started from its own code."""

    def __init__(self, root: Path, work: Path, extra_path: str = "") -> None:
        self.root, self.work = root, work
        work.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(root), extra_path])), "DATABASE_URL": f"sqlite:///{work / 'cases.db'}",
                    "KB_INDEX_DIR": str(work / "index"), "ASSISTANT_NOW": FROZEN_NOW}
        self.processes: List[subprocess.Popen] = []
        self.url = ""
        self.latencies: List[float] = []

    def prepare(self) -> None:
        """Train the model and build the index with this checkout's own code."""
        rasa = str(Path(sys.executable).with_name("rasa"))
        subprocess.run([rasa, "train", "--data", "nlu_data", "--config", "config.yml", "--domain", "domain.yml",
                        "--out", str(self.work), "--fixed-model-name", "bench"], cwd=self.root, env=self.env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        subprocess.run([sys.executable, "-m", "bot.kb", "build", "--out", str(self.work / "index")],
                       cwd=self.root, env=self.env, check=True, capture_output=True)

    def start(self) -> bool:
        """Start the action server and the Rasa server (REST channel) from this checkout."""
        rasa = str(Path(sys.executable).with_name("rasa"))
        rasa_port, action_port = free_port(), free_port()
        endpoints = self.work / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://localhost:{action_port}/webhook"\n')
        log = lambda name: open(self.work / f"{name}.log", "w")  # noqa: E731
        self.processes = [
            subprocess.Popen([rasa, "run", "actions", "--actions", "actions", "--port", str(action_port)],
                             cwd=self.root, env=self.env, stdout=log("actions"), stderr=subprocess.STDOUT),
            subprocess.Popen([rasa, "run", "--enable-api", "--model", str(self.work / "bench.tar.gz"),
                              "--endpoints", str(endpoints), "--credentials", str(self.root / "credentials.yml"),
                              "--port", str(rasa_port)],
                             cwd=self.root, env=self.env, stdout=log("rasa"), stderr=subprocess.STDOUT)]
        self.url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        up = (wait_until_up(f"http://127.0.0.1:{action_port}/health", self.processes[0])
              and wait_until_up(f"http://127.0.0.1:{rasa_port}/status", self.processes[1]))
        if up:
            post(self.url, {"sender": "warm-up", "message": "hola"})
        return up

    def play(self, turns: List[str]) -> None:
        """One conversation, a new sender, every turn timed."""
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        for text in turns:
            started = time.perf_counter()
            post(self.url, {"sender": sender, "message": text})
            self.latencies.append(time.perf_counter() - started)

    def figures(self) -> dict:
        ordered = sorted(self.latencies)
        return {"messages": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1), "root": str(self.root)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--baseline", type=Path, help="a checkout of older code to measure beside this one")
    parser.add_argument("--baseline-extra-path", default="",
                        help="added to the baseline's PYTHONPATH: packages the older code needed that the venv "
                             "no longer has (e.g. `pip install --no-deps --target DIR dateparser==1.2.0`)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dialogues = [turns for path in args.files
                 for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
                 for turns in [[turn["user"] for turn in item["turns"] if "{case." not in turn["user"]]]]
    work = Path(tempfile.mkdtemp(prefix="bench-replies-"))
    current = Assistant(PROJECT_ROOT, work / "current")
    assistants = [current] + ([Assistant(args.baseline.resolve(), work / "baseline",
                                                args.baseline_extra_path)] if args.baseline else [])
    try:
        for assistant in assistants:
            assistant.prepare()
            if not assistant.start():
                print("servers did not start; logs in", assistant.work, file=sys.stderr)
                return 1
        for number, turns in enumerate(dialogues):
            order = assistants if number % 2 == 0 else assistants[::-1]
            for assistant in order:
                assistant.play(turns)
    finally:
        for assistant in assistants:
            stop(assistant.processes)
    result = {**current.figures(), "files": [str(p) for p in args.files],
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_average": os.getloadavg()}
    if args.baseline:
        before = assistants[1].figures()
        result["baseline"] = before
        result["median_ratio"] = round(result["median_ms"] / before["median_ms"], 2)
        result["p95_ratio"] = round(result["p95_ms"] / before["p95_ms"], 2)
    print(json.dumps(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
