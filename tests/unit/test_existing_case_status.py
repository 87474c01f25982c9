"""A message about a case the customer already has is a status question, however its case words
read to the intent model (bot/answers.py `asks_about_an_existing_case`, bot/nlu/clear_turns.py);
and a vendor case hears the problem told after a vague first message (actions/vendor.py)."""

import pytest

from actions.vendor import problem_sentences
from bot.answers import asks_about_an_existing_case, read_case_number
from bot.nlu.clear_turns import clear_intent

STATUS_QUESTIONS = [
    ("soy compras@ferreteriamolina.com, abri una incidencia hace unos dias, la 336, sabeis algo??", 336),
    ("buenas, os escribí un ticket el lunes, el 58, ¿hay alguna novedad?", 58),
    ("hicimos una solicitud la semana pasada - la 1204 - y seguimos sin respuesta", 1204),
    ("my case, number 77, any news?", 77),
    ("the one I opened last week, 336", 336),
    ("I raised a ticket on Monday, it's 91, has anyone looked at it?", 91),
    ("la incidencia nº 412, ¿en qué estado está?", 412),
]


@pytest.mark.parametrize("text, number", STATUS_QUESTIONS)
def test_a_case_named_by_its_bare_number_is_a_status_question(text, number):
    assert read_case_number(text) == number
    assert asks_about_an_existing_case(text)
    opened = {"name": "open_ticket", "confidence": 0.54}
    assert clear_intent(opened, text, [opened], [])["name"] == "ticket_status"


NOT_STATUS = [
    "tengo una incidencia, el programa falla desde hace 2 días",
    "quiero abrir un ticket, da el error 1603",
    "no encuentro la factura 336, ¿me la reenviáis?",
    "abrí un ticket ayer, el 45, ¿me podéis llamar?",   # asks for a call beside it
    "lo abrí el día 3, con el correo a@b.es",
    "tengo 3 tickets abiertos, ¿cómo los veo todos?",
    "abrí un ticket el 3/11 y sigue sin respuesta",   # a date, not case 3
]


@pytest.mark.parametrize("text", NOT_STATUS)
def test_a_new_request_or_another_number_is_not_a_status_question(text):
    assert not asks_about_an_existing_case(text)
    opened = {"name": "open_ticket", "confidence": 0.8}
    assert clear_intent(opened, text, [opened], []) is opened


def test_a_request_for_a_call_keeps_its_intent():
    text = "abrí la incidencia 336 y nadie me contesta, ¿me llamáis?"
    call = {"name": "request_callback", "confidence": 0.7}
    assert clear_intent(call, text, [call], []) is call


@pytest.mark.parametrize("text, told", [
    ("It's a Buffalo TeraStation 5410DN. Since the firmware update PaperOffice says the archive path is "
     "read-only. Contact me at r.osei@x.com", "Since the firmware update PaperOffice says the archive path is read-only."),
    ("Es un QNAP TS-453. Desde ayer PaperOffice no puede escribir en la carpeta compartida del NAS. "
     "Mi correo: ana@x.es", "Desde ayer PaperOffice no puede escribir en la carpeta compartida del NAS."),
    ("Synology DS920+", ""), ("sí, adelante", ""), ("mi correo es ana@x.es", ""),
])
def test_the_problem_told_beside_a_product_and_an_address(text, told):
    assert problem_sentences(text) == told


@pytest.mark.parametrize("text, intent", [
    ("hola, os escribo desde facturacion@autoescuelapinar.es", "greet"),
    ("buenos días, os escribe jordi@graficasbosch.es", "greet"),
    ("hello there, this is accounts@meadowbakery.co.uk", "greet"),
    ("soporte@licencias-ruiz.es", "inform"),
])
def test_an_introduction_with_only_an_address_asks_for_nothing(text, intent):
    opened = {"name": "open_ticket", "confidence": 0.72}
    assert clear_intent(opened, text, [opened], [])["name"] == intent


@pytest.mark.parametrize("text", ["hola, la factura de octubre está mal, soy a@b.es",
                                  "hi, I need a copy of the invoice, a@b.com"])
def test_a_request_beside_the_address_keeps_its_intent(text):
    opened = {"name": "open_ticket", "confidence": 0.72}
    assert clear_intent(opened, text, [opened], []) is opened


@pytest.mark.parametrize("text", [
    "abrí la factura número 12 y no sale",
    "I opened invoice number 2024 and it shows an error",
    "I opened the file no. 3 and it crashes",
    "¿cómo cambio el estado de la factura número 12?",
    "how do I mark order no. 5 as resolved?",
    "the ticket printer, 2, is not printing since the update",
    "el ticket de caja, el 45, no se imprime",
])
def test_a_number_beside_other_things_is_no_status_question(text):
    """Review finding: invoices, files, orders and till receipts named by number are no case."""
    assert not asks_about_an_existing_case(text)
