"""How long an agent's reply takes to reach the customer's widget.

Starts the real servers (Rasa with its API token, the action server, the web server
with the desk) on free ports with a fresh SQLite database, creates an agent, and
plays a customer with a socket.io client: the same channel and events the widget
uses. The customer asks for a person; the agent signs in, claims the conversation
and sends N replies through the desk's JSON API. Each latency runs from just before
the agent's POST to the moment the customer's socket receives the text.

    .venv/bin/python scripts/bench_desk_latency.py [--model models/support-assistant.tar.gz] [--replies 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.launcher import start_servers, stop, wait_until_up  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Customer:
    """A widget-like socket.io client that records when each bot message arrives."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id = secrets.token_hex(16)
        self.arrivals: List[tuple] = []
        self.confirmed = asyncio.Event()
        self.changed = asyncio.Event()
        self.client.on("session_confirm", self._confirmed)
        self.client.on("bot_uttered", self._received)

    async def _confirmed(self, _data) -> None:
        self.confirmed.set()

    async def _received(self, data: Dict) -> None:
        self.arrivals.append((time.perf_counter(), data))
        self.changed.set()

    async def connect(self) -> None:
        await self.client.connect(self.rasa_url, transports=["websocket"])
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self.confirmed.wait(), 30)

    async def say(self, text: str) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def wait_for(self, predicate, timeout: float = 30.0) -> float:
        """The arrival time of the first message matching `predicate`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for moment, data in self.arrivals:
                if predicate(data):
                    return moment
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
        seen = [data.get("text") or data.get("handoff") for _, data in self.arrivals][-5:]
        raise TimeoutError(f"the customer never received the expected message; last ones: {seen}")


async def run(web_url: str, rasa_url: str, replies: int) -> Dict[str, List[float]]:
    customer = Customer(rasa_url)
    await customer.connect()
    try:
        return await play(customer, web_url, replies)
    finally:
        await customer.client.disconnect()


async def play(customer: Customer, web_url: str, replies: int) -> Dict[str, List[float]]:
    """The agent's side: sign in, claim, reply `replies` times, release."""
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{web_url}/desk/api/login", json={"email": EMAIL, "password": PASSWORD}) as response:
            login = await response.json()
            cookie = response.cookies["desk_session"].value
        headers = {"Cookie": f"desk_session={cookie}", "X-CSRF-Token": login["csrf_token"]}

        async def desk(path: str, payload: Dict) -> None:
            async with http.post(f"{web_url}/desk/api/{path}", json=payload, headers=headers) as answer:
                if answer.status != 200:
                    raise RuntimeError(f"{path}: HTTP {answer.status} {await answer.text()}")

        await desk("availability", {"available": True})
        await customer.say("quiero hablar con una persona")
        await customer.wait_for(lambda d: d.get("handoff") == "waiting")
        conversation = f"conversations/{customer.session_id}"
        await desk(f"{conversation}/claim", {})
        await customer.wait_for(lambda d: d.get("handoff") == "joined")
        to_widget, round_trip = [], []
        for number in range(replies):
            text = f"Respuesta de prueba número {number}"
            started = time.perf_counter()
            await desk(f"{conversation}/reply", {"text": text})
            answered = time.perf_counter()
            arrived = await customer.wait_for(lambda d, t=text: d.get("text") == t)
            to_widget.append((arrived - started) * 1000)
            round_trip.append((answered - started) * 1000)
            await asyncio.sleep(0.2)
        await desk(f"{conversation}/release", {})
        await desk("availability", {"available": False})
    return {"to_widget": to_widget, "round_trip": round_trip}


def describe(values: List[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(round(0.9 * (len(ordered) - 1)))]
    return (f"median {statistics.median(ordered):.0f} ms, p90 {p90:.0f} ms, "
            f"min {ordered[0]:.0f} ms, max {ordered[-1]:.0f} ms (n={len(ordered)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "support-assistant.tar.gz")
    parser.add_argument("--replies", type=int, default=50)
    args = parser.parse_args()
    if not args.model.exists():
        print(f"No model at {args.model}: run `make train` or pass --model.", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    token = secrets.token_urlsafe(24)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'cases.db'}", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "bot.desk", "add-agent", "--email", EMAIL, "--password", PASSWORD],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    processes = start_servers(rasa_port, action_port, args.model, auth_token=token, log_dir=work, env=env,
                              web_port=web_port)
    try:
        if not (wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0])
                and wait_until_up(f"http://127.0.0.1:{rasa_port}/status?token={token}", processes[1])
                and wait_until_up(f"http://127.0.0.1:{web_port}/widget.js", processes[2])):
            print(f"The servers did not start; see the logs in {work}", file=sys.stderr)
            return 1
        results = asyncio.run(run(f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{rasa_port}", args.replies))
    except TimeoutError:
        codes = {name: process.poll() for name, process in zip(("actions", "rasa", "web"), processes)}
        print(f"Exit codes of the servers (None: running): {codes}; logs in {work}", file=sys.stderr)
        raise
    finally:
        stop(processes)
    print("agent reply -> customer's socket.io:", describe(results["to_widget"]))
    print("desk reply request (POST round trip):", describe(results["round_trip"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
