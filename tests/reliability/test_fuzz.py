"""Hypothesis throws malformed, hostile and merely odd input at the running assistant:
the REST webhook, the socket.io channel and the Telegram webhook's update parser.

Targets: no 5xx, no crash (the server answers a normal message afterwards), no
handler errors in its log, and memory that stays bounded. FUZZ_EXAMPLES sets how many
requests the REST webhook gets (CI: 2,000; docs/RELIABILITY.md records a 10,000 run);
the other two get a fifth of it each.
"""

from __future__ import annotations

import http.client
import json
import os
import time
import uuid
from collections import Counter
from typing import Any, Dict, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import TELEGRAM_SECRET
from tests.support.stack import new_sender

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
#: How much the Rasa server's resident memory may grow over one fuzz run.
MEMORY_GROWTH_LIMIT_MB = 150

# -- what odd input looks like -------------------------------------------------------------
any_char = st.characters(exclude_categories=())  # surrogates and control characters included
odd_text = st.one_of(
    st.text(any_char, max_size=200),
    st.sampled_from(["", " ", "\x00", "\ud800", "😀" * 50, "<script>alert(1)</script>", "' OR 1=1 --",
                     "/affirm", "/inform{\"email\": 5}", "/nonexistent_intent", "/restart", "/session_start",
                     "{{7*7}}", "%s%s%n", "\u202e\u2066", "ana@example.com +34 612 34 56 78", "\\ud83d"]),
    st.integers(0, 12_000).map(lambda n: "a " * n),
    st.integers(0, 6_000).map(lambda n: "1" * n),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | odd_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)
rest_body = st.fixed_dictionaries({}, optional={
    "sender": st.one_of(st.text(any_char, max_size=140), json_value),
    "message": st.one_of(odd_text, json_value),
    "metadata": json_value,
    "input_channel": st.one_of(st.sampled_from(["rest", "telegram", "socketio"]), json_value),
})
#: A well-formed message with odd text: it reaches NLU and the dialogue.
valid_body = st.fixed_dictionaries(
    {"sender": st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}"), "message": odd_text},
    optional={"metadata": st.dictionaries(st.text(max_size=8), json_value, max_size=3),
              "input_channel": st.sampled_from(["rest", "telegram", "socketio"])})
