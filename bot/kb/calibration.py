"""Carrying the answer-or-abstain decision over to a knowledge base's own articles, at build time.

The abstain model (`bot.kb.answerability`) reads signals whose scale depends on the
knowledge base: how long its passages are, how many words it has, whether its articles
exist in both languages. Fitted on one knowledge base, its decision does not carry over
to another one as it is, and a customer has no labelled questions. So `bot.kb build`
makes questions of its own: every section heading is asked

- against the index with that section held out: the rest of its article must answer it,
  as a real question answers from text that does not repeat it (answerable);
- against the index with its whole article (and the article's translation) held out: a
  question close to the domain that no remaining article answers (unanswerable);

in its own language and, through Apertium, in the other one. The same is done once on the
project's own knowledge base by `scripts/tune_kb.py`, which keeps the mean and spread of
every signal over those questions as the reference. A new knowledge base's signals are
then mapped onto the reference scale (per signal: the same mean and spread over its own
heading questions) before the shipped model reads them; in the model this is a new mean
and scale per signal, saved as `abstain.json` beside the index.

Heading questions are not real questions (they use the article's own words, so the word
signals look better than a customer's would), which is why they only set the scale and
do not fit the model: fitting on them was tried and abstained on most real questions.
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
            for exclude, unanswerable in ((held_out_section, False), (whole, True)):
                outcome = kb.rank(text, text, lang, translated, scores, 3, exclude)
                if not outcome.results or outcome.signals is None:
                    continue
                if not unanswerable and outcome.results[0].id not in family:
                    continue  # not found at all: a ranking miss, not a lesson about abstaining
                rows.append(outcome.signals)
                labels.append(unanswerable)
    return rows, labels


#: A new knowledge base's spread may differ from the reference's at most this many times.
MAX_SCALE_RATIO = 2.0


def signal_moments(rows: List[Dict[str, float]]) -> Tuple[List[float], List[float]]:
    """Mean and standard deviation of each signal over heading questions."""
    x = np.array([[row[name] for name in FEATURES] for row in rows], dtype=np.float64)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return x.mean(axis=0).round(6).tolist(), scale.round(6).tolist()


def adapt_model(model: AbstainModel, reference: dict, mean: List[float], scale: List[float]) -> AbstainModel:
    """`model` reading signals mapped from this knowledge base's scale onto the reference one.

    x' = (x - m) / s * s_ref + m_ref, and the model standardises x' with (mean, scale), so
    for x it is mean + ... : mean_new = m + (mean - m_ref) * s / s_ref, scale_new = scale * s / s_ref.
    """
    order = {name: i for i, name in enumerate(FEATURES)}
    new_mean, new_scale = [], []
    for name, model_mean, model_scale in zip(model.features, model.mean, model.scale):
        i = order[name]
        ratio = float(np.clip(scale[i] / reference["scale"][i], 1 / MAX_SCALE_RATIO, MAX_SCALE_RATIO))
        new_mean.append(round(mean[i] + (model_mean - reference["mean"][i]) * ratio, 6))
        new_scale.append(round(model_scale * ratio, 6))
    return AbstainModel(tuple(new_mean), tuple(new_scale), model.coef, model.intercept, model.threshold,
                        model.features)


def heading_rows(kb, translator=None) -> List[Dict[str, float]]:
    """The signals of every heading question, answerable and unanswerable alike."""
    rows, _ = _rows(kb, heading_questions(kb), translator if isinstance(translator, Translator) else None)
    return rows


def calibrate_index(index_dir: Path, model_name: str, query_prefix: str, passage_prefix: str,
                    translator=None) -> Optional[dict]:
    """Adapt the shipped model to this index and save it; None (and no file) when there is no
    shipped model or reference, or the articles give too few heading questions."""
    from bot.kb.search import KnowledgeBase, SearchConfig

    index_dir = Path(index_dir)
    (index_dir / MODEL_FILE).unlink(missing_ok=True)
    config = SearchConfig.load()
    if config.abstain_model is None or not config.calibration_reference:
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
    mean, scale = signal_moments(rows)
    model = adapt_model(config.abstain_model, config.calibration_reference, mean, scale)
    with open(index_dir / MODEL_FILE, "w", encoding="utf-8") as handle:
        json.dump(model.to_dict(), handle)
    summary = {"questions": len(questions), "rows": len(rows), "unanswerable": int(sum(labels))}
    logger.info("Calibrated the abstain model on %s", summary)
    return summary
