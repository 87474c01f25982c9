"""Costs of Rasa 3.6's message handling that profiling found, removed (scripts/profile_turn.py).

1. Every reply of the action server is checked against Rasa's event schema with
   `jsonschema.validate`, which first validates the *schema itself* against the JSON
   Schema meta-schema, on every call. With jsonschema 4.17 that took longer than the
   whole knowledge-base search (about 100 ms a call under the profiler). Here the
   validator is built and its schema checked once per process; each reply is still
   validated, with the same error (best match) and message when it does not fit.
2. The NLU pipeline (a sentence-embedding forward pass, the classifiers) runs inside
   an `async` method without ever yielding, so while one message is parsed no other
   conversation moves. Here the parse runs on a small thread pool (NLU_THREADS,
   default 2; 0 keeps it on the event loop); the model releases the GIL while it
   computes, so other turns' tracker reads, writes and action calls proceed meanwhile.
3. A customer's turn read the conversation from the tracker store twice: once to find
   kept messages (bot.serving.turns), once more in Rasa's processor. The first read is
   handed to the processor (`reuse_in_this_turn`), once, under the conversation's lock.
4. The SQLite tracker store (`make run`'s default) synced the disk on every commit,
   twice a turn, blocking the event loop each time (about 13 ms here). Its connections
   now use write-ahead logging with synchronous=NORMAL: a commit survives any crash of
   the process; only a power cut or kernel crash may lose the last turns.
   TRACKER_SQLITE_SYNCHRONOUS=FULL restores a sync per commit.
5. Reading a tracker turns every stored event back into its class by searching all of
   Event's subclasses, recursively, for each event (0.1 ms an event, so about half of a
   tracker read). The name-to-class table is built once and rebuilt only for a name it
   does not know.
6. RulePolicy finds the rules that fit the conversation's recent states by testing every
   learned rule against every recent state, twice per prediction (about 900 rule tests a
   message in scripts/profile_turn.py's conversations, 5 ms a message). The answer depends only on the states, which
   repeat across conversations (intent, previous action, form, slots as featurised), so
   each policy keeps the last RULE_KEY_CACHE_SIZE answers; a copy is handed out.
7. Saving a tracker first counted, with a query, how many of its session's events the
   SQL store already held (a subquery for the latest session start, then a count: about
   5 ms a save). The turn read those same events under the conversation's lock a moment
   before, so the tracker now carries that number from its read and from each save; a
   tracker that was not read that way (a new conversation, a full history) still counts.
8. SQLAlchemy 1.4 gives a file SQLite database no connection pool: every read and every
   save of a tracker opened a connection (and set its pragmas) and closed it again, and
   closing the last connection of a write-ahead-logged database checkpoints the log into
   the database, syncs it and deletes the log, so each commit then made a new one. Under
   10 conversations that was 7 ms a close and 12 ms a commit, two or three of each a
   message, on the event loop (scripts/profile_turn.py, cProfile of `make bench-load`).
   The tracker store's SQLite engine now keeps its connections (QueuePool, as SQLAlchemy
   2.0 does for SQLite files); the log is checkpointed by SQLite as it grows. Commits are
   synced as before (TRACKER_SQLITE_SYNCHRONOUS).
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import itertools
import json
import logging
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Dict, Optional, Text

logger = logging.getLogger(__name__)

DEFAULT_NLU_THREADS = 2
SQLITE_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")
_installed = False
#: The tracker a turn has already read: [conversation id, tracker], emptied once handed over.
_read_in_turn: contextvars.ContextVar[Optional[list]] = contextvars.ContextVar("read_in_turn", default=None)


def reuse_in_this_turn(tracker) -> contextvars.Token:
    """Let the processor's next `get_tracker` of this conversation, in this task, take `tracker`.

    Only for a tracker just read under the conversation's lock and not changed since.
    Reset the returned token when the turn ends.
    """
    return _read_in_turn.set([tracker.sender_id, tracker])


def forget_turn(token: contextvars.Token) -> None:
    _read_in_turn.reset(token)


def reusing_get_tracker(original):
    """MessageProcessor.get_tracker that takes a tracker this turn already read (once)."""

    async def get_tracker(self, conversation_id):
        held = _read_in_turn.get()
        if held and held[0] == conversation_id:
            tracker = held.pop()
            held.clear()
            return tracker
        return await original(self, conversation_id)

    return get_tracker


def cached_resolve_by_type(original):
    """Event.resolve_by_type with the subclasses' names looked up in a table (first match wins,
    as in Rasa); a name not in it rebuilds the table once, then falls back to Rasa's own code."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    table: Dict[Text, type] = {}

    def rebuild() -> None:
        fresh: Dict[Text, type] = {}
        for cls in all_subclasses(Event):
            fresh.setdefault(cls.type_name, cls)
        table.clear()
        table.update(fresh)

    def resolve_by_type(type_name: Text, default: Optional[type] = None) -> Optional[type]:
        found = table.get(type_name)
        if found is None:
            rebuild()
            found = table.get(type_name)
        return found if found is not None else original(type_name, default)

    return staticmethod(resolve_by_type)


