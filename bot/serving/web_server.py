"""Serve the widget, its demo page and the agent desk on BIND_HOST (127.0.0.1 unless told otherwise),
with personal data masked in everything the process logs.

    python -m bot.serving.web_server --port 8080 --rasa-url http://localhost:5005 [--rasa-api-url …]
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

from bot.serving import log_privacy


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until stopped (bot.web.server does the work)."""
    from bot.web.server import main as serve

    args = list(sys.argv[1:] if argv is None else argv)
    if "--host" not in args:
        args += ["--host", os.environ.get("BIND_HOST", "127.0.0.1")]
    log_privacy.install()
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
