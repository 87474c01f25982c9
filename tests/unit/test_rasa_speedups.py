"""Rasa's message handling, made cheaper, must decide exactly as before."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import jsonschema
import pytest
import sqlalchemy as sa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot.serving import action_threads, rasa_speedups


def rasa_original_validation(result):
    """What Rasa 3.6 does (jsonschema.validate), to compare against."""
    jsonschema.validate(result, RemoteAction.action_response_format_spec())


GOOD = {"events": [{"event": "slot", "name": "email", "value": "a@b.es"}], "responses": [{"text": "hola"}]}
BAD = [
    {"events": [{"event": "slot", "value": 3}], "responses": []},  # a slot event without a name
    {"events": "not a list"},
    {"events": [], "responses": ["not an object"]},
]


def test_the_cached_validator_accepts_what_rasa_accepts():
    rasa_original_validation(GOOD)
    assert rasa_speedups.validate_action_result(None, GOOD) is True


@pytest.mark.parametrize("result", BAD)
def test_the_cached_validator_refuses_what_rasa_refuses_with_the_same_error(result):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        rasa_original_validation(result)
    with pytest.raises(jsonschema.ValidationError) as ours:
        rasa_speedups.validate_action_result(None, result)
    assert ours.value.message.startswith(rasa_error.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_event_names_resolve_to_the_classes_rasa_finds():
    original = Event.resolve_by_type
    cached = rasa_speedups.cached_resolve_by_type(original).__func__
    for cls in all_subclasses(Event):
        assert cached(cls.type_name) is original(cls.type_name)
    assert cached("topic") is None
    with pytest.raises(ValueError):
        cached("no such event")


def test_sqlite_connections_get_write_ahead_logging_and_the_chosen_sync(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'trackers.db'}")
    sa.event.listen(engine, "connect", rasa_speedups.sqlite_pragmas("NORMAL"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    rasa_speedups.sqlite_pragmas("FULL")(object(), None)  # not SQLite: left alone, no error


class StoreOfOne:
    """A processor stand-in whose get_tracker reads a store (counts the reads)."""

    def __init__(self) -> None:
        self.reads = 0

    async def get_tracker(self, conversation_id):
        self.reads += 1
        return FakeTracker(conversation_id)


class FakeTracker:
    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id


async def test_a_tracker_read_in_the_turn_is_handed_over_once_for_its_own_conversation():
    store = StoreOfOne()
    get_tracker = rasa_speedups.reusing_get_tracker(StoreOfOne.get_tracker)
    read = await store.get_tracker("c1")
    token = rasa_speedups.reuse_in_this_turn(read)
    try:
        assert await get_tracker(store, "other") is not read       # another conversation reads its own
        assert await get_tracker(store, "c1") is read              # the first read is reused...
        assert await get_tracker(store, "c1") is not read          # ...once
    finally:
        rasa_speedups.forget_turn(token)
    assert store.reads == 3
    assert await get_tracker(store, "c1") is not read and store.reads == 4


async def test_actions_run_on_worker_threads_and_return_their_events():
    from rasa_sdk import Action

    ran_on = []

    class Probe(Action):
        def name(self):
            return "action_probe"

        async def run(self, dispatcher, tracker, domain):
            ran_on.append(threading.current_thread().name)
            await asyncio.sleep(0)
            dispatcher.utter_message(text="done")
            return []

    from concurrent.futures import ThreadPoolExecutor

    executor = action_threads.threaded_executor_class(ThreadPoolExecutor(2, thread_name_prefix="action"))()
    executor.register_action(Probe)
    call = {"next_action": "action_probe", "sender_id": "s",
            "tracker": {"sender_id": "s", "slots": {}, "latest_message": {}, "events": [], "paused": False,
                        "followup_action": None, "active_loop": {}, "latest_action_name": None},
            "domain": {}}
    results = await asyncio.gather(*(executor.run(call) for _ in range(3)))
    assert all(result["responses"][0]["text"] == "done" for result in results)
    assert ran_on and all(name.startswith("action") for name in ran_on)
    assert threading.current_thread().name not in ran_on


def test_threads_setting_reads_the_environment():
    assert action_threads.threads_setting({}) == action_threads.DEFAULT_THREADS
    assert action_threads.threads_setting({"ACTION_THREADS": "0"}) == 0
    assert sqlite3.sqlite_version  # the pragmas above need a real SQLite


def test_rule_keys_are_remembered_per_states_and_lookup_and_handed_out_as_copies():
    calls = []

    def original(policy, lookup, states):
        calls.append((id(lookup), len(states)))
        return {key for key in lookup if key.startswith(states[-1]["user"]["intent"])}

    cached = rasa_speedups.cached_possible_keys(original)
    policy = type("Policy", (), {})()
    rules, loops = {"greet-a": "x", "greet-b": "y", "bye": "z"}, {"greet-c": "w"}
    greet = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet", "entities": ("language",)}}]
    bye = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "bye", "entities": ("language",)}}]

    first = cached(policy, rules, greet)
    assert first == {"greet-a", "greet-b"}
    first.clear()  # a caller changing its copy changes nothing remembered
    assert cached(policy, rules, greet) == {"greet-a", "greet-b"}
    assert cached(policy, loops, greet) == {"greet-c"}  # another lookup is another answer
    assert cached(policy, rules, bye) == {"bye"}
    assert len(calls) == 3  # the repeated question was answered from memory


def test_the_rule_policy_is_patched_by_install():
    from rasa.core.policies.rule_policy import RulePolicy

    rasa_speedups.install(nlu_threads=0)
    assert RulePolicy._get_possible_keys.__name__ == "_get_possible_keys"
    assert RulePolicy._get_possible_keys.__closure__ is not None  # the remembering wrapper


async def test_a_read_tracker_is_saved_without_counting_and_stores_exactly_its_new_events(tmp_path):
    """Item 7: the store's count query is skipped for a tracker it read, and the rows are the same."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered

    counted = []

    def original(self, session, tracker):
        counted.append(tracker.sender_id)
        return SQLTrackerStore._additional_events(self, session, tracker)

    store = SQLTrackerStore(Domain.empty(), db=str(tmp_path / "t.db"))
    store.save = rasa_speedups.noting_save(SQLTrackerStore.save).__get__(store)
    store._retrieve = rasa_speedups.remembering_retrieve(SQLTrackerStore._retrieve).__get__(store)
    store._additional_events = rasa_speedups.known_additional_events(original).__get__(store)

    first = await store.get_or_create_tracker("c1")  # new: nothing read, so the store counts
    first.update(UserUttered("hola"))
    await store.save(first)
    assert counted == ["c1", "c1"]

    for turn in range(3):  # each turn reads, adds, saves (twice in the last turn)
        tracker = await store.retrieve("c1")
        tracker.update(UserUttered(f"turn {turn}"))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        if turn == 2:
            tracker.update(UserUttered("again"))
            await store.save(tracker)
    assert counted == ["c1", "c1"]  # no count after a read or after a noted save

    stored = await store.retrieve("c1")
    texts = [event.text for event in stored.events if isinstance(event, UserUttered)]
    assert texts == ["hola", "turn 0", "turn 1", "turn 2", "again"]  # each once, in order

    # a new session inside a turn: the old session's events are not stored again
    tracker = await store.retrieve("c1")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(UserUttered("new session"))
    await store.save(tracker)
    latest = await store.retrieve("c1")
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["new session"]
    full = await store.retrieve_full_tracker("c1")
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == texts + ["new session"]


