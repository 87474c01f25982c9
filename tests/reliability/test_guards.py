"""The pieces that guard the servers, one by one: masks, limits, checks, kept messages."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from aiohttp import web

from bot.serving.endpoints import ACTION_TOKEN_HEADER, endpoints_config, lock_store_config, tracker_store_config
from bot.serving.inputs import BadInput, InputLimits, check_rest_body, check_socket_message, clean_text
from bot.serving.log_privacy import mask
from bot.serving.ratelimit import RateLimiter
from bot.serving.settings import RateLimit, ServingSettings
from bot.serving.turns import GuardedActionEndpoint, HELD_KEY, REPLAY_KEY, TurnAborted, _ABORT_ON_FAILURE, held_messages
from bot.settings import PROJECT_ROOT

LIMITS = InputLimits(max_message_chars=100, max_sender_chars=16)


# -- masking ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "mi correo es ana.lopez+soporte@empresa.example.com", "ANA@EXAMPLE.COM", "user%40example.org",
    "llamadme al 612 34 56 78", "+34 612 345 678", "(+52) 55 1234 5678", "0034612345678", "612-34-56-78",
    '{"phone": "+34699111222"}', "tel.: 91 123 45 67",
])
def test_addresses_and_phone_numbers_are_masked(text):
    masked = mask(text)
    assert "@" not in masked and "%40" not in masked
    assert sum(ch.isdigit() for ch in masked) < 7, masked


@pytest.mark.parametrize("text", [
    "2026-11-27 10:38:14 INFO rasa.core.processor - Loading model",
    "Goin' Fast @ http://127.0.0.1:5005", "tracker tg-123456789 stored", "case T-000123 opened", "took 0.25 s",
    '{"name": "greet", "confidence": 0.9952646533996294}',
])
def test_log_lines_without_personal_data_keep_their_figures(text):
    assert mask(text) == text


def test_every_log_line_print_and_traceback_of_a_process_is_masked(tmp_path):
    script = (
        "import logging, sys, warnings\n"
        "from bot.serving import log_privacy\n"
        "log_privacy.install()\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
        "logging.getLogger('x').info('customer %s wrote from %s', 'ana@example.com', '+34 612 34 56 78')\n"
        "try:\n"
        "    raise ValueError('bad value eve@example.com 699111222')\n"
        "except ValueError:\n"
        "    logging.getLogger('x').exception('failed')\n"
        "print('printed bob@example.com 612345678')\n"
        "warnings.warn('warned carol@example.com')\n"
        "raise RuntimeError('uncaught dan@example.com +34 699 11 12 22')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert "ValueError" in output and "RuntimeError" in output and "[email]" in output
    assert "@example.com" not in output
    for digits in ("612 34 56 78", "699111222", "612345678", "699 11 12 22"):
        assert digits not in output


# -- rate limits ----------------------------------------------------------------------------
def test_a_bucket_refuses_past_its_count_and_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(RateLimit(3, 60), clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another key has its own bucket
    now[0] = 20.0  # one token back every 20 s
    assert limiter.allow("a") and not limiter.allow("a")


def test_the_buckets_stay_bounded_however_many_keys_come():
    limiter = RateLimiter(RateLimit(1, 60), max_keys=100)
    for number in range(10_000):
        limiter.allow(f"sender-{number}")
    assert len(limiter) == 100


def test_a_limit_can_be_switched_off():
    assert not RateLimit.parse("off").enabled and RateLimiter(RateLimit.parse("off")).allow("x")
    assert RateLimit.parse("20/60") == RateLimit(20, 60.0)


# -- request checks -------------------------------------------------------------------------
@pytest.mark.parametrize("body, reason", [
    (None, "JSON object"), ([1, 2], "JSON object"), ("hola", "JSON object"), (3, "JSON object"),
    ({"message": "hola"}, "'sender' must be a string"), ({"sender": "", "message": "x"}, "required"),
    ({"sender": "   "}, "required"), ({"sender": 5}, "must be a string"), ({"sender": "a" * 17}, "longer than"),
    ({"sender": "a\nb"}, "control"), ({"sender": "s", "message": 5}, "'message' must be a string"),
    ({"sender": "s", "message": ["x"]}, "'message'"), ({"sender": "s", "metadata": "x"}, "'metadata'"),
    ({"sender": "s", "metadata": {"k": "v" * 5000}}, "larger than"), ({"sender": "s", "input_channel": "A B"}, "input"),
])
def test_webhook_bodies_that_cannot_be_taken_are_refused_with_the_reason(body, reason):
    with pytest.raises(BadInput, match=reason):
        check_rest_body(body, LIMITS)


def test_a_good_body_comes_out_clean():
    body = check_rest_body({"sender": "s1", "message": "hola\ud800\x00", "metadata": {"a": "\udfff"},
                            "input_channel": "telegram"}, LIMITS)
    assert body["message"] == "hola\ufffd" and body["metadata"] == {"a": "\ufffd"}
    assert check_rest_body({"sender": "s1"}, LIMITS)["message"] is None  # no text: the bot asks for some
    assert clean_text("ok 😀") == "ok 😀"


@pytest.mark.parametrize("data", [None, "hola", 5, [], {"message": 5}, {"message": "x", "session_id": ""},
                                  {"message": "x", "metadata": "{not json"}, {"message": "x", "metadata": [1]}])
def test_socket_payloads_that_cannot_be_taken_are_refused(data):
    with pytest.raises(BadInput):
        check_socket_message(data, LIMITS)


# -- kept messages --------------------------------------------------------------------------
def held(id_, text, attempts=1):
    return {"event": "bot", "text": "apology", "metadata": {HELD_KEY: {"id": id_, "text": text, "attempts": attempts}}}


def test_kept_messages_wait_until_replayed_or_followed_by_an_ordinary_turn():
    events = [{"event": "user", "text": "hola"}, held("1", "ana@example.com"), held("2", "la factura")]
    assert [m.text for m in held_messages(events)] == ["ana@example.com", "la factura"]
    events.append({"event": "user", "text": "ana@example.com", "metadata": {REPLAY_KEY: "1"}})
    assert [m.id for m in held_messages(events)] == ["2"]
    events.append(held("2", "la factura", attempts=2))  # its replay failed again
    assert [(m.id, m.attempts) for m in held_messages(events)] == [("2", 2)]
    events.append({"event": "user", "text": "otra cosa"})
    assert held_messages(events) == []


def test_kept_messages_are_bounded():
    events = [held(str(n), f"mensaje {n}") for n in range(20)]
    assert [m.id for m in held_messages(events)] == ["15", "16", "17", "18", "19"]


# -- the action endpoint --------------------------------------------------------------------
@pytest.fixture
async def action_server():
    """A stand-in action server: /ok answers, /slow never does, /broken answers 500, /reject 400."""
    async def ok(_request):
        return web.json_response({"events": [], "responses": []})

    async def slow(_request):
        await asyncio.sleep(30)
        return web.json_response({})

    async def broken(_request):
        return web.json_response({"error": "boom"}, status=500)

    async def reject(_request):
        return web.json_response({"error": "no", "action_name": "x"}, status=400)

    app = web.Application()
    app.add_routes([web.post("/ok", ok), web.post("/slow", slow), web.post("/broken", broken),
                    web.post("/reject", reject)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_within_a_customer_turn_any_failure_of_the_action_server_aborts_it(action_server):
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    def endpoint(path: str) -> GuardedActionEndpoint:
        return GuardedActionEndpoint(EndpointConfig(f"{action_server}{path}"), timeout_s=0.5)

    token = _ABORT_ON_FAILURE.set(True)
    try:
        assert await endpoint("/ok").request(json={}) == {"events": [], "responses": []}
        for path in ("/slow", "/broken"):
            with pytest.raises(TurnAborted):
                await endpoint(path).request(json={})
        with pytest.raises(TurnAborted):
            await GuardedActionEndpoint(EndpointConfig("http://127.0.0.1:1/webhook"), 0.5).request(json={})
        with pytest.raises(ClientResponseError):  # a form's rejection is Rasa's to handle
            await endpoint("/reject").request(json={})
    finally:
        _ABORT_ON_FAILURE.reset(token)
    # outside a customer's turn (API calls, reminders) Rasa's own handling stays
    with pytest.raises(Exception) as outside:
        await endpoint("/slow").request(json={})
    assert not isinstance(outside.value, TurnAborted)


# -- endpoints and settings -----------------------------------------------------------------
def test_one_setting_each_moves_conversations_and_locks_to_real_engines():
    assert tracker_store_config("sqlite:////srv/var/conversations.db") == {
        "type": "SQL", "dialect": "sqlite", "db": "/srv/var/conversations.db"}
    assert tracker_store_config("postgresql://bot:pw@db:5432/rasa") == {
        "type": "SQL", "dialect": "postgresql", "url": "postgresql://bot:pw@db:5432/rasa"}
    assert lock_store_config("redis://:pw@cache:6380/2?key_prefix=support") == {
        "type": "bot.serving.locks.AtomicRedisLockStore", "url": "cache", "port": 6380, "db": 2, "use_ssl": False,
        "password": "pw",
        "key_prefix": "support"}
    with pytest.raises(ValueError):
        lock_store_config("memcached://x")


def test_defaults_are_safe_for_one_machine():
    settings = ServingSettings.from_env({})
    assert settings.bind_host == "127.0.0.1"
    assert settings.cors_origins == ("http://localhost:8080", "http://127.0.0.1:8080")
    assert settings.tracker_store_url.startswith("sqlite:///") and settings.tracker_store_url.endswith("var/conversations.db")
    assert settings.lock_store_url is None and settings.sender_rate.enabled and settings.address_rate.enabled
    config = endpoints_config(settings, "secret")
    assert config["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook",
                                         "headers": {ACTION_TOKEN_HEADER: "secret"}}
    assert "lock_store" not in config


def test_rasa_structured_log_events_never_carry_what_the_customer_wrote():
    script = (
        "from bot.serving.rasa_server import configure_logging\n"
        "configure_logging('DEBUG')\n"
        "import structlog\n"
        "structlog.get_logger().error('rest.message.received.failure', text='mi factura de marzo está mal',"
        " user_message='otra frase privada', sender_id='s1')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert "rest.message.received.failure" in output and "[redacted]" in output
    assert "factura de marzo" not in output and "frase privada" not in output
