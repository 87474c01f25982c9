"""Which of the two supported languages (es, en) a message is written in.

langdetect is unreliable on short text when it may choose among 55 languages, so
it is restricted to Spanish and English through its prior map. One- and two-word
messages ("hola", "yes") are decided by a small lexicon, and product names
(capitalised words such as "Windows Terminal Server") are ignored because they
are English inside Spanish sentences. Where nothing is clear it answers None and
the conversation keeps its language.
"""

from __future__ import annotations

import re
import threading
from typing import Optional

from bot.text import strip_accents, without_markup

SUPPORTED = ("es", "en")
DEFAULT_LANGUAGE = "es"
MIN_PROBABILITY = 0.9

_SHORT_WORDS = {
    "hola": "es", "buenas": "es", "buenos": "es", "dias": "es", "tardes": "es", "noches": "es",
    "si": "es", "vale": "es", "claro": "es", "gracias": "es", "adios": "es", "chao": "es",
    "hasta": "es", "luego": "es", "cancelar": "es", "ayuda": "es", "perfecto": "es", "soy": "es", "llamo": "es",
    "hi": "en", "hello": "en", "hey": "en", "yes": "en", "yeah": "en", "yep": "en", "thanks": "en",
    "thank": "en", "you": "en", "bye": "en", "goodbye": "en", "cancel": "en", "help": "en",
    "please": "en", "good": "en", "morning": "en", "afternoon": "en", "evening": "en", "nope": "en",
}
#: Words that only one of the two languages uses: two or more of one and none of the other decide.
_FUNCTION_WORDS = {
    "es": set("el la los las un una unos unas de del que y en con por para como cómo donde dónde cuando cuándo "
              "qué mi mis tu su se es sí si pero porque muy hay está estoy tengo puedo quiero necesito "
              "te nos lo le al ya también todavía soy llamo vale tenemos tiene tienen sirve funciona hace hago "
              "esto eso este esta estos estas pues ahora aquí así nada algo otro otra".split()),
    "en": set("the an of and in on with for how where when what my your is are was do does did can could "
              "i'm it's don't doesn't this that have has need want please to into from at be it there".split()),
}
#: A bare yes or no: said in either language ("sí" to an English article), it does not say which.
_BARE_REPLIES = {"si", "yes", "no", "yep", "yeah", "nope", "ok", "okay"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_lock = threading.Lock()
_factory = None


def supported_language(language: Optional[str]) -> Optional[str]:
    """"EN" → "en", "es-ES" → "es"; a language the assistant does not serve ("de") → None."""
    folded = (language or "").strip().lower()[:2]
    return folded if folded in SUPPORTED else None


def _detector_factory():
    """Load langdetect's profiles once per process (they take ~1 s)."""
    global _factory
    with _lock:
        if _factory is None:
            import langdetect.detector_factory as detector_factory

            detector_factory.init_factory()
            detector_factory._factory.set_seed(0)
            _factory = detector_factory._factory
    return _factory


def preload() -> None:
    """Load langdetect's profiles now (a server's warm-up), not during the first customer
    message that needs them: measured at ~2.5 s under load, where a warm parse takes ~0.1 s."""
    _detector_factory()


def _content_words(text: str) -> list[str]:
    """Words that carry the language: no ids, e-mails, numbers or capitalised names."""
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    text = without_markup(text)  # markup is no language: "<script>alert(1)</script>"
    words = []
    for position, match in enumerate(_WORD.finditer(text)):
        word = match.group(0)
        has_inner_capital = any(ch.isupper() for ch in word[1:])
        if has_inner_capital or (position > 0 and word[0].isupper()):
            continue
        words.append(word)
    return words


#: Up to this many words, a reply's function words can overrule the detector; longer messages
#: hold enough text for it ("OCR keeps de-skewing scanned pages" must stay English).
_SHORT_REPLY_WORDS = 4


def _short_reply_says_otherwise(text: str, detected: str) -> bool:
    """True for a short reply whose whole words (not pieces of "de-skewing") vote only for
    the language other than `detected`."""
    tokens = [strip_accents(token.strip(".,;:!?¿¡\"'()").lower()) for token in text.split()]
    tokens = [token for token in tokens if token]
    if not tokens or len(tokens) > _SHORT_REPLY_WORDS:
        return False
    votes = {lang: sum(1 for token in tokens if token in words) for lang, words in _FUNCTION_WORDS.items()}
    return votes.get(detected, 0) == 0 and max(votes.values()) > 0


def detect_language(text: Optional[str]) -> Optional[str]:
    """Return "es", "en" or None when the text does not say clearly.

    Args:
        text: one user message.

    Returns:
        The language code, or None for text with too little language in it
        (an e-mail address, a case id, "ok").
    """
    words = _content_words(text or "")
    if not words:
        return None
    folded = [strip_accents(w.lower()) for w in words]
    if len(folded) == 1 and folded[0] in _BARE_REPLIES:
        return None  # a bare yes/no keeps the conversation's language
    if len(folded) <= 2:
        votes = {_SHORT_WORDS[w] for w in folded if w in _SHORT_WORDS}
        if len(votes) == 1:
            return votes.pop()
        if len(folded) == 1:
            return None
    votes = {lang: sum(1 for w in folded if w in words_of_lang or strip_accents(w) in words_of_lang)
             for lang, words_of_lang in _FUNCTION_WORDS.items()}
    if max(votes.values()) >= 2 and min(votes.values()) == 0:
        return max(votes, key=votes.get)
    detector = _detector_factory().create()
    detector.set_prior_map({"es": 0.55, "en": 0.45})
    detector.append(" ".join(words))
    try:
        best = detector.get_probabilities()[0]
    except Exception:  # langdetect raises on text without features
        return None
    if best.lang in SUPPORTED and best.prob >= MIN_PROBABILITY:
        if _short_reply_says_otherwise(text or "", best.lang):
            # a short reply whose words only the other language uses ("si, me sirvio" read as
            # English): not clear, so the conversation keeps its language
            return None
        return best.lang
    return None
