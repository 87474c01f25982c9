"""Leave-one-family-out comparison of abstain-decision variants, offline, on cached signals.

`scripts/tune_abstain.py --cache DIR --collect-only` builds the development knowledge bases
once and stores every question's and every heading question's signals in DIR/signals.pkl
(about 5 minutes); this script then fits and scores each variant in seconds. Families: the
project's own three knowledge bases (main, one language, topic split: they share articles
and questions), Lince, Brisa, Ruta, Mostrador. Each family is scored by a model fitted on the
others (its threshold, when a variant chooses one, is chosen on those only, by an inner
leave-one-family-out).

Usage: .venv/bin/python scripts/abstain_lofo.py DIR [variant ...]
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np

import tune_abstain as ta
from bot.kb.answerability import FEATURES, SCORE_FEATURES, SHIPPED_FEATURES, fit_abstain_model
from bot.kb.calibration import MIN_GAP

POSITION = {name: i for i, name in enumerate(FEATURES)}
#: The decision shipped before issue 10's abstain-recall round: score signals and the mean link,
#: unanswerable questions weighted to 20 % in the fit, threshold 0.55.
PREVIOUS_FEATURES = SCORE_FEATURES + ("mean_link",)
THRESHOLDS = [round(t, 2) for t in np.arange(0.20, 0.81, 0.05)]


def load(directory: Path) -> Dict[str, ta.DevKB]:
    data = pickle.loads((directory / "signals.pkl").read_bytes())
    return {n: ta.DevKB(**d) for n, d in data.items()}


def anchored(rows: Sequence[dict], kb: ta.DevKB, features: Sequence[str]) -> np.ndarray:
    return np.array([[(row[f] - kb.centre[POSITION[f]]) / max(kb.gap[POSITION[f]], MIN_GAP) for f in features]
                     for row in rows], dtype=np.float64)


class Variant:
    """A feature set, a class prior and a way of choosing the threshold."""

    def __init__(self, name: str, features: Sequence[str] = PREVIOUS_FEATURES, prior: float = 0.2,
                 threshold: object = 0.55, c: float = 1.0) -> None:
        self.name, self.features, self.prior, self.threshold, self.c = name, tuple(features), prior, threshold, c

    def fit(self, kbs: Dict[str, ta.DevKB]):
        x = np.vstack([anchored(kb.rows, kb, self.features) for kb in kbs.values()])
        y = np.concatenate([kb.unanswerable for kb in kbs.values()]).astype(bool)
        w = []
        for kb in kbs.values():
            u = kb.unanswerable.astype(bool)
            wk = np.where(u, self.prior / max(1, u.sum()), (1 - self.prior) / max(1, (~u).sum()))
            w.append(wk / wk.sum())
        w = np.concatenate(w) * len(y) / len(kbs)
        rows = [dict(zip(self.features, r)) for r in x]
        return fit_abstain_model(rows, y, self.c, features=self.features, weights=w)

    def probabilities(self, model, kb: ta.DevKB, rows=None) -> np.ndarray:
        x = anchored(kb.rows if rows is None else rows, kb, self.features)
        return np.array([model.probability(dict(zip(self.features, r))) for r in x])

    def decide(self, train: Dict[str, ta.DevKB], test: Dict[str, ta.DevKB]) -> Dict[str, np.ndarray]:
        """Abstain decisions on `test`, everything chosen on `train`."""
        model = self.fit(train)
        t = self.threshold
        if callable(t):
            t = t(self, train)
        return {n: self.probabilities(model, kb) >= self.kb_threshold(t, model, kb) for n, kb in test.items()}

    def kb_threshold(self, t: float, model, kb: ta.DevKB) -> float:
        return t


class HeadingQuantile(Variant):
    """The threshold of each knowledge base set from its own heading questions: the probability
    above which a share `q` of its unanswerable heading questions lies (q chosen on the training
    families by inner leave-one-family-out, for mean recall with precision >= 0.6 everywhere)."""

    SHARES = [round(q, 2) for q in np.arange(0.3, 0.96, 0.05)]

    def __init__(self, name, criterion=None, **kw):
        super().__init__(name, **kw)
        self.criterion = criterion

    def heading_probs(self, model, kb):
        labels = np.asarray(kb.heading_unanswerable, dtype=bool)
        return self.probabilities(model, kb, kb.heading_rows)[labels]

    def decide(self, train, test):
        model = self.fit(train)
        fam = families(train)
        inner = {}
        for f, names in fam.items():
            m = self.fit({n: kb for n, kb in train.items() if n not in names})
            for n in names:
                inner[n] = (self.probabilities(m, train[n]), self.heading_probs(m, train[n]))
        def score(q):
            return self.criterion({n: ta.measures(train[n], p >= np.quantile(h, 1 - q)) for n, (p, h) in inner.items()})
        q = max(self.SHARES, key=score)
        self.chosen = getattr(self, "chosen", []) + [q]
        return {n: self.probabilities(model, kb) >= np.quantile(self.heading_probs(model, kb), 1 - q)
                for n, kb in test.items()}


class Nested(Variant):
    """The class prior, the regularisation and the threshold chosen on the training families
    (inner leave-one-family-out over `GRID`, by `criterion`), the features fixed."""

    GRID = [(c, prior, t) for c in (0.1, 0.3, 1.0, 3.0) for prior in (0.2, 0.25, 0.3)
            for t in (0.45, 0.5, 0.55, 0.6, 0.65)]

    def __init__(self, name, criterion, **kw):
        super().__init__(name, **kw)
        self.criterion = criterion

    def decide(self, train, test):
        fam = families(train)
        scores = {}
        if getattr(self.criterion, "guarded", False):  # the keep rule, against the shipped decision
            shipped = Variant("shipped")
            probs = inner_probabilities(shipped, train)
            self.criterion.baseline = {n: ta.measures(kb, probs[n] >= shipped.threshold) for n, kb in train.items()}
        for c, prior in {(c, p) for c, p, _ in self.GRID}:
            v = Variant("inner", self.features, prior, 0.5, c)
            probs = inner_probabilities(v, train)
            for t in {t for _, _, t in self.GRID}:
                scores[(c, prior, t)] = self.criterion({n: ta.measures(kb, probs[n] >= t) for n, kb in train.items()})
        c, prior, t = max(self.GRID, key=lambda g: (scores[g], -abs(g[2] - 0.5), -abs(g[0] - 1.0)))
        self.chosen = getattr(self, "chosen", []) + [(c, prior, t)]
        v = Variant("outer", self.features, prior, t, c)
        return v.decide(train, test)


def end_to_end(m):
    return float(np.mean([v["end_to_end"] for v in m.values()]))


def recall_and_end_to_end(m):
    return float(np.mean([v["end_to_end"] + v["recall"] for v in m.values()]))


class Guarded:
    """Mean recall, if no knowledge base loses more than a point of end to end against the
    shipped decision and none falls below precision 0.6 (or below its own, when that was lower);
    else far below any that passes."""

    guarded = True
    baseline: Dict[str, dict] = {}

    def __call__(self, m):
        ok = all(v["end_to_end"] >= self.baseline[n]["end_to_end"] - 0.01
                 and v["precision"] >= min(0.6, self.baseline[n]["precision"] - 0.02) for n, v in m.items())
        return float(np.mean([v["recall"] for v in m.values()])) - (0 if ok else 10)


def families(kbs) -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    for name in kbs:
        out.setdefault(ta.FAMILY[name], []).append(name)
    return out


def inner_probabilities(variant: Variant, kbs: Dict[str, ta.DevKB]) -> Dict[str, np.ndarray]:
    """P(no answer) of every question of `kbs`, each family from a model fitted on the others."""
    out = {}
    fam = families(kbs)
    for f, names in fam.items():
        model = variant.fit({n: kb for n, kb in kbs.items() if n not in names})
        for n in names:
            out[n] = variant.probabilities(model, kbs[n])
    return out


def chosen_by(criterion: Callable[[Dict[str, dict]], float]) -> Callable:
    """A threshold chosen on the training families by inner leave-one-family-out."""
    def choose(variant: Variant, train: Dict[str, ta.DevKB]) -> float:
        probs = inner_probabilities(variant, train)
        best = max(THRESHOLDS, key=lambda t: (criterion({n: ta.measures(kb, probs[n] >= t)
                                                         for n, kb in train.items()}), -abs(t - 0.5)))
        variant.chosen = getattr(variant, "chosen", []) + [best]
        return best
    return choose


def prior_weighted(m):
    return float(np.mean([v["prior_weighted"] for v in m.values()]))


def recall_with_precision(floor=0.6):
    """Mean recall, among thresholds where every knowledge base keeps precision >= floor and
    abstaining costs at most 3 points of same-language hit@1; else mean prior-weighted accuracy - 1."""
    def criterion(m):
        ok = all(v["precision"] >= floor and (v["cost"] or 0) <= 0.03 for v in m.values())
        return float(np.mean([v["recall"] for v in m.values()])) if ok else prior_weighted(m) - 1
    return criterion


def lofo(variant: Variant, kbs: Dict[str, ta.DevKB]) -> Dict[str, dict]:
    out = {}
    for f, names in families(kbs).items():
        decisions = variant.decide({n: kb for n, kb in kbs.items() if n not in names},
                                   {n: kbs[n] for n in names})
        for n in names:
            out[n] = ta.measures(kbs[n], decisions[n])
        if len(names) > 1:  # the family pooled
            pooled = ta.DevKB([r for n in names for r in kbs[n].rows],
                              np.concatenate([kbs[n].unanswerable for n in names]),
                              np.concatenate([kbs[n].ranked_right for n in names]),
                              np.concatenate([kbs[n].same_language for n in names]), [], [])
            out[f"{f} (pooled)"] = ta.measures(pooled, np.concatenate([decisions[n] for n in names]))
    return out


def show(name: str, result: Dict[str, dict]) -> None:
    fam = [k for k in result if k in ("own (pooled)",) or ta.FAMILY.get(k, "own") != "own"]
    def f(v):
        return "  -  " if v is None else f"{v:.3f}"
    print(f"\n== {name}")
    for k in [k for k in result]:
        m = result[k]
        print(f"  {k:18s} e2e {f(m['end_to_end'])} pw {f(m['prior_weighted'])} same {f(m['same_language'])} "
              f"cross {f(m['cross_lingual'])} P {f(m['precision'])} R {f(m['recall'])} cost {f(m['cost'])}")
    print(f"  MEAN over families: recall {np.mean([result[k]['recall'] for k in fam]):.3f} "
          f"e2e {np.mean([result[k]['end_to_end'] for k in fam]):.3f} "
          f"pw {np.mean([result[k]['prior_weighted'] for k in fam]):.3f} "
          f"min P {min(result[k]['precision'] for k in fam):.3f}", flush=True)


VARIANTS = {
    "before (score + mean link, prior 0.2, t 0.55)": Variant("shipped"),
    "after (score + unknown + weakest, prior 0.3, t 0.6)": Variant("after", features=SHIPPED_FEATURES, prior=0.3,
                                                                   threshold=0.6),
    "shipped, t by inner LOFO prior-weighted": Variant("pw", threshold=chosen_by(prior_weighted)),
    "shipped, t by inner LOFO recall s.t. P>=0.6": Variant("rec", threshold=chosen_by(recall_with_precision())),
    "prior 0.3, t 0.5": Variant("p3", prior=0.3, threshold=0.5),
    "prior 0.3, t by recall s.t. P>=0.6": Variant("p3r", prior=0.3, threshold=chosen_by(recall_with_precision())),
    "all nine, t 0.55": Variant("all9", features=FEATURES),
    "all nine, t by recall s.t. P>=0.6": Variant("all9r", features=FEATURES,
                                                 threshold=chosen_by(recall_with_precision())),
    "+covered, t by recall": Variant("cov", features=PREVIOUS_FEATURES + ("covered_words",),
                                     threshold=chosen_by(recall_with_precision())),
    "+weakest, t by recall": Variant("weak", features=PREVIOUS_FEATURES + ("weakest_link",),
                                     threshold=chosen_by(recall_with_precision())),
    "+unknown, t by recall": Variant("unk", features=PREVIOUS_FEATURES + ("unknown_words",),
                                     threshold=chosen_by(recall_with_precision())),
    "score + unknown, prior 0.3, t 0.6": Variant("su", features=SCORE_FEATURES + ("unknown_words",), prior=0.3,
                                                 threshold=0.6),
    "heading quantile, q by recall s.t. P>=0.6": HeadingQuantile("hq", criterion=recall_with_precision()),
    "heading quantile, q by prior-weighted": HeadingQuantile("hqpw", criterion=prior_weighted),
    "heading quantile all nine, q by recall": HeadingQuantile("hq9", criterion=recall_with_precision(),
                                                              features=FEATURES),
}
for label, features in (("6 before", PREVIOUS_FEATURES), ("score+unknown", SCORE_FEATURES + ("unknown_words",)),
                        ("score+unknown+weakest", SCORE_FEATURES + ("unknown_words", "weakest_link")),
                        ("all nine", FEATURES)):
    for crit_name, crit in (("prior-weighted", prior_weighted), ("end-to-end", end_to_end),
                            ("recall+e2e", recall_and_end_to_end), ("guarded recall", Guarded())):
        VARIANTS[f"nested {label}, by {crit_name}"] = Nested(label, crit, features=features)


def main() -> None:
    kbs = load(Path(sys.argv[1]))
    wanted = sys.argv[2:]
    for name, variant in VARIANTS.items():
        if wanted and not any(w in name for w in wanted):
            continue
        show(name, lofo(variant, kbs))
        if hasattr(variant, "chosen"):
            print("  chosen shares per fold:", variant.chosen)


if __name__ == "__main__":
    main()
