"""Same results before and after a speed change of the knowledge-base search.

Runs `KnowledgeBase.search` on every query of kb_index/eval/*.yml against the project's index
(kb_index/index) and on the queries.yml of each unseen knowledge base asked for (built once into
`--work`, with translation and calibration as a customer's would be, and kept there so that the
runs before and after search the same index). Records the answer, the abstain probability and
the top-5 article ids and scores of each query; `--write` saves them, `--compare` reports every
difference from a saved file (exit status 1 when there is one). A speed change must leave them
identical; scores are compared to `--tolerance` (0: bit for bit).

    .venv/bin/python scripts/check_kb_results.py --write before.json [--unseen unseen_5]
    .venv/bin/python scripts/check_kb_results.py --compare before.json [--unseen unseen_5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, List

from kb_common import load_queries
from bot.kb.articles import load_articles
from bot.kb.index import build_index
from bot.kb.search import KnowledgeBase
from bot.settings import PROJECT_ROOT, Settings

EVAL = PROJECT_ROOT / "kb_index" / "eval"


def outcomes(kb: KnowledgeBase, queries: List[str]) -> List[dict]:
    """What the search returned for each query, as plain JSON."""
    rows = []
    for query in queries:
        outcome = kb.search(query, k=5)
        rows.append({"q": query, "answer": outcome.answer, "abstain_probability": outcome.abstain_probability,
                     "top": [[hit.id, hit.score] for hit in outcome.results]})
    return rows


def project_queries() -> List[str]:
    """Every query of the project's own evaluation sets (kb_index/eval/*.yml), once each."""
    seen: Dict[str, None] = {}
    for path in sorted(EVAL.glob("*.yml")):
        for item in load_queries(path) or []:
            if isinstance(item, dict) and item.get("q"):
                seen.setdefault(str(item["q"]), None)
    return list(seen)


def unseen_kb(name: str, work: Path, settings: Settings) -> KnowledgeBase:
    """An unseen knowledge base built once into `work` (reused afterwards)."""
    folder = EVAL / name
    out = work / name
    if not out.exists() or not any(out.iterdir()):
        build_index(load_articles(folder / "articles"), out, settings.embedding_model, settings.query_prefix,
                    settings.passage_prefix, show_progress=False)
    return KnowledgeBase(out, settings, articles_dir=folder / "articles")


def collect(unseen: List[str], work: Path) -> Dict[str, List[dict]]:
    """All recorded outcomes, per knowledge base, with the seconds spent searching."""
    settings = Settings.from_env()
    results: Dict[str, List[dict]] = {}
    kb = KnowledgeBase.from_settings(settings)
    started = time.perf_counter()
    results["project"] = outcomes(kb, project_queries())
    print(f"project: {len(results['project'])} queries, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    for name in unseen:
        kb = unseen_kb(name, work, settings)
        queries = [str(item["q"]) for item in load_queries(EVAL / name / "queries.yml")]
        started = time.perf_counter()
        results[name] = outcomes(kb, queries)
        print(f"{name}: {len(queries)} queries, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return results


def differences(before: Dict[str, List[dict]], after: Dict[str, List[dict]], tolerance: float) -> List[str]:
    """Every query whose answer, abstain probability or top-5 ids/scores changed."""
    out = []
    for name, rows in before.items():
        if name not in after or len(after[name]) != len(rows):
            out.append(f"{name}: missing or different number of queries")
            continue
        for old, new in zip(rows, after[name]):
            same_top = (len(old["top"]) == len(new["top"])
                        and all(a[0] == b[0] and abs(a[1] - b[1]) <= tolerance for a, b in zip(old["top"], new["top"])))
            same_p = (old["abstain_probability"] == new["abstain_probability"] if tolerance == 0 else
                      (old["abstain_probability"] is None) == (new["abstain_probability"] is None)
                      and abs((old["abstain_probability"] or 0) - (new["abstain_probability"] or 0)) <= tolerance)
            if old["q"] != new["q"] or old["answer"] != new["answer"] or not same_top or not same_p:
                out.append(f"{name}: {old['q']!r}: {old['answer']} {old['top'][:2]} -> {new['answer']} {new['top'][:2]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path)
    action.add_argument("--compare", type=Path)
    parser.add_argument("--unseen", nargs="*", default=["unseen_5"], help="unseen knowledge bases under kb_index/eval")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-results-check"),
                        help="where the unseen knowledge bases are built once and kept")
    parser.add_argument("--tolerance", type=float, default=0.0)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = collect(args.unseen, args.work)
    if args.write:
        args.write.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.write}: " + ", ".join(f"{k} {len(v)}" for k, v in results.items()))
        return 0
    changed = differences(json.loads(args.compare.read_text(encoding="utf-8")), results, args.tolerance)
    print("\n".join(changed) if changed else "identical: " + ", ".join(f"{k} {len(v)}" for k, v in results.items()))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
