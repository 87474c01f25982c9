"""Carrying the answer-or-abstain decision over to a knowledge base's own articles, at build time.

The abstain model (`bot.kb.answerability`) reads scores whose level depends on the
knowledge base: how long its passages are, how many words it has, whether its articles
exist in both languages. A customer has no labelled questions, so `bot.kb build` makes
questions of its own: every section heading is asked

- against the index with that section held out: the rest of its article must answer it,
  as a real question answers from text that does not repeat it (answerable);
- against the index with its whole article (and the article's translation) held out: a
  question close to the domain that no remaining article answers (unanswerable);

in its own language and, through Apertium, in the other one. Per signal, the midpoint
between the two groups' means is this knowledge base's "centre" and the distance between
them its "gap" (`signal_anchors`). The shipped model was fitted (`scripts/tune_abstain.py`) on
real development questions of several knowledge bases, each expressed as
(signal - its centre) / its gap, so "how far above this knowledge base's own no-answer
level" is what it reads, not the raw score. The build puts the new knowledge base's centre
and gap in: for the logistic regression that is a new mean and scale per signal, saved as
`abstain.json` beside the index.

Heading questions are not real questions (they use the article's own words), so they only
place the anchors and never fit the model. Their score signals land where real questions'
do (the no-answer headings' mean fused score is within 0.03 of real unanswerable
questions' on all four development knowledge bases); their word signals do not (weakest
link 0.65-0.88 for answerable headings against 0.23-0.47 for real questions), which is why
the shipped model reads only the score signals and the one word signal that carried over
from two families of knowledge bases to the third (the mean link; `scripts/tune_abstain.py`).
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, Optional, Tuple

import numpy as np

from bot.kb.answerability import FEATURES, AbstainModel
from bot.kb.translate import Translator, TranslationError, other_language

logger = logging.getLogger(__name__)

MODEL_FILE = "abstain.json"
#: Enough questions for nine coefficients; more only lengthens the build.
MAX_QUESTIONS = 150
MIN_QUESTIONS = 12


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
            plain = kb.plain_scores(text, lang)  # a heading that names the product is read as a question would be
            for exclude, unanswerable in ((held_out_section, False), (whole, True)):
                outcome = kb.rank(text, text, lang, translated, scores, 3, exclude, plain)
                if not outcome.results or outcome.signals is None:
                    continue
                if not unanswerable and outcome.results[0].id not in family:
                    continue  # not found at all: a ranking miss, not a lesson about abstaining
                rows.append(outcome.signals)
                labels.append(unanswerable)
    return rows, labels


#: A new knowledge base's gap may differ from the reference's at most this many times.
MAX_SCALE_RATIO = 2.0
#: A gap smaller than this (a signal that does not tell the heading groups apart) is not trusted.
MIN_GAP = 1e-3


def signal_anchors(rows: List[Dict[str, float]], unanswerable: List[bool]) -> Tuple[List[float], List[float]]:
    """Per signal (in `FEATURES` order): the centre between the answerable and unanswerable
    heading questions' means, and the gap between them (absolute; 0 when a group is empty)."""
    x = np.array([[row[name] for name in FEATURES] for row in rows], dtype=np.float64)
    labels = np.asarray(unanswerable, dtype=bool)
    if not labels.any() or labels.all():
        return x.mean(axis=0).round(6).tolist() if len(x) else [0.0] * len(FEATURES), [0.0] * len(FEATURES)
    answerable, other = x[~labels].mean(axis=0), x[labels].mean(axis=0)
    return ((answerable + other) / 2).round(6).tolist(), np.abs(answerable - other).round(6).tolist()


