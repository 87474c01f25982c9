"""Profile one customer turn end to end: Rasa (NLU, policies, tracker store, action calls)
in this process under cProfile, the action server as a real server beside it, and the
knowledge-base search step by step.

    .venv/bin/python scripts/profile_turn.py [--plain] [--turns 10] [--top 40]

--plain profiles Rasa as it comes (without bot.serving.rasa_speedups), to see what those
changes remove. The action server runs with a fresh SQLite database in a temporary folder.
This is how the costs in docs/BENCHMARKS.md ("Where a turn's time goes") were found.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from load_targets import QUIET_ENV, free_port, get_ok  # noqa: E402

CONVERSATION = ("hola", "¿cómo hago una copia de seguridad?", "no, no me ha servido", "gracias", "adiós")


def kb_steps(repeats: int = 20) -> Dict[str, float]:
    """Median milliseconds of each step of a knowledge-base answer, in this process."""
    from bot import embeddings
    from bot.kb.search import KnowledgeBase

    kb = KnowledgeBase.from_settings()
    question = "¿cómo hago una copia de seguridad?"

    def median_ms(step) -> float:
        times = []
        for i in range(repeats):
            started = time.perf_counter()
            step(i)
            times.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(times), 1)

    embeddings.enable_query_cache(0)
    found = {"encode one query": median_ms(lambda i: embeddings.encode(kb.model, [f"{question} {i}"])),
             "lexical scores": median_ms(lambda i: kb.lexical.scores(question)),
             "search, query not cached": median_ms(lambda i: kb.search(f"{question} {i}")),
             "answer (what an action calls), query not cached": median_ms(lambda i: kb.answer(f"{question} {i}")),
             "best passage of a translation, not cached": median_ms(
                 lambda i: kb.best_passage(kb.search(question).results[0].id, f"{question} {i}"))}
    embeddings.enable_query_cache(64)
    kb.search(question)
    top = kb.search(question).results[0].id
    found["search, query cached"] = median_ms(lambda i: kb.search(question))
    found["best passage, query cached"] = median_ms(lambda i: kb.best_passage(top, question))
    return found


async def rasa_turns(model: Path, endpoints, turns: int, profile: cProfile.Profile) -> Dict[str, float]:
    """Median milliseconds per message of CONVERSATION, played `turns` times (profiled)."""
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    agent = await load_agent(model_path=str(model), endpoints=endpoints)
    times: Dict[str, List[float]] = {}
    for number in range(turns + 2):
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for text in CONVERSATION:
            measured = number >= 2  # two conversations warm up first
            started = time.perf_counter()
            if measured:
                profile.enable()
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
            if measured:
                profile.disable()
                times.setdefault(text, []).append((time.perf_counter() - started) * 1000)
    return {text: round(statistics.median(values), 1) for text, values in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plain", action="store_true", help="Rasa without bot.serving.rasa_speedups")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "support-assistant.tar.gz")
    args = parser.parse_args(argv)
    os.environ.update(QUIET_ENV)
    logging.basicConfig(level=logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    port = free_port()
    env = {**os.environ, "ACTION_SERVER_TOKEN": "", "DATABASE_URL": f"sqlite:///{work / 'cases.db'}",
           "LOG_LEVEL": "WARNING"}
    with open(work / "actions.log", "w") as log:
        actions = subprocess.Popen([sys.executable, "-m", "bot.serving.action_server", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    os.environ["ACTION_SERVER_URL"] = f"http://127.0.0.1:{port}/webhook"
    os.environ["TRACKER_STORE_URL"] = f"sqlite:///{work / 'conversations.db'}"
    try:
        print("Knowledge-base steps (ms, median):", kb_steps())
        while not get_ok(f"http://127.0.0.1:{port}/health"):
            if actions.poll() is not None:
                print((work / "actions.log").read_text()[-2000:], file=sys.stderr)
                return 1
            time.sleep(0.5)
        from bot.serving.endpoints import available_endpoints
        from bot.serving.settings import ServingSettings

        if not args.plain:
            from bot.serving import rasa_speedups

            rasa_speedups.install()
        profile = cProfile.Profile()
        turns = asyncio.run(rasa_turns(args.model, available_endpoints(ServingSettings.from_env(), None),
                                       args.turns, profile))
        print("Rasa + action server, ms per message (median):", turns)
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.top)
    finally:
        actions.terminate()
        actions.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
