"""The desk's store on real databases: agents, presence, the queue, atomic claims, notes, and
the case-service methods the desk uses."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Callable, List

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot.cases.db import make_engine
from bot.cases.service import CaseError, CaseRequest
from bot.desk import build_desk_service
from bot.desk.auth import AuthService
from bot.desk.service import DeskError, DeskService, HandoffRequest

POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def desk(database_url, now) -> DeskService:
    service = build_desk_service(engine=make_engine(database_url))
    service.clock = Clock(now.astimezone(dt.timezone.utc))
    return service


def request(conversation_id: str, **extra) -> HandoffRequest:
    return HandoffRequest(conversation_id=conversation_id, channel="socketio", language="es", **extra)


def test_an_agent_is_created_with_an_argon2_hash_and_reset_by_the_same_command(desk):
    agent, created = desk.add_agent("Ana@Example.com", "first-password", "Ana")
    assert created and agent.email == "ana@example.com"
    assert agent.password_hash.startswith("$argon2id$") and "first-password" not in agent.password_hash
    auth = AuthService(desk.repository, desk.clock)
    signed_in = auth.login("ana@example.com", "first-password", "test")
    again, created_again = desk.add_agent("ana@example.com", "second-password")
    assert not created_again and again.id == agent.id and again.name == "Ana"
    assert auth.session(signed_in.token) is None  # a reset signs the agent out everywhere
    assert auth.login("ana@example.com", "second-password", "test").agent.id == agent.id


@pytest.mark.parametrize("email, password, code", [("not-an-email", "long-enough", "bad_email"),
                                                   ("ana@example.com", "short", "weak_password")])
def test_bad_agent_details_are_refused(desk, email, password, code):
    with pytest.raises(DeskError) as refused:
        desk.add_agent(email, password)
    assert refused.value.code == code


def test_only_a_signed_in_present_agent_marked_available_counts(desk):
    agent, _ = desk.add_agent("ana@example.com", "a-password")
    auth = AuthService(desk.repository, desk.clock)
    assert desk.available_agents() == 0
    signed_in = auth.login("ana@example.com", "a-password", "test")
    assert desk.available_agents() == 0  # signed in but not marked available
    desk.set_availability(agent, True)
    assert desk.available_agents() == 1
    desk.clock.now += desk.presence_window + dt.timedelta(seconds=1)
    assert desk.available_agents() == 0  # gone quiet (browser closed)
    desk.touch(agent.id)
    assert desk.available_agents() == 1
    auth.logout(signed_in.token)
    assert desk.available_agents() == 0


def test_the_queue_gives_places_and_never_holds_a_conversation_twice(desk):
    first = desk.enqueue(request("c-1", summary="Asked: factura", level=1, intents=["open_ticket"]))
    second = desk.enqueue(request("c-2"))
    again = desk.enqueue(request("c-1"))
    assert (first.position, second.position) == (1, 2)
    assert not again.created and again.handoff.id == first.handoff.id
    assert [h.conversation_id for h in desk.queue()] == ["c-1", "c-2"]
    agent, _ = desk.add_agent("ana@example.com", "a-password")
    desk.claim("c-1", agent)
    assert desk.enqueue(request("c-3")).position == 2  # c-2 waits ahead of it, c-1 is held


def test_claim_release_and_who_may_act(desk):
    ana, _ = desk.add_agent("ana@example.com", "a-password")
    bea, _ = desk.add_agent("bea@example.com", "a-password")
    desk.enqueue(request("c-1"))
    with pytest.raises(DeskError) as not_claimed:
        desk.require_holder("c-1", ana)
    assert not_claimed.value.code == "not_claimed"
    assert desk.claim("c-1", ana).claimed_by == ana.id
    for code, action in (("already_claimed", lambda: desk.claim("c-1", bea)),
                         ("held_by_other", lambda: desk.require_holder("c-1", bea)),
                         ("held_by_other", lambda: desk.release("c-1", bea)),
                         ("not_found", lambda: desk.claim("never-queued", bea))):
        with pytest.raises(DeskError) as refused:
            action()
        assert refused.value.code == code
    desk.release("c-1", ana)
    assert desk.active("c-1") is None and desk.latest("c-1").status == "released"
    assert desk.enqueue(request("c-1")).created  # it can be handed off again later


def test_an_unclaimed_conversation_can_go_back_to_the_bot_but_not_a_claimed_one(desk):
    ana, _ = desk.add_agent("ana@example.com", "a-password")
    desk.enqueue(request("c-1"))
    desk.enqueue(request("c-2"))
    desk.claim("c-2", ana)
    assert desk.return_unclaimed("c-1") and desk.latest("c-1").status == "returned"
    assert not desk.return_unclaimed("c-2") and desk.active("c-2").status == "held"


def test_notes_are_kept_with_their_author(desk):
    ana, _ = desk.add_agent("ana@example.com", "a-password", "Ana")
    with pytest.raises(DeskError):
        desk.add_note("c-1", ana, "never handed off")
    desk.enqueue(request("c-1"))
    desk.add_note("c-1", ana, "  Cliente de la cuenta <b>Gold</b>  ")
    [(note, author)] = desk.notes("c-1")
    assert note.text == "Cliente de la cuenta <b>Gold</b>" and author.name == "Ana"
    with pytest.raises(DeskError):
        desk.add_note("c-1", ana, "   ")


def claim_race(desk: DeskService, agents: List, conversation_id: str) -> List[bool]:
    """Every agent claims at the same moment (a barrier), each in its own thread."""
    barrier = threading.Barrier(len(agents))
    results: List[bool] = [False] * len(agents)

    def attempt(index: int) -> None:
        barrier.wait()
        try:
            desk.claim(conversation_id, agents[index])
            results[index] = True
        except DeskError:
            results[index] = False

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(agents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def run_races(desk: DeskService, rounds: int = 5, agents_count: int = 6) -> None:
    agents = [desk.add_agent(f"agent{i}@example.com", "a-password")[0] for i in range(agents_count)]
    for round_number in range(rounds):
        conversation_id = f"race-{round_number}"
        desk.enqueue(request(conversation_id))
        results = claim_race(desk, agents, conversation_id)
        assert results.count(True) == 1, results
        winner = agents[results.index(True)]
        assert desk.active(conversation_id).claimed_by == winner.id


def test_agents_claiming_at_once_exactly_one_wins_on_sqlite(desk):
    run_races(desk)


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for this test (skipped where no server runs)."""
    name = f"issue9_desk_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_agents_claiming_at_once_exactly_one_wins_on_postgresql(postgres_url, now):
    engine = make_engine(postgres_url)
    desk = build_desk_service(engine=engine)
    desk.clock = Clock(now.astimezone(dt.timezone.utc))
    try:
        run_races(desk)
        desk.enqueue(request("twice"))
        assert not desk.enqueue(request("twice")).created  # the partial unique index holds here too
    finally:
        engine.dispose()


