"""Questions about the number a technician's call comes from ("¿el técnico me llamará desde un número
oculto?", "will the technician call from a private number?", "¿desde qué número me llamaréis?").
They ask how the call will look on the customer's phone, not for the team's contact channels (the
contact article) nor for the customer's own number; actions/messages.py `caller_number` answers them."""

from __future__ import annotations

import re
from typing import Optional

from bot.text import normalise, strip_accents

#: A hidden or unknown caller: "número oculto", "private number", "no caller ID".
_HIDDEN = (r"\b(?:numero|telefono|movil|fijo)\s+(?:oculto|privado|desconocido|restringido|anonimo|raro|extrano)\b"
           r"|\b(?:private|hidden|withheld|unknown|blocked|anonymous|restricted|unlisted)\s+(?:phone\s+)?(?:number|caller|id)\b"
           r"|\bcaller\s*id\b|\bno\s+caller\b|\bnumber\s+(?:hidden|withheld|blocked)\b")
#: Asking which number the call comes from: "¿desde qué número me llamaréis?", "¿qué número me saldrá?",
#: "what number will you call from?", "which number will the technician call me from?".
_WHICH = (r"\b(?:desde|de)\s+(?:que|cual)\s+(?:numero|telefono)\b.{0,30}\b(?:llam|sal|aparec|ver|marc)\w*"
          r"|\b(?:que|cual)\s+(?:numero|telefono)\s+(?:me\s+|nos\s+|te\s+|le\s+)?(?:saldra|aparecera|aparece|sale|veremos|vere"
          r"|vera|mostrara|usais|usan|usara|usareis)\b"
          r"|\b(?:what|which)\s+(?:phone\s+)?number\s+(?:will|would|do|does|are|is)\s+(?:\w+\s+){0,3}?"
          r"(?:call(?:ing)?|ring(?:ing)?)\s+(?:me\s+|us\s+)?from\b"
          r"|\b(?:what|which)\s+(?:phone\s+)?number\s+(?:will|would|does|is)\s+(?:\w+\s+){0,3}?(?:show|appear|display|come up)"
          r"|\bcall(?:ing)?\s+(?:me\s+|us\s+)?from\s+(?:what|which)\b")
#: The call itself is meant: a call word or the technician.
_CALL = r"\b(?:llam\w*|tecnico|tecnica|soporte|call\w*|ring\w*|phone\w*|technician|tech|support)\b"
_PATTERN = re.compile(rf"(?:{_HIDDEN}|{_WHICH})")
#: A question, or a call still to come said without "?": "me llamaréis con número oculto".
_ASKS = re.compile(r"^\s*(?:will|would|do|does|is|are|can|what|which|desde|de que|que|cual)\b"
                   r"|\b(?:llamara\w*|llamaran|llamareis|vais a llamar|van a llamar|va a llamar|will (?:\w+ )?(?:call|ring))\b")
#: A how-to about the program's own numbers ("¿cómo oculto mi número en el fax?").
_HOW_TO = re.compile(r"^\W*(?:how|como)\b|\b(?:hide|ocult(?:o|ar)|esconder)\s+(?:my|the|mi|el)\b")


def asks_caller_number(text: Optional[str]) -> bool:
    """True for a question about the number our call will show ("¿me llamaréis con número oculto?",
    "will the technician call from a private number?"); not for "¿cuál es vuestro teléfono?" (the
    contact channels), "what number should I give you?" (the customer's own) nor a number in the
    program ("la factura muestra un número desconocido")."""
    folded = strip_accents(normalise(text).lower())
    if _HOW_TO.search(folded) or not (_ASKS.search(folded) or "?" in folded):
        return False  # "how do I hide the caller ID in the fax module?"; "me llamó desde un número oculto" tells
    return bool(_PATTERN.search(folded)) and bool(re.search(_CALL, folded))
