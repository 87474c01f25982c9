"""Start Rasa's server (REST, socket.io and the channels of credentials.yml, HTTP API on),
safe by default.

    python -m bot.serving.rasa_server --model models/support-assistant.tar.gz [--port 5005]

What `rasa run --enable-api` does (rasa.core.run.configure_app, load_agent_on_start),
plus what it lacks:
- the HTTP API needs the token (RASA_AUTH_TOKEN, else var/rasa_token, made on first run);
- CORS and socket.io answer the configured origins only (CORS_ORIGINS);
- it listens on 127.0.0.1 unless BIND_HOST says otherwise;
- webhook bodies are checked before Rasa reads them (400 with the reason), requests are
  bounded in size, messages in length, senders and addresses in rate;
- conversations live in the tracker store (TRACKER_STORE_URL), locks in Redis when
  LOCK_STORE_URL is set, so several servers can serve one conversation;
- a failing or slow action server aborts the turn, keeps the message and apologises;
- no e-mail address, phone number or message text in its logs;
- the NLU parse runs off the event loop and the action server's replies are validated
  with a schema checked once (bot.serving.rasa_speedups);
- `action_validate_slot_mappings`, which Rasa calls after every message, runs here with
  rasa-sdk's executor instead of over HTTP (bot.serving.local_validation);
- the NLU's sentence embeddings come from the action server (bot.embedding_service), so
  this process loads no embedding model and no torch (EMBEDDING_SERVICE=local: it does).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import partial
from typing import List, Optional

from bot.embeddings import skip_gpu_compiler
from bot.serving import log_privacy

skip_gpu_compiler()  # before Rasa or the actions import torch (docs/BENCHMARKS.md, memory)

logger = logging.getLogger(__name__)

REST_WEBHOOK = "/webhooks/rest/webhook"
TELEGRAM_WEBHOOK = "/webhooks/telegram/webhook"
#: API routes that run NLU on a "text" field: bounded like the webhook.
TEXT_ROUTES = ("/model/parse", "/conversations/")


def install_request_checks(app, limits, addresses, max_request_bytes: int) -> None:
    """Refuse bodies over the size limit (413), bad webhook bodies (400), too many requests
    from one address (429) and, on the API, texts over the length limit (413), before any
    handler runs."""
    from sanic import response

    from bot.serving.channels import client_address
    from bot.serving.inputs import BadInput, check_rest_body

    def parsed(request):
        try:
            return True, request.json
        except Exception:  # Sanic raises InvalidUsage for malformed JSON
            return False, None

    @app.middleware("request")
    async def check_request(request):
        if request.method != "POST":
            return None
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes:  # Sanic refused to read it; say so (it runs us again on errors)
            return response.json({"error": f"request body over {max_request_bytes} bytes"}, status=413)
        path = request.path.rstrip("/")
        if path == REST_WEBHOOK:
            if not addresses.allow(client_address(request)):
                return response.json({"error": "too many requests from this address; try again in a minute"},
                                     status=429, headers={"Retry-After": "60"})
            ok, body = parsed(request)
            if not ok:
                return response.json({"error": "the body is not valid JSON"}, status=400)
            try:
                request.parsed_json = check_rest_body(body, limits)
            except BadInput as exc:
                return response.json({"error": str(exc)}, status=400)
        elif path == TELEGRAM_WEBHOOK:
            ok, body = parsed(request)
            if not ok or not isinstance(body, dict):
                return response.json({"error": "not a Telegram update"}, status=400)
        elif path.startswith(TEXT_ROUTES):
            ok, body = parsed(request)
            text = body.get("text") if ok and isinstance(body, dict) else None
            if isinstance(text, str) and len(text) > limits.max_message_chars:
                return response.json({"error": f"text longer than {limits.max_message_chars} characters"},
                                     status=413)
        return None


def build_app(settings, model_path: str, credentials: Optional[str], auth_token: str,
              action_token: Optional[str]):
    """The Sanic app: Rasa's API and channels behind this module's checks."""
    import rasa.core.run
    from rasa.core.run import close_resources, load_agent_on_start

    from bot.language import DEFAULT_LANGUAGE
    from bot.serving.channels import AddressPolicy, create_channels, register_channels
    from bot.serving.endpoints import available_endpoints
    from bot.serving.gate import ConversationGate, render_message
    from bot.serving.inputs import InputLimits
    from bot.serving.ratelimit import RateLimiter
    from bot.serving import local_validation, rasa_speedups

    rasa_speedups.install()
    local_validation.install()
    limits = InputLimits(settings.max_message_chars, settings.max_sender_chars)
    addresses = AddressPolicy(RateLimiter(settings.address_rate), settings.rate_limit_exempt)
    endpoints = available_endpoints(settings, action_token)
    app = rasa.core.run.configure_app(input_channels=None, cors=list(settings.cors_origins),
                                      auth_token=auth_token, enable_api=True, port=settings.rasa_port,
                                      endpoints=endpoints)
    app.config.REQUEST_MAX_SIZE = settings.max_request_bytes
    if settings.forwarded_proxies:
        app.config.PROXIES_COUNT = settings.forwarded_proxies
    gate = ConversationGate(lambda: getattr(app.ctx, "agent", None), limits, RateLimiter(settings.sender_rate))
    channels = create_channels(credentials, settings.cors_origins, limits, addresses,
                               lambda key: render_message(key, DEFAULT_LANGUAGE))
    register_channels(app, channels, gate.handle)
    install_request_checks(app, limits, addresses, settings.max_request_bytes)
    app.register_listener(partial(load_agent_on_start, model_path, endpoints, None), "before_server_start")
    app.register_listener(warm_up, "before_server_start")
    app.register_listener(close_resources, "after_server_stop")
    return app


async def warm_up(app, _loop) -> None:
    """Parse one message before serving, so the first customer does not wait for lazy loads.

    "hola" never reaches langdetect (short words are voted on), so its profiles are loaded
    here too: otherwise the first longer message paid for them (docs/BENCHMARKS.md)."""
    from bot.language import preload

    agent = getattr(app.ctx, "agent", None)
    if agent is not None and agent.is_ready():
        await agent.parse_message("hola")
    preload()


def configure_logging(level_name: str) -> None:
    """Rasa's logging set-up, with personal data masked in every line."""
    import rasa.utils.io
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    log_privacy.install()
    level = logging.getLevelName(level_name.upper())
    configure_logging_and_warnings(level, None, warn_only_once=True, filter_repeated_logs=True)
    rasa.utils.io.configure_colored_logging(level)
    configure_structlog(level)
    log_privacy.install_structlog_redaction()


