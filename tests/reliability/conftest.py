"""One assistant started the way `make run` starts it (python -m bot.launcher, supervised),
on private SQLite files, for the reliability tests of this folder.

Limits are set low enough for the tests to reach them: 30 messages a minute per
conversation, 40 requests a minute per address (read from X-Forwarded-For, as behind
a proxy), 3 s for the action server to answer.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.support.assets import kb_index, trained_model
from tests.support.stack import LauncherStack, RasaEndpoint, free_port
from tests.support.telegram_standin import StandInBotApi

TELEGRAM_SECRET = "reliability-secret"
SENDER_LIMIT = 30
ADDRESS_LIMIT = 40
ACTION_TIMEOUT_S = 3


@pytest.fixture(scope="package")
def telegram_api() -> StandInBotApi:
    standin = StandInBotApi().start()
    yield standin
    standin.stop()


@pytest.fixture(scope="package")
def stack(tmp_path_factory, telegram_api: StandInBotApi) -> LauncherStack:
    """The launcher and its three servers; stopped (SIGTERM, as Ctrl-C) at the end."""
    work = tmp_path_factory.mktemp("reliability")
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
           "DATABASE_URL": f"sqlite:///{work / 'cases.db'}",
           "TRACKER_STORE_URL": f"sqlite:///{work / 'conversations.db'}",
           "RASA_AUTH_TOKEN": uuid.uuid4().hex, "ACTION_SERVER_TOKEN": uuid.uuid4().hex,
           "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "WEB_PORT": str(web_port),
           "ACTION_TIMEOUT": str(ACTION_TIMEOUT_S), "RATE_LIMIT_PER_SENDER": f"{SENDER_LIMIT}/60",
           "RATE_LIMIT_PER_ADDRESS": f"{ADDRESS_LIMIT}/60", "FORWARDED_PROXIES": "1", "RETENTION_DAYS": "0",
           "LOG_LEVEL": "DEBUG",
           "TELEGRAM_BOT_TOKEN": telegram_api.token, "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
           "TELEGRAM_API_BASE_URL": telegram_api.base_url}
    model = trained_model(env, work / "train.out")
    env["KB_INDEX_DIR"] = str(kb_index(env))
    output = open(work / "launcher.log", "w")
    launcher = subprocess.Popen([sys.executable, "-m", "bot.launcher", "--model", str(model), "--log-dir", str(work)],
                                cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    stack = LauncherStack(launcher, env, work, RasaEndpoint(f"http://127.0.0.1:{rasa_port}", env["RASA_AUTH_TOKEN"]),
                          f"http://127.0.0.1:{action_port}", f"http://127.0.0.1:{web_port}",
                          {"telegram": telegram_api, "ports": (rasa_port, action_port, web_port)})
    try:
        deadline = time.monotonic() + 400
        while "is running" not in (work / "launcher.log").read_text(errors="replace"):
            if launcher.poll() is not None or time.monotonic() > deadline:
                logs = "\n".join(f"== {name}\n{text[-2500:]}" for name, text in stack.logs().items())
                pytest.fail(f"the launcher did not start the servers:\n{logs}")
            time.sleep(1)
        yield stack
    finally:
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(60)
        except subprocess.TimeoutExpired:
            launcher.kill()
        output.close()
