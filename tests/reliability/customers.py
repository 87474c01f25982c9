"""Simulated customers opening cases, run in worker processes (one process = one action server).

Importable by multiprocessing's spawn start method, hence a module of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.business_hours import BusinessCalendar
from bot.cases.db import make_engine, make_session_factory
from bot.cases.repository import CaseRepository
from bot.cases.service import CaseError, CaseRequest, CaseService, SlotUnavailable
from bot.settings import PROJECT_ROOT
from bot.timeparse import RequestedTime

MADRID = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=MADRID)  # the test suite's ordinary Thursday morning


@dataclass(frozen=True)
class Customer:
    """Who opens what: a ticket, or a callback wanted at `slot`."""

    number: int
    kind: str  # "ticket" or "callback"
    slot: Optional[dt.datetime] = None


def make_service(url: str) -> CaseService:
    """The production service on `url`, a small pool per process, the clock frozen at NOW."""
    options = {} if url.startswith("sqlite") else {"pool_size": 4, "max_overflow": 4, "pool_timeout": 120}
    repository = CaseRepository(make_session_factory(make_engine(url, **options)))
    calendar = BusinessCalendar.from_file(PROJECT_ROOT / "bot" / "business_hours.yml")
    fixed = NOW.astimezone(dt.timezone.utc)
    return CaseService(repository, calendar, clock=lambda: fixed)


def request_of(customer: Customer) -> CaseRequest:
    return CaseRequest(description=f"Problema número {customer.number} con la factura",
                       email=f"cliente{customer.number}@example.com", conversation_id=f"customer-{customer.number}",
                       requester_name=f"Cliente {customer.number}", requester_phone="+34612345678",
                       idempotency_key=f"customer-{customer.number}:form")


def open_case(service: CaseService, customer: Customer, rng: random.Random) -> Tuple[str, int]:
    """What a customer does: open the case, taking one of the offered slots when theirs filled up.

    Returns the case id and how many bookings were refused on the way.
    """
    request = request_of(customer)
    if customer.kind == "ticket":
        return service.open_ticket(request, "billing").public_id, 0
    slot, refused = customer.slot, 0
    while True:
        try:
            return service.book_callback(request, slot).public_id, refused
        except CaseError as exc:
            if not exc.code.startswith("slot_"):
                raise
            refused += 1
            try:
                slot = service.choose_slot(RequestedTime(slot))
            except SlotUnavailable as unavailable:
                slot = rng.choice(unavailable.alternatives)


def run_customers(url: str, customers: List[Customer], seed: int) -> List[Dict]:
    """All `customers` at once, one thread each; returns what each got (or the error)."""
    service = make_service(url)
    start = threading.Barrier(len(customers))
    results: List[Dict] = [{} for _ in customers]

    def one(position: int, customer: Customer) -> None:
        rng = random.Random(seed * 1000 + position)
        start.wait()
        try:
            case_id, refused = open_case(service, customer, rng)
            results[position] = {"customer": customer.number, "case": case_id, "refused": refused}
        except Exception as exc:  # reported by the test
            results[position] = {"customer": customer.number, "error": f"{exc.__class__.__name__}: {exc}"}

    threads = [threading.Thread(target=one, args=(i, c)) for i, c in enumerate(customers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def book_one_slot(url: str, numbers: List[int], slot_iso: str) -> List[Dict]:
    """Everyone books the same slot once, at the same moment; returns who got it."""
    service = make_service(url)
    slot = dt.datetime.fromisoformat(slot_iso)
    start = threading.Barrier(len(numbers))
    results: List[Dict] = [{} for _ in numbers]

    def one(position: int, number: int) -> None:
        start.wait()
        try:
            case = service.book_callback(request_of(Customer(number, "callback", slot)), slot)
            results[position] = {"customer": number, "case": case.public_id}
        except CaseError as exc:
            results[position] = {"customer": number, "refused": exc.code}
        except Exception as exc:
            results[position] = {"customer": number, "error": f"{exc.__class__.__name__}: {exc}"}

    threads = [threading.Thread(target=one, args=(i, n)) for i, n in enumerate(numbers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
