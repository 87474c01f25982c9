"""Choose how translated evidence is mixed in (the abstain model: scripts/tune_abstain.py).

Tuned only on the project's development material, never on held-out or unseen sets:
kb_index/eval/abstain_dev.yml asked of three knowledge bases made from the project's
own articles:

- "main": every article;
- "one language": of each article pair only one version (alternately the Spanish and the
  English one), so that about half of the questions are cross-lingual;
- "topic split": only the articles of every other topic folder, so that questions about the
  left-out topics are unanswerable and the build calibrates on articles it never saw.

Each is built with `build_index` (translation and calibration included), as a customer's
would be. The grid: `cross_share` x `cross_dense_weight` by mean ranking top-1 over the three (less half of any loss on the main
knowledge base's same-language questions). Then, with those, `heading_weight` (the title/heading field) by the same
measure; `--heading-only` keeps the share and dense weight as they are and chooses only the heading weight. The fusion weights of the original-language
evidence (`dense_weight`) are kept as they are. The abstain model reads the fused scores,
so after a change here refit it with scripts/tune_abstain.py.

Usage: .venv/bin/python scripts/tune_kb.py [--shares ...] [--cross-dense ...] [--dry-run]
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
from bot.kb.index import build_index
from bot.kb.search import SEARCH_CONFIG_FILE, KnowledgeBase, SearchConfig
from bot.kb.translate import shared_translator
from bot.settings import Settings

SHARES = [0.0, 0.6, 0.8, 1.0]
CROSS_DENSE = [0.6, 0.8]
HEADING_WEIGHTS = [0.0, 0.05, 0.1, 0.15]


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
    import argparse

    global SHARES, CROSS_DENSE
    parser = argparse.ArgumentParser()
    parser.add_argument("--shares", type=float, nargs="+", default=SHARES)
    parser.add_argument("--cross-dense", type=float, nargs="+", default=CROSS_DENSE)
    parser.add_argument("--headings", type=float, nargs="+", default=HEADING_WEIGHTS)
    parser.add_argument("--heading-only", action="store_true", help="keep share and dense weight, tune the heading weight")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the configuration")
    args = parser.parse_args()
    SHARES, CROSS_DENSE = ([0.0] + [s for s in args.shares if s]), args.cross_dense
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
        def measure(config: SearchConfig) -> Dict[str, dict]:
            row = {}
            for name in kbs:
                kb = KnowledgeBase(dirs[name], settings, config, translator=translator, use_index_model=False)
                report = evaluate_queries(kb, asked[name])
                row[name] = {g: report[g].get("ranking_top1") for g in ("same_language", "cross_lingual", "all")}
            return row

        def ranking(key: str) -> float:
            row = results[key]
            return float(np.mean([row[n]["all"] for n in row])) - 0.5 * max(
                0.0, results[baseline]["main"]["same_language"] - row["main"]["same_language"])

        if args.heading_only:
            share, cross_dense = base.cross_share, base.cross_dense_weight
        else:
            baseline = "0.0/0.5"
            for share in SHARES:
                for cross_dense in CROSS_DENSE if share else [0.5]:
                    config = dataclasses.replace(base, cross_share=share, cross_dense_weight=cross_dense,
                                                 heading_weight=0.0)
                    results[f"{share}/{cross_dense}"] = measure(config)
                    print(share, cross_dense, json.dumps(results[f"{share}/{cross_dense}"]), flush=True)
            best = max(results, key=ranking)
            share, cross_dense = map(float, best.split("/"))
            print("chosen", best, flush=True)
        baseline = "heading 0.0"
        for heading in sorted(set([0.0] + args.headings)):
            config = dataclasses.replace(base, cross_share=share, cross_dense_weight=cross_dense, heading_weight=heading)
            results[f"heading {heading}"] = measure(config)
            print("heading", heading, json.dumps(results[f"heading {heading}"]), flush=True)
        best = max((key for key in results if key.startswith("heading ")), key=ranking)
        heading_weight = float(best.split()[1])
        print("chosen", best, flush=True)
    if args.dry_run:
        return
    data = json.loads(SEARCH_CONFIG_FILE.read_text(encoding="utf-8"))
    data.update({"cross_share": share, "cross_dense_weight": cross_dense, "heading_weight": heading_weight})
    data.setdefault("tuned", {})["cross_on"] = (
        f"{len(queries)} queries of kb_index/eval/abstain_dev.yml on the main, one-language and topic-split "
        f"knowledge bases ({dt.date.today().isoformat()}, {platform.machine()}): share {share}, dense {cross_dense}, "
        f"heading {heading_weight} by ranking top-1 {json.dumps(results[best])}")
    SEARCH_CONFIG_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SEARCH_CONFIG_FILE}; now refit the abstain model: scripts/tune_abstain.py")


if __name__ == "__main__":
    main()