def adapt_model(model: AbstainModel, reference: dict, centre: List[float], gap: List[float]) -> AbstainModel:
    """`model` (fitted for the reference anchors) reading this knowledge base's signals.

    x' = (x - c) / g * g_ref + c_ref, and the model standardises x' with (mean, scale), so
    for x it is mean_new = c + (mean - c_ref) * g / g_ref, scale_new = scale * g / g_ref.
    A signal whose gap here is too small keeps the reference anchors.
    """
    order = {name: i for i, name in enumerate(FEATURES)}
    new_mean, new_scale = [], []
    for name, model_mean, model_scale in zip(model.features, model.mean, model.scale):
        i = order[name]
        if gap[i] < MIN_GAP or reference["gap"][i] < MIN_GAP:
            # a signal the heading questions do not tell apart here, or did not on the development
            # knowledge bases (the unknown-word share: headings use the articles' own words in either
            # language), keeps the reference anchors: it is read as it is
            new_mean.append(model_mean)
            new_scale.append(model_scale)
            continue
        ratio = float(np.clip(gap[i] / reference["gap"][i], 1 / MAX_SCALE_RATIO, MAX_SCALE_RATIO))
        new_mean.append(round(centre[i] + (model_mean - reference["centre"][i]) * ratio, 6))
        new_scale.append(round(model_scale * ratio, 6))
    return AbstainModel(tuple(new_mean), tuple(new_scale), model.coef, model.intercept, model.threshold,
                        model.features)


def from_anchored(model: AbstainModel, reference: dict) -> AbstainModel:
    """A model fitted on anchored signals, (x - centre) / gap, made to read the raw signals of a
    knowledge base with the `reference` anchors (what the build then adapts to its own)."""
    position = {name: i for i, name in enumerate(FEATURES)}
    centre = [reference["centre"][position[name]] for name in model.features]
    gap = [max(reference["gap"][position[name]], MIN_GAP) for name in model.features]
    return AbstainModel(tuple(round(c + g * m, 6) for c, g, m in zip(centre, gap, model.mean)),
                        tuple(round(g * s, 6) for g, s in zip(gap, model.scale)), model.coef, model.intercept,
                        model.threshold, model.features)


def heading_rows(kb, translator=None) -> Tuple[List[Dict[str, float]], List[bool]]:
    """The signals of every heading question and whether it was asked with its article held out."""
    return _rows(kb, heading_questions(kb), translator if isinstance(translator, Translator) else None)


def calibrate_index(index_dir: Path, model_name: str, query_prefix: str, passage_prefix: str,
                    translator=None) -> Optional[dict]:
    """Adapt the shipped model to this index and save it; None (and no file) when there is no
    shipped model or reference, or the articles give too few heading questions."""
    from bot.kb.search import KnowledgeBase, SearchConfig

    index_dir = Path(index_dir)
    (index_dir / MODEL_FILE).unlink(missing_ok=True)
    config = SearchConfig.load()
    if config.abstain_model is None or "gap" not in (config.calibration_reference or {}):
        return None
    settings = SimpleNamespace(embedding_model=model_name, query_prefix=query_prefix, passage_prefix=passage_prefix)
    translator = translator if isinstance(translator, Translator) else None
    kb = KnowledgeBase(index_dir, settings, config, translator=translator, use_index_model=False)
    questions = heading_questions(kb)
    if len(questions) < MIN_QUESTIONS:
        logger.warning("Only %d section headings: the abstain decision uses the shipped model as it is",
                       len(questions))
        return None
    rows, labels = _rows(kb, questions, translator)
    if sum(labels) < MIN_QUESTIONS or len(labels) - sum(labels) < MIN_QUESTIONS:
        logger.warning("Too few usable heading questions (%d): the abstain decision uses the shipped model as it is",
                       len(labels))
        return None
    centre, gap = signal_anchors(rows, labels)
    model = adapt_model(config.abstain_model, config.calibration_reference, centre, gap)
    with open(index_dir / MODEL_FILE, "w", encoding="utf-8") as handle:
        json.dump(model.to_dict(), handle)
    summary = {"questions": len(questions), "rows": len(rows), "unanswerable": int(sum(labels))}
    logger.info("Calibrated the abstain model on %s", summary)
    return summary