# -- the case service's desk methods ------------------------------------------------------------
def test_an_agent_changes_a_status_and_the_customer_then_hears_it(service):
    case = service.open_ticket(CaseRequest(description="Factura duplicada", email="ana@example.com",
                                           conversation_id="c-1"))
    service.change_status(case.public_id, "in_progress")
    assert service.status_for(case.public_id, "ana@example.com").status == "in_progress"
    for bad_id, bad_status, code in ((case.public_id, "lost", "bad_status"), ("T-999999", "closed", "unknown_case")):
        with pytest.raises(CaseError) as refused:
            service.change_status(bad_id, bad_status)
        assert refused.value.code == code


def test_open_cases_filter_by_level_and_status_and_mark_overdue(service, clock: Callable):
    ticket = service.open_ticket(CaseRequest(description="Factura", email="a@example.com", conversation_id="c-1"))
    sla = service.open_sla_case(CaseRequest(description="Base de datos caída", email="b@example.com"),
                                "SC-1001", "critical")
    closed = service.open_ticket(CaseRequest(description="Otra", email="c@example.com"))
    service.change_status(closed.public_id, "closed")
    assert [c.public_id for c in service.open_cases()] == [sla.public_id, ticket.public_id]  # soonest due first
    assert [c.public_id for c in service.open_cases(level=3)] == [sla.public_id]
    assert [c.public_id for c in service.open_cases(status="closed")] == [closed.public_id]
    assert [c.public_id for c in service.cases_for_conversation("c-1")] == [ticket.public_id]
    assert service.overdue(sla) == {"first_response": False, "resolution": False}
    service.clock = lambda: clock() + dt.timedelta(days=30)
    assert service.overdue(sla) == {"first_response": True, "resolution": True}
    service.change_status(sla.public_id, "in_progress")
    assert service.overdue(service.repository.get(sla.public_id)) == {"first_response": False, "resolution": True}
    with pytest.raises(CaseError):
        service.open_cases(status="lost")
