"""Command line for the knowledge base.

    python -m bot.kb build  [--articles DIR] [--out DIR]
    python -m bot.kb check  [--articles DIR] [--index DIR]   (exit 0 when the index is usable)
    python -m bot.kb search [--index DIR] [--top-k K] [--json] "QUERY"
    python -m bot.kb search [--index DIR] [--top-k K] --queries FILE      (one JSON object a line)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

from bot.kb.articles import ArticleError, load_articles
from bot.kb.index import KBIndexError, build_index, check_index
from bot.settings import Settings


def _build(args: argparse.Namespace, settings: Settings) -> int:
    articles_dir = Path(args.articles or settings.kb_articles_dir)
    out_dir = Path(args.out or settings.kb_index_dir)
    try:
        articles = load_articles(articles_dir)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = build_index(articles, out_dir, settings.embedding_model, settings.query_prefix,
                         settings.passage_prefix, show_progress=not args.quiet,
                         source_dir=str(articles_dir.resolve()))
    print(f"Indexed {report.articles} articles as {report.passages} passages in {out_dir} "
          f"({report.embedded} embedded, {report.reused} reused, {report.translated} articles translated, "
          f"{report.seconds:.1f} s).")
    if report.calibration:
        print(f"Answer-or-abstain decision calibrated on {report.calibration['questions']} section headings.")
    return 0


def _check(args: argparse.Namespace, settings: Settings) -> int:
    articles_dir = Path(args.articles or settings.kb_articles_dir)
    index_dir = Path(args.index or settings.kb_index_dir)
    try:
        check_index(index_dir, settings.embedding_model, settings.query_prefix, settings.passage_prefix,
                    articles_dir)
    except (KBIndexError, ArticleError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"The index in {index_dir} is up to date.")
    return 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.kb.search import KnowledgeBase

    index_dir = Path(args.index or settings.kb_index_dir)
    manifest_path = index_dir / "manifest.json"
    source = None
    if manifest_path.exists():
        source = json.loads(manifest_path.read_text(encoding="utf-8")).get("source")
    articles_dir = Path(args.articles) if args.articles else (Path(source) if source and Path(source).is_dir() else None)
    try:
        kb = KnowledgeBase(index_dir, settings, articles_dir=articles_dir)
    except (KBIndexError, ArticleError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.queries:
        with open(args.queries, encoding="utf-8") as handle:
            queries = [line.rstrip("\n") for line in handle if line.strip()]
        for query in queries:
            print(json.dumps(kb.search(query, args.top_k).public(), ensure_ascii=False), flush=True)
        return 0
    outcome = kb.search(args.query, args.top_k)
    if args.json:
        print(json.dumps(outcome.public(), ensure_ascii=False))
        return 0
    print(f"answer: {outcome.answer or '(abstain)'}")
    if outcome.abstain_probability is not None:
        print(f"P(no article answers): {outcome.abstain_probability:.2f} "
              f"(abstains from {kb.abstain_model.threshold:.2f})")
    for rank, hit in enumerate(outcome.results, 1):
        print(f"{rank:>2}. {hit.score:.3f}  {hit.id:<32} {hit.title}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(prog="python -m bot.kb", description="Knowledge-base index and search.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build (or update) the index from a folder of articles")
    build.add_argument("--articles", help="folder of Markdown articles (default: kb_index/articles)")
    build.add_argument("--out", help="index folder (default: kb_index/index)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    check = commands.add_parser("check", help="exit 0 when the index matches the articles and the model")
    check.add_argument("--articles", help="folder of Markdown articles (default: kb_index/articles)")
    check.add_argument("--index", help="index folder (default: kb_index/index)")
    search = commands.add_parser("search", help="search the index")
    search.add_argument("query", nargs="?", help="the question")
    search.add_argument("--index", help="index folder (default: kb_index/index)")
    search.add_argument("--articles", help="articles folder to check the index against (default: the one it was built from)")
    search.add_argument("--top-k", type=int, default=5, help="how many articles to list (default 5)")
    search.add_argument("--json", action="store_true", help="print the result as one JSON object")
    search.add_argument("--queries", help="file with one query a line; prints one JSON object a line")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "build":
        return _build(args, settings)
    if args.command == "check":
        return _check(args, settings)
    if not args.queries and args.query is None:
        parser.error("search needs a QUERY or --queries FILE")
    return _search(args, settings)


if __name__ == "__main__":
    sys.exit(main())
