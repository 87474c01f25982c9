"""Time one knowledge-base answer the old way and the new way, on the project's own questions.

Old: what the actions did before `KnowledgeBase.answer` (tests/support/kb_reference.py): search,
then score the question again to choose the passage; after "no, it did not help", search again
and score again for the next article. New: one `KnowledgeBase.answer` per turn.

    .venv/bin/python scripts/bench_kb_answer.py [--both-languages] [--limit N] [--before REV] [--unseen]

Needs the index (`make index`). The old path runs on the `KnowledgeBase` of bot/kb/search.py as
it was at REV (default: the commit before `answer`), so that it is timed with the code it ran
on, not with the faster passage choice that came with `answer`. Three timings per question,
old and new in alternating order:

- answer turn, no query cache: every scoring embeds the question (a process without the cache);
- answer turn, fresh question: the action server's query cache on but emptied first, as for a
  question it has not seen (the old path's second embedding is then a cache hit);
- "no" turn: the next article, the question already in the cache from the answer turn.

Every question is also an identity check: the old and new paths must show the same article,
passage and next article. --unseen repeats only that check on the unseen knowledge base
(kb_index/eval/unseen, built in a temporary folder) and prints counts, nothing else: that set is
scored once elsewhere and is not looked at here.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import types
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from bot import embeddings  # noqa: E402
from bot.kb.search import KnowledgeBase  # noqa: E402
from bot.settings import PROJECT_ROOT, Settings  # noqa: E402
from tests.support.kb_reference import (OldTurn, old_answer_turn, old_offer_turn, old_turns,  # noqa: E402
                                        project_questions)

UNSEEN = PROJECT_ROOT / "kb_index" / "eval" / "unseen"
#: The last commit before `KnowledgeBase.answer`.
BEFORE = "7d12d3b"


def knowledge_base_at(revision: str) -> type:
    """The `KnowledgeBase` class of bot/kb/search.py at `revision` (the rest of the code as now)."""
    source = subprocess.run(["git", "show", f"{revision}:bot/kb/search.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("bot.kb.search_before")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:bot/kb/search.py", "exec"), module.__dict__)
    return module.KnowledgeBase


def new_turns(kb: KnowledgeBase, query: str, language: str) -> OldTurn:
    """Both turns through `answer`, in the shape of the old ones."""
    found = kb.answer(query, language)
    offered = kb.answer(query, language, shown=[found.article.id]).next_article if found.article else None
    return OldTurn(found.article and found.article.id, found.article and found.article.passage,
                   offered and offered.id, offered and offered.passage)


def timed(step: Callable[[], object]) -> Tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return (time.perf_counter() - started) * 1000, result


def summary(times: List[float]) -> Dict[str, float]:
    return {"median": statistics.median(times), "p95": float(np.percentile(times, 95)), "n": len(times)}


def bench(kb: KnowledgeBase, old_kb, questions: List[tuple]) -> Dict[str, Dict[str, List[float]]]:
    """Milliseconds of each path per question (the old one on `old_kb`), and the identity check."""
    times: Dict[str, Dict[str, List[float]]] = {name: {"old": [], "new": []} for name in
                                                ("answer, no cache", "answer, fresh question", "'no' turn, cached")}
    differ = 0
    for number, (query, language) in enumerate(questions):
        order = ("old", "new") if number % 2 == 0 else ("new", "old")
        found = {}
        embeddings.enable_query_cache(0)
        embeddings.clear_query_cache()
        for path in order:
            step = (lambda: old_answer_turn(old_kb, query, language)) if path == "old" else (
                lambda: kb.answer(query, language))
            elapsed, found[path] = timed(step)
            times["answer, no cache"][path].append(elapsed)
        embeddings.enable_query_cache(256)
        for path in order:
            embeddings.clear_query_cache()
            step = (lambda: old_answer_turn(old_kb, query, language)) if path == "old" else (
                lambda: kb.answer(query, language))
            elapsed, _ = timed(step)
            times["answer, fresh question"][path].append(elapsed)
        article = found["new"].article.id if found["new"].article else None
        if article:  # the question is in the cache: the action server saw it on the answer turn
            for path in order:
                step = (lambda: old_offer_turn(old_kb, query, [article], language)) if path == "old" else (
                    lambda: kb.answer(query, language, shown=[article]).next_article)
                elapsed, _ = timed(step)
                times["'no' turn, cached"][path].append(elapsed)
        if old_turns(old_kb, query, language) != new_turns(kb, query, language):
            differ += 1
    print(f"identity: {len(questions)} questions, {differ} differ between the old and new paths", flush=True)
    return times


def unseen_identity(settings: Settings, old_class: type) -> None:
    """Old and new paths on the unseen knowledge base: counts only."""
    import yaml

    from bot.kb.articles import load_articles
    from bot.kb.index import build_index

    embeddings.enable_query_cache(256)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(load_articles(UNSEEN / "articles"), Path(tmp) / "unseen", settings.embedding_model,
                    settings.query_prefix, settings.passage_prefix, show_progress=False)
        kb = KnowledgeBase(Path(tmp) / "unseen", settings)
        old_kb = old_class(Path(tmp) / "unseen", settings)
        questions = []
        for name in ("queries.yml", "passage_queries.yml"):
            with open(UNSEEN / name, encoding="utf-8") as handle:
                questions += [(item["q"], item["lang"]) for item in yaml.safe_load(handle)]
        differ = sum(old_turns(old_kb, q, lang) != new_turns(kb, q, lang) for q, lang in questions)
    print(f"unseen KB identity: {len(questions)} questions, {differ} differ between the old and new paths")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--both-languages", action="store_true", help="also ask each question in the other language")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    parser.add_argument("--before", default=BEFORE, help="git revision whose search.py runs the old path "
                        "(empty: the current one)")
    parser.add_argument("--unseen", action="store_true", help="only the identity check on the unseen KB")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.unseen:
        unseen_identity(settings, knowledge_base_at(args.before) if args.before else KnowledgeBase)
        return 0
    kb = KnowledgeBase.from_settings()
    old_kb = knowledge_base_at(args.before).from_settings() if args.before else kb
    questions = project_questions(both_languages=args.both_languages)
    if args.limit:
        questions = questions[:args.limit]
    for query, language in questions[:20]:  # warm up: model, translators, vectorizers
        kb.answer(query, language)
        old_answer_turn(old_kb, query, language)
    load_before = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    times = bench(kb, old_kb, questions)
    load_after = os.getloadavg()
    print(f"old path: search.py at {args.before or 'HEAD'}; {started}, {platform.machine()} {platform.system()}, "
          f"{os.cpu_count()} cores, "
          f"EMBEDDING_THREADS={os.environ.get('EMBEDDING_THREADS', '1')}, load average "
          f"{load_before[0]:.1f} before / {load_after[0]:.1f} after")
    print("| step | old median / p95 (ms) | new median / p95 (ms) | median old/new | questions |")
    print("|---|---|---|---|---|")
    for name, paths in times.items():
        old, new = summary(paths["old"]), summary(paths["new"])
        print(f"| {name} | {old['median']:.1f} / {old['p95']:.1f} | {new['median']:.1f} / {new['p95']:.1f} "
              f"| {old['median'] / new['median']:.2f}× | {new['n']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
