"""A local stand-in for the Telegram Bot API: records calls, answers like Telegram.

python-telegram-bot is pointed at it with `base_url`; nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs


class StandInBotApi:
    """Serves /bot<token>/<method> on 127.0.0.1 and keeps every call it received."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.calls: List[Dict[str, Any]] = []
        self.updates: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._next_message_id = 1000
        handler = self._handler_class()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def start(self) -> "StandInBotApi":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def calls_to(self, method: str, chat_id: Optional[int] = None) -> List[Dict[str, Any]]:
        with self._lock:
            return [c for c in self.calls if c["method"] == method
                    and (chat_id is None or str(c["params"].get("chat_id")) == str(chat_id))]

    def wait_for(self, method: str, chat_id: Optional[int] = None, count: int = 1, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method, chat_id)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.calls_to(method, chat_id)

    def _answer(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": 42, "is_bot": True, "first_name": "Soporte", "username": "soporte_test_bot"}
        if method == "sendMessage":
            self._next_message_id += 1
            return {"message_id": self._next_message_id, "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", "")}
        if method == "getUpdates":
            with self._lock:
                pending, self.updates = self.updates, []
            if not pending:
                time.sleep(0.2)
            return pending
        return True

    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(body).items()}
                prefix = f"/bot{standin.token}/"
                if not self.path.startswith(prefix):
                    self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                method = self.path[len(prefix):]
                with standin._lock:
                    standin.calls.append({"method": method, "params": params})
                self._send(200, {"ok": True, "result": standin._answer(method, params)})

            def _send(self, status: int, payload: Dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
