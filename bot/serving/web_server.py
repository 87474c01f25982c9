"""Serve the widget and its demo page on BIND_HOST (127.0.0.1 unless told otherwise).

    python -m bot.serving.web_server --port 8080 --rasa-url http://localhost:5005

bot.web.server.main listens on every interface; this entry point gives its
`make_server` the launcher's bind address instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from bot.serving import log_privacy


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until stopped."""
    from bot.web.server import VENDOR_FILE, make_server

    parser = argparse.ArgumentParser(prog="python -m bot.serving.web_server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("BIND_HOST", "127.0.0.1"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_PUBLIC_URL")
                        or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}")
    args = parser.parse_args(argv)
    log_privacy.install()
    if not VENDOR_FILE.exists():
        print(f"{VENDOR_FILE} is missing: run `make widget` first.", file=sys.stderr)
        return 2
    server = make_server(args.port, args.rasa_url, host=args.host)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
