"""Helpers shared by scripts/tune_kb.py and scripts/eval_kb.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Set, Tuple

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.kb.benchmarks import XQuAD  # noqa: E402
from bot.kb.evaluation import rank_articles  # noqa: E402
from bot.kb.retrieval import fuse_scores, reciprocal_rank_fusion  # noqa: E402
from bot.settings import PROJECT_ROOT  # noqa: E402

HELDOUT = PROJECT_ROOT / "kb_index" / "eval" / "heldout_queries.yml"
HELDOUT_2 = PROJECT_ROOT / "kb_index" / "eval" / "heldout_queries_2.yml"
PASSAGE_QUERIES = PROJECT_ROOT / "kb_index" / "eval" / "passage_queries.yml"
ABSTAIN_DEV = PROJECT_ROOT / "kb_index" / "eval" / "abstain_dev.yml"


def load_queries(path: Path) -> List[dict]:
    """A YAML list of labelled queries from kb_index/eval/."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def heldout_split(part: str) -> List[dict]:
    """The project's held-out queries: "tune" (index % 3 == 0) or "test" (the rest)."""
    items = load_queries(HELDOUT)
    return [item for i, item in enumerate(items) if (i % 3 == 0) == (part == "tune")]


def abstain_dev_queries() -> List[dict]:
    """The development queries the abstain model is fitted on (never the held-out ones)."""
    return load_queries(ABSTAIN_DEV)


def relevant_ids(expect: str | None, articles: Dict[str, dict]) -> Set[str]:
    """The expected article and its translation (either is a hit)."""
    if not expect:
        return set()
    if expect not in articles:
        raise SystemExit(f"held-out query expects unknown article {expect!r}")
    relevant = {expect}
    other = articles[expect].get("translation_of")
    if other:
        relevant.add(other)
    relevant |= {aid for aid, meta in articles.items() if meta.get("translation_of") == expect}
    return relevant


def xquad_half(xquad: XQuAD, part: str) -> List[Tuple[str, int]]:
    """Questions of the even ("tune") or odd ("eval") documents, by title order."""
    titles: List[str] = []
    for title, _ in xquad.paragraphs:
        if title not in titles:
            titles.append(title)
    wanted = {t for i, t in enumerate(titles) if (i % 2 == 0) == (part == "tune")}
    return [(q, p) for q, p in xquad.questions if xquad.paragraphs[p][0] in wanted]


def method_rankings(dense: np.ndarray, lexical: np.ndarray, weight: float, passage_article: Sequence[str],
                    k: int = 10) -> Dict[str, List[List[str]]]:
    """Article rankings per query for lexical only, dense only, the weighted fusion and RRF."""
    out: Dict[str, List[List[str]]] = {"lexical": [], "dense": [], "fused": [], "rrf": []}
    for d, l in zip(dense, lexical):
        lex = rank_articles(l, passage_article, 50)
        den = rank_articles(d, passage_article, 50)
        out["lexical"].append(lex[:k])
        out["dense"].append(den[:k])
        out["fused"].append(rank_articles(fuse_scores(d, l, weight), passage_article, k))
        rrf = reciprocal_rank_fusion([lex, den])
        out["rrf"].append(sorted(rrf, key=lambda a: -rrf[a])[:k])
    return out


def kb_relevant(expect, articles: Dict[str, dict]) -> Set[str]:
    """Like `relevant_ids`, but an expected article missing from this knowledge base means
    "no article answers" (a topic split leaves articles out)."""
    if not expect or expect not in articles:
        return set()
    return relevant_ids(expect, articles)


def evaluate_queries(kb, queries: List[dict]) -> dict:
    """End-to-end and ranking measures of a KnowledgeBase on labelled queries `{q, expect}`.

    hit@1 end to end: answered with a relevant article, or abstained where none answers.
    Ranking top-1: the first result is relevant (answerable queries only). Same-language and
    cross-lingual are told apart by whether a relevant article exists in the query's language.
    """
    from bot.kb.evaluation import abstain_decision_metrics
    from bot.language import DEFAULT_LANGUAGE, detect_language

    groups: Dict[str, List[Tuple[bool, bool]]] = {"all": [], "same_language": [], "cross_lingual": [],
                                                  "unanswerable": []}
    abstained, answerable, misses = [], [], []
    for item in queries:
        language = detect_language(item["q"]) or DEFAULT_LANGUAGE
        outcome = kb.search(item["q"], k=3, language=language)
        relevant = kb_relevant(item.get("expect"), kb.articles)
        top = outcome.results[0].id if outcome.results else None
        ranked_right = top in relevant
        right = (outcome.answer is not None and ranked_right) if relevant else outcome.answer is None
        if relevant:
            same = any(kb.articles[a]["lang"] == language for a in relevant)
            groups["same_language" if same else "cross_lingual"].append((right, ranked_right))
        else:
            groups["unanswerable"].append((right, False))
        groups["all"].append((right, ranked_right))
        abstained.append(outcome.answer is None)
        answerable.append(bool(relevant))
        if not right:
            misses.append({"q": item["q"], "expect": item.get("expect"), "top": top,
                           "answered": outcome.answer is not None})
    report = {}
    for name, pairs in groups.items():
        report[name] = {"queries": len(pairs),
                        "hit@1_end_to_end": float(np.mean([r for r, _ in pairs])) if pairs else None}
        if name != "unanswerable":
            answerable_pairs = pairs if name != "all" else [p for p, a in zip(pairs, answerable) if a]
            report[name]["ranking_top1"] = (float(np.mean([t for _, t in answerable_pairs]))
                                            if answerable_pairs else None)
    report["abstain"] = abstain_decision_metrics(abstained, answerable)
    report["misses"] = misses
    return report


def evaluate_passage_choice(kb, items: List[dict]) -> dict:
    """Given the right article, does the quoted text contain the section that answers?"""
    misses = []
    for item in items:
        index = kb.best_passage(item["article"], item["q"])
        target = next(p["text"] for p in kb.passages
                      if p["article_id"] == item["article"] and p["heading"] == item["section"])
        if target not in kb.answer_text(index):
            misses.append({"q": item["q"], "expected": item["section"], "quoted": kb.passages[index]["heading"]})
    return {"queries": len(items), "accuracy": 1 - len(misses) / len(items) if items else 0.0, "misses": misses}
