"""Platforms an article covers, and questions whether the product runs on one.

"and does PaperOffice run on Linux? our office is all Ubuntu" was answered with the Windows
installation article: the question shares its words (run, install, system) and nothing else
answers it better. An article that names the systems it is about (Windows 10 or 11) does not
answer whether the product runs on another one (Linux, a Mac, a Chromebook): the knowledge base
then says it has no article, as it already did for "how do I install it on my Chromebook?".

Only a question about running, installing or using the product itself on a system counts: "¿se
puede usar una impresora usb con el ipad?" asks about a printer, and the printer article that
says "only on Windows and Android" is its answer.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Iterable

from bot.scope import fold as scope_fold

#: Operating-system families and the names a customer or an article gives them (folded).
PLATFORM_FAMILIES = {
    "windows": r"windows|win ?(?:7|8|10|11)",
    "mac": r"macs?|mac ?os|os ?x|mac ?books?(?: air| pro)?|imacs?|mac mini|mac studio|apple silicon",
    "linux": r"linux(?: mint)?|ubuntu|debian|fedora|red ?hat|centos|suse|opensuse|kubuntu|xubuntu|mint",
    "chromeos": r"chrome ?books?|chrome ?os",
    "ios": r"ios|ipados|iphones?|ipads?",
    "android": r"android",
}
_ANY_PLATFORM = "|".join(f"(?:{names})" for names in PLATFORM_FAMILIES.values())
#: Running, installing or using, said of the product ("PaperOffice", "it", "el programa") or of
#: nothing at all ("¿funciona en Linux?"), then where: "run on Linux", "¿lo puedo instalar en un Mac?".
_VERB = (r"run|runs|running|work|works|working|install|installed|installing|use|using|funciona\w*|corre|correr"
         r"|instalar(?:lo|la)?|instala|usar(?:lo|la)?|utilizar(?:lo|la)?|ejecutar(?:lo|la)?|ejecuta|compatible|available"
         r"|disponible|va")
_OBJECT = r"(?:it|lo|la|this|esto|el programa|the program|the app|la app|la aplicacion|the software|el software)"
_RUNS_ON = re.compile(
    rf"\b(?:{_VERB})\s+(?:{_OBJECT}\s+)?(?:on|in|en|with|con|under|bajo|sobre|for|para)\s+"
    r"(?:(?:a|an|the|my|our|un|una|el|la|mi|mis|nuestros?|nuestras?|los|las)\s+)?(?:\w+\s+)?"
    rf"({_ANY_PLATFORM})\b"
    rf"|\b(?:support|supports|soporta|admite)\s+({_ANY_PLATFORM})\b")
#: The product's own name stands for "it" in the question ("does PaperOffice run on Linux?").
_PRODUCT_PLACEHOLDER = "it"


#: A question whether it runs there: a clause asked ("¿funciona en Ubuntu?", "can I install it on a
#: Mac?", "does it run on Linux? our office is all Ubuntu"), not one that tells where it runs as
#: context for another question ("I use PaperOffice on Windows 11, how do I pair the mobile app?").
_CLAUSES = re.compile(r"[^,.;:!?¿¡]+\??")
_ASKS = re.compile(r"\?\s*$|^\s*(?:and\s+|y\s+|but\s+|pero\s+)?(?:does|do|did|can|could|will|would|is|are|how|se puede"
                   r"|puedo|podemos|puede|funciona|corre|es|hay|como|tiene|va)\b")
#: Said by the customer of their own use ("I use it on…", "we run PaperOffice on…", "lo usamos en…").
_TELLS = re.compile(r"^\s*(?:(?:and|but|so|here|well)\s+)?(?:i|we|they|i'?m|we'?re)\s+(?:\w+\s+)?$|^\s*(?:lo\s+|la\s+)?(?:uso|usamos|tenemos|tengo"
                    r"|trabajo|trabajamos|instalamos|instale)\b")


def fold(text: str) -> str:
    """`bot.scope.fold`, hyphens read as spaces ("win-11", "mac-os")."""
    return scope_fold((text or "").replace("-", " "))


def platforms_named(text: str) -> FrozenSet[str]:
    """The platform families `text` names."""
    folded = fold(text)
    return frozenset(family for family, names in PLATFORM_FAMILIES.items()
                     if re.search(rf"\b(?:{names})\b", folded))


def asked_platforms(question: str, product_names: Iterable[str] = ()) -> FrozenSet[str]:
    """The platform families a question asks the product to run, install or be used on
    ("does PaperOffice run on Linux? our office is all Ubuntu" -> {"linux"}); empty for any other
    question ("¿se puede usar una impresora usb con el ipad?": the printer is used there)."""
    folded = fold(question)
    for name in product_names:
        if name:
            folded = re.sub(rf"\b{re.escape(fold(name))}\b", _PRODUCT_PLACEHOLDER, folded)
    families = set()
    for clause in _CLAUSES.findall(folded):
        if not _ASKS.search(clause):
            continue  # "I use PaperOffice on Windows 11, how do I …?": where it runs, told as context
        for match in _RUNS_ON.finditer(clause):
            if not _TELLS.search(clause[:match.start()]):
                families |= platforms_named(match.group(1) or match.group(2))
    if families:  # "…run on Linux? our office is all Ubuntu": every system it names counts
        families |= platforms_named(folded)
    return frozenset(families)


def uncovered_platform(question: str, article_text: str, product_names: Iterable[str] = ()) -> bool:
    """True when the question asks whether the product runs on a system and the article names
    other systems, never that one: it is not the answer."""
    asked = asked_platforms(question, product_names)
    if not asked:
        return False
    covered = platforms_named(article_text)
    return bool(covered) and not (asked & covered)
