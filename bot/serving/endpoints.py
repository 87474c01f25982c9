"""Rasa's endpoints from the settings: action server, tracker store, lock store.

One setting each: TRACKER_STORE_URL (SQLite under var/ by default, any SQLAlchemy URL
such as postgresql://…), LOCK_STORE_URL (unset: in memory, one server; redis://… for
several Rasa servers), ACTION_SERVER_URL and the shared ACTION_SERVER_TOKEN.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, Optional
from urllib.parse import parse_qs, urlsplit

import yaml
from sqlalchemy.engine import make_url

from bot.serving.settings import ServingSettings

#: Header carrying the secret that the action server requires of every call.
ACTION_TOKEN_HEADER = "X-Action-Token"
#: Rasa's Redis lock store with atomic ticket queues (see bot/serving/locks.py).
REDIS_LOCK_STORE = "bot.serving.locks.AtomicRedisLockStore"


def tracker_store_config(url: str) -> Dict[str, Any]:
    """Rasa's SQL tracker store on `url` (SQLite file or any SQLAlchemy URL)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": parsed.database}
    return {"type": "SQL", "dialect": parsed.get_backend_name(), "url": url}


def lock_store_config(url: str) -> Dict[str, Any]:
    """Rasa's Redis lock store from redis://[:password@]host[:port][/db][?key_prefix=name]."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError("LOCK_STORE_URL must be a redis:// or rediss:// URL")
    query = parse_qs(parts.query)
    config: Dict[str, Any] = {"type": REDIS_LOCK_STORE, "url": parts.hostname or "localhost", "port": parts.port or 6379,
                              "db": int(parts.path.strip("/") or 0), "use_ssl": parts.scheme == "rediss"}
    if parts.password:
        config["password"] = parts.password
    if parts.username:
        config["username"] = parts.username
    if query.get("key_prefix"):
        config["key_prefix"] = query["key_prefix"][0]
    return config


def endpoints_config(settings: ServingSettings, action_token: Optional[str]) -> Dict[str, Any]:
    """The content of an endpoints.yml for these settings."""
    action: Dict[str, Any] = {"url": settings.action_url}
    if action_token:
        action["headers"] = {ACTION_TOKEN_HEADER: action_token}
    config: Dict[str, Any] = {"action_endpoint": action,
                              "tracker_store": tracker_store_config(settings.tracker_store_url)}
    if settings.lock_store_url:
        config["lock_store"] = lock_store_config(settings.lock_store_url)
    return config


def write_endpoints(path: Path, settings: ServingSettings, action_token: Optional[str]) -> Path:
    """Write an endpoints file readable by its owner only (it holds the action secret)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        yaml.safe_dump(endpoints_config(settings, action_token), handle, sort_keys=False)
    return path


def available_endpoints(settings: ServingSettings, action_token: Optional[str]):
    """Rasa's AvailableEndpoints, with the action endpoint under a deadline."""
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    from bot.serving.turns import GuardedActionEndpoint

    config = endpoints_config(settings, action_token)
    return AvailableEndpoints(
        action=GuardedActionEndpoint(EndpointConfig.from_dict(config["action_endpoint"]),
                                     settings.action_timeout_s),
        tracker_store=EndpointConfig.from_dict(config["tracker_store"]),
        lock_store=EndpointConfig.from_dict(config["lock_store"]) if "lock_store" in config else None,
    )
