"""End-to-end fixtures: train once per run, start the real Rasa server and action server.

Everything runs on loopback with a fresh SQLite database and a freshly built index
in a temporary folder, so a developer's `make run` and var/ are never touched.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from bot.launcher import start_servers, stop, wait_until_up
from bot.settings import PROJECT_ROOT
from tests.support.assets import kb_index, trained_model
from tests.support.dialogues import routes_after_last_user
from tests.support.telegram_standin import StandInBotApi

TELEGRAM_SECRET = "e2e-webhook-secret"
#: The servers' frozen clock: Thursday 26 November 2026, 10:00 in Madrid (tests/conversations/README.md).
E2E_NOW = "2026-11-26T10:00:00+01:00"



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(url: str, payload: Optional[dict] = None, timeout: float = 90) -> Any:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


@dataclass
class Assistant:
    """The running servers and what the tests need to reach them."""

    base_url: str
    env: Dict[str, str]
    work_dir: Path
    telegram: StandInBotApi
    web_url: str

    def conversation(self) -> "Conversation":
        return Conversation(self, f"e2e-{uuid.uuid4().hex[:12]}")

    def case_service(self):
        """The cases service on the servers' database, with their frozen clock."""
        from bot.cases import build_case_service
        from bot.settings import Settings

        base = Settings.from_env()
        return build_case_service(Settings(
            database_url=self.env["DATABASE_URL"], kb_articles_dir=base.kb_articles_dir,
            kb_index_dir=base.kb_index_dir, embedding_model=base.embedding_model, query_prefix=base.query_prefix,
            passage_prefix=base.passage_prefix, business_hours_file=base.business_hours_file,
            frozen_now=self.env["ASSISTANT_NOW"]))

    @property
    def token(self) -> str:
        """The API token the servers run with (as in production, CONTRACTS.md section 1)."""
        return self.env["RASA_AUTH_TOKEN"]

    def tracker(self, sender: str) -> Dict[str, Any]:
        """A conversation's tracker through the HTTP API (which needs the token)."""
        return http_json(f"{self.base_url}/conversations/{sender}/tracker?token={self.token}")

    def cases(self) -> List[Dict[str, Any]]:
        """Every case, read through the contract's command line."""
        output = subprocess.run([sys.executable, "-m", "bot.cases", "list", "--json"], env=self.env,
                                cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
        return json.loads(output)


class Conversation:
    """One sender talking to the REST channel."""

    def __init__(self, assistant: Assistant, sender: str) -> None:
        self.assistant = assistant
        self.sender = sender

    def say(self, text: Optional[str]) -> List[Dict[str, Any]]:
        """Send one message; return the bot's replies."""
        payload = {"sender": self.sender}
        if text is not None:
            payload["message"] = text
        return http_json(f"{self.assistant.base_url}/webhooks/rest/webhook", payload)

    def texts(self, text: Optional[str]) -> str:
        """Send one message; return the replies' texts joined by newlines."""
        return "\n".join(reply.get("text", "") for reply in self.say(text))

    def tracker(self) -> Dict[str, Any]:
        return self.assistant.tracker(self.sender)

    def slot(self, name: str) -> Any:
        return self.tracker()["slots"].get(name)

    def active_loop(self) -> Optional[str]:
        return (self.tracker().get("active_loop") or {}).get("name")

    def routes(self) -> List[str]:
        """The contract routes shown by the events after the latest user message."""
        return routes_after_last_user(self.tracker()["events"])


@pytest.fixture(scope="session")
def telegram_api() -> StandInBotApi:
    """The local stand-in for Telegram's Bot API that the servers' Telegram channel talks to."""
    standin = StandInBotApi().start()
    yield standin
    standin.stop()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, telegram_api: StandInBotApi) -> Assistant:
    """Train once, build the index once, start both servers; stop them at the end."""
    work = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
           "DATABASE_URL": f"sqlite:///{work / 'cases.db'}", "TRACKER_STORE_URL": f"sqlite:///{work / 'conversations.db'}",
           "RASA_AUTH_TOKEN": uuid.uuid4().hex, "RATE_LIMIT_PER_SENDER": "off",
           "TELEGRAM_BOT_TOKEN": telegram_api.token, "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
           "TELEGRAM_API_BASE_URL": telegram_api.base_url, "ASSISTANT_NOW": E2E_NOW,
           "DESK_RETURN_AFTER_S": "4"}
    model = trained_model(env, work / "train.log")
    env["KB_INDEX_DIR"] = str(kb_index(env))
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    processes = start_servers(rasa_port, action_port, model, log_dir=work, env=env, web_port=web_port)
    base = f"http://127.0.0.1:{rasa_port}"
    try:
        ready = (wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0])
                 and wait_until_up(f"{base}/status?token={env['RASA_AUTH_TOKEN']}", processes[1])
                 and wait_until_up(f"http://127.0.0.1:{web_port}/widget.js", processes[2]))
        if not ready:
            logs = "\n".join((work / f"{name}.log").read_text()[-3000:] for name in ("actions", "rasa", "web"))
            pytest.fail(f"servers did not start:\n{logs}")
        yield Assistant(base, env, work, telegram_api, f"http://127.0.0.1:{web_port}")
    finally:
        stop(processes)
