"""Choose how translated evidence is mixed in, and the cost the build's abstain calibration uses.

Tuned only on the project's development material, never on held-out or unseen sets:
kb_index/eval/abstain_dev.yml asked of three knowledge bases made from the project's
own articles:

- "main": every article;
- "one language": of each article pair only one version (alternately the Spanish and the
  English one), so that about half of the questions are cross-lingual;
- "topic split": only the articles of every other topic folder, so that questions about the
  left-out topics are unanswerable and the build calibrates on articles it never saw.

Each is built with `build_index` (translation and calibration included), as a customer's
would be. The grid: `cross_share` x `cross_dense_weight` by ranking top-1, then
`false_abstain_cost` by end-to-end hit@1. The fusion weights of the original-language
evidence (`dense_weight`) and the fallback model are kept as they are.

Usage: .venv/bin/python scripts/tune_kb.py [--quick]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import platform
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

import numpy as np

from kb_common import abstain_dev_queries, evaluate_queries
from bot.kb.articles import Article, load_articles
from bot.kb.calibration import calibrate_index
from bot.kb.index import build_index
from bot.kb.search import SEARCH_CONFIG_FILE, KnowledgeBase, SearchConfig
from bot.kb.translate import shared_translator
from bot.settings import Settings

SHARES = [0.0, 0.4, 0.6]
CROSS_DENSE = [0.4, 0.6]
COSTS = [1.0, 2.0, 3.0]


def one_language(articles: List[Article]) -> List[Article]:
    """One version of each translated pair, alternately Spanish and English."""
    kept, seen = [], set()
    pairs = sorted({tuple(sorted((a.id, a.translation_of))) for a in articles if a.translation_of})
    drop = {pair[i % 2] for i, pair in enumerate(pairs)}
    for article in articles:
        if article.id in drop or article.id in seen:
            continue
        seen.add(article.id)
        kept.append(dataclasses.replace(article, translation_of=None))
    return kept


def topic_split(articles: List[Article]) -> List[Article]:
    """The articles of every other topic folder (a pair goes by its English version's folder)."""
    by_id = {a.id: a for a in articles}

    def topic(article: Article) -> str:
        english = article if article.lang == "en" or not article.translation_of else by_id[article.translation_of]
        return Path(english.path).parts[-2]

    topics = sorted({topic(a) for a in articles})
    kept_topics = set(topics[::2])
    return [a for a in articles if topic(a) in kept_topics]


def remap(queries: List[dict], articles: List[Article], kept: List[Article]) -> List[dict]:
    """The queries with each expected article replaced by its translation where only that was kept
    (an article left out with its translation stays: the question is then unanswerable)."""
    ids = {a.id for a in kept}
    partner = {a.id: a.translation_of for a in articles if a.translation_of}
    partner.update({v: k for k, v in list(partner.items())})
    out = []
    for item in queries:
        expect = item.get("expect")
        if expect and expect not in ids and partner.get(expect) in ids:
            expect = partner[expect]
        out.append({**item, "expect": expect})
    return out


def main() -> None:
    settings = Settings.from_env()
    base = SearchConfig.load()
    translator = shared_translator()
    articles = load_articles(settings.kb_articles_dir)
    kbs = {"main": articles, "one language": one_language(articles), "topic split": topic_split(articles)}
    queries = abstain_dev_queries()
    asked = {name: remap(queries, articles, chosen) for name, chosen in kbs.items()}
    results: Dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for name, chosen in kbs.items():
            dirs[name] = Path(tmp) / name.replace(" ", "-")
            build_index(chosen, dirs[name], settings.embedding_model, settings.query_prefix, settings.passage_prefix,
                        show_progress=False, translator=translator, calibrate=False)
        for share in SHARES:
            for cross_dense in CROSS_DENSE if share else [0.5]:
                config = dataclasses.replace(base, cross_share=share, cross_dense_weight=cross_dense)
                row = {}
                for name in kbs:
                    kb = KnowledgeBase(dirs[name], settings, config, translator=translator, use_index_model=False)
                    report = evaluate_queries(kb, asked[name])
                    row[name] = {g: report[g].get("ranking_top1") for g in ("same_language", "cross_lingual", "all")}
                results[f"{share}/{cross_dense}"] = row
                print(share, cross_dense, json.dumps(row), flush=True)

        def ranking(key: str) -> float:
            row = results[key]
            return float(np.mean([row[n]["all"] for n in row])) - 0.5 * max(
                0.0, results["0.0/0.5"]["main"]["same_language"] - row["main"]["same_language"])

        best = max(results, key=ranking)
        share, cross_dense = map(float, best.split("/"))
        print("chosen", best, flush=True)
        costs = {}
        for cost in COSTS:
            config = dataclasses.replace(base, cross_share=share, cross_dense_weight=cross_dense, false_abstain_cost=cost)
            SEARCH_CONFIG_FILE_TMP = Path(tmp) / "config.json"
            row = {}
            for name in kbs:
                _calibrate_with(config, dirs[name], settings, translator)
                kb = KnowledgeBase(dirs[name], settings, config, translator=translator)
                report = evaluate_queries(kb, asked[name])
                row[name] = {"end_to_end": report["all"]["hit@1_end_to_end"],
                             "same_language": report["same_language"]["hit@1_end_to_end"],
                             "precision": report["abstain"]["precision"], "recall": report["abstain"]["recall"]}
            costs[cost] = row
            print("cost", cost, json.dumps(row), flush=True)
        best_cost = max(COSTS, key=lambda c: float(np.mean([costs[c][n]["end_to_end"] for n in kbs])))
    data = json.loads(SEARCH_CONFIG_FILE.read_text(encoding="utf-8"))
    data.update({"cross_share": share, "cross_dense_weight": cross_dense, "false_abstain_cost": best_cost})
    data.setdefault("tuned", {})["cross_on"] = (
        f"{len(queries)} queries of kb_index/eval/abstain_dev.yml on the main, one-language and topic-split "
        f"knowledge bases ({dt.date.today().isoformat()}, {platform.machine()}): share {share}, dense {cross_dense} "
        f"by ranking top-1 {json.dumps(results[best])}; false-abstain cost {best_cost} by end-to-end hit@1 "
        f"{json.dumps(costs[best_cost])}")
    SEARCH_CONFIG_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SEARCH_CONFIG_FILE}")


def _calibrate_with(config: SearchConfig, index_dir: Path, settings: Settings, translator) -> None:
    """Calibrate an index as the build would with `config`."""
    import bot.kb.search as search

    original = search.SearchConfig.load
    search.SearchConfig.load = classmethod(lambda cls, path=None: config)  # the build reads the config file
    try:
        calibrate_index(index_dir, settings.embedding_model, settings.query_prefix, settings.passage_prefix,
                        translator)
    finally:
        search.SearchConfig.load = original


if __name__ == "__main__":
    main()
