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
