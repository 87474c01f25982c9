"""Talking to running servers in reliability and scale tests: HTTP with status codes,
conversations, trackers, the server processes and their logs."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import psutil

from bot.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url: str, payload: Any = None, method: Optional[str] = None, headers: Optional[Dict[str, str]] = None,
            raw: Optional[bytes] = None, timeout: float = 90) -> Tuple[int, Any, Dict[str, str]]:
    """(status, JSON body or text, headers); HTTP errors are returned, not raised."""
    data = raw if raw is not None else (json.dumps(payload).encode() if payload is not None else None)
    sent = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(url, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, body, got = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, body, got = error.code, error.read(), dict(error.headers)
    try:
        return status, json.loads(body or b"null"), got
    except ValueError:
        return status, body.decode("utf-8", "replace"), got


@dataclass
class RasaEndpoint:
    """One Rasa server: its webhook and its (token-protected) API."""

    base_url: str
    token: str

    def say(self, sender: str, text: Optional[str], **extra: Any) -> List[Dict[str, Any]]:
        payload = {"sender": sender, **extra}
        if text is not None:
            payload["message"] = text
        status, body, _ = request(f"{self.base_url}/webhooks/rest/webhook", payload)
        assert status == 200, (status, body)
        return body

    def texts(self, sender: str, text: Optional[str]) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(sender, text))

    def tracker(self, sender: str) -> Dict[str, Any]:
        status, body, _ = request(f"{self.base_url}/conversations/{sender}/tracker?token={self.token}")
        assert status == 200, (status, body)
        return body

    def up(self) -> bool:
        try:
            return request(f"{self.base_url}/status?token={self.token}", timeout=3)[0] == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_up(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not self.up():
            assert time.monotonic() < deadline, f"{self.base_url} did not come up"
            time.sleep(1)


def user_texts(tracker: Dict[str, Any]) -> List[str]:
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def cases(env: Dict[str, str]) -> List[Dict[str, Any]]:
    """Every case, through the contract's command line."""
    output = subprocess.run([sys.executable, "-m", "bot.cases", "list", "--json"], env=env, cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def new_sender(prefix: str = "rel") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class LauncherStack:
    """`python -m bot.launcher` running in a subprocess, with its servers' logs in `work`."""

    launcher: subprocess.Popen
    env: Dict[str, str]
    work: Path
    rasa: RasaEndpoint
    action_url: str
    web_url: str
    extra: Dict[str, Any] = field(default_factory=dict)

    def child(self, module: str) -> psutil.Process:
        """The running server process started with `python -m MODULE`."""
        for process in psutil.Process(self.launcher.pid).children(recursive=True):
            try:
                if module in " ".join(process.cmdline()):
                    return process
            except psutil.NoSuchProcess:
                continue
        raise LookupError(module)

    def wait_for_child(self, module: str, old_pid: Optional[int] = None, timeout: float = 60) -> psutil.Process:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                process = self.child(module)
                if process.pid != old_pid:
                    return process
            except LookupError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{module} was not restarted")

    def wait_actions_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if request(f"{self.action_url}/health", timeout=2)[0] == 200:
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise AssertionError("the action server did not come back")

    def logs(self) -> Dict[str, str]:
        return {path.name: path.read_text(errors="replace") for path in self.work.glob("*.log")}
