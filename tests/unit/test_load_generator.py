"""The load generator of `make bench-load` against a small real HTTP server: counts, errors, rates."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from load_generator import Sample, Script, closed_loop, mean_length, open_loop, summarise  # noqa: E402


async def serve(handler) -> tuple:
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}/webhooks/rest/webhook"


def test_summary_percentiles_cover_answered_messages_and_errors_are_counted_by_kind():
    samples = [Sample("a", 0.0, ms / 1000) for ms in range(1, 101)] + [Sample("a", 0.0, 5.0, "timeout")] * 3
    found = summarise(samples, elapsed_s=10.0)
    assert found["messages"] == 103 and found["answered"] == 100 and found["errors"] == 3
    assert found["error_kinds"] == {"timeout": 3}
    assert found["p50_ms"] == pytest.approx(50.5) and found["p99_ms"] == 99.0  # rounded to 0.1 ms
    assert found["msgs_per_s"] == 10.0


def test_mean_length_weights_the_scripts():
    assert mean_length([Script("a", ("x", "y"), weight=3), Script("b", ("x",) * 6, weight=1)]) == 3.0


async def test_closed_loop_keeps_every_customer_busy_and_reports_what_the_server_refused():
    seen = []

    async def handler(request):
        body = await request.json()
        seen.append(body)
        await asyncio.sleep(0.01)
        if body["message"] == "boom":
            return web.json_response({"error": "x"}, status=500)
        if body["message"] == "silence":
            return web.json_response([])
        return web.json_response([{"text": "ok"}])

    runner, url = await serve(handler)
    try:
        result = await closed_loop(url, [Script("s", ("hi", ("boom", "silence")))], conversations=3,
                                   duration_s=0.5)
    finally:
        await runner.cleanup()
    summary = result.summary()
    assert summary["messages"] == len(seen) > 20
    assert set(summary["error_kinds"]) <= {"http_500", "no_reply"} and summary["errors"] >= len(seen) // 2 - 3
    assert {body["message"] for body in seen} == {"hi", "boom", "silence"}
    # each conversation has its own sender, and the second message comes from the first one's sender
    first_senders = [body["sender"] for body in seen if body["message"] == "hi"]
    assert len(set(first_senders)) == len(first_senders)


async def test_open_loop_offers_about_the_asked_rate():
    async def handler(request):
        return web.json_response([{"text": "ok"}])

    runner, url = await serve(handler)
    try:
        result = await open_loop(url, [Script("s", ("a", "b"))], rate=40.0, duration_s=1.5, think=(0.01, 0.02),
                                 seed=3)
    finally:
        await runner.cleanup()
    summary = result.summary()
    assert summary["errors"] == 0
    assert 20 <= summary["offered_per_s"] <= 60
