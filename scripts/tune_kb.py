"""Choose the search's fusion weights and abstain threshold, and write kb_index/search_config.json.

- Dense weight per language: the weight with the best fused hit@1 on the *tuning half*
  of XQuAD (even-numbered documents; the other half is only used by eval_kb.py).
- Score threshold: the fused score with the best end-to-end accuracy (right article above
  it, or abstention where no article answers) on the *tuning third* of the project's
  held-out queries (kb_index/eval/heldout_queries.yml, index % 3 == 0). It is the
  fallback decision and the floor for offering a second article.
- Abstain model (bot/kb/answerability.py): a logistic regression over the answerability
  signals, fitted on the development queries (kb_index/eval/abstain_dev.yml), its
  regularisation C chosen by 5-fold cross-validated F1 there; its probability threshold
  is the best abstain F1 on the same tuning third. The other two thirds are only
  reported, by eval_kb.py.

Usage: .venv/bin/python scripts/tune_kb.py
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import tempfile
from pathlib import Path

import numpy as np

from kb_common import abstain_dev_queries, heldout_split, relevant_ids, xquad_half
from bot.kb.answerability import FEATURES, fit_abstain_model
from bot.kb.articles import load_articles
from bot.kb.benchmarks import ScoredCorpus, load_xquad, paragraph_articles
from bot.kb.evaluation import (abstain_decision_metrics, best_probability_threshold, best_threshold,
                               decision_accuracy, hit_at, rank_articles)
from bot.kb.retrieval import fuse_scores
from bot.kb.search import SEARCH_CONFIG_FILE, KnowledgeBase, SearchConfig
from bot.settings import Settings

WEIGHTS = [round(w, 2) for w in np.arange(0.0, 1.0001, 0.05)]
THRESHOLDS = [round(t, 3) for t in np.arange(0.05, 0.8, 0.005)]
PROBABILITY_THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.96, 0.01)]
REGULARISATION = [0.03, 0.1, 0.3, 1.0, 3.0]


def search_rows(kb: KnowledgeBase, items: list) -> tuple:
    """Top article id, top score, abstain signals and relevant ids of each query."""
    top_ids, top_scores, signals, relevants = [], [], [], []
    for item in items:
        outcome = kb.search(item["q"], k=2)
        top_ids.append(outcome.results[0].id if outcome.results else None)
        top_scores.append(outcome.results[0].score if outcome.results else 0.0)
        signals.append(outcome.signals or {name: 0.0 for name in FEATURES})
        relevants.append(relevant_ids(item["expect"], kb.articles))
    return top_ids, top_scores, signals, relevants


def choose_regularisation(signals: list, unanswerable: list) -> tuple:
    """The C with the best 5-fold cross-validated abstain F1 (out-of-fold probabilities, best threshold)."""
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(unanswerable)
    answerable = [not u for u in unanswerable]
    results = {}
    for c in REGULARISATION:
        probabilities = np.zeros(len(signals))
        for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(signals, labels):
            model = fit_abstain_model([signals[i] for i in train], labels[train].tolist(), c)
            probabilities[test] = [model.probability(signals[i]) for i in test]
        results[c] = max(abstain_decision_metrics([p >= t for p in probabilities], answerable)["f1"]
                         for t in PROBABILITY_THRESHOLDS)
    best = max(REGULARISATION, key=lambda c: (results[c], -c))
    return best, results


def tune_weight(language: str, settings: Settings, work: Path) -> dict:
    xquad = load_xquad(language)
    corpus = ScoredCorpus.build(paragraph_articles(xquad.paragraphs, language), work / f"xq-{language}",
                                settings.embedding_model, settings.query_prefix, settings.passage_prefix)
    questions = xquad_half(xquad, "tune")
    dense, lexical = corpus.score([q for q, _ in questions])
    relevant = [{f"p-{p}"} for _, p in questions]
    results = {}
    for weight in WEIGHTS:
        hits = [hit_at(rank_articles(fuse_scores(d, l, weight), corpus.passage_article, 1), rel, 1)
                for d, l, rel in zip(dense, lexical, relevant)]
        results[weight] = float(np.mean(hits))
    best = max(WEIGHTS, key=lambda w: (results[w], -abs(w - 0.5)))
    print(f"{language}: dense weight {best} (fused hit@1 {results[best]:.3f} on {len(questions)} tuning questions)")
    return {"weight": best, "hit@1": results[best], "questions": len(questions), "curve": results}


def main() -> None:
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        weights = {lang: tune_weight(lang, settings, work) for lang in ("es", "en")}
        from bot.kb.index import build_index

        build_index(load_articles(settings.kb_articles_dir), work / "kb", settings.embedding_model,
                    settings.query_prefix, settings.passage_prefix, show_progress=False)
        config = SearchConfig({lang: w["weight"] for lang, w in weights.items()}, abstain_threshold=0.0)
        kb = KnowledgeBase(work / "kb", settings, config)
        queries = heldout_split("tune")
        top_ids, top_scores, signals, relevants = search_rows(kb, queries)
        threshold = best_threshold(THRESHOLDS, top_ids, top_scores, relevants)
        from bot.kb.evaluation import end_to_end_accuracy

        accuracy = end_to_end_accuracy(top_ids, top_scores, relevants, threshold)
        print(f"score threshold {threshold} (end-to-end accuracy {accuracy:.3f} on {len(queries)} tuning queries)")

        development = abstain_dev_queries()
        _, _, dev_signals, dev_relevants = search_rows(kb, development)
        dev_unanswerable = [not r for r in dev_relevants]
        c, cv_f1 = choose_regularisation(dev_signals, dev_unanswerable)
        model = fit_abstain_model(dev_signals, dev_unanswerable, c)
        probabilities = [model.probability(row) for row in signals]
        p_threshold = best_probability_threshold(PROBABILITY_THRESHOLDS, probabilities, top_ids, relevants)
        model = fit_abstain_model(dev_signals, dev_unanswerable, c, threshold=p_threshold)
        abstained = [p >= p_threshold for p in probabilities]
        tune_metrics = abstain_decision_metrics(abstained, [bool(r) for r in relevants])
        tune_accuracy = decision_accuracy(top_ids, [not a for a in abstained], relevants)
        print(f"abstain model: C {c} (cross-validated F1 on {len(development)} development queries: "
              f"{cv_f1[c]:.3f}); probability threshold {p_threshold} (abstain F1 {tune_metrics['f1']:.3f}, "
              f"end-to-end accuracy {tune_accuracy:.3f} on the tuning queries)")
    SEARCH_CONFIG_FILE.write_text(json.dumps({
        "dense_weight": {lang: w["weight"] for lang, w in weights.items()},
        "abstain_threshold": threshold,
        "abstain_model": model.to_dict(),
        "tuned": {
            "by": "scripts/tune_kb.py",
            "date": dt.date.today().isoformat(),
            "machine": f"{platform.machine()}, {platform.system()}",
            "model": settings.embedding_model,
            "dense_weight_on": "XQuAD tuning half (even documents), fused hit@1: "
                               + ", ".join(f"{l} {w['hit@1']:.3f}" for l, w in weights.items()),
            "threshold_on": f"{len(queries)} tuning queries of kb_index/eval/heldout_queries.yml, "
                            f"end-to-end accuracy {accuracy:.3f}",
            "abstain_model_on": f"{len(development)} queries of kb_index/eval/abstain_dev.yml, C {c} by "
                                f"5-fold cross-validated F1 ({', '.join(f'{k}: {v:.3f}' for k, v in cv_f1.items())})",
            "abstain_probability_threshold_on": f"the same {len(queries)} tuning queries, abstain F1 "
                                                f"{tune_metrics['f1']:.3f}, end-to-end accuracy {tune_accuracy:.3f}",
        },
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SEARCH_CONFIG_FILE}")


if __name__ == "__main__":
    main()
