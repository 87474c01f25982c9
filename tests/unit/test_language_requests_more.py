"""Language class, more: requests for a language we do not speak, a switch asked in a clause of
a message that also answers, and bare yes/no replies that do not say which language."""
import pytest

from bot.answers import requested_unsupported_language, switch_request_clause
from bot.language import detect_language


@pytest.mark.parametrize("text, name", [
    ("¿podemos seguir en francés?", "fr"),
    ("Can we speak German please?", "de"),
    ("do you speak French?", "fr"),
    ("¿hablas alemán?", "de"),
    ("en italiano por favor", "it"),
    ("could you answer in Portuguese?", "pt"),
    ("¿me puedes atender en catalán?", "ca"),
    ("Parlez-vous français ?", "fr"),
    ("Sprechen Sie Deutsch?", "de"),
    # held-out 17: doing the chat in it, not only speaking it
    ("Could we do this in German instead?", "de"),
    ("can you write in Italian?", "it"),
    ("¿lo podemos hacer en portugués?", "pt"),
    ("¿me lo puedes explicar en italiano?", "it"),
    ("can you help me in German?", "de"),
    ("would you mind answering in Portuguese?", "pt"),
    ("¿se puede en alemán?", "de"),
    ("is it possible in French?", "fr"),
    ("¿hay soporte en alemán?", "de"),
    ("do you offer support in Dutch?", "nl"),
    ("¿atienden en francés?", "fr"),
    ("prefiero en francés", "fr"),
    ("I would prefer German if possible", "de"),
    ("mejor en italiano, ¿vale?", "it"),
])
def test_a_request_for_a_language_we_do_not_speak(text, name):
    assert requested_unsupported_language(text) == name


@pytest.mark.parametrize("text", [
    "traduce 'buenos días' al alemán",  # a translation: out of scope, not a request to the chat
    "how do I set the OCR to German?",  # the program's setting: a how-to
    "¿el programa está en francés?",
    "tenemos una sede en Francia y un cliente alemán",
    "my customer is French and the invoice must be in French",
    "¿podemos seguir en inglés?",  # a language we speak
    "hola, quiero abrir un ticket",
    "can you export the invoices in German?",  # something else done in the language: a how-to
    "¿se puede hacer la factura en alemán?",
    "¿podemos poner la factura en francés?",
    "how do I do OCR in German?",
    "el OCR funciona mejor en alemán",
    "I prefer French invoices",
    "the customer wrote in German",
    "how do I help a colleague in Germany?",
])
def test_no_request_for_a_language_we_do_not_speak(text):
    assert requested_unsupported_language(text) is None


@pytest.mark.parametrize("text, language", [
    ("¿podemos seguir en español? el contrato es SC-1001", "es"),
    ("can we continue in English? my email is tom@northwind.co.uk", "en"),
    ("mejor en inglés, por favor. Mi correo es ana@example.es", "en"),
    ("English please: 612 345 678", "en"),
])
def test_a_switch_asked_in_a_clause_beside_an_answer(text, language):
    assert switch_request_clause(text) == language


@pytest.mark.parametrize("text", [
    "mi cliente solo habla inglés y necesita la factura, ¿me la podéis enviar?",
    "The OCR does not recognise Spanish text in my scans",
    "el IVA español no aparece en la factura",
    "¿cómo cambio el programa a español?",
    "SC-1001",
    "I was charged Spanish VAT on my invoice, can you fix it?",
    "Tradúceme al inglés: le envío la factura de octubre",  # a translation (out of scope), no switch
    "translate to English please: hola",
])
def test_no_switch_clause_in_a_message_that_only_names_a_language(text):
    assert switch_request_clause(text) is None


@pytest.mark.parametrize("text", ["sí", "si", "Sí.", "yes", "Yes!", "no", "yep", "nope", "ok"])
def test_a_bare_yes_or_no_does_not_say_which_language(text):
    assert detect_language(text) is None


@pytest.mark.parametrize("text, language", [
    ("yes please", "en"), ("sí, claro", "es"), ("hola", "es"), ("thanks", "en"), ("gracias", "es"),
])
def test_a_yes_with_more_words_still_says_it(text, language):
    assert detect_language(text) == language


def test_a_request_for_another_language_is_a_switch_request_whatever_the_model_read():
    from bot.nlu.clear_turns import clear_intent

    read = {"name": "cancel", "confidence": 0.6}
    assert clear_intent(read, "¿podemos seguir en francés?", [], [])["name"] == "switch_language"
    read = {"name": "request_human", "confidence": 0.7}
    assert clear_intent(read, "Can we speak German please?", [], [])["name"] == "switch_language"


def test_a_person_who_speaks_another_language_is_still_a_person_request():
    from bot.nlu.clear_turns import clear_intent

    read = {"name": "request_human", "confidence": 0.8}
    assert clear_intent(read, "¿me pasas con una persona que hable alemán?", [], [])["name"] == "request_human"


@pytest.mark.parametrize("text, language", [
    ("mejor en español: ¿puedo escanear con la app varias paginas?", "es"),
    ("English please. How do I set up the mobile app?", "en"),
    ("¿podemos seguir en inglés? el programa no arranca", "en"),
])
def test_a_switch_beside_a_question_about_the_program_is_a_switch(text, language):
    """The program's words in another clause ("la app") do not make the switch a question about
    the program's language setting."""
    from bot.answers import about_program_language, requested_language

    assert requested_language(text) == language
    assert not about_program_language(text)


@pytest.mark.parametrize("text", [
    "¿cómo cambio el programa a español?",
    "¿cómo cambio el idioma del programa? lo quiero en inglés",
    "how do I set the OCR to English",
    "can I change the app's language to Spanish?",
])
def test_the_programs_language_stays_a_how_to(text):
    from bot.answers import about_program_language, requested_language

    assert requested_language(text) is None
    assert about_program_language(text)
