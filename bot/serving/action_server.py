"""Start the rasa-sdk action server so that only the Rasa server can use it.

    python -m bot.serving.action_server [--port 5055]

rasa-sdk's own server (rasa_sdk.endpoint.create_app) listens on every interface, lets
any caller run any action (a forged e-mail address could open a ticket), answers any
origin, and echoes the whole tracker back in its error responses. Here it:
- listens on 127.0.0.1 unless ACTION_BIND_HOST says otherwise;
- requires ACTION_SERVER_TOKEN in the X-Action-Token header of every call but /health
  (the launcher makes one per run and gives it to both servers);
- sends no CORS headers (browsers never call it) and no tracker back on errors;
- loads the knowledge base before it reports healthy, so a first question is not slow;
- runs each action on a worker thread (bot.serving.action_threads), so a search or a
  database write does not hold up the other customers' calls;
- embeds the Rasa server's messages (POST /embed, bot.embedding_service), so only this
  process holds the sentence-embedding model;
- masks personal data in its logs.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
import sys
from typing import List, Optional

from bot.embedding_service import EMBED_PATH
from bot.embeddings import skip_gpu_compiler
from bot.serving import log_privacy

skip_gpu_compiler()  # before Rasa or the actions import torch (docs/BENCHMARKS.md, memory)

logger = logging.getLogger(__name__)

OPEN_PATHS = ("/health",)


def build_app(token: Optional[str], warm_up: bool = True, threads: Optional[int] = None):
    """rasa-sdk's app for the `actions` package, behind the shared secret; actions run on
    `threads` worker threads (default: ACTION_THREADS, else 4; 0: on the event loop)."""
    from rasa_sdk.endpoint import create_app
    from sanic import response

    from bot.serving import action_threads
    from bot.serving.endpoints import ACTION_TOKEN_HEADER

    pool = action_threads.install(action_threads.threads_setting() if threads is None else threads)
    app = create_app("actions", cors_origins=None, auto_reload=False)
    app.add_route(embedding_route(pool), EMBED_PATH, methods=["POST"], name="embed")

    @app.middleware("request")
    async def require_token(request):
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(ACTION_TOKEN_HEADER, "")
        if token and not hmac.compare_digest(given.encode(), token.encode()):
            return response.json({"error": "not authorised"}, status=401)
        return None

    @app.exception(Exception)
    async def failed(request, exception: Exception):
        logger.error("Action failed: %s", exception.__class__.__name__, exc_info=exception)
        return response.json({"error": exception.__class__.__name__}, status=500)

    if warm_up:
        @app.listener("before_server_start")
        async def load_services(_app, _loop) -> None:
            from actions import services

            try:
                services.knowledge_base()
            except Exception as exc:  # the KB actions will say so; cases still work
                logger.error("Knowledge base not loaded at start: %s", exc.__class__.__name__)
            try:
                services.case_service()
            except Exception as exc:
                logger.error("Cases store not reachable at start: %s", exc.__class__.__name__)

    return app


def embedding_route(pool):
    """POST /embed: the Rasa server's NLU asks for its messages' vectors (bot.embedding_service).

    The vectors are encoded on `pool` (the actions' threads) through `bot.embeddings.encode`,
    whose query cache then already holds the message when the turn's search asks for it."""
    import asyncio

    from sanic import response

    from bot.embedding_service import pack, texts_of
    from bot.embeddings import encode, load_model
    from bot.settings import Settings

    model_name = Settings.from_env().embedding_model

    def embed(texts):
        return encode(load_model(model_name), texts)

    async def handler(request):
        try:
            body = json.loads(request.body or b"null")
            texts = texts_of(body)
        except ValueError as exc:
            return response.json({"error": str(exc)}, status=400)
        if body.get("model", model_name) != model_name:
            return response.json({"error": f"this server embeds with {model_name} only"}, status=400)
        vectors = await asyncio.get_running_loop().run_in_executor(pool, embed, texts)
        return response.json(pack(vectors))

    return handler


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bot.serving.action_server",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    parser.add_argument("--host", default=os.environ.get("ACTION_BIND_HOST", "127.0.0.1"))
    parser.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "INFO"))
    parser.add_argument("--no-warm-up", action="store_true", help="load the knowledge base on first use")
    args = parser.parse_args(argv)
    os.umask(0o077)
    log_privacy.install()
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    for noisy in ("sanic.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    token = os.environ.get("ACTION_SERVER_TOKEN") or None
    if not token:
        if args.host not in ("127.0.0.1", "::1", "localhost"):
            print("ACTION_SERVER_TOKEN must be set when the action server listens beyond loopback.",
                  file=sys.stderr)
            return 2
        logger.warning("ACTION_SERVER_TOKEN is not set: any local process can call the action server")
    app = build_app(token, warm_up=not args.no_warm_up)
    logger.info("Action server listening on %s:%s", args.host, args.port)
    app.run(host=args.host, port=args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
