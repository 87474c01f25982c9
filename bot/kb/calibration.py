"""Calibrating the answer-or-abstain decision on a knowledge base's own articles, at build time.

A model fitted on one knowledge base's signals does not carry over to another one
(different lengths, vocabulary, languages), and a customer has no labelled questions.
So `bot.kb build` makes its own: every section heading is asked as a question

- against the index with that section held out: the rest of its article must
  answer it, as a real question answers from text that does not repeat it
  (an answerable question);
- against the index with its whole article (and the article's translation) held
  out: a question close to the domain that no remaining article answers (an
  unanswerable one);

in its own language and, through Apertium, in the other one. The logistic
regression over the abstain signals (`bot.kb.answerability`) is fitted on those
and its threshold set where a wrongly refused answerable question costs
`false_abstain_cost` times a wrongly answered unanswerable one; the cost is the one
number tuned by hand, on the project's development sets, not on any customer's.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, Optional, Tuple

import numpy as np

from bot.kb.answerability import FEATURES, AbstainModel, fit_abstain_model
from bot.kb.translate import Translator, TranslationError, other_language

logger = logging.getLogger(__name__)

MODEL_FILE = "abstain.json"
#: Enough questions for nine coefficients; more only lengthens the build.
MAX_QUESTIONS = 150
MIN_QUESTIONS = 12
REGULARISATION = 0.3
THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.96, 0.01)]


def heading_questions(kb, limit: int = MAX_QUESTIONS, seed: int = 0) -> List[Tuple[str, str, int]]:
    """(heading, article id, passage index) for headings worth asking: not the title, 2+ words."""
    found = []
    seen = set()
    for i, passage in enumerate(kb.passages):
        article = kb.articles[passage["article_id"]]
        heading = passage["heading"].strip()
        key = (passage["article_id"], heading.lower())
        if heading == article["title"] or len(heading.split()) < 2 or key in seen:
            continue
        seen.add(key)
        found.append((heading, passage["article_id"], i))
    random.Random(seed).shuffle(found)
    return found[:limit]


def _rows(kb, questions, translator: Optional[Translator]) -> Tuple[List[Dict[str, float]], List[bool]]:
    rows: List[Dict[str, float]] = []
    labels: List[bool] = []
    by_article: Dict[str, List[int]] = {}
    for i, article_id in enumerate(kb.passage_article):
        by_article.setdefault(article_id, []).append(i)
    for heading, article_id, index in questions:
        language = kb.articles[article_id]["lang"]
        asked = [(heading, language)]
        if translator is not None and kb.translated:
            try:
                asked.append((translator.translate(heading, language, other_language(language)),
                              other_language(language)))
            except TranslationError:
                pass
        family = [article_id, *kb.translations.get(article_id, {}).values()]
        whole = [i for a in family for i in by_article.get(a, [])]
        held_out_section = [index] + [i for a in family if a != article_id for i in by_article.get(a, [])
                                      if kb.passages[i]["heading"] == kb.passages[index]["heading"]]
        for text, lang in asked:
            translated = kb.translate_query(text, lang)
            scores = kb.scores(text, lang, translated)
            for exclude, unanswerable in ((held_out_section, False), (whole, True)):
                outcome = kb.rank(text, text, lang, translated, scores, 3, exclude)
                if not outcome.results or outcome.signals is None:
                    continue
                if not unanswerable and outcome.results[0].id not in family:
                    continue  # not found at all: a ranking miss, not a lesson about abstaining
                rows.append(outcome.signals)
                labels.append(unanswerable)
    return rows, labels


def choose_threshold(probabilities: List[float], unanswerable: List[bool], false_abstain_cost: float) -> float:
    """The probability threshold with the least cost on the synthetic questions."""
    p = np.asarray(probabilities)
    y = np.asarray(unanswerable, dtype=bool)

    def cost(t: float) -> float:
        abstain = p >= t
        return float(np.sum(~abstain & y) + false_abstain_cost * np.sum(abstain & ~y))

    return min(THRESHOLDS, key=lambda t: (cost(t), t))


def calibrate_index(index_dir: Path, model_name: str, query_prefix: str, passage_prefix: str,
                    translator=None) -> Optional[dict]:
    """Fit and save the index's abstain model; None (and no file) when the articles give too few questions."""
    from bot.kb.search import KnowledgeBase, SearchConfig

    index_dir = Path(index_dir)
    (index_dir / MODEL_FILE).unlink(missing_ok=True)
    settings = SimpleNamespace(embedding_model=model_name, query_prefix=query_prefix, passage_prefix=passage_prefix)
    config = SearchConfig.load()
    translator = translator if isinstance(translator, Translator) else None
    kb = KnowledgeBase(index_dir, settings, config, translator=translator, use_index_model=False)
    questions = heading_questions(kb)
    if len(questions) < MIN_QUESTIONS:
        logger.warning("Only %d section headings: the abstain decision uses the shipped model", len(questions))
        return None
    rows, labels = _rows(kb, questions, translator)
    if len(set(labels)) < 2:
        return None
    model = fit_abstain_model(rows, labels, REGULARISATION)
    probabilities = [model.probability(row) for row in rows]
    threshold = choose_threshold(probabilities, labels, config.false_abstain_cost)
    model = AbstainModel(model.mean, model.scale, model.coef, model.intercept, threshold, FEATURES)
    with open(index_dir / MODEL_FILE, "w", encoding="utf-8") as handle:
        json.dump(model.to_dict(), handle)
    summary = {"questions": len(questions), "rows": len(rows), "unanswerable": int(sum(labels)),
               "threshold": threshold}
    logger.info("Calibrated the abstain model on %s", summary)
    return summary
