"""A bilingual glossary learned from the knowledge base's own translated articles.

Apertium leaves a word it does not know as it is ("payslip", "fichaje", "garnishment"), so a
question that hangs on such a word loses it in the other language. Articles written in both
languages (`translation_of`) show what the word should have been: where the machine
translation of one version keeps the unknown word, the human version has a word the machine
translation lacks. Counted over aligned sections of every translated pair, the word that
most often stands in that gap is taken as the translation (Dice coefficient), and the search
adds it to a question's translation when Apertium left the word untranslated.

Learned when the knowledge base is loaded, from the passages and their build-time
translations already in the index (no model, no extra index file); for matching only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Set

_WORD = re.compile(r"[^\W\d_]{4,}")
#: A word must stand in the gap at least this often, with at least this Dice coefficient.
MIN_PAIRS = 2
MIN_DICE = 0.5
#: Translations kept per word (ties of the best Dice only).
MAX_TARGETS = 2


def words(text: str) -> Set[str]:
    """Lower-case, accent-folded words of four letters or more (short words are function words)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return set(_WORD.findall(folded))


def _passage_text(passage: dict) -> str:
    return f"{passage['heading']}\n{passage['text']}"


def learn_glossary(passages: List[dict], articles: Dict[str, dict]) -> Dict[str, Dict[str, List[str]]]:
    """{source language: {unknown word: [its translations]}} from the translated article pairs.

    A pair with the same number of sections is aligned section by section, another as a whole.
    """
    by_article: Dict[str, List[dict]] = defaultdict(list)
    for passage in passages:
        by_article[passage["article_id"]].append(passage)
    glossary: Dict[str, Dict[str, List[str]]] = {"es": {}, "en": {}}
    co: Dict[str, Dict[str, Counter]] = {"es": defaultdict(Counter), "en": defaultdict(Counter)}
    gaps: Dict[str, Counter] = {"es": Counter(), "en": Counter()}
    fills: Dict[str, Counter] = {"es": Counter(), "en": Counter()}
    for source_id, meta in articles.items():
        for target_id in _paired(source_id, meta, articles):
            source, target = by_article.get(source_id, []), by_article.get(target_id, [])
            if not source or not target or not all(p.get("translated") for p in source):
                continue
            language = meta["lang"]
            target_words = words(" ".join(_passage_text(p) for p in target))
            units = (list(zip(source, target)) if len(source) == len(target) else [(None, None)])
            for own, human in units:
                own_parts = [own] if own is not None else source
                human_parts = [human] if human is not None else target
                original = words(" ".join(_passage_text(p) for p in own_parts))
                machine = words(" ".join(p["translated"] for p in own_parts))
                unknown = (original & machine) - target_words
                missing = words(" ".join(_passage_text(p) for p in human_parts)) - machine
                gaps[language].update(unknown)
                fills[language].update(missing)
                for word in unknown:
                    co[language][word].update(missing)
    for language, table in co.items():
        for word, counts in table.items():
            scored = [(2 * n / (gaps[language][word] + fills[language][c]), c) for c, n in counts.items()
                      if n >= MIN_PAIRS]
            scored = [(dice, c) for dice, c in scored if dice >= MIN_DICE]
            if scored:
                best = max(dice for dice, _ in scored)
                glossary[language][word] = sorted(c for dice, c in scored if dice == best)[:MAX_TARGETS]
    return glossary


def _paired(article_id: str, meta: dict, articles: Dict[str, dict]) -> Iterable[str]:
    """The articles that are `article_id` in the other language (either side may name the other)."""
    other = meta.get("translation_of")
    if other in articles and articles[other]["lang"] != meta["lang"]:
        yield other
    for candidate, data in articles.items():
        if data.get("translation_of") == article_id and data["lang"] != meta["lang"] and candidate != other:
            yield candidate


def gloss(query: str, translated: str, glossary: Dict[str, List[str]]) -> str:
    """`translated` with the glossary's translation of each query word Apertium left as it was."""
    left = words(query) & words(translated)
    extra = [target for word in sorted(left) for target in glossary.get(word, ())]
    return f"{translated} {' '.join(extra)}" if extra else translated