rest_payload = st.one_of(
    valid_body.map(lambda body: json.dumps(body).encode()),
    valid_body.map(lambda body: json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    rest_body.map(lambda body: json.dumps(body).encode()),
    rest_body.map(lambda body: json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_value.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
)


class Client:
    """One keep-alive HTTP connection, reopened when the server closes it."""

    def __init__(self, base_url: str) -> None:
        self.host, self.port = base_url.replace("http://", "").split(":")
        self.connection = None

    def post(self, path: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, bytes]:
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, int(self.port), timeout=60)
                self.connection.request("POST", path, body, {"Content-Type": "application/json", **headers})
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def rss_mb(stack) -> float:
    return stack.child("bot.serving.rasa_server").memory_info().rss / 2 ** 20


def still_answers(stack) -> None:
    assert stack.rasa.texts(new_sender("after-fuzz"), "hola"), "the server no longer answers"


def handler_errors(stack) -> int:
    """Tracebacks in the Rasa server's log, but for engine.io refusing a client's batch of
    more than 16 packets (its own limit, which drops that batch and nothing else)."""
    log = stack.logs().get("rasa.log", "")
    refused_batches = log.count("Too many packets in payload")
    return log.count("Traceback") - refused_batches + log.count("Exception occurred")


# -- the tests -----------------------------------------------------------------------------
def test_rest_webhook_fuzz_gives_no_5xx_and_bounded_memory(stack):
    client = Client(stack.rasa.base_url)
    statuses: Counter = Counter()
    errors_before = handler_errors(stack)
    client.post("/webhooks/rest/webhook", json.dumps({"sender": "warm", "message": "hola"}).encode(), {})
    memory_before = rss_mb(stack)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(rest_payload)
    def one_request(raw: bytes) -> None:
        status, body = client.post("/webhooks/rest/webhook", raw, {})
        statuses[status] += 1
        assert status < 500, (status, raw[:300], body[:300])

    started = time.monotonic()
    one_request()
    elapsed = time.monotonic() - started
    growth = rss_mb(stack) - memory_before
    print(f"\nREST fuzz: {sum(statuses.values())} requests in {elapsed:.0f} s, statuses {dict(statuses)}, "
          f"Rasa RSS {memory_before:.0f} MB -> +{growth:.0f} MB")
    assert statuses[200] > 0 and statuses[400] > 0
    assert growth < MEMORY_GROWTH_LIMIT_MB
    assert handler_errors(stack) == errors_before
    still_answers(stack)


update_ids = iter(range(10_000_000, 20_000_000))
telegram_user = st.fixed_dictionaries({"id": st.integers(1, 2 ** 40), "is_bot": st.booleans(),
                                       "first_name": st.text(max_size=20)},
                                      optional={"language_code": st.sampled_from(["es", "en", "de", "", "xx-YY"])})
telegram_message = st.fixed_dictionaries(
    {"message_id": st.integers(1, 2 ** 31), "date": st.integers(0, 2 ** 31),
     "chat": st.fixed_dictionaries({"id": st.integers(1, 2 ** 40), "type": st.sampled_from(["private", "group"])})},
    optional={"text": odd_text, "from": telegram_user, "photo": json_value, "sticker": json_value,
              "voice": json_value, "document": json_value, "entities": json_value, "caption": odd_text})
telegram_update = st.one_of(
    st.fixed_dictionaries({"update_id": st.integers(0, 2 ** 31)},
                          optional={"message": telegram_message, "edited_message": telegram_message,
                                    "callback_query": st.fixed_dictionaries(
                                        {"id": st.text(min_size=1, max_size=10), "from": telegram_user,
                                         "chat_instance": st.text(max_size=5)},
                                        optional={"data": odd_text, "message": telegram_message})}),
    json_value,
)


def test_telegram_update_parser_fuzz_gives_no_5xx(stack):
    client = Client(stack.rasa.base_url)
    statuses: Counter = Counter()
    errors_before = handler_errors(stack)

    @settings(max_examples=max(100, EXAMPLES // 5), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(telegram_update, st.booleans())
    def one_update(update: Any, as_text: bool) -> None:
        raw = (json.dumps(update) if as_text or not isinstance(update, dict)
               else json.dumps({**update, "update_id": next(update_ids)})).encode()
        status, body = client.post("/webhooks/telegram/webhook", raw,
                                   {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        statuses[status] += 1
        assert status < 500, (status, raw[:300], body[:300])

    one_update()
    print(f"\nTelegram fuzz: {sum(statuses.values())} updates, statuses {dict(statuses)}")
    assert statuses[200] > 0 and statuses[400] > 0
    assert handler_errors(stack) == errors_before
    still_answers(stack)


def test_socketio_fuzz_never_breaks_the_channel(stack):
    import socketio

    client = socketio.Client(reconnection=False)
    replies, disconnects = [], []
    client.on("bot_uttered", lambda data: replies.append(data))
    client.on("disconnect", lambda *args: disconnects.append(time.monotonic()))
    client.connect(stack.rasa.base_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=10)
    errors_before = handler_errors(stack)
    session = uuid.uuid4().hex
    client.emit("session_request", {"session_id": session})
    event = st.sampled_from(["user_uttered", "session_request", "user_uttered", "message", "bot_uttered",
                             "connect", "x" * 50])
    payload = st.one_of(json_value, st.fixed_dictionaries({}, optional={
        "message": st.one_of(odd_text, json_value),
        "session_id": st.one_of(st.uuids().map(lambda u: u.hex), st.just(session), json_value),
        "metadata": json_value}), st.binary(max_size=50))

    @settings(max_examples=max(60, EXAMPLES // 5), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(event, payload)
    def one_emit(name: str, data: Any) -> None:
        if name in ("connect", "disconnect", "message"):
            name = "user_uttered"
        client.emit(name, data)
        time.sleep(0.05)  # about one event per request, as a person types
        assert not disconnects, "the server dropped the connection"

    try:
        one_emit()
        assert not disconnects
    finally:
        client.disconnect()
    # a new visitor is still served
    visitor, answers = socketio.Client(reconnection=False), []
    visitor.on("bot_uttered", lambda data: answers.append(data))
    visitor.connect(stack.rasa.base_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=10)
    try:
        fresh = uuid.uuid4().hex
        visitor.emit("session_request", {"session_id": fresh})
        visitor.emit("user_uttered", {"message": "hola", "session_id": fresh})
        deadline = time.monotonic() + 90
        while not answers and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answers and answers[0].get("text"), "no reply after the fuzz"
    finally:
        visitor.disconnect()
    assert handler_errors(stack) == errors_before
    still_answers(stack)


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/webhooks/telegram/webhook", "/model/parse"])
def test_a_body_over_the_size_limit_is_refused_not_read(stack, path):
    import socket

    host, port = stack.rasa.base_url.replace("http://", "").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           f"Content-Length: 3000000\r\n\r\n".encode() + b'{"sender": "x", "message": "' + b"a" * 50_000)
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
