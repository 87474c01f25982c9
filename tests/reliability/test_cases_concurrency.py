"""The cases store under concurrent writers, retries and failures, on SQLite and PostgreSQL.

Writers run in several processes (as several action servers would) with many threads
each, all released at the same moment.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import stat
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from sqlalchemy import event, text

from bot.cases.db import create_schema, make_engine, make_session_factory
from bot.cases.repository import CaseRepository
from bot.cases.service import CaseRequest
from tests.reliability.customers import MADRID, Customer, book_one_slot, make_service, request_of, run_customers
from tests.support.services import postgres_database

PROCESSES = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty cases store on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cases.db'}"
        create_schema(make_engine(url))
        yield url
    else:
        with postgres_database("cases") as url:
            create_schema(make_engine(url))
            yield url


def in_processes(function, jobs: List[tuple]) -> List[Dict]:
    """Run `function(*job)` for each job in its own process; all results, flattened."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(jobs)) as pool:
        return [result for results in pool.starmap(function, jobs) for result in results]


def slot_counts(url: str) -> Counter:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT callback_at, COUNT(*) FROM cases WHERE kind = 'callback' "
                                       "GROUP BY callback_at")).all()
    engine.dispose()
    return Counter({row[0]: row[1] for row in rows})


def stored_ids(url: str) -> List[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT public_id FROM cases"))]
    engine.dispose()
    return ids


def test_fifty_concurrent_bookings_of_one_slot_fill_it_to_capacity_only(store_url):
    slot = dt.datetime(2026, 11, 26, 16, 0, tzinfo=MADRID)
    numbers = list(range(50))
    jobs = [(store_url, numbers[i::PROCESSES], slot.isoformat()) for i in range(PROCESSES)]
    results = in_processes(book_one_slot, jobs)
    assert not [r for r in results if "error" in r], results
    booked = [r for r in results if "case" in r]
    refused = Counter(r["refused"] for r in results if "refused" in r)
    print(f"\n50 bookings of one slot on {store_url.split(':')[0]}: {len(booked)} booked, {dict(refused)}")
    assert len(booked) == 2, (booked, refused)  # two technicians per slot
    assert sum(refused.values()) == 48 and set(refused) <= {"slot_full", "slot_taken"}
    assert max(slot_counts(store_url).values()) == 2


def test_two_hundred_customers_at_once_get_two_hundred_cases_and_no_slot_overflows(store_url):
    # 100 tickets, 100 callbacks wanting one of five slots; twenty customers submit twice
    # (a retried submission) from two different processes at the same moment.
    wanted = [dt.datetime(2026, 11, 26, 15, 0, tzinfo=MADRID) + dt.timedelta(minutes=30 * i) for i in range(5)]
    customers = [Customer(n, "ticket") if n % 2 else Customer(n, "callback", wanted[n % 5]) for n in range(200)]
    retried = customers[:20]
    jobs = [(store_url, customers[i::PROCESSES] + [c for c in retried if c.number % PROCESSES == (i + 1) % PROCESSES],
             i) for i in range(PROCESSES)]
    started = time.monotonic()
    results = in_processes(run_customers, jobs)
    print(f"\n200 customers + 20 retries on {store_url.split(':')[0]}: {time.monotonic() - started:.1f} s, "
          f"{sum(r.get('refused', 0) for r in results)} slot refusals on the way")
    errors = [r for r in results if "error" in r]
    assert not errors, errors[:5]
    by_customer: Dict[int, set] = {}
    for result in results:
        by_customer.setdefault(result["customer"], set()).add(result["case"])
    assert len(by_customer) == 200
    assert all(len(cases) == 1 for cases in by_customer.values()), "a retried submission made a second case"
    ids = stored_ids(store_url)
    assert len(ids) == 200 and len(set(ids)) == 200
    assert sorted(ids) == sorted(case for cases in by_customer.values() for case in cases)
    assert max(slot_counts(store_url).values()) <= 2
    assert sum(slot_counts(store_url).values()) == 100


def test_the_same_submission_twenty_times_at_once_makes_one_case(store_url):
    service = make_service(store_url)
    request = request_of(Customer(7, "ticket"))
    start = threading.Barrier(20)
    got: List[str] = []

    def submit() -> None:
        start.wait()
        got.append(service.open_ticket(request, "billing").public_id)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 20 and len(set(got)) == 1
    assert stored_ids(store_url) == got[:1]


def test_a_retried_callback_returns_its_booking_even_when_it_filled_the_slot(store_url):
    service = make_service(store_url)
    slot = dt.datetime(2026, 11, 26, 16, 0, tzinfo=MADRID)
    first = service.book_callback(request_of(Customer(1, "callback", slot)), slot)
    second = service.book_callback(request_of(Customer(2, "callback", slot)), slot)  # the slot is now full
    again = service.book_callback(request_of(Customer(2, "callback", slot)), slot)
    assert again.public_id == second.public_id != first.public_id
    assert list(slot_counts(store_url).values()) == [2]


def test_the_connection_dying_mid_submission_leaves_no_case_behind():
    with postgres_database("cases") as url:
        engine = make_engine(url)
        create_schema(engine)
        service = make_service(url)
        sessions = make_session_factory(engine)
        service.repository = CaseRepository(sessions)
        killer = make_engine(url)

        def kill_own_connection(session, _context) -> None:
            pid = session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one()
            with killer.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                connection.commit()

        event.listen(sessions, "after_flush", kill_own_connection)
        with pytest.raises(Exception) as failure:
            service.open_ticket(request_of(Customer(1, "ticket")), "billing")
        assert "terminat" in str(failure.value).lower() or "closed" in str(failure.value).lower()
        event.remove(sessions, "after_flush", kill_own_connection)
        assert stored_ids(url) == []
        # the store works again at once, and the retried submission is created once
        case = service.open_ticket(request_of(Customer(1, "ticket")), "billing")
        assert stored_ids(url) == [case.public_id]
        killer.dispose()
        engine.dispose()


def test_an_unreachable_database_at_submission_says_nothing_was_saved(dispatcher_and_tracker):
    import asyncio

    from actions import services
    from actions.tickets import ActionSubmitTicket

    dispatcher, tracker = dispatcher_and_tracker
    service = make_service("postgresql://postgres@127.0.0.1:1/nowhere")  # nothing listens on port 1
    services.install(cases=service)
    try:
        events = asyncio.run(ActionSubmitTicket().run(dispatcher, tracker, {}))
    finally:
        services._cases = None
    texts = " ".join(message.get("text") or "" for message in dispatcher.messages)
    assert "no se ha creado nada" in texts
    assert events  # the form's slots are cleared: the customer can start again


@pytest.fixture
def dispatcher_and_tracker():
    from rasa_sdk.executor import CollectingDispatcher

    from tests.integration.conftest import make_tracker

    slots = {"email": "ana@example.com", "ticket_category": "billing", "description": "La factura está mal",
             "ticket_confirmed": True}
    return CollectingDispatcher(), make_tracker("sí", "affirm", slots)


def test_database_files_are_readable_by_their_owner_only(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'private' / 'cases.db'}"
    engine = make_engine(url)
    create_schema(engine)
    CaseRepository(make_session_factory(engine)).add_contracts([])
    for path in (tmp_path / "private").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) & 0o077 == 0
    loose = tmp_path / "old.db"
    loose.touch(mode=0o644)
    make_engine(f"sqlite:///{loose}")
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_a_database_made_before_idempotency_keys_gets_the_column(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE cases (number INTEGER PRIMARY KEY, public_id VARCHAR(24), "
                                "level INTEGER, kind VARCHAR(16), status VARCHAR(16), priority VARCHAR(16), "
                                "category VARCHAR(32), email VARCHAR(254), subject VARCHAR(200), description TEXT, "
                                "channel VARCHAR(32), conversation_id VARCHAR(128), created_at DATETIME, "
                                "first_response_due DATETIME, resolution_due DATETIME, callback_at DATETIME, "
                                "contract_id VARCHAR(32), vendor VARCHAR(120), consent BOOLEAN, transcript TEXT, "
                                "requester_name VARCHAR(120), requester_phone VARCHAR(32), language VARCHAR(2))"))
    create_schema(engine)
    service = make_service(url)
    first = service.open_ticket(CaseRequest("La factura", "ana@example.com", idempotency_key="k"), "billing")
    again = service.open_ticket(CaseRequest("La factura", "ana@example.com", idempotency_key="k"), "billing")
    assert first.public_id == again.public_id and len(stored_ids(url)) == 1
