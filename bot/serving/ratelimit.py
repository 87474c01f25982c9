"""Token buckets per key (a sender, an address) in bounded memory."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Tuple

from bot.serving.settings import RateLimit

#: Keys remembered at once; the least recently seen is forgotten first.
MAX_KEYS = 20_000


class RateLimiter:
    """Allows `limit.count` events per `limit.seconds` for each key, refilled continuously.

    A forgotten key starts again with a full bucket: an attacker who floods the table
    with new keys can reset others' buckets, but each of its own keys is still limited,
    and the per-address limit bounds how many keys one address can make.
    """

    def __init__(self, limit: RateLimit, max_keys: int = MAX_KEYS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: "OrderedDict[str, Tuple[float, float]]" = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token from `key`'s bucket; False when it is empty."""
        if not self.limit.enabled:
            return True
        now = self._clock()
        rate = self.limit.count / self.limit.seconds
        with self._lock:
            tokens, last = self._buckets.pop(key, (float(self.limit.count), now))
            tokens = min(float(self.limit.count), tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        return allowed

    def __len__(self) -> int:
        return len(self._buckets)