def sqlite_pragmas(synchronous: str):
    """An SQLAlchemy "connect" listener: WAL and `synchronous` on SQLite connections only."""

    def on_connect(connection, _record) -> None:
        if not isinstance(connection, sqlite3.Connection):
            return
        cursor = connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
        finally:
            cursor.close()

    return on_connect


@lru_cache(maxsize=1)
def action_result_validator():
    """The validator of the action server's replies, its schema checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with a validator built once (same errors)."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(action_result_validator().iter_errors(result))
    if error is not None:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          f"from the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise error
    return True


def embedding_service_down(exc: BaseException) -> bool:
    """Whether `exc` (Rasa wraps a component's error in its own) came from the embedding service."""
    from bot.embedding_service import EmbeddingServiceDown

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, EmbeddingServiceDown):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _parse_locally(parse, *args):
    from bot.embedding_service import local_only

    with local_only():
        return parse(*args)


def threaded_parse_message(pool: Optional[ThreadPoolExecutor]):
    """MessageProcessor.parse_message with the NLU graph run on `pool` (None: on the event loop)
    and Rasa 3.6's steps otherwise. When the action server, which embeds the messages, does
    not answer: a customer's turn is aborted and kept (bot.serving.turns); any other parse
    (the HTTP API) is done again with a model loaded here."""
    from rasa.core.processor import MessageProcessor, structlogger
    from rasa.shared.core.trackers import DialogueStateTracker

    original = MessageProcessor.parse_message

    async def run(function, *args):
        if pool is None:
            return function(*args)
        return await asyncio.get_running_loop().run_in_executor(pool, function, *args)

    async def parse_message(self, message, tracker: Optional[DialogueStateTracker] = None,
                            only_output_properties: bool = True) -> Dict[Text, Any]:
        if self.http_interpreter:
            return await original(self, message, tracker, only_output_properties)
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        try:
            parse_data = await run(self._parse_message_with_graph, message, tracker, only_output_properties)
        except Exception as exc:
            if not embedding_service_down(exc):
                raise
            from bot.serving.turns import TurnAborted, aborts_on_failure

            if aborts_on_failure():
                raise TurnAborted("the action server did not embed the message") from None
            logger.warning("The action server did not embed a message; parsing it with a local model")
            parse_data = await run(_parse_locally, self._parse_message_with_graph, message, tracker,
                                   only_output_properties)
        self._update_full_retrieval_intent(parse_data)
        structlogger.debug("processor.message.parse", parse_data_text=copy.deepcopy(parse_data["text"]),
                           parse_data_intent=parse_data["intent"],
                           parse_data_entities=copy.deepcopy(parse_data["entities"]))
        self._check_for_unseen_features(parse_data)
        return parse_data

    return parse_message


#: Attribute on a tracker: how many of its events the SQL store holds for its latest session.
STORED_EVENTS = "_stored_session_events"


