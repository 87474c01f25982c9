"""A call asked for as a thing ("Quería pedir una llamada del soporte: estamos entrenando
documentos…", held-out routing 22) is a call request, also where the model read the how-to in
the description; a call that is the program's subject (a customer's call, a calendar call) is not."""
import pytest

from bot.answers import asks_to_be_called
from bot.nlu.clear_turns import clear_intent

ASKED = [
    "Quería pedir una llamada del soporte: estamos entrenando documentos y PaperOffice confunde las facturas de dos proveedores",
    "quisiera solicitar una llamada de un técnico por la exportación a DATEV",
    "necesitamos una llamada, el antivirus bloquea el programa",
    "I would like to request a call back about document training",
    "can I book a call with support? the DATEV export fails",
]


@pytest.mark.parametrize("text", ASKED)
def test_a_call_asked_for_as_a_thing(text):
    assert asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "¿cómo registro una llamada de un cliente?",
    "quiero tener una llamada de mis clientes archivada",
    "no quiero una llamada, mejor un ticket",
    "how do I schedule a call in the calendar?",
])
def test_calls_that_are_no_request(text):
    assert not asks_to_be_called(text)


@pytest.mark.parametrize("text", ASKED)
def test_read_as_a_howto_it_is_the_call(text):
    howto = {"name": "ask_howto", "confidence": 0.49}
    ranking = [howto, {"name": "request_callback", "confidence": 0.3}]
    assert clear_intent(howto, text, ranking, [])["name"] == "request_callback"
