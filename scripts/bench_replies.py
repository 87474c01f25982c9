"""Reply time of the assistant on the conversation suite's messages: median and p95.

Trains a model and builds the index in a temporary folder, starts the Rasa and action
servers (frozen clock, fresh SQLite), plays every user turn of the given dialogue files
one conversation after another, and prints the figures as JSON. Used to compare a
change with the code before it on the same machine in the same hour:

    .venv/bin/python scripts/bench_replies.py tests/conversations/*.yml [--out reports/replies.json]
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

from bot.launcher import start_servers, stop, wait_until_up  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dialogues = [turns for path in args.files
                 for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
                 for turns in [[turn["user"] for turn in item["turns"] if "{case." not in turn["user"]]]]
    work = Path(tempfile.mkdtemp(prefix="bench-replies-"))
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1",
           "DATABASE_URL": f"sqlite:///{work / 'cases.db'}", "KB_INDEX_DIR": str(work / "index"),
           "ASSISTANT_NOW": FROZEN_NOW}
    rasa = str(Path(sys.executable).with_name("rasa"))
    subprocess.run([rasa, "train", "--data", "nlu_data", "--config", "config.yml", "--domain", "domain.yml",
                    "--out", str(work), "--fixed-model-name", "bench"], cwd=PROJECT_ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    subprocess.run([sys.executable, "-m", "bot.kb", "build", "--out", str(work / "index"), "--quiet"],
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    rasa_port, action_port = free_port(), free_port()
    token = os.environ.get("RASA_AUTH_TOKEN")
    processes = start_servers(rasa_port, action_port, work / "bench.tar.gz", log_dir=work, env=env)
    latencies: List[float] = []
    try:
        base = f"http://127.0.0.1:{rasa_port}"
        if not (wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0])
                and wait_until_up(f"{base}/status" + (f"?token={token}" if token else ""), processes[1])):
            print("servers did not start; logs in", work, file=sys.stderr)
            return 1
        post(f"{base}/webhooks/rest/webhook", {"sender": "warm-up", "message": "hola"})
        for turns in dialogues:
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            for text in turns:
                started = time.perf_counter()
                post(f"{base}/webhooks/rest/webhook", {"sender": sender, "message": text})
                latencies.append(time.perf_counter() - started)
    finally:
        stop(processes)
    ordered = sorted(latencies)
    result = {"messages": len(latencies), "median_ms": round(statistics.median(latencies) * 1000, 1),
              "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
              "files": [str(p) for p in args.files]}
    print(json.dumps(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
