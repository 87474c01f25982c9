"""The input channels of credentials.yml, with socket.io guarded like the REST webhook.

Rasa's socket.io channel reads payloads as they come: a payload that is not an object
raises inside the handler, any session id joins that conversation's room, and any
origin may connect. `GuardedSocketIOInput` keeps Rasa's channel and wraps its three
handlers: the origin must be an allowed one, payloads are checked like the REST body,
and each address is rate-limited.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence
from urllib.parse import urljoin

from rasa.core.channels import BUILTIN_CHANNELS
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from rasa.shared.utils.common import class_from_module_path
from rasa.shared.utils.io import read_config_file
from sanic import Blueprint, Sanic
from sanic.request import Request

from bot.serving.inputs import BadInput, InputLimits, check_session_request, check_socket_message
from bot.serving.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

WEBHOOK_ROUTE = "/webhooks/"


def client_address(request: Request) -> str:
    """The client's address: the forwarded one when FORWARDED_PROXIES trusts a proxy."""
    return request.remote_addr or request.ip or "unknown"


class AddressPolicy:
    """The per-address rate limit, with the addresses it does not apply to."""

    def __init__(self, limiter: RateLimiter, exempt: Sequence[str]) -> None:
        self.limiter = limiter
        self.exempt = frozenset(exempt)

    def allow(self, address: str) -> bool:
        return address in self.exempt or self.limiter.allow(address)


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with allowed origins, checked payloads and an address limit."""

    allowed_origins: Sequence[str] = ()
    limits: InputLimits = InputLimits()
    addresses: Optional[AddressPolicy] = None
    on_refused: Optional[Callable[[str], str]] = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        namespace = self.namespace or "/"
        handlers = sio.handlers[namespace]
        connect, session_request, handle_message = (handlers["connect"], handlers["session_request"],
                                                    handlers[self.user_message_evt])

        def address_of(environ: Dict[str, Any]) -> str:
            request = environ.get("sanic.request")
            return client_address(request) if request is not None else "unknown"

        async def guarded_connect(sid: str, environ: Dict[str, Any], auth: Optional[Dict] = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin and self.allowed_origins and origin not in self.allowed_origins:
                logger.warning("socket.io connection refused: origin not allowed")
                return False
            if self.addresses is not None and not self.addresses.allow(address_of(environ)):
                logger.warning("socket.io connection refused: rate limit of the address")
                return False
            return await connect(sid, environ, auth)

        async def guarded_session_request(sid: str, *args: Any) -> None:
            try:
                if len(args) > 1:
                    raise BadInput("one argument expected")
                checked = check_session_request(args[0] if args else None, self.limits)
            except BadInput as exc:
                logger.info("socket.io session request refused: %s", exc)
                return
            await session_request(sid, checked)

        async def guarded_message(sid: str, *args: Any) -> None:
            environ = sio.get_environ(sid, namespace) or {}
            if self.addresses is not None and not self.addresses.allow(address_of(environ)):
                if self.on_refused is not None:
                    text = self.on_refused("rate_limited")
                    await sio.emit(self.bot_message_evt, {"text": text}, room=sid)
                return
            try:
                if len(args) != 1:
                    raise BadInput("one argument expected")
                checked = check_socket_message(args[0], self.limits)
                if self.session_persistence and not checked.get("session_id"):
                    raise BadInput("a session_id is required (send session_request first)")
            except BadInput as exc:
                logger.info("socket.io message refused: %s", exc)
                return
            await handle_message(sid, checked)

        handlers["connect"] = guarded_connect
        handlers["session_request"] = guarded_session_request
        handlers[self.user_message_evt] = guarded_message
        return socketio_webhook


def create_channels(credentials_file: Optional[str], allowed_origins: Sequence[str], limits: InputLimits,
                    addresses: AddressPolicy, on_refused: Callable[[str], str]) -> List[InputChannel]:
    """The channels named in `credentials_file`; socket.io is the guarded one."""
    credentials = read_config_file(credentials_file) if credentials_file else {}
    channels: List[InputChannel] = []
    for name, settings in (credentials or {"rest": None}).items():
        if name == "socketio":
            channel = GuardedSocketIOInput.from_credentials(settings)
            channel.allowed_origins = tuple(allowed_origins)
            channel.limits, channel.addresses, channel.on_refused = limits, addresses, on_refused
        elif name in BUILTIN_CHANNELS:
            channel = BUILTIN_CHANNELS[name].from_credentials(settings)
        else:
            channel = class_from_module_path(name).from_credentials(settings)
        channels.append(channel)
    return channels


def register_channels(app: Sanic, channels: List[InputChannel],
                      handler: Callable[[UserMessage], Awaitable[None]]) -> None:
    """Mount each channel under /webhooks/, every message going to `handler`
    (what rasa.core.channels.channel.register does with the agent's own handler)."""
    for channel in channels:
        app.blueprint(channel.blueprint(handler), url_prefix=urljoin(WEBHOOK_ROUTE, channel.url_prefix()))
    app.ctx.input_channels = channels
