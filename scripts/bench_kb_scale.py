"""Scale benchmark: index build time and query latency at 1k, 10k and 100k passages.

Passages are synthetic: sentences drawn (seeded) from the XQuAD paragraphs in Spanish
and English, `--sentences` per passage (default 1, so that 100k passages embed in
about 20 minutes on two cores). Queries are XQuAD questions. Latency is the wall time of
`KnowledgeBase.search` (language detection, query translation through the running
Apertium pipeline, query encoding, dense and lexical scoring of both languages' versions,
fusion, grouping, abstain signals), one query at a time. The build includes translating
every passage (Apertium) and embedding the English versions; `--no-translation` measures
the same without Apertium. Writes reports/kb_scale.json.

Usage: .venv/bin/python scripts/bench_kb_scale.py [--sizes 1000 10000 100000] [--queries 200] [--no-translation]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from kb_common import PROJECT_ROOT
from bot.kb.articles import Article
from bot.kb.benchmarks import load_xquad
from bot.kb.index import build_index
from bot.kb.search import KnowledgeBase, SearchConfig
from bot.settings import Settings

SENTENCE = re.compile(r"(?<=[.!?])\s+")


def synthetic_articles(count: int, sentences: int = 1, seed: int = 13) -> list:
    rng = random.Random(seed)
    pools = {}
    for lang in ("es", "en"):
        pool = [s for _, text in load_xquad(lang).paragraphs for s in SENTENCE.split(text) if len(s) > 30]
        pools[lang] = pool
    articles = []
    for i in range(count):
        lang = "es" if i % 2 == 0 else "en"
        body = " ".join(rng.sample(pools[lang], sentences))
        articles.append(Article(id=f"s-{i}", title=f"Synthetic {i}", lang=lang, body=body, path=f"s-{i}"))
    return articles


def query_latencies(kb: KnowledgeBase, queries: list) -> list:
    """Milliseconds of `kb.search` for each query, one at a time, after 10 warm-up queries."""
    for query in queries[:10]:
        kb.search(query)
    latencies = []
    for query in queries:
        started = time.perf_counter()
        kb.search(query)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=1, help="sentences per synthetic passage")
    parser.add_argument("--no-translation", action="store_true", help="build and search without Apertium")
    parser.add_argument("--out", default=str(PROJECT_ROOT / "reports" / "kb_scale.json"))
    args = parser.parse_args()
    from bot.kb.translate import shared_translator

    translator = None if args.no_translation else shared_translator()
    settings = Settings.from_env()
    questions = [q for lang in ("es", "en") for q, _ in load_xquad(lang).questions]
    queries = random.Random(7).sample(questions, args.queries)
    config = SearchConfig.load()
    import torch

    build_threads = torch.get_num_threads()  # builds use every core, as `python -m bot.kb build` does
    results = []
    for size in args.sizes:
        articles = synthetic_articles(size, args.sentences)
        with tempfile.TemporaryDirectory() as tmp:
            torch.set_num_threads(build_threads)
            started = time.perf_counter()
            report = build_index(articles, Path(tmp), settings.embedding_model, settings.query_prefix,
                                 settings.passage_prefix, show_progress=False, translator=translator)
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            build_index(articles, Path(tmp), settings.embedding_model, settings.query_prefix,
                        settings.passage_prefix, show_progress=False, translator=translator)
            rebuild_s = time.perf_counter() - started
            kb = KnowledgeBase(Path(tmp), settings, config, translator=translator)
            latencies = query_latencies(kb, queries)
        row = {"passages": report.passages, "build_s": round(build_s, 1), "translated": translator is not None,
               "translation_s": round(report.translation_seconds, 1),
               "rebuild_unchanged_s": round(rebuild_s, 1),
               "query_ms_p50": round(statistics.median(latencies), 1),
               "query_ms_p95": round(float(np.percentile(latencies, 95)), 1), "queries": len(latencies)}
        print(json.dumps(row), flush=True)
        results.append(row)
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}",
        "command": "python scripts/bench_kb_scale.py", "model": settings.embedding_model,
        "sentences_per_passage": args.sentences, "results": results,
    }, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
