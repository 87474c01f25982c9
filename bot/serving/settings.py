"""Serving settings read from the environment: where servers listen, what they accept,
where conversations are kept. One place, so the launcher and every server agree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

from bot.settings import PROJECT_ROOT

VAR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class RateLimit:
    """At most `count` events per `seconds`, with bursts up to `count`."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> "RateLimit":
        """"20/60" is 20 per minute; "0/60" (or "off") switches the limit off."""
        if text.strip().lower() == "off":
            return cls(0, 1.0)
        count, _, seconds = text.partition("/")
        return cls(int(count), float(seconds or 60))

    @property
    def enabled(self) -> bool:
        return self.count > 0


def _split(text: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class ServingSettings:
    """Everything the launcher and the servers read from the environment."""

    bind_host: str
    rasa_port: int
    action_port: int
    web_port: int
    action_url: str
    action_token: Optional[str]
    action_timeout_s: float
    cors_origins: Tuple[str, ...]
    tracker_store_url: str
    lock_store_url: Optional[str]
    max_message_chars: int
    max_request_bytes: int
    max_sender_chars: int
    sender_rate: RateLimit
    address_rate: RateLimit
    rate_limit_exempt: Tuple[str, ...]
    forwarded_proxies: int
    retention_days: int

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "ServingSettings":
        """Read the settings; every one has a safe default for `make run` on one machine."""
        env = os.environ if env is None else env
        action_port = int(env.get("ACTION_PORT", "5055"))
        web_port = int(env.get("WEB_PORT", "8080"))
        default_origins = f"http://localhost:{web_port},http://127.0.0.1:{web_port}"
        return cls(
            bind_host=env.get("BIND_HOST", "127.0.0.1"),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            action_port=action_port,
            web_port=web_port,
            action_url=env.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{action_port}/webhook",
            action_token=env.get("ACTION_SERVER_TOKEN") or None,
            action_timeout_s=float(env.get("ACTION_TIMEOUT", "10")),
            cors_origins=_split(env.get("CORS_ORIGINS") or default_origins),
            tracker_store_url=env.get("TRACKER_STORE_URL") or f"sqlite:///{VAR / 'conversations.db'}",
            lock_store_url=env.get("LOCK_STORE_URL") or None,
            max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "3000")),
            max_request_bytes=int(env.get("MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
            max_sender_chars=int(env.get("MAX_SENDER_CHARS", "128")),
            sender_rate=RateLimit.parse(env.get("RATE_LIMIT_PER_SENDER", "20/60")),
            address_rate=RateLimit.parse(env.get("RATE_LIMIT_PER_ADDRESS", "120/60")),
            rate_limit_exempt=_split(env.get("RATE_LIMIT_EXEMPT", "127.0.0.1,::1")),
            forwarded_proxies=int(env.get("FORWARDED_PROXIES", "0")),
            retention_days=int(env.get("RETENTION_DAYS", "365")),
        )
