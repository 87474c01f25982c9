import pytest

from bot.text import MAX_STORED_CHARS, clean_user_text, has_words, normalise, strip_accents, without_opening_greeting


def test_clean_user_text_escapes_markup_and_control_characters():
    assert clean_user_text("<script>alert('x')</script>\x00") == "&lt;script&gt;alert('x')&lt;/script&gt;"


def test_clean_user_text_bounds_length():
    cleaned = clean_user_text("a" * 5000)
    assert len(cleaned) <= MAX_STORED_CHARS + 4
    assert cleaned.endswith("[…]")


def test_normalise_squeezes_blanks_and_keeps_paragraphs():
    assert normalise("  hola \t  mundo\r\n\n\n\nfin  ") == "hola mundo\n\nfin"


def test_has_words():
    assert has_words("T-000123")
    assert not has_words("   ")
    assert not has_words("😀😀 !!")
    assert not has_words(None)
    assert not has_words("<img src=x onerror=alert(1)>")  # markup only: nothing the customer said
    assert has_words("<b>la factura</b>")
    assert not has_words("<script>alert(1)</script>")  # a script's code is not the customer's words


def test_strip_accents():
    assert strip_accents("contraseña días") == "contrasena dias"


def test_stored_text_reads_as_typed_in_a_chat_reply():
    from bot.text import stored_text_for_chat

    typed = "I'm <b>sure</b> the VAT & total are wrong"
    assert stored_text_for_chat(clean_user_text(typed)) == typed
    assert stored_text_for_chat(None) == ""


@pytest.mark.parametrize("text, code", [
    ("'; DROP TABLE cases; --", True), ("' OR '1'='1", True), ("1; DELETE FROM users", True),
    ("x' UNION SELECT password FROM agents --", True), ("<script>alert(1)</script>", True),
    ("drop it, never mind", False), ("borra la tabla de proveedores del informe", False),
    ("the table of contents is gone; please help", False), ("or 1 = 1 no sé", False),
    ("ana@example.com", False), ("sí; ábrelo", False),
    # markup with the customer's words beside it is their text (stored escaped), not a probe
    ('<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> la factura está mal', False),
])
def test_database_and_script_statements_are_code_not_words(text, code):
    from bot.text import looks_like_code

    assert looks_like_code(text) is code


def test_laughter_is_no_part_of_a_search_query():
    from bot.text import without_laughter

    assert without_laughter("jejeje ok. ¿y en PaperOffice dónde están las copias?") == "ok. ¿y en PaperOffice dónde están las copias?"
    assert without_laughter("hahaha right, and how do I back up PaperOffice?") == "right, and how do I back up PaperOffice?"
    assert without_laughter("Hola, soy Jaime, ¿y la jaula?") == "Hola, soy Jaime, ¿y la jaula?"  # words, not laughter
    assert without_laughter("jaja") == "jaja"  # only laughter: left as it is


@pytest.mark.parametrize("text, expected", [
    ("hola, buenas. Desde ayer al abrir PaperOffice me sale un error", "Desde ayer al abrir PaperOffice me sale un error"),
    ("Hi there! our invoice was charged twice", "Our invoice was charged twice"),
    ("Buenos días: no puedo exportar a DATEV", "No puedo exportar a DATEV"),
    ("Hola equipo, buenas tardes. La factura llega duplicada", "La factura llega duplicada"),
    ("hola", "hola"),  # nothing else: kept as it is
    ("holanda no exporta", "holanda no exporta"),
    ("Highlighting does not work", "Highlighting does not work"),
    ("la factura no llega", "la factura no llega"),
])
def test_a_description_loses_the_greeting_it_opened_with(text, expected):
    assert without_opening_greeting(text) == expected


# -- one sentence splitter (bot.text.split_sentences) for the ones that were written apart ------------
_SPLIT_SAMPLES = [
    "sí, me sirvió. Y otra cosa, ¿cómo le doy permisos?", "vale ¿y los usuarios?", "hola¿qué tal? bien",
    "we'll never fix this alone. ok, you can pass it on to QNAP", "Sí. No, espera, mejor no",
    "It's a Buffalo TeraStation 5410DN.\nSince the firmware update the path is read-only! Contact me at a@b.es",
    "yes, but also the printer; and the scanner", "ok, pero mañana, y también el lunes", "", "   ",
    "Llevamos años con PaperOffice y encantados. Por cierto, ¿cómo cambio la contraseña del wifi?",
]


@pytest.mark.parametrize("text", _SPLIT_SAMPLES)
def test_the_shared_sentence_splitter_splits_as_each_old_one_did(text):
    import re

    from bot.text import split_sentences

    def old(pattern, flags=0):
        return [p.strip() for p in re.split(pattern, text, flags=flags) if p and p.strip()]

    replies = r"(?<=[.!?;])\s+|\s+(?=¿)|,\s*(?=(?:y|and|pero|but|otra cosa|another thing|also|tambi[eé]n)\b)"
    assert split_sentences(text, ends=".!?;", opening_question="spaced", comma_before=(
        "y", "and", "pero", "but", "otra cosa", "another thing", "also", "tambi[eé]n")) == old(replies, re.IGNORECASE)
    assert split_sentences(text, ends=".!?", opening_question="glued") == old(r"(?<=[.!?])\s+|(?=¿)")  # scope guard
    assert split_sentences(text, ends=".!;", newlines=True) == old(r"(?<=[.!;])\s+|\n")  # vendor problem sentences
    assert split_sentences(text, ends=".!;") == old(r"(?<=[.!;])\s+")  # the last sentence of a consent


def test_trigram_jaccard_is_shared_over_all():
    import numpy as np

    from bot.kb.answerability import trigram_counts, trigram_jaccard, trigrams

    a, b = "factura", "facturas"
    shared = float(len(trigrams(a) & trigrams(b)))
    expected = shared / len(trigrams(a) | trigrams(b))
    counts = trigram_counts([a, b])
    assert abs(float(trigram_jaccard(np.float32(shared), counts[0], counts[1])) - expected) < 1e-6
