"""A small client of the agent desk's JSON API (CONTRACTS.md section 4), and an agent on duty.

The desk tests drive it step by step; the conversation runners use `agent_on_duty` for a
dialogue that says `given: {agent_available: true}`.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any, Dict, Iterator, Optional, Tuple

from bot.settings import PROJECT_ROOT

PASSWORD = "desk-e2e-password"
#: The agent a dialogue's `given.agent_available` signs in (kept apart from the desk tests' agents).
DUTY_AGENT = ("duty@example.com", "Dani")


class DeskClient:
    """One signed-in agent: the session cookie and the CSRF token, as a script would keep them."""

    def __init__(self, web_url: str) -> None:
        self.web_url = web_url
        self.cookie: Optional[str] = None
        self.csrf: Optional[str] = None

    def call(self, method: str, path: str, payload: Optional[dict] = None, csrf: bool = True,
             cookie: bool = True) -> Tuple[int, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if cookie and self.cookie:
            headers["Cookie"] = self.cookie
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        data = json.dumps(payload if payload is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.web_url + "/desk/api/" + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                body = response.read()
                if response.headers.get("Set-Cookie", "").startswith("desk_session="):
                    self.cookie = response.headers["Set-Cookie"].split(";", 1)[0]
                return response.status, json.loads(body) if body else None
        except urllib.error.HTTPError as error:
            body = error.read()
            return error.code, json.loads(body) if body else None

    def login(self, email: str, password: str = PASSWORD) -> "DeskClient":
        status, data = self.call("POST", "login", {"email": email, "password": password})
        assert status == 200, data
        self.csrf = data["csrf_token"]
        return self

    def ok(self, method: str, path: str, payload: Optional[dict] = None) -> Any:
        status, data = self.call(method, path, payload)
        assert status == 200, (path, status, data)
        return data

    def queue_item(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        return next((i for i in self.ok("GET", "queue") if i["conversation_id"] == conversation_id), None)

    def leave(self) -> None:
        """Away, then signed out: other tests meet "no agent available" again."""
        self.call("POST", "availability", {"available": False})
        self.call("POST", "logout", {})


def add_agent(env: Dict[str, str], email: str, name: str, password: str = PASSWORD) -> None:
    """Create an agent (or reset its password) with the command the README gives."""
    done = subprocess.run([sys.executable, "-m", "bot.desk", "add-agent", "--email", email, "--password",
                           password, "--name", name], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@contextlib.contextmanager
def agent_on_duty(assistant, wanted: bool = True) -> Iterator[Optional[DeskClient]]:
    """An available agent signed in at the desk for the block, when `wanted` (a dialogue's
    `given.agent_available`); nothing otherwise."""
    if not wanted:
        yield None
        return
    add_agent(assistant.env, *DUTY_AGENT)
    client = DeskClient(assistant.web_url).login(DUTY_AGENT[0])
    client.ok("POST", "availability", {"available": True})
    try:
        yield client
    finally:
        client.leave()
