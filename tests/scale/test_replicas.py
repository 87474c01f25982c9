"""Two Rasa servers and two action servers serving the same conversations.

Conversations (Rasa's SQL tracker store) and cases live in one PostgreSQL database,
conversation locks in Redis: one setting each (TRACKER_STORE_URL, DATABASE_URL,
LOCK_STORE_URL). Every conversation's messages alternate between the two servers, and
some arrive at both at the same moment.
"""

from __future__ import annotations

import concurrent.futures
import os
import random
import time
import uuid
from pathlib import Path
from typing import Dict, List

import pytest

from bot.launcher import start_servers, stop, wait_until_up
from tests.support.assets import kb_index, trained_model
from tests.support.services import postgres_database, redis_prefix
from tests.support.stack import RasaEndpoint, cases, free_port, user_texts

CONVERSATIONS = 12


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """Rasa A → actions A and Rasa B → actions B, sharing PostgreSQL and Redis."""
    work = tmp_path_factory.mktemp("replicas")
    with postgres_database("replicas") as database, redis_prefix("replicas") as locks:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
               "DATABASE_URL": database, "TRACKER_STORE_URL": database, "LOCK_STORE_URL": locks,
               "RASA_AUTH_TOKEN": uuid.uuid4().hex, "ACTION_SERVER_TOKEN": uuid.uuid4().hex, "RETENTION_DAYS": "0"}
        model = trained_model(env, work / "train.out")
        env["KB_INDEX_DIR"] = str(kb_index(env))
        servers, processes = [], []
        for name in ("a", "b"):
            rasa_port, action_port = free_port(), free_port()
            logs = work / name
            logs.mkdir()
            started = start_servers(rasa_port, action_port, model, log_dir=logs, env=env)
            processes += started
            servers.append((RasaEndpoint(f"http://127.0.0.1:{rasa_port}", env["RASA_AUTH_TOKEN"]), started, action_port))
        try:
            for endpoint, started, action_port in servers:
                ready = (wait_until_up(f"http://127.0.0.1:{action_port}/health", started[0], timeout=400)
                         and wait_until_up(f"{endpoint.base_url}/status?token={endpoint.token}", started[1], timeout=400))
                if not ready:
                    logs = "\n".join(f"== {p}\n{p.read_text()[-2000:]}" for p in work.glob("*/*.log"))
                    pytest.fail(f"a replica did not start:\n{logs}")
            yield [endpoint for endpoint, _, _ in servers], env
        finally:
            stop(processes)


def ticket_conversation(servers: List[RasaEndpoint], number: int) -> Dict:
    """One customer opening a ticket, each message to the other server than the last."""
    sender = f"replica-{number}-{uuid.uuid4().hex[:8]}"
    first = random.Random(number).randrange(2)
    steps = [("Tengo preguntas sobre una factura.", "correo"),
             (f"cliente{number}.replica@example.com", "Descríbeme"),
             (f"La factura número {number} tiene un importe que no es el mío", "Voy a abrir este ticket"),
             ("sí", "Hecho: he abierto el ticket")]
    replies = []
    for turn, (text, expected) in enumerate(steps):
        server = servers[(first + turn) % 2]
        reply = server.texts(sender, text)
        replies.append(reply)
        assert expected in reply, (sender, turn, reply)
    return {"sender": sender, "number": number, "replies": replies, "texts": [text for text, _ in steps]}


def test_conversations_alternating_between_two_servers_stay_whole(replicas):
    servers, env = replicas
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(CONVERSATIONS) as pool:
        finished = list(pool.map(lambda n: ticket_conversation(servers, n), range(CONVERSATIONS)))
    print(f"\n{CONVERSATIONS} conversations x 4 messages across 2 servers: {time.monotonic() - started:.0f} s")
    by_conversation = {case["conversation_id"]: case for case in cases(env)}
    for done in finished:
        for server in servers:  # both servers see the same, whole conversation
            tracker = server.tracker(done["sender"])
            assert user_texts(tracker) == done["texts"]
            assert tracker["slots"]["email"] == f"cliente{done['number']}.replica@example.com"
            assert tracker["slots"]["support_level"] == 1 and not tracker.get("active_loop", {}).get("name")
        case = by_conversation[done["sender"]]
        assert case["email"] == f"cliente{done['number']}.replica@example.com"
        assert case["id"] in done["replies"][-1]
    assert len([c for c in cases(env) if c["conversation_id"].startswith("replica-")]) == CONVERSATIONS


def test_messages_arriving_at_both_servers_at_once_are_all_kept(replicas):
    servers, _ = replicas
    sender = f"both-{uuid.uuid4().hex[:8]}"
    sent = []
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for round_ in range(5):
            pair = [f"hola, ronda {round_} servidor a", f"hola, ronda {round_} servidor b"]
            replies = list(pool.map(lambda args: args[0].texts(sender, args[1]), zip(servers, pair)))
            assert all(replies), replies
            sent += pair
    tracker = servers[0].tracker(sender)
    assert sorted(user_texts(tracker)) == sorted(sent)  # every message, once
    assert servers[1].tracker(sender)["events"] == tracker["events"]
    # each turn is whole: every user message is followed by the assistant's answer before the next one
    kinds = [event["event"] for event in tracker["events"] if event["event"] in ("user", "bot")]
    assert kinds[-1] == "bot" and "user,user" not in ",".join(kinds)