def main(argv: Optional[List[str]] = None) -> int:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bot.serving.rasa_server", description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="trained model (.tar.gz)")
    parser.add_argument("--credentials", default="credentials.yml", help="channels (credentials.yml)")
    parser.add_argument("--port", type=int, default=None, help="default: RASA_PORT or 5005")
    parser.add_argument("--host", default=None, help="default: BIND_HOST or 127.0.0.1")
    parser.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    os.umask(0o077)
    configure_logging(args.log_level)

    from rasa.utils.common import update_sanic_log_level

    from bot.cases.db import private_sqlite_file, sqlite_path
    from bot.serving.settings import ServingSettings
    from bot.settings import rasa_auth_token

    settings = ServingSettings.from_env()
    if not os.path.exists(args.model):
        print(f"No trained model at {args.model}. Run: make train", file=sys.stderr)
        return 2
    tracker_file = sqlite_path(settings.tracker_store_url)
    if tracker_file is not None:
        private_sqlite_file(tracker_file)
    if not settings.action_token:
        logger.warning("ACTION_SERVER_TOKEN is not set: the action server must then run without a secret")
    if os.environ.get("EMBEDDING_SERVICE", "actions") != "local":  # the action server embeds for the NLU
        from bot.embeddings import use_service

        use_service(settings.action_url, settings.action_token, settings.action_timeout_s)
    app = build_app(settings, args.model, args.credentials, rasa_auth_token(create=True), settings.action_token)
    update_sanic_log_level()
    host, port = args.host or settings.bind_host, args.port or settings.rasa_port
    logger.info("Rasa server listening on %s:%s", host, port)
    app.run(host=host, port=port, workers=1, access_log=False, backlog=int(os.environ.get("SANIC_BACKLOG", "100")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