def remembering_retrieve(original):
    """SQLTrackerStore._retrieve that notes, on a latest-session tracker, how many events it read."""

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool):
        tracker = await original(self, sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    return _retrieve


def known_additional_events(original):
    """SQLTrackerStore._additional_events from the noted number; Rasa's count query otherwise."""

    def _additional_events(self, session, tracker):
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None or stored > len(tracker.events):
            return original(self, session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    return _additional_events


def noting_save(original):
    """SQLTrackerStore.save that notes, after the commit, that the tracker's events are stored."""

    async def save(self, tracker) -> None:
        await original(self, tracker)
        if getattr(tracker, STORED_EVENTS, None) is not None:
            setattr(tracker, STORED_EVENTS, len(tracker.events))

    return save


def sqlite_file_url(url) -> bool:
    """Whether `url` (a string or SQLAlchemy URL) names an SQLite database in a file."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


def pooled_sqlite_engine_kwargs(original):
    """rasa.core.tracker_store.create_engine_kwargs that keeps an SQLite file's connections open
    (a QueuePool; a pooled connection may be handed to another thread, one at a time)."""

    def create_engine_kwargs(url) -> Dict[Text, Any]:
        kwargs = original(url)
        if sqlite_file_url(url):
            from sqlalchemy.pool import QueuePool

            kwargs.setdefault("poolclass", QueuePool)
            kwargs["connect_args"] = {"check_same_thread": False, **kwargs.get("connect_args", {})}
        return kwargs

    return create_engine_kwargs


RULE_KEY_CACHE_SIZE = 4096


def cached_possible_keys(original):
    """RulePolicy._get_possible_keys remembered per policy and per lookup, keyed by the states."""

    def _get_possible_keys(self, lookup: Dict[Text, Text], states) -> set:
        try:
            key = (id(lookup), json.dumps(states, sort_keys=True, default=sorted))
        except (TypeError, ValueError):  # a state that cannot be written down: no cache
            return original(self, lookup, states)
        cache = self.__dict__.setdefault("_possible_keys_cache", {})
        found = cache.get(key)
        if found is None:
            if len(cache) >= RULE_KEY_CACHE_SIZE:
                cache.clear()
            found = frozenset(original(self, lookup, states))
            cache[key] = found
        return set(found)

    return _get_possible_keys


def install(nlu_threads: Optional[int] = None) -> None:
    """Patch Rasa's classes in this process (once): the cached validator, the threaded parse,
    the tracker read once per turn, SQLite's pragmas and pooled connections, the rule search
    remembered and the stored-event count kept from the read."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from rasa.shared.core.events import Event

    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = cached_resolve_by_type(Event.resolve_by_type)
    MessageProcessor.get_tracker = reusing_get_tracker(MessageProcessor.get_tracker)
    from rasa.core.policies.rule_policy import RulePolicy

    RulePolicy._get_possible_keys = cached_possible_keys(RulePolicy._get_possible_keys)
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore._retrieve = remembering_retrieve(SQLTrackerStore._retrieve)
    SQLTrackerStore._additional_events = known_additional_events(SQLTrackerStore._additional_events)
    SQLTrackerStore.save = noting_save(SQLTrackerStore.save)
    import rasa.core.tracker_store

    rasa.core.tracker_store.create_engine_kwargs = pooled_sqlite_engine_kwargs(
        rasa.core.tracker_store.create_engine_kwargs)
    synchronous = os.environ.get("TRACKER_SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(f"TRACKER_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS)}")
    event.listen(Engine, "connect", sqlite_pragmas(synchronous))  # every SQLite engine of this process
    threads = int(os.environ.get("NLU_THREADS", DEFAULT_NLU_THREADS)) if nlu_threads is None else nlu_threads
    pool = None
    if threads > 0:
        from bot.embeddings import use_serving_threads

        # torch's intra-op thread count is per thread: set it in each worker too
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nlu", initializer=use_serving_threads)
    MessageProcessor.parse_message = threaded_parse_message(pool)
    _installed = True
    logger.debug("Rasa speed-ups installed (NLU threads: %d)", threads)
