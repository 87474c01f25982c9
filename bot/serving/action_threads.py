"""Run each custom action in a worker thread, so the action server's event loop stays free.

rasa-sdk awaits every action on its one event loop. Ours never await anything: they
search the knowledge base (a model forward pass and a few matrix products) and write
cases through SQLAlchemy, both blocking. On the event loop, one customer's search or
database write held up every other customer's call, and the second core stayed idle.
Here each call runs on its own thread's event loop instead; the model and numpy release
the GIL while they compute, so two searches run on two cores, and a database write no
longer stalls a search. ACTION_THREADS sets the pool size (default 4; 0 runs actions on
the event loop as rasa-sdk does).
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Optional

DEFAULT_THREADS = 4
_loops = threading.local()


def _thread_loop() -> asyncio.AbstractEventLoop:
    """This worker thread's own event loop, made once and kept."""
    loop = getattr(_loops, "loop", None)
    if loop is None:
        loop = _loops.loop = asyncio.new_event_loop()
    return loop


def threaded_executor_class(pool: ThreadPoolExecutor):
    """An rasa-sdk ActionExecutor whose `run` happens on `pool`."""
    from rasa_sdk.executor import ActionExecutor

    class ThreadedActionExecutor(ActionExecutor):
        """Runs every action call on a worker thread's event loop."""

        async def run(self, action_call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
            parent_run = super().run

            def work() -> Optional[Dict[str, Any]]:
                return _thread_loop().run_until_complete(parent_run(action_call))

            return await asyncio.get_running_loop().run_in_executor(pool, work)

    return ThreadedActionExecutor


def threads_setting(env: Optional[Dict[str, str]] = None) -> int:
    """ACTION_THREADS from the environment (0 or less: no pool)."""
    env = os.environ if env is None else env
    return int(env.get("ACTION_THREADS", str(DEFAULT_THREADS)))


def install(threads: int) -> Optional[ThreadPoolExecutor]:
    """Make rasa_sdk.endpoint.create_app build a threaded executor; returns the pool (None: off)."""
    if threads <= 0:
        return None
    import rasa_sdk.endpoint

    from bot.embeddings import use_serving_threads

    # torch's intra-op thread count is per thread: one each, as on the event loop before
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="action", initializer=use_serving_threads)
    rasa_sdk.endpoint.ActionExecutor = threaded_executor_class(pool)
    return pool
