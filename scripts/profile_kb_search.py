"""Where `KnowledgeBase.search` spends its time on a large knowledge base.

Builds the synthetic index of scripts/bench_kb_scale.py once into `--index` (kept: later runs
load it), times `--queries` XQuAD questions one at a time (p50/p95, as the benchmark does), then
runs them again under cProfile and prints the functions by own and by cumulative time.

    .venv/bin/python scripts/profile_kb_search.py [--size 10000] [--queries 300] [--index DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time
from pathlib import Path

import numpy as np

from bench_kb_scale import query_latencies, synthetic_articles
from bot.kb.benchmarks import load_xquad
from bot.kb.index import build_index
from bot.kb.search import KnowledgeBase, SearchConfig
from bot.kb.translate import shared_translator
from bot.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--index", type=Path, default=Path("/tmp/kb-profile-10k"))
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    translator = shared_translator()
    if not args.index.exists() or not any(args.index.iterdir()):
        started = time.perf_counter()
        build_index(synthetic_articles(args.size), args.index, settings.embedding_model, settings.query_prefix,
                    settings.passage_prefix, show_progress=False, translator=translator)
        print(f"built {args.size} passages in {time.perf_counter() - started:.0f} s")
    questions = [q for lang in ("es", "en") for q, _ in load_xquad(lang).questions]
    queries = random.Random(7).sample(questions, args.queries)
    kb = KnowledgeBase(args.index, settings, SearchConfig.load(), translator=translator)
    latencies = query_latencies(kb, queries)
    print(f"{len(latencies)} queries: p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {float(np.percentile(latencies, 95)):.1f} ms")
    if args.no_profile:
        return
    profile = cProfile.Profile()
    profile.enable()
    for query in queries:
        kb.search(query)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
