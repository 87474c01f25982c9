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
#: A call already received or being received: "me llamó/me llaman…", "I got a call…", "someone rang me".
_RECEIVED = re.compile(
    r"\b(?:me|nos)\s+(?:ha\s+|han\s+|habeis\s+|has\s+)?(?:llamo|llamaron|llaman|llama|llamado|llamaba|llamaban"
    r"|llamasteis|llamaste)\b|\b(?:recibi|recibimos|he\s+recibido|hemos\s+recibido)\s+una\s+llamada"
    r"|\b(?:got|had|received|get|getting)\s+(?:a\s+|an\s+|some\s+)?(?:\w+\s+){0,2}?calls?\b"
    r"|\b(?:called|rang|phoned)\s+(?:me|us)\b|\b(?:someone|somebody|a\s+man|a\s+woman|a\s+guy)\s+(?:is\s+)?call")
#: What makes a call suspicious: a claim to be us, fraud named, "was that you?"…
_SUSPICIOUS = re.compile(
    r"\bfraud\w*|\bscam\w*|\bestafa\w*|\bphishing\b|\btimo\b|\bclaim(?:ing|ed|s)\b|\bpretend\w*"
    r"|\bdiciendo\s+que\s+(?:son|eran|es|era|somos)\b|\bsaying\s+(?:they|he|she)\s+(?:were|was|are|is)\b"
    r"|\b(?:haciendose|se\s+hac\w+|se\s+hizo)\s+pasar\b"
    r"|\bwas\s+(?:that|it|this)\s+(?:really\s+)?(?:you|paperoffice|support)\b|\b(?:erais|sois|fuisteis|eran)\s+vosotros\b"
    r"|\blegit\w*|\blegitim\w*")
#: … or a password asked for ("pida mi contraseña", "asking for my password"), not one the customer mentions.
_PASSWORD_ASKED = re.compile(
    r"\b(?:pid\w*|pedi\w*|pedir\w*|pregunt\w*|solicit\w*|quer\w*|ask\w*|want\w*|request\w*|dar(?:le|les)?|give)\b"
    r"(?:\s+\w+){0,3}?\s+(?:contrasena|password|clave|credenciales|credentials|passcode|pin|login|datos\s+de\s+acceso)\b")
#: A request to be called (again): the callback flow, not a question about the number.
_CALL_AGAIN = re.compile(
    r"\bvolver\s+a\s+llamar|\bvolvais\s+a\s+llamar|\bvuelva\w*\s+a\s+llamar|\bllam\w*\s+(?:de\s+nuevo|otra\s+vez)"
    r"|\bcall\s+(?:me\s+|us\s+)?(?:back|again)\b|\bring\s+(?:me\s+|us\s+)?(?:back|again)\b")
#: A number inside the program or a document ("¿qué número sale en la factura?", "el módulo de llamadas").
_IN_PROGRAM = re.compile(r"\b(?:modulo|module|factura\w*|invoice\w*|fax|documento\w*|document\w*|pdf|informe|report"
                         r"|campo|field|plantilla|template)\b")


def reports_received_call(text: Optional[str]) -> bool:
    """True for a call already received ("me llaman de un número desconocido…", "I got a call from a
    private number…"): it is no question about how our future call will show."""
    return bool(_RECEIVED.search(strip_accents(normalise(text).lower())))


def asks_about_suspicious_call(text: Optional[str]) -> bool:
    """True for a question or report about a call that may not be ours: someone claiming to be us,
    asking for a password, or "¿es fraude?" ("me llaman diciendo que son de PaperOffice, ¿es fraude?",
    "¿es normal que el soporte llame y pida mi contraseña?"). The answer warns (we never ask for
    passwords); not "no puedo cambiar la contraseña, llamadme" (a problem and a call request)."""
    folded = strip_accents(normalise(text).lower())
    if not re.search(_CALL, folded) or not (_SUSPICIOUS.search(folded) or _PASSWORD_ASKED.search(folded)):
        return False
    return reports_received_call(folded) or "?" in folded or bool(re.match(r"\s*(?:es normal|is it normal)\b", folded))


def asks_caller_number(text: Optional[str]) -> bool:
    """True for a question about the number our call will show ("¿me llamaréis con número oculto?",
    "will the technician call from a private number?"); not for "¿cuál es vuestro teléfono?" (the
    contact channels), "what number should I give you?" (the customer's own) nor a number in the
    program ("la factura muestra un número desconocido")."""
    folded = strip_accents(normalise(text).lower())
    if _HOW_TO.search(folded) or not (_ASKS.search(folded) or "?" in folded):
        return False  # "how do I hide the caller ID in the fax module?"; "me llamó desde un número oculto" tells
    if reports_received_call(folded) or asks_about_suspicious_call(folded) or _CALL_AGAIN.search(folded):
        return False  # a call received, a possible fraud, "¿me volvéis a llamar?"
    # the number asked about in a sentence that names no part of the program ("¿qué número sale en la factura?")
    asked = any(_PATTERN.search(sentence) and not _IN_PROGRAM.search(sentence)
                for sentence in re.split(r"[.!?¿]+", folded))
    return asked and bool(re.search(_CALL, folded))
