"""A question asked beside an answer: "it's ana@x.es, and btw can I get the invoice as PDF?".

A form's reply may give the value it asked for and ask something else in a clause of its
own. `question_beside_answer` cuts such a message into the answer and the question, so that
the form takes the one and the side-question machinery answers the other. It reads words
only; what counts as a value for the form is decided by the form (actions/forms.py).

Not a separate question: the answer itself phrased as one ("¿a las 10?", "¿es ana@x.es,
no?", "mañana a las 10, ¿os va bien?"), an alternative to it ("alta, ¿o mejor crítica?"),
a question with nothing of its own ("¿por qué?"), or one that carries a value (an address,
a number, a time: "Luis, ¿me llamáis a las 10?" gives the time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional, Tuple

from bot.text import normalise, strip_accents
from bot.validation import normalise_email, normalise_phone

#: Words that open an aside before the question ("y por cierto", "and btw", "una pregunta:"). A few
#: at most: unbounded, a run of them ("e, e, e, …") was rescanned from every comma.
_ASIDE = (r"(?:(?:y|e|and|pero|but|also|ah|oh|ok|vale|otra|aparte|tambien|ademas)\W+){0,4}"
          r"(?:(?:por cierto|by the way|btw|otra cosa|una pregunta|una duda|one more thing|quick question"
          r"|a question|one question|another thing|also|ademas|aparte|tambien|just wondering|me pregunto)\W+){0,3}")
#: Words that open an English question, or a Spanish one written without "¿".
_ASKING = (r"(?:what|how|when|where|why|who|which|whose|can|could|do|does|did|is|are|was|were|will|would|should"
           r"|shall|may|might|have|has|am|que|como|cuando|donde|por que|quien|cual|cuanto|cuanta|cuantos|cuantas"
           r"|puedo|podeis|puedes|se puede|hay|teneis|tiene|tienen|sabeis)\b")
#: The rest of a question clause: no sentence end (a dot inside an address or a number is kept).
_CLAUSE = r"(?:[^?¿.!;\n]|\.(?=\S))*"
#: Where a question opens after an answer: a sentence end, a dash, a colon or a comma.
_BREAK = r"(?:[.;:!]\s+|\s*[\u2014\u2013]\s*|\s+-\s+|,\s*|\n+)"
#: A question without "¿" after a break: the aside and the asking word, up to its "?".
_PLAIN_QUESTION = re.compile(_BREAK + r"(?P<q>" + _ASIDE + _ASKING + _CLAUSE + r"\?+)", re.IGNORECASE)
#: A question in a sentence of its own after a sentence end or a dash, whatever its first word
#: ("Luis Gómez. Tardará mucho la llamada?").
_SENTENCE_QUESTION = re.compile(r"(?:[.;!]\s+|\s*[\u2014\u2013]\s*|\s+-\s+|\n+)(?P<q>[^.;!?¿\n\u2014\u2013\s]" + _CLAUSE + r"\?+)")
#: A question opened with "¿" (closed or not).
_MARKED_QUESTION = re.compile(r"(?P<q>¿[^?¿]*(?:\?+|$))")
#: Words that confirm or tag a value rather than ask about anything ("¿vale?", "is that ok?",
#: "¿os viene bien?", "¿está libre ese hueco?"): a question made only of them asks nothing new.
_TAG_WORDS = frozenset("""
no verdad vale ok okay right correct correcto correcta bien si eh cierto acuerdo de is that this it fine alright
enough possible posible does do work works would will te os le les va viene vienen parece sirve sirven es esta
estan asi puede ser hay hueco libre free available disponible good suits suit you for con eso esto lo la el
thats that's sound sounds then entonces pues okey ese esa this one hora time slot number numero address direccion
correo email e-mail mail name nombre spelling spelt written escrito bueno vosotros ustedes usted u
""".split())
#: Words a question is made of that say nothing of their own ("¿por qué?", "how come?").
_EMPTY_WORDS = frozenset("""
y e and pero but also ah oh ok vale por cierto by the way btw que como cuando donde quien cual cuanto why what how
when where who which so then entonces pues come eso that this it is es ahora luego despues now next after
""".split())
#: Words pointing back at the value just given: a short question with one asks about it
#: ("Synology DS920, ¿lo conocéis?", "is this one supported?").
_BACK_REFERENCES = frozenset("lo it them that this eso esto ese esa este".split())
#: Up to this many words, a question with a word pointing back asks about the value.
_SHORT_QUESTION_WORDS = 4
#: An alternative to the value just given: "¿o mejor crítica?", "or should it be high?".
_ALTERNATIVE = re.compile(r"^\W*(?:o|u|or|either|mejor)\b", re.IGNORECASE)
#: An explicit aside ("por cierto", "btw", "otra cosa"): the one kind of question that a problem
#: description can carry beside it without being part of the problem.
ANNOUNCED_ASIDE = re.compile(
    r"^\W*(?:(?:y|e|and|pero|but|ah|oh|ok|vale)\W+)*(?:por cierto|by the way|btw|otra cosa|una pregunta|una duda"
    r"|one more thing|quick question|a question|one question|another thing|aparte|also|ademas|tambien|just wondering"
    r"|me pregunto|unrelated|otro tema|another question|otra pregunta)\b", re.IGNORECASE)
#: Connectors left at the end of the answer once the question is cut off ("…, and btw").
_TRAILING = re.compile(r"(?:[\s,;:.\-\u2014\u2013]|\b(?:y|e|and|pero|but|also|btw|por cierto|by the way|tambien)\b)+$",
                       re.IGNORECASE)
#: Words that are no answer however they are cut ("vale", "perdona", "una pregunta", "espera").
_FILLER_WORDS = frozenset("""
vale ok okay oye mira perdona perdon disculpa sorry hmm hm eh ah oh bueno pues espera wait hold on una pregunta duda
cosa antes primero first quick question one thing by the way btw por cierto hola hi hello buenas gracias thanks y and
pero but well so entonces claro a un una the
""".split())
#: Words asking whether the value just given will do ("¿podría ser?", "is 10 ok?", "did I spell it
#: right?", "¿es la correcta?"): a confirmation-seeking question holds one of them.
_CONFIRMING = frozenset("""
ok okay fine right correct correctly correcto correcta correctamente bien vale sirve sirven work works valid valida
valido adecuada adecuado apropiada apropiado good alright posible possible ser suit suits enough suficiente
""".split())
#: What such a question may hold beside them: the value pointed back at or named again, whom it is
#: for, how it was written ("¿es la correcta para mi caso?", "have I typed it correctly?").
_CONFIRMING_CONTEXT = _TAG_WORDS | frozenset("""
podria podra seria sera could would be i did have has spell spelled spelt typed type wrote write escrito puesto he
los las un una the a an para mi caso my case for us me nos our nuestro nuestra one uno so asi priority prioridad
option opcion choice hour horario
""".split())
#: A number given again in such a question ("is 10 ok?", "¿a las 12 podría ser?").
_NUMERIC = re.compile(r"^\d{1,2}(?:[:.h]\d{2})?(?:h|am|pm)?$")
#: A reservation on a yes ("sí, pero…", "yes, but…", "sí. Sin embargo, ¿…?").
_RESERVATION = r"(?:pero|but|aunque|though|although|sin embargo|however)"
#: The reservation closing what comes before the question ("sí, pero ¿…?").
_RESERVED_BEFORE = re.compile(r"\b" + _RESERVATION + r"\b\W*$", re.IGNORECASE)
#: The reservation opening the question clause itself ("sí, pero cuánto cuesta?", "sí. ¿Pero…?").
_RESERVED_OPENING = re.compile(r"^\W*(?:(?:y|e|and|ah|oh|ok|vale)\W+)*" + _RESERVATION + r"\b", re.IGNORECASE)
#: Only this much of a message's end is searched for the question clause: the patterns restart at
#: every break, so on the whole of a long message the work grew with its square (3.6 s for 5,000
#: "que,"). A question beside an answer closes the message; one further back is left to the form.
_TAIL_CHARS = 400
#: Only this much of the answer's end is trimmed of connectors ("…, and btw"), for the same reason.
_TRIM_CHARS = 120
#: Characters that are no text before a question.
_SEPARATORS = re.compile(r"[^ \t\n,.;:\-\u2014\u2013]")
#: A clock time, a weekday or a relative day: a question that names one gives a time.
_TIME_WORDS = re.compile(
    r"\b(?:a las|sobre las|hacia las|at|around)\s+\d|\b\d{1,2}(?:[:.h]\d{2})?\s*(?:h|am|pm)\b|\b\d{1,2}[:.]\d{2}\b"
    r"|\b(?:manana|pasado|lunes|martes|miercoles|jueves|viernes|tomorrow|today|hoy|monday|tuesday|wednesday"
    r"|thursday|friday|tonight|esta tarde|this afternoon|this morning|a primera hora|first thing|mediodia|noon)\b",
    re.IGNORECASE)
#: A contract or case number, or a bare number of a few digits.
_NUMBER = re.compile(r"\b(?:sc|t)\s*-?\s*\d+\b|\b\d{3,}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Split:
    """A message cut into its answer and the question asked beside it (spans of the raw text)."""

    answer: str
    question: str
    start: int
    end: int


def _words(text: str) -> list:
    return re.findall(r"[\w'@.+-]+", strip_accents(text.lower()))


def carries_a_value(question: str) -> bool:
    """True when the question names a value a form takes: an address, a phone, a contract or
    case number, a time ("¿me llamáis a las 10?" gives the time, as a question)."""
    folded = strip_accents(question.lower())
    return bool(normalise_email(question) or normalise_phone(question) is not None or _NUMBER.search(folded)
                or _TIME_WORDS.search(folded))


def seeks_confirmation(words: list) -> bool:
    """True for a question asking whether the value just given will do ("¿podría ser?", "is 10
    ok?", "did I spell it right?", "¿es la correcta para mi caso?"): a word of confirmation and
    nothing else than the value, whom it is for or how it was written."""
    return (bool(_CONFIRMING.intersection(words))
            and all(word in _CONFIRMING or word in _CONFIRMING_CONTEXT or _NUMERIC.match(word) for word in words))


def with_reservation(text: str, split: Split) -> bool:
    """True when a reservation stands between the answer and its question ("sí, pero ¿…?", "yes,
    but will they…?", "sí. ¿Pero…?"): at a yes/no step that is no plain yes. The clause may open
    at the "pero" itself, so both sides of the cut are read."""
    before = strip_accents(text[max(0, split.start - _TRIM_CHARS):split.start])
    return bool(_RESERVED_BEFORE.search(before) or _RESERVED_OPENING.match(strip_accents(split.question)))


def is_own_question(question: str) -> bool:
    """True for a question that asks something of its own: not a tag or a confirmation of the
    value ("¿vale?", "is that ok?", "¿podría ser?", "did I spell it right?"), not an alternative
    to it ("¿o mejor a las 11?"), not empty of content ("¿por qué?"), not carrying a value itself."""
    core = question.strip().lstrip("¿").rstrip("?").strip()
    words = _words(core)
    if len(words) < 2 or _ALTERNATIVE.match(strip_accents(core)):
        return False
    if all(word in _TAG_WORDS for word in words) or all(word in _EMPTY_WORDS for word in words):
        return False
    if len(words) <= _SHORT_QUESTION_WORDS and _BACK_REFERENCES.intersection(words):
        return False
    if seeks_confirmation(words):
        return False
    return not carries_a_value(core)


def _found(text: str) -> Optional[Tuple[int, int]]:
    """The span of the first question clause in the message's tail that follows some text:
    marked with "¿", else a plain one (read without accents, on a copy as long as the text, so
    the spans hold for both)."""
    offset = max(0, len(text) - _TAIL_CHARS)
    tail = text[offset:]
    folded = strip_accents(tail)
    if len(folded) == len(tail):
        tail = folded
    first_text = _SEPARATORS.search(text)
    if first_text is None:
        return None
    starts = [(offset + match.start("q"), offset + match.end("q"))
              for pattern in (_MARKED_QUESTION, _PLAIN_QUESTION, _SENTENCE_QUESTION)
              for match in pattern.finditer(tail) if offset + match.start("q") > first_text.start()]
    return min(starts, default=None)


def question_beside_answer(text: Optional[str]) -> Optional[Split]:
    """The answer and the separate question of a message that gives something and asks
    something of its own, else None (no question, the question is the whole message, or it is
    no question of its own). Only a question after the answer is cut off: one before it
    ("¿tardará mucho? Luis Gómez") is the form's usual side question."""
    raw = text or ""
    if "?" not in raw and "¿" not in raw:
        return None
    span = _found(raw)
    if span is None:
        return None
    start, end = span
    question = raw[start:end].strip()
    rest = raw[end:].strip(" \t\n?!.")
    if rest and ("?" in rest or "¿" in rest):
        question = f"{question} {rest}"  # a second question after the first belongs to it
        end, rest = len(raw), ""
    cut = max(0, start - _TRIM_CHARS)
    answer = (raw[:cut] + _TRAILING.sub("", raw[cut:start])).strip()
    if rest:
        answer = f"{answer}. {rest}"
    if not answer or not is_own_question(question):
        return None
    if len(answer) <= _TRIM_CHARS and all(word in _FILLER_WORDS for word in _words(answer)):
        return None  # "vale. ¿para qué queréis el correo?": nothing is answered before the question
    return Split(answer=normalise(answer), question=normalise(question), start=start, end=end)
