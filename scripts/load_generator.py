"""A bounded load generator for a Rasa REST channel: closed loop and open loop.

Closed loop: N simulated customers, each sending its next message as soon as the
previous reply arrives (no think time), for a fixed duration. It measures what the
server can take. Open loop: new conversations arrive at random (Poisson) at a rate
that makes `rate` messages per second on average, and each customer waits a few
seconds (think time) between messages, the way people write. It measures what a
customer sees at a given load. Both stop starting work after `duration` seconds and
wait at most `drain_s` for what is in flight, so a run is bounded.

Pure asyncio + aiohttp; no Rasa import, so the same code drives any Rasa bot.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import aiohttp
import numpy as np

REQUEST_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Script:
    """One kind of conversation: its messages in order and how often it is played."""

    name: str
    #: Each message is a text, or a tuple of texts of which one is drawn at random.
    messages: Tuple[Union[str, Tuple[str, ...]], ...]
    weight: int = 1


@dataclass
class Sample:
    """One message sent: when, how long the reply took, and whether it failed."""

    script: str
    sent_at: float
    latency_s: float
    error: Optional[str] = None


@dataclass
class RunResult:
    """Every sample of one run, and how long the run lasted."""

    samples: List[Sample] = field(default_factory=list)
    elapsed_s: float = 0.0
    #: Open loop: messages of the conversations that arrived, per second of arrivals.
    offered_per_s: Optional[float] = None

    def summary(self) -> Dict[str, object]:
        """p50/p95/p99 latency (ms) of the replies, messages/s, and errors by kind."""
        found = summarise(self.samples, self.elapsed_s)
        if self.offered_per_s is not None:
            found["offered_per_s"] = round(self.offered_per_s, 2)
        return found


def summarise(samples: Sequence[Sample], elapsed_s: float) -> Dict[str, object]:
    """Latency percentiles over the answered messages, throughput over all of them.

    Args:
        samples: what was sent.
        elapsed_s: wall time of the run (from the first send to the last reply).

    Returns:
        messages, answered, errors (count and by kind), msgs_per_s, p50/p95/p99/max ms.
    """
    ok = np.array([s.latency_s for s in samples if s.error is None], dtype=float) * 1000.0
    kinds: Dict[str, int] = {}
    for sample in samples:
        if sample.error is not None:
            kinds[sample.error] = kinds.get(sample.error, 0) + 1

    def pct(q: float) -> Optional[float]:
        return round(float(np.percentile(ok, q)), 1) if ok.size else None

    return {
        "messages": len(samples),
        "answered": int(ok.size),
        "errors": len(samples) - int(ok.size),
        "error_kinds": kinds,
        "msgs_per_s": round(ok.size / elapsed_s, 2) if elapsed_s > 0 else 0.0,
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
        "max_ms": round(float(ok.max()), 1) if ok.size else None,
    }


def pick(scripts: Sequence[Script], rng: random.Random) -> Script:
    """A script drawn by weight."""
    return rng.choices(list(scripts), weights=[s.weight for s in scripts], k=1)[0]


def mean_length(scripts: Sequence[Script]) -> float:
    """Messages per conversation on average, given the weights."""
    total = sum(s.weight for s in scripts)
    return sum(s.weight * len(s.messages) for s in scripts) / total


class RestClient:
    """Sends one message to the REST webhook and times the reply."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def send(self, sender: str, text: str, script: str) -> Sample:
        """POST {"sender", "message"}; an error is a non-200, a timeout, or no reply at all."""
        started = time.perf_counter()
        error = None
        try:
            async with self.session.post(self.url, json={"sender": sender, "message": text},
                                         timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)) as response:
                body = await response.read()
                if response.status != 200:
                    error = f"http_{response.status}"
                elif body.strip() in (b"[]", b""):
                    error = "no_reply"
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = exc.__class__.__name__
        return Sample(script, started, time.perf_counter() - started, error)


async def play(client: RestClient, script: Script, prefix: str, samples: List[Sample],
               think: Optional[Tuple[float, float]] = None, rng: Optional[random.Random] = None,
               stop_at: Optional[float] = None) -> None:
    """One conversation with a fresh sender id; with `think`, pause between messages."""
    sender = f"{prefix}-{uuid.uuid4().hex[:12]}"
    rng = rng or random.Random()
    for i, choice in enumerate(script.messages):
        text = choice if isinstance(choice, str) else rng.choice(choice)
        if stop_at is not None and time.perf_counter() >= stop_at:
            return
        if think and i > 0:
            await asyncio.sleep(rng.uniform(*think))
        samples.append(await client.send(sender, text, script.name))


async def closed_loop(url: str, scripts: Sequence[Script], conversations: int, duration_s: float,
                      seed: int = 1, prefix: str = "closed") -> RunResult:
    """`conversations` customers, no think time, for `duration_s` seconds."""
    result = RunResult()
    connector = aiohttp.TCPConnector(limit=conversations + 10)
    async with aiohttp.ClientSession(connector=connector) as session:
        client = RestClient(session, url)
        started = time.perf_counter()
        stop_at = started + duration_s

        async def customer(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            while time.perf_counter() < stop_at:
                await play(client, pick(scripts, rng), f"{prefix}{number}", result.samples, rng=rng, stop_at=stop_at)

        await asyncio.gather(*(customer(n) for n in range(conversations)))
        result.elapsed_s = time.perf_counter() - started
    return result


async def open_loop(url: str, scripts: Sequence[Script], rate: float, duration_s: float,
                    think: Tuple[float, float] = (2.0, 5.0), seed: int = 1, drain_s: float = 60.0,
                    prefix: str = "open") -> RunResult:
    """New conversations arrive at random so that messages arrive at `rate` per second.

    Conversations start for `duration_s` seconds; their messages are counted while they
    are sent within `duration_s + drain_s`. Throughput is over the time messages were sent.
    """
    result = RunResult()
    rng = random.Random(seed)
    starts_per_s = rate / mean_length(scripts)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        client = RestClient(session, url)
        started = time.perf_counter()
        stop_starting = started + duration_s
        stop_at = stop_starting + drain_s
        running = []
        next_start = started
        while True:
            next_start += rng.expovariate(starts_per_s)
            if next_start >= stop_starting:
                break
            await asyncio.sleep(max(0.0, next_start - time.perf_counter()))
            conversation_rng = random.Random(rng.random())
            running.append(asyncio.ensure_future(play(client, pick(scripts, conversation_rng), prefix,
                                                      result.samples, think, conversation_rng, stop_at)))
        await asyncio.gather(*running)
        last = max((s.sent_at + s.latency_s for s in result.samples), default=time.perf_counter())
        result.elapsed_s = last - started
        # every message of the conversations that arrived in the window, over the window: ~rate
        result.offered_per_s = len(result.samples) / duration_s
    return result
