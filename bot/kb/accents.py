"""Putting back the accents a customer left out ("actualizacion", "contrasena"), before translating.

Apertium leaves an unaccented Spanish word it does not know untranslated, which
loses exactly the topic word of many typed questions. The knowledge base's own
Spanish text says how its words are spelt: a word typed without accents whose
accent-free form is, in the articles, mostly written with accents (or "ñ") is
given that spelling. Words the articles use without accents are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, Iterable, Mapping

from sklearn.feature_extraction.text import strip_accents_unicode

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """Lower case without accents."""
    return strip_accents_unicode(word.lower())


def accent_table(texts: Iterable[str]) -> Dict[str, str]:
    """folded word -> its accented spelling, where the texts mostly spell it with accents."""
    counts: Counter = Counter(w.lower() for text in texts for w in _WORD.findall(text))
    best: Dict[str, tuple] = {}
    for word, count in counts.items():
        folded = fold(word)
        if folded not in best or count > best[folded][1]:
            best[folded] = (word, count)
    return {folded: word for folded, (word, _) in best.items() if word != folded}


def restore_accents(text: str, table: Mapping[str, str]) -> str:
    """`text` with each accent-less word that the table knows spelt with its accents."""
    if not table:
        return text

    def replace(match: re.Match) -> str:
        word = match.group(0)
        if word.lower() != fold(word):  # already has accents: the customer chose them
            return word
        accented = table.get(word.lower())
        if accented is None:
            return word
        return accented.capitalize() if word[:1].isupper() else accented

    return _WORD.sub(replace, text)
