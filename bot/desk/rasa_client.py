"""The desk's client of Rasa's HTTP API: read a tracker, append events through the channel.

The token (RASA_AUTH_TOKEN or var/rasa_token) goes in the query string as Rasa
expects; URLs are never logged, so neither is the token.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=15)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error status."""


class RasaClient:
    """Talks to one Rasa server's HTTP API (`rasa run --enable-api`)."""

    def __init__(self, base_url: str, token: Optional[str], session: aiohttp.ClientSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    def _params(self, **extra: str) -> Dict[str, str]:
        return {**({"token": self.token} if self.token else {}), **extra}

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        """The conversation's tracker: events (since the last restart), slots, `paused`…"""
        try:
            async with self.session.get(self._url(conversation_id, "tracker"), params=self._params(),
                                        timeout=TIMEOUT) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"tracker: HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RasaUnavailable(f"tracker: {exc.__class__.__name__}") from exc

    async def append(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        """Append events and carry out their side effects through the customer's latest
        channel (each `bot` event is sent to the customer like a bot reply)."""
        params = self._params(output_channel="latest", execute_side_effects="true", include_events="NONE")
        try:
            async with self.session.post(self._url(conversation_id, "tracker/events"), params=params,
                                         json=events, timeout=TIMEOUT) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"append events: HTTP {response.status}")
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise RasaUnavailable(f"append events: {exc.__class__.__name__}") from exc
