"""Which questions the abstain decision gets wrong, by kind, leave one family out, on cached signals.

Reads the signals `scripts/tune_abstain.py --cache DIR --collect-only` stored, rebuilds the
question lists in the same order, scores every family with a model fitted on the others
(`abstain_lofo.Variant`), and prints per knowledge base
- the same-language questions the ranking gets right that the decision turns away,
- the unanswerable questions it answers,
with the kind of each (short: four words or fewer; names the product; asked in the base's less
common article language) and the mean of every signal per group, so that what separates the two
kinds of error can be read across bases.

Usage: .venv/bin/python scripts/abstain_kinds.py DIR [--quiet]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

import abstain_lofo as al
import tune_abstain as ta
from bot.kb.answerability import FEATURES, words_of
from bot.kb.articles import load_articles
from bot.language import DEFAULT_LANGUAGE, detect_language
from kb_common import abstain_dev_queries, load_queries
from tune_kb import one_language, remap, topic_split

BASES = {"unseen (Lince)": ta.UNSEEN, "unseen_2 (Brisa)": ta.UNSEEN_2, "unseen_3 (Ruta)": ta.UNSEEN_3,
         "unseen_4 (Mostrador)": ta.UNSEEN_4, "unseen_5 (Plantel)": ta.UNSEEN_5, "unseen_6 (Zarpa)": ta.UNSEEN_6}


def questions_and_articles():
    """name -> (questions in signal order, articles), as tune_abstain.main builds them."""
    from bot.settings import Settings

    articles = load_articles(Settings.from_env().kb_articles_dir)
    dev = abstain_dev_queries()
    out = {}
    for name, kept in (("main", articles), ("one language", one_language(articles)),
                       ("topic split", topic_split(articles))):
        out[name] = (remap(dev, articles, kept), kept)
    for name, folder in BASES.items():
        out[name] = (load_queries(folder / "queries.yml"), load_articles(folder / "articles"))
    return out


def product_names(articles) -> set:
    """Words of 3+ letters used by half the articles of each language (as `bot.kb.product_words`)."""
    by_language = {}
    for a in articles:
        by_language.setdefault(a.lang, []).append(set(words_of(a.title + " " + a.body)))
    if len(by_language) < 2:
        return set()
    found = None
    for sets in by_language.values():
        counts = Counter(w for s in sets for w in s)
        common = {w for w, c in counts.items() if c >= 0.5 * len(sets) and len(w) >= 3 and not w.isdigit()}
        found = common if found is None else found & common
    return found or set()


def kinds(question: str, articles, product: set) -> list:
    """The kinds a question belongs to."""
    words = words_of(question)
    language = detect_language(question) or DEFAULT_LANGUAGE
    counts = Counter(a.lang for a in articles)
    out = []
    if len(words) <= 4:
        out.append("short")
    if product & set(words):
        out.append("product")
    if counts and counts[language] < max(counts.values()):
        out.append("minority-lang")
    if "?" in question or "¿" in question:
        out.append("question-mark")
    return out


def main() -> None:
    cache = Path(sys.argv[1])
    kbs = al.load(cache)
    texts = questions_and_articles()
    variant = al.Variant("shipped", features=ta.SHIPPED_FEATURES, prior=0.3, threshold=0.575)
    probs = al.inner_probabilities(variant, kbs)
    quiet = "--quiet" in sys.argv
    for name, kb in kbs.items():
        questions, articles = texts[name]
        assert len(questions) == len(kb.rows), (name, len(questions), len(kb.rows))
        product = product_names(articles)
        p = probs[name]
        abstain = p >= variant.threshold
        same = np.array([s is True for s in kb.same_language])
        turned_away = same & kb.ranked_right & abstain
        answered_unanswerable = kb.unanswerable & ~abstain
        m = ta.measures(kb, abstain)
        print(f"\n== {name}: cost {m['cost']:.3f} P {m['precision']:.2f} R {m['recall']:.2f} e2e {m['end_to_end']:.3f}")
        groups = {"kept right (same-lang)": same & kb.ranked_right & ~abstain, "turned away (same-lang)": turned_away,
                  "caught unanswerable": kb.unanswerable & abstain, "answered unanswerable": answered_unanswerable}
        for g, mask in groups.items():
            if not mask.any():
                continue
            means = {f: np.mean([(kb.rows[i][f]) for i in np.flatnonzero(mask)]) for f in FEATURES}
            kind_counts = Counter(k for i in np.flatnonzero(mask) for k in kinds(questions[i]["q"], articles, product))
            print(f"  {g:26s} n={int(mask.sum()):3d} " + " ".join(f"{f[:6]}={v:.2f}" for f, v in means.items())
                  + "  kinds " + ", ".join(f"{k} {c / mask.sum():.0%}" for k, c in sorted(kind_counts.items())))
        if quiet:
            continue
        for label, mask in (("TURNED AWAY", turned_away), ("ANSWERED", answered_unanswerable)):
            for i in np.flatnonzero(mask):
                r = kb.rows[i]
                print(f"   {label:11s} p={p[i]:.2f} {questions[i]['q'][:70]!r:72s} "
                      + " ".join(f"{f[:6]}={r[f]:.2f}" for f in FEATURES)
                      + f" [{','.join(kinds(questions[i]['q'], articles, product))}]")


if __name__ == "__main__":
    main()
