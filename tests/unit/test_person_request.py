"""An explicit request for a person wins over a problem told beside it (bot/nlu/person_request.py)."""

import pytest

from bot.answers import asks_for_a_person


@pytest.mark.parametrize("text", [
    "Buenas, ¿me pasáis con alguien del equipo? En la última factura nos habéis cargado la licencia dos veces",
    "quisiera hablar con una persona de verdad, el programa no arranca desde la actualización",
    "ponme con un agente, que no me deja activar la licencia",
    "I'd like to speak to a real human please - the updater keeps crashing at 60%",
    "could you put me through to someone? our export to DATEV fails",
    "get me a human, we were billed twice for Plus",
    "Hola, necesito que me atienda una persona, tengo un problema con un cobro",
    "espera, ¿no hay nadie con quien pueda hablar ahora mismo?",
    "is there anyone I can talk to?",
])
def test_an_explicit_request_for_a_person_is_found_beside_a_problem(text):
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", [
    "no quiero hablar con nadie, solo abrid el ticket",
    "I don't need to talk to anyone, just open a ticket",
    "que me llame alguien, el antivirus bloquea el programa",
    "can someone call me about the DATEV export?",
    "quiero hablar con alguien por teléfono sobre la exportación",
    "¿eres una persona real?",
    "am I talking to a real person?",
    "¿cómo le doy acceso a alguien de mi equipo a una carpeta?",
    "how do I share a document with someone outside the company?",
    "quiero hablar con un técnico de la exportación DATEV",
    "¿cómo puedo contactar con soporte fuera de horario?",
    "¿qué pasa con el equipo nuevo que compramos? no arranca PaperOffice",
    "no hay nadie en la oficina los viernes",
    "there is nobody to talk to here after six",
])
def test_other_messages_naming_people_are_no_request_for_a_person(text):
    assert not asks_for_a_person(text)


def test_the_guard_turns_a_level_into_request_human_and_leaves_replies_alone():
    from bot.nlu.person_request import person_intent

    ranking = [{"name": "open_ticket", "confidence": 0.55}, {"name": "request_human", "confidence": 0.3}]
    text = "quiero hablar con alguien, nos habéis cobrado la factura dos veces"
    assert person_intent({"name": "open_ticket", "confidence": 0.55}, text, ranking) == {
        "name": "request_human", "confidence": 0.55}
    deny = {"name": "deny", "confidence": 0.7}
    assert person_intent(deny, "no, pásame con una persona", ranking) is deny
    ticket = {"name": "open_ticket", "confidence": 0.9}
    assert person_intent(ticket, "la factura llegó duplicada", ranking) is ticket


@pytest.mark.parametrize("text", ["you're a bot aren't you? human please", "human please", "a real person please",
                                  "eres un bot, ¿no? humano por favor", "un agente, por favor", "persona real ya"])
def test_a_clause_that_only_names_the_person_asked_for_is_a_request(text):
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", ["la persona por favor que firma", "my agent please forward it",
                                  "the agent, please check the invoice", "persona de contacto: Ana, por favor llamadla"])
def test_a_person_named_inside_a_sentence_is_no_request(text):
    assert not asks_for_a_person(text)
