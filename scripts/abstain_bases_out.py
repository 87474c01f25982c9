"""Leave-bases-out check of the answer-or-abstain decision over every development knowledge base.

`scripts/tune_abstain.py` fits on the project's own three knowledge bases and the first six
unseen ones; the later unseen bases (unseen_7 ... unseen_15, not unseen_11: see
`scripts/eval_unseen_all.py`) were never used. This script collects every base's signals once
(`--cache DIR`, reused by later runs), then fits the tune_abstain recipe (class weight and
threshold chosen leave one family out on the fitting bases only) on bases A and scores it on
bases B it never saw. Scoring applies the model as the build does: fitted on anchored signals,
made to read raw ones (`from_anchored`), then adapted to the scored base's own heading anchors
(`adapt_model`, gap ratio clipped), so the figures are what a customer's build would get.

Splits: odd / even unseen bases (each side fitted with the own three), and the shipped model
(fitted on own + unseen..unseen_6) against the recipe refitted on own + the first six + half of
the later bases, scored on the other half.

    python scripts/abstain_bases_out.py --cache DIR [--collect-only] [--json OUT]
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tune_abstain as ta  # noqa: E402
from eval_kb import unseen_folders  # noqa: E402
from kb_common import abstain_dev_queries, load_queries  # noqa: E402
from tune_kb import one_language, remap, topic_split  # noqa: E402
from bot.kb.answerability import AbstainModel  # noqa: E402
from bot.kb.articles import load_articles  # noqa: E402
from bot.kb.calibration import adapt_model, from_anchored  # noqa: E402
from bot.kb.search import SearchConfig  # noqa: E402
from bot.kb.translate import shared_translator  # noqa: E402
from bot.settings import Settings  # noqa: E402

OWN = ("main", "one language", "topic split")


def base_number(name: str) -> int:
    """unseen -> 1, unseen_7 -> 7; the own knowledge bases -> 0."""
    if name in OWN:
        return 0
    folder = name.split()[0]
    return 1 if folder == "unseen" else int(folder.split("_")[1])


def dev_bases() -> Dict[str, object]:
    """Every development knowledge base's articles and questions, named as tune_abstain names them."""
    settings = Settings.from_env()
    articles = load_articles(settings.kb_articles_dir)
    dev = abstain_dev_queries()
    chosen = {"main": articles, "one language": one_language(articles), "topic split": topic_split(articles)}
    asked = {name: remap(dev, articles, kept) for name, kept in chosen.items()}
    for folder in unseen_folders():
        if folder.name == "unseen_11":
            continue
        name = next((n for n in ta.FAMILY if n.split()[0] == folder.name), folder.name)
        chosen[name] = load_articles(folder / "articles")
        asked[name] = load_queries(folder / "queries.yml")
    return {"chosen": chosen, "asked": asked, "settings": settings}


def family(name: str) -> str:
    return "own" if name in OWN else name.split()[0]


def recipe_fit(kbs: Dict[str, ta.DevKB], reference: dict) -> AbstainModel:
    """tune_abstain's recipe on `kbs` only: operating point leave one family out, then the fit on all."""
    saved = dict(ta.FAMILY)
    ta.FAMILY.clear()
    ta.FAMILY.update({n: family(n) for n in kbs})
    try:
        prior, threshold, _ = ta.choose_operating_point(kbs)
    finally:
        ta.FAMILY.clear()
        ta.FAMILY.update(saved)
    model = dataclasses.replace(ta.fit(kbs, prior), threshold=threshold)
    return from_anchored(model, reference)


def reference_of(kbs: Dict[str, ta.DevKB]) -> dict:
    return {"centre": np.mean([kb.centre for kb in kbs.values()], axis=0).round(6).tolist(),
            "gap": np.mean([kb.gap for kb in kbs.values()], axis=0).round(6).tolist()}


def score_base(model: AbstainModel, reference: dict, kb: ta.DevKB) -> Dict[str, float]:
    """`model` adapted to this base's own anchors, as the build does, scored on its questions."""
    adapted = adapt_model(model, reference, kb.centre, kb.gap)
    abstain = np.array([adapted.probability(row) >= adapted.threshold for row in kb.rows])
    return ta.measures(kb, abstain)


def mean_of(by_base: Dict[str, Dict[str, float]]) -> Dict[str, float]:
    keys = ("end_to_end", "same_language", "cross_lingual", "precision", "recall", "cost")
    return {k: round(float(np.mean([m[k] for m in by_base.values() if m[k] is not None])), 4) for k in keys}


def evaluate(kbs: Dict[str, ta.DevKB], fit_on: Sequence[str], test_on: Sequence[str],
             model: AbstainModel = None, reference: dict = None) -> Dict[str, Dict[str, float]]:
    if model is None:
        train = {n: kbs[n] for n in fit_on}
        reference = reference_of(train)
        model = recipe_fit(train, reference)
    return {n: score_base(model, reference, kbs[n]) for n in test_on}


def main() -> int:
    cache = Path(ta._option("--cache"))
    data = dev_bases()
    kbs, _ = ta.collect_all(cache, data["chosen"], data["asked"], data["settings"], SearchConfig.load(),
                            shared_translator())
    if "--collect-only" in sys.argv:
        return 0
    unseen = sorted((n for n in kbs if n not in OWN), key=base_number)
    early = [n for n in unseen if base_number(n) <= 6]
    later = [n for n in unseen if base_number(n) > 6]
    shipped = SearchConfig.load()
    report = {}
    # 1. the shipped model (fitted on own + first six) on the later bases it never saw
    report["shipped on later"] = evaluate(kbs, [], later, shipped.abstain_model, shipped.calibration_reference)
    # 2. the same recipe refitted on own + first six: checks that the offline fit reproduces the shipped one
    report["recipe(own+1..6) on later"] = evaluate(kbs, [*OWN, *early], later)
    # 3. refitted with half of the later bases added, scored on the other half (both ways)
    halves = (later[0::2], later[1::2])
    for i, test in enumerate(halves):
        train = [*OWN, *early, *halves[1 - i]]
        report[f"recipe(own+1..6+later half {1 - i}) on later half {i}"] = evaluate(kbs, train, test)
    # 4. odd / even over all unseen bases
    odd = [n for n in unseen if base_number(n) % 2]
    even = [n for n in unseen if not base_number(n) % 2]
    report["recipe(own+odd) on even"] = evaluate(kbs, [*OWN, *odd], even)
    report["recipe(own+even) on odd"] = evaluate(kbs, [*OWN, *even], odd)
    report["shipped on even"] = evaluate(kbs, [], even, shipped.abstain_model, shipped.calibration_reference)
    report["shipped on odd"] = evaluate(kbs, [], odd, shipped.abstain_model, shipped.calibration_reference)
    for name, by_base in report.items():
        print(f"{name:<45}", json.dumps(mean_of(by_base)))
    later_refit = {**report["recipe(own+1..6+later half 1) on later half 0"],
                   **report["recipe(own+1..6+later half 0) on later half 1"]}
    print(f"{'refit halves, later bases combined':<45}", json.dumps(mean_of(later_refit)))
    both = {**report["recipe(own+odd) on even"], **report["recipe(own+even) on odd"]}
    print(f"{'odd/even held out, all 14 combined':<45}", json.dumps(mean_of(both)))
    out = ta._option("--json")
    if out:
        Path(out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
