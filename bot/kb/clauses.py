"""A question read without the clauses that only say which thing is meant.

"en uno no veo los documentos que escaneo en el otro": the relative clause "que escaneo" picks
out which documents, and the problem is not seeing them on the other computer. The sentence
model reads "escaneo" as the topic and ranks the scanner article first. The search therefore
reads such a question twice, as asked and without the clause (`KnowledgeBase.scores` averages
the two), so that the clause still counts but no longer decides the topic alone.
"""

from __future__ import annotations

import re

#: Spanish: a determiner, a noun and "que" + the customer's own verb (first person: -o, -amos,
#: -emos, -imos, or a past -é/-í), with an object pronoun before it: "los documentos que escaneo",
#: "las facturas que nos llegan" is not first person and stays.
_SPANISH = re.compile(
    r"\b((?:los|las|el|la|un|una|unos|unas|mis|sus|tus|nuestros|nuestras|estos|estas|esos|esas|todos los|todas las)"
    r" \w+) que (?:(?:yo|nosotros|nosotras) )?(?:(?:me|te|se|nos|le|les|lo|la|los|las) )?(?:\w+(?:o|amos|emos|imos|é|í))\b", re.IGNORECASE)
#: English: a determiner, a noun and "(that|which) I/we" + a verb: "the documents I scan", "the
#: invoices that we receive".
_ENGLISH = re.compile(
    r"\b((?:the|my|our|all the|any|those|these) \w+) (?:that |which )?(?:i|we) (?:(?:just|usually|always|also) )?"
    r"(?!(?:am|was|have|had|do|did|can|could|will|would|should|must|need|want|don'?t|can'?t|didn'?t)\b)\w+\b",
    re.IGNORECASE)


def without_relative_clauses(text: str) -> str:
    """`text` with each first-person relative clause cut to the noun it qualifies ("los documentos
    que escaneo en el otro" -> "los documentos en el otro"); `text` itself when it has none."""
    reduced = _SPANISH.sub(r"\1", text)
    reduced = _ENGLISH.sub(r"\1", reduced)
    return " ".join(reduced.split()) if reduced != text else text
