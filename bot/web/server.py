"""The project's web server: the chat widget, its demo page, and the agent desk under /desk/.

    python -m bot.web.server [--host 127.0.0.1] [--port 8080] [--rasa-url http://localhost:5005]
                             [--rasa-api-url http://127.0.0.1:5005] [--no-desk]

Everything the widget loads comes from here: widget.js, and vendor/socket.io.min.js,
which `make widget` copies from the npm package pinned in bot/web/package-lock.json.
`--rasa-url` is the Rasa address browsers use (the widget's socket.io); the desk talks
to Rasa's HTTP API at `--rasa-api-url` with the token from RASA_AUTH_TOKEN or
var/rasa_token. It binds 127.0.0.1 unless `--host` says otherwise.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import sys
from pathlib import Path
from typing import List, Optional

from aiohttp import web

STATIC = Path(__file__).resolve().parent / "static"
VENDOR_FILE = STATIC / "vendor" / "socket.io.min.js"
DEMO_PATHS = ("/", "/demo", "/demo.html")
RASA_URL = web.AppKey("rasa_url", str)


@web.middleware
async def widget_headers(request: web.Request, handler) -> web.StreamResponse:
    """The widget's files may change with each release: revalidate, never sniff."""
    response = await handler(request)
    if not request.path.startswith("/desk") and not response.prepared:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


async def demo_page(request: web.Request) -> web.Response:
    """The demo page with the widget pointed at the Rasa server."""
    page = (STATIC / "demo.html").read_text(encoding="utf-8")
    body = page.replace("{{RASA_URL}}", html.escape(request.app[RASA_URL], quote=True))
    return web.Response(text=body, content_type="text/html", charset="utf-8")


async def static_file(request: web.Request) -> web.StreamResponse:
    """A file under bot/web/static (widget.js, vendor/…); nothing outside it."""
    relative = request.match_info["path"]
    target = (STATIC / relative).resolve()
    if STATIC not in target.parents or not target.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(target)


def make_app(rasa_url: str, desk_config=None) -> web.Application:
    """The widget's files and demo page, plus the desk under /desk/ when `desk_config` is given."""
    app = web.Application(middlewares=[widget_headers])
    app[RASA_URL] = rasa_url
    for path in DEMO_PATHS:
        app.router.add_get(path, demo_page)
    if desk_config is not None:
        from bot.desk.web import add_desk

        add_desk(app, desk_config)
    app.router.add_get("/{path:.+}", static_file)
    return app


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until interrupted."""
    from bot.settings import Settings, rasa_auth_token

    rasa_port = os.environ.get("RASA_PORT", "5005")
    parser = argparse.ArgumentParser(prog="python -m bot.web.server")
    parser.add_argument("--host", default=os.environ.get("BIND_HOST", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_PUBLIC_URL") or f"http://localhost:{rasa_port}",
                        help="the Rasa address browsers connect to (the widget's socket.io)")
    parser.add_argument("--rasa-api-url", default=os.environ.get("RASA_API_URL") or f"http://127.0.0.1:{rasa_port}",
                        help="the Rasa HTTP API the desk uses")
    parser.add_argument("--no-desk", action="store_true", help="serve the widget only")
    parser.add_argument("--return-after", type=float, default=float(os.environ.get("DESK_RETURN_AFTER_S", "60")),
                        help="seconds a queued conversation waits with no agent available before the bot "
                             "takes it back and offers a ticket (default 60)")
    args = parser.parse_args(argv)
    if not VENDOR_FILE.exists():
        print(f"{VENDOR_FILE} is missing: run `make widget` first.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    desk_config = None
    if not args.no_desk:
        from bot.desk.web import DeskConfig

        desk_config = DeskConfig(rasa_api_url=args.rasa_api_url, rasa_token=rasa_auth_token(),
                                 settings=Settings.from_env(), return_after=args.return_after)
    web.run_app(make_app(args.rasa_url, desk_config), host=args.host, port=args.port, print=None,
                access_log=None, shutdown_timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