def test_install_patches_the_sql_tracker_store():
    from rasa.core.tracker_store import SQLTrackerStore

    rasa_speedups.install(nlu_threads=0)
    assert SQLTrackerStore._additional_events.__closure__ is not None
    assert SQLTrackerStore._retrieve.__closure__ is not None


async def test_the_sqlite_tracker_store_keeps_its_connection_across_reads_and_saves(tmp_path):
    """Item 8: one connection serves many turns (SQLAlchemy 1.4 opened and closed one per
    read and per save), and the conversation is stored exactly as before."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered

    rasa_speedups.install(nlu_threads=0)
    store = SQLTrackerStore(Domain.empty(), db=str(tmp_path / "t.db"))
    opened = []
    sa.event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))
    for turn in range(5):
        tracker = await store.get_or_create_tracker("c1")
        tracker.update(UserUttered(f"turn {turn}"))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
    assert opened == []  # the connection made when the store started serves every turn
    stored = await store.retrieve("c1")
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == [f"turn {n}" for n in range(5)]
    with store.engine.connect() as connection:  # still write-ahead logged, synced as chosen
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_only_sqlite_files_get_a_kept_pool():
    from sqlalchemy.pool import QueuePool

    def plain(url):
        return {}

    kwargs = rasa_speedups.pooled_sqlite_engine_kwargs(plain)
    assert kwargs("sqlite:////tmp/x/trackers.db") == {"poolclass": QueuePool,
                                                      "connect_args": {"check_same_thread": False}}
    assert kwargs("sqlite://") == {}  # in memory: SQLAlchemy's own choice
    assert kwargs("postgresql://u:p@host:5432/db") == {}
