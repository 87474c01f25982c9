"""Offline ranking variants over the unseen development bases, chosen leave bases out.

Every base built by `scripts/eval_unseen_all.py --work DIR` is loaded once; for each answerable
question the passage scores (dense, lexical, title-and-heading field) are stored in
`--cache FILE`. Variants re-rank from those in seconds: the heading weight, the dense weight,
and how an article's passages make its score (the best passage alone, or plus a share of its
second best: an article that answers in two sections is more likely the topic than one that
shares a single sentence). A variant's parameter is chosen on bases A and scored on bases B.

    python scripts/ranking_bases_out.py --work DIR --cache FILE
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Dict, List

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_kb import unseen_folders  # noqa: E402
from kb_common import kb_relevant, load_queries  # noqa: E402
from bot.kb.retrieval import fuse_scores  # noqa: E402
from bot.kb.search import KnowledgeBase  # noqa: E402
from bot.language import DEFAULT_LANGUAGE, detect_language  # noqa: E402
from bot.settings import Settings  # noqa: E402


def collect(work: Path) -> Dict[str, dict]:
    settings = Settings.from_env()
    out = {}
    for folder in unseen_folders():
        if folder.name == "unseen_11" or not (work / folder.name).is_dir():
            continue
        kb = KnowledgeBase(work / folder.name, settings)
        cfg = kb.config
        rows = []
        for item in load_queries(folder / "queries.yml"):
            relevant = kb_relevant(item.get("expect"), kb.articles)
            if not relevant:
                continue
            language = detect_language(item["q"]) or DEFAULT_LANGUAGE
            dense, lexical, fused = kb.scores(item["q"], language)
            heading = (fused - fuse_scores(dense, lexical, cfg.cross_dense_weight)) / cfg.heading_weight
            rows.append({"dense": dense, "lexical": lexical, "heading": heading, "relevant": relevant,
                         "same": any(kb.articles[a]["lang"] == language for a in relevant), "q": item["q"]})
        out[folder.name] = {"rows": rows, "article": np.array(kb.passage_article)}
        print(folder.name, len(rows), flush=True)
    return out


def top_article(scores: np.ndarray, article: np.ndarray, second_share: float) -> str:
    """The best article: its best passage plus `second_share` of its second best."""
    order = np.argsort(-scores)
    best: Dict[str, List[float]] = {}
    for i in order[:40]:
        got = best.setdefault(article[i], [])
        if len(got) < 2:
            got.append(float(scores[i]))
    value = {a: s[0] + second_share * (s[1] if len(s) > 1 else 0.0) for a, s in best.items()}
    return max(value, key=value.get)


def top1(base: dict, dense_w: float, heading_w: float, second: float, same_only: bool = True) -> float:
    hits = []
    for r in base["rows"]:
        if same_only and not r["same"]:
            continue
        fused = fuse_scores(r["dense"], r["lexical"], dense_w) + heading_w * r["heading"]
        hits.append(top_article(fused, base["article"], second) in r["relevant"])
    return float(np.mean(hits))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args()
    data = pickle.loads(args.cache.read_bytes()) if args.cache.exists() else None
    if data is None:
        data = collect(args.work)
        args.cache.write_bytes(pickle.dumps(data))
    names = sorted(data, key=lambda n: 1 if n == "unseen" else int(n.split("_")[1]))
    grid = [(d, h, s) for d in (0.5, 0.6, 0.7) for h in (0.0, 0.05, 0.1, 0.15) for s in (0.0, 0.1, 0.2, 0.3)]
    table = {p: {n: (top1(data[n], *p), top1(data[n], *p, same_only=False)) for n in names} for p in grid}
    shipped = (0.6, 0.05, 0.0)
    print("shipped", shipped, "same", round(np.mean([table[shipped][n][0] for n in names]), 4),
          "all", round(np.mean([table[shipped][n][1] for n in names]), 4))
    for d, h, s in grid:
        p = (d, h, s)
        print(p, "same", round(np.mean([table[p][n][0] for n in names]), 4),
              "all", round(np.mean([table[p][n][1] for n in names]), 4))
    odd = [n for n in names if n == "unseen" or int(n.split("_")[1]) % 2]
    even = [n for n in names if n not in odd]
    for label, fit_on, test_on in (("odd->even", odd, even), ("even->odd", even, odd)):
        best = max(grid, key=lambda p: (np.mean([table[p][n][1] for n in fit_on]), p == shipped))
        print(label, "chosen", best,
              "held-out all top1", round(np.mean([table[best][n][1] for n in test_on]), 4),
              "same", round(np.mean([table[best][n][0] for n in test_on]), 4),
              "| shipped all", round(np.mean([table[shipped][n][1] for n in test_on]), 4),
              "same", round(np.mean([table[shipped][n][0] for n in test_on]), 4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
