"""Does another answer-or-abstain operating point generalise across knowledge bases?

Each unseen base is read once from a `--work` directory built by `scripts/eval_unseen_all.py`
(as a customer's build would leave it, with its own calibrated abstain.json); every query's
abstain probability is recorded, then for a grid of operating points the script computes per
base end to end hit@1, same-language end to end, the cost (same-language ranking top-1 less
same-language end to end) and abstain precision / recall. The operating point is chosen leave
one base out (on the other bases, scored on the held-out one), so the figure says what a new
customer's base would get, not what fits these bases.

Two families of operating point:
- `threshold`: one probability threshold for every base (today: the shipped model's 0.55);
- `heading_q`: per base, the q-quantile of its own answerable heading questions' probabilities
  (what the build could compute; only with `--headings`, slower);
- `heading_shift`: a + s x (mean over the choosing bases - this base) of the 10% quantile of its
  unanswerable heading questions' probabilities (the one heading statistic that went with the
  best threshold, r = -0.63 over the development bases; `--headings`).

    python scripts/abstain_operating_point.py --work /work/kbwork19 [--headings] [--json OUT]
    python scripts/abstain_operating_point.py --recorded OUT   # the grids again, from a saved --json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_kb import unseen_folders  # noqa: E402
from kb_common import kb_relevant, load_queries  # noqa: E402
from bot.kb.search import KnowledgeBase  # noqa: E402
from bot.language import DEFAULT_LANGUAGE, detect_language  # noqa: E402
from bot.settings import Settings  # noqa: E402

THRESHOLDS = [round(t, 3) for t in np.arange(0.30, 0.801, 0.01)]
QUANTILES = [round(q, 3) for q in np.arange(0.80, 1.0001, 0.01)]
SHIFTS = [(round(a, 3), float(s)) for a in np.arange(0.45, 0.761, 0.01) for s in range(0, 31)]
MIN_RECALL = 0.6


def record(kb: KnowledgeBase, queries: List[dict]) -> List[dict]:
    """Per query: its abstain probability, whether it is answerable, same-language, ranked right."""
    rows = []
    for item in queries:
        language = detect_language(item["q"]) or DEFAULT_LANGUAGE
        outcome = kb.search(item["q"], k=3, language=language)
        relevant = kb_relevant(item.get("expect"), kb.articles)
        top = outcome.results[0].id if outcome.results else None
        rows.append({"p": 1.0 if outcome.abstain_probability is None else float(outcome.abstain_probability),
                     "answerable": bool(relevant), "ranked_right": top in relevant,
                     "same": any(kb.articles[a]["lang"] == language for a in relevant) if relevant else False,
                     "has_result": top is not None})
    return rows


def heading_probabilities(kb: KnowledgeBase) -> Dict[str, List[float]]:
    """The calibrated model's probabilities on the build's own heading questions."""
    from bot.kb.calibration import heading_rows

    rows, labels = heading_rows(kb, kb.translator)
    probs = [kb.abstain_model.probability(r) for r in rows]
    return {"answerable": [p for p, u in zip(probs, labels) if not u],
            "unanswerable": [p for p, u in zip(probs, labels) if u]}


def score(rows: List[dict], threshold: float) -> Dict[str, float]:
    """e2e, same-language e2e and ranking top-1, cost, abstain P/R when abstaining at p >= threshold."""
    right, same_right, same_rank, tp, abstained, unanswerable = [], [], [], 0, 0, 0
    for r in rows:
        abstain = r["p"] >= threshold or not r["has_result"]
        abstained += abstain
        if r["answerable"]:
            ok = (not abstain) and r["ranked_right"]
            right.append(ok)
            if r["same"]:
                same_right.append(ok)
                same_rank.append(r["ranked_right"])
        else:
            unanswerable += 1
            tp += abstain
            right.append(abstain)
    same_e2e, same_top1 = float(np.mean(same_right)), float(np.mean(same_rank))
    return {"e2e": float(np.mean(right)), "same_e2e": same_e2e, "same_top1": same_top1,
            "cost": same_top1 - same_e2e, "precision": tp / abstained if abstained else 0.0,
            "recall": tp / unanswerable if unanswerable else 0.0}


def shift_statistic(base: dict) -> float:
    return float(np.quantile(base["headings"]["unanswerable"], 0.1))


def threshold_for(base: dict, family: str, point, reference: float = 0.0) -> float:
    """The threshold `point` of `family` gives this base (`reference`: the choosing bases' statistic)."""
    if family == "threshold":
        return point
    if family == "heading_q":
        return float(np.quantile(base["headings"]["answerable"], point))
    return point[0] - point[1] * (shift_statistic(base) - reference)


def reference_of(bases: Dict[str, dict], family: str) -> float:
    return float(np.mean([shift_statistic(b) for b in bases.values()])) if family == "heading_shift" else 0.0


def choose(bases: Dict[str, dict], family: str, grid: list, today: float):
    """The point with the best mean e2e over `bases` among those that keep recall >= 0.6 on every
    base that had it today (falls back to the best mean e2e)."""
    best, best_key = None, None
    reference = reference_of(bases, family)
    for point in grid:
        results = {n: score(b["rows"], threshold_for(b, family, point, reference)) for n, b in bases.items()}
        kept = all(results[n]["recall"] >= MIN_RECALL for n, b in bases.items()
                   if score(b["rows"], today)["recall"] >= MIN_RECALL)
        key = (kept, np.mean([r["e2e"] for r in results.values()]))
        if best_key is None or key > best_key:
            best, best_key = point, key
    return best


def table(title: str, results: Dict[str, dict], points: Dict[str, float]) -> None:
    print(title)
    print(f"{'base':<11}{'point':>7}{'e2e':>7}{'same':>7}{'top1':>7}{'cost':>7}{'P':>7}{'R':>7}")
    for name, r in results.items():
        print(f"{name:<11}{points[name]:>7.3f}{r['e2e']:>7.3f}{r['same_e2e']:>7.3f}{r['same_top1']:>7.3f}"
              f"{r['cost']:>7.3f}{r['precision']:>7.3f}{r['recall']:>7.3f}")
    keys = ("e2e", "same_e2e", "same_top1", "cost", "precision", "recall")
    means = {k: float(np.mean([r[k] for r in results.values()])) for k in keys}
    print(f"{'mean':<11}{'':>7}" + "".join(f"{means[k]:>7.3f}" for k in keys))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, help="built bases (scripts/eval_unseen_all.py --work)")
    parser.add_argument("--recorded", type=Path, help="a --json of an earlier run: no knowledge base is read")
    parser.add_argument("--headings", action="store_true", help="also the per-base heading-quantile family")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = Settings.from_env()
    bases: Dict[str, dict] = {}
    today = None
    if args.recorded:
        saved = json.loads(args.recorded.read_text())
        bases, today = saved["bases"], saved["today"]
        args.headings = all("headings" in b for b in bases.values())
    for folder in ([] if args.recorded else [f for f in unseen_folders() if f.name != "unseen_11"]):
        kb = KnowledgeBase(args.work / folder.name, settings)
        today = kb.abstain_model.threshold if kb.abstain_model else today
        bases[folder.name] = {"rows": record(kb, load_queries(folder / "queries.yml"))}
        if args.headings:
            bases[folder.name]["headings"] = heading_probabilities(kb)
        print(folder.name, "recorded", flush=True)
    families = {"threshold": THRESHOLDS}
    if args.headings:
        families["heading_q"] = QUANTILES
        families["heading_shift"] = SHIFTS
    table(f"today (threshold {today})", {n: score(b["rows"], today) for n, b in bases.items()},
          {n: today for n in bases})
    report = {"today": today, "bases": bases, "families": {}}
    for family, grid in families.items():
        chosen = choose(bases, family, grid, today)
        reference = reference_of(bases, family)
        table(f"{family}: one point chosen on all bases ({chosen})",
              {n: score(b["rows"], threshold_for(b, family, chosen, reference)) for n, b in bases.items()},
              {n: threshold_for(b, family, chosen, reference) for n, b in bases.items()})
        held: Dict[str, dict] = {}
        points: Dict[str, float] = {}
        for name in bases:
            others = {n: b for n, b in bases.items() if n != name}
            point = choose(others, family, grid, today)
            points[name] = threshold_for(bases[name], family, point, reference_of(others, family))
            held[name] = score(bases[name]["rows"], points[name])
        table(f"{family}: leave one base out", held, points)
        report["families"][family] = {"all_bases": chosen, "leave_one_out": {"points": points, "results": held}}
    if args.json and not args.recorded:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
