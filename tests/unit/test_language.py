import pytest

from bot.language import detect_language


@pytest.mark.parametrize("text, expected", [
    ("hola", "es"),
    ("hello", "en"),
    ("quiero hablar con una persona", "es"),
    ("my invoice is wrong", "en"),
    ("PaperOffice no funciona en Windows Terminal Server", "es"),
    ("how do I reset my password", "en"),
    ("no me sirvió", "es"),
    ("ah, soy Iker Sanz", "es"),  # a name given mid-form is no switch to English
    ("ah vale, soy Pedro", "es"),
    ("<b>hola, necesito ayuda con la factura</b>", "es"),  # the words inside markup still count
])
def test_detects_spanish_and_english(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "ana@example.com", "T-000123", "", "😀",
                                  "<script>alert(1)</script>", "'; DROP TABLE cases; --"])
def test_no_language_when_the_text_does_not_say(text):
    assert detect_language(text) is None


def test_preload_loads_the_profiles_once_for_later_detections():
    import bot.language as language

    language.preload()
    loaded = language._factory
    assert loaded is not None
    language.preload()
    assert language._factory is loaded


def test_a_short_reply_in_words_of_one_language_against_the_detector_is_unclear():
    """The detector reads "si, me sirvio" (no accent) as English; "si" is Spanish only, so the
    reply does not say clearly and the conversation keeps its language."""
    assert detect_language("si, me sirvio") is None


@pytest.mark.parametrize("text", ["OCR keeps de-skewing scanned pages", "Mis-scanned pages after update",
                                  "Un-archive button missing", "Invoices not showing up, su rights needed?"])
def test_english_with_a_spanish_looking_piece_stays_english(text):
    """Pieces of hyphenated words and one stray word in a longer message do not overrule the detector."""
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", [
    "sorry, my colleague started this chat in Spanish - how do I give that new user admin rights?",
    "el cliente me escribió en inglés", "I wrote it in Spanish by mistake, how do I add a user?",
])
def test_a_language_reported_as_used_before_is_no_request(text):
    from bot.answers import requested_language

    assert requested_language(text) is None


@pytest.mark.parametrize("text", ["no me sirve. tenemos macbooks con chip M2", "tenemos macbooks con chip M2",
                                  "pues no funciona con el escáner Canon"])
def test_spanish_with_english_product_words_is_spanish(text):
    assert detect_language(text) == "es"
