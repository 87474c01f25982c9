"""Serve the chat widget, its socket.io client and a demo page from this project.

    python -m bot.web.server [--port 8080] [--rasa-url http://localhost:5005]

Everything the widget loads comes from here: widget.js, and vendor/socket.io.min.js,
which `make widget` copies from the npm package pinned in bot/web/package-lock.json.
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import List, Optional

STATIC = Path(__file__).resolve().parent / "static"
VENDOR_FILE = STATIC / "vendor" / "socket.io.min.js"


class WidgetHandler(SimpleHTTPRequestHandler):
    """Static files from bot/web/static; "/" is the demo page pointed at the Rasa server."""

    def __init__(self, *args, rasa_url: str, **kwargs) -> None:
        self.rasa_url = rasa_url
        super().__init__(*args, directory=str(STATIC), **kwargs)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.split("?")[0] in ("/", "/demo", "/demo.html"):
            page = (STATIC / "demo.html").read_text(encoding="utf-8")
            body = page.replace("{{RASA_URL}}", html.escape(self.rasa_url, quote=True)).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


def make_server(port: int, rasa_url: str, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """A server for the widget and the demo page (not started)."""
    mimetypes.add_type("text/javascript", ".js")
    return ThreadingHTTPServer((host, port), partial(WidgetHandler, rasa_url=rasa_url))


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bot.web.server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_PUBLIC_URL")
                        or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}")
    args = parser.parse_args(argv)
    if not VENDOR_FILE.exists():
        print(f"{VENDOR_FILE} is missing: run `make widget` first.", file=sys.stderr)
        return 2
    server = make_server(args.port, args.rasa_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
