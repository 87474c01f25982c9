"""Choose the search's fusion weights and abstain threshold, and write kb_index/search_config.json.

- Dense weight per language: the weight with the best fused hit@1 on the *tuning half*
  of XQuAD (even-numbered documents; the other half is only used by eval_kb.py).
- Abstain threshold: the one with the best end-to-end accuracy (right article above it,
  or abstention where no article answers) on the *tuning third* of the project's
  held-out queries (kb_index/eval/heldout_queries.yml, index % 3 == 0).

Usage: .venv/bin/python scripts/tune_kb.py
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import tempfile
from pathlib import Path

import numpy as np

from kb_common import heldout_split, relevant_ids, xquad_half
from bot.kb.articles import load_articles
from bot.kb.benchmarks import ScoredCorpus, load_xquad, paragraph_articles
from bot.kb.evaluation import best_threshold, hit_at, rank_articles
from bot.kb.retrieval import fuse_scores
from bot.kb.search import SEARCH_CONFIG_FILE, KnowledgeBase, SearchConfig
from bot.settings import Settings

WEIGHTS = [round(w, 2) for w in np.arange(0.0, 1.0001, 0.05)]
THRESHOLDS = [round(t, 3) for t in np.arange(0.05, 0.8, 0.005)]


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
        top_ids, top_scores, relevants = [], [], []
        for item in queries:
            outcome = kb.search(item["q"], k=1)
            top_ids.append(outcome.results[0].id if outcome.results else None)
            top_scores.append(outcome.results[0].score if outcome.results else 0.0)
            relevants.append(relevant_ids(item["expect"], kb.articles))
        threshold = best_threshold(THRESHOLDS, top_ids, top_scores, relevants)
        from bot.kb.evaluation import end_to_end_accuracy

        accuracy = end_to_end_accuracy(top_ids, top_scores, relevants, threshold)
        print(f"abstain threshold {threshold} (end-to-end accuracy {accuracy:.3f} on {len(queries)} tuning queries)")
    SEARCH_CONFIG_FILE.write_text(json.dumps({
        "dense_weight": {lang: w["weight"] for lang, w in weights.items()},
        "abstain_threshold": threshold,
        "tuned": {
            "by": "scripts/tune_kb.py",
            "date": dt.date.today().isoformat(),
            "machine": f"{platform.machine()}, {platform.system()}",
            "model": settings.embedding_model,
            "dense_weight_on": "XQuAD tuning half (even documents), fused hit@1: "
                               + ", ".join(f"{l} {w['hit@1']:.3f}" for l, w in weights.items()),
            "threshold_on": f"{len(queries)} tuning queries of kb_index/eval/heldout_queries.yml, "
                            f"end-to-end accuracy {accuracy:.3f}",
        },
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SEARCH_CONFIG_FILE}")


if __name__ == "__main__":
    main()
