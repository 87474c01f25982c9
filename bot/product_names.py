"""A product's full name around a recognised word: customers write "our WD My Cloud NAS" or
"el Synology DS920+ de la oficina", and the vendor case should carry the model, not just
"NAS". Only written capitals and model codes widen the name, so "mi nas no arranca" stays "nas".
"""

from __future__ import annotations

import re
from typing import List, Tuple

#: Capitalised words that are never part of a product's name.
_NEVER_NAME = frozenset({"i", "de", "del", "of", "y", "and", "o", "or"})
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCTUATION = ".,;:!?¡¿()\"'«»"


def _is_name_part(word: str, opens_sentence: bool) -> bool:
    """A word written like part of a product name: capitalised, all capitals or a model code.
    A sentence's first word is capitalised anyway, so there only capitals or digits count."""
    bare = word.strip(_EDGE_PUNCTUATION)
    if not bare or bare.lower() in _NEVER_NAME:
        return False
    model_like = any(char.isdigit() for char in bare) or (bare.isupper() and len(bare) > 1)
    return model_like or (bare[0].isupper() and not opens_sentence)


def _tokens(text: str) -> List[Tuple[int, int, str]]:
    return [(match.start(), match.end(), match.group()) for match in _TOKEN.finditer(text)]


def product_phrase(text: str, start: int, end: int) -> str:
    """The recognised name text[start:end] widened over the name-like words written next to it.

    It stops at a lower-case word and at punctuation, and takes a sentence's first word only
    when it is written in capitals or with digits ("WD", not "Our" or "Tenemos").
    """
    tokens = _tokens(text)
    inside = [index for index, (begin, finish, _) in enumerate(tokens) if begin < end and finish > start]
    if not inside:
        return text[start:end].strip()
    first, last = inside[0], inside[-1]

    def opens_sentence(index: int) -> bool:
        return index == 0 or tokens[index - 1][2][-1] in ".!?"

    while first > 0 and tokens[first - 1][2][-1] not in ".,;:!?":
        if not _is_name_part(tokens[first - 1][2], opens_sentence(first - 1)):
            break
        first -= 1
    while last + 1 < len(tokens) and tokens[last][2][-1] not in ".,;:!?":
        if not _is_name_part(tokens[last + 1][2], opens_sentence(last + 1)):
            break
        last += 1
    phrase = text[tokens[first][0]:tokens[last][1]].strip(_EDGE_PUNCTUATION + " ")
    if phrase.count("(") > phrase.count(")"):  # "NAS (Synology)": the bracket it opened is closed again
        phrase += ")"
    return phrase
