"""Rasa's Redis lock store, made safe for several Rasa servers.

RedisLockStore keeps each conversation's ticket queue as one Redis value that it
reads, changes and writes back. Two servers taking a ticket for one conversation at
the same moment both read an empty queue, both get ticket 0 and both run the
conversation at once; the tracker store then keeps only one of the two turns
(tests/scale/test_replicas.py lost 2 of 10 simultaneous messages that way). Here
every read-change-write of a queue runs under a short Redis mutex of its own.
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

#: How long one read-change-write may hold the mutex, and how long to wait for it.
MUTEX_TIMEOUT_S = 5
MUTEX_WAIT_S = 10


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket queues change atomically."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by its module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_TIMEOUT_S,
                             blocking_timeout=MUTEX_WAIT_S, sleep=0.005)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back; delete the queue when no one else waits (one atomic step)."""
        with self._mutex(conversation_id):
            lock = self.get_lock(conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)
