"""The Redis lock store that several Rasa servers share, on a real Redis."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import List

from bot.serving.endpoints import lock_store_config
from bot.serving.locks import AtomicRedisLockStore
from rasa.utils.endpoints import EndpointConfig
from tests.support.services import redis_prefix


def stores(url: str, count: int) -> List[AtomicRedisLockStore]:
    """`count` lock stores built the way Rasa builds them from the endpoints."""
    return [AtomicRedisLockStore(endpoint_config=EndpointConfig.from_dict(lock_store_config(url)))
            for _ in range(count)]


def test_tickets_taken_at_the_same_moment_from_several_servers_are_all_different():
    with redis_prefix("locks") as url:
        servers = stores(url, 4)
        conversation = uuid.uuid4().hex
        start = threading.Barrier(40)
        tickets: List[int] = []

        def take(store: AtomicRedisLockStore) -> None:
            start.wait()
            tickets.append(store.issue_ticket(conversation, 60))

        threads = [threading.Thread(target=take, args=(servers[n % 4],)) for n in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(tickets) == list(range(40))


def test_only_one_server_at_a_time_runs_a_conversation():
    with redis_prefix("locks") as url:
        servers = stores(url, 2)
        conversation = uuid.uuid4().hex
        inside, overlaps, turns = [0], [], []
        guard = threading.Lock()

        async def turn(store: AtomicRedisLockStore, number: int) -> None:
            async with store.lock(conversation, lock_lifetime=30, wait_time_in_seconds=0.01):
                with guard:
                    inside[0] += 1
                    overlaps.append(inside[0])
                await asyncio.sleep(0.02)
                with guard:
                    inside[0] -= 1
                    turns.append(number)

        def server(store: AtomicRedisLockStore, offset: int) -> None:
            async def main() -> None:
                await asyncio.gather(*(turn(store, offset + n) for n in range(10)))
            asyncio.run(main())

        threads = [threading.Thread(target=server, args=(store, 100 * n)) for n, store in enumerate(servers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(turns) == 20 and max(overlaps) == 1
        assert servers[0].get_lock(conversation) is None  # the queue is gone once everyone is served
