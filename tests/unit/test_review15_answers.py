"""Review findings 15: requests to be called and contract replies, with the reviewer's inputs."""
import pytest

from bot.answers import asks_to_be_called, asks_what_a_contract_is


@pytest.mark.parametrize("text", [
    "no me llaméis, por favor", "please don't call me", "don't call me, email me",
    "no quiero que me llamen", "you said you'd call me and nobody did", "call me Ishmael",
    "¿cuándo me llamáis?", "when will you call me?"])
def test_negated_past_or_naming_call_is_not_a_request(text):
    assert not asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "llamadme cuando podáis", "call me when you can", "¿me podéis llamar?",
    "can someone call me about that as well?", "please call me tomorrow"])
def test_call_requests_still_caught(text):
    assert asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "we paid for the licence and the support contract", "what does the contract cover?",
    "I don't know if we have one, let me check", "no sé si tenemos el número a mano, déjame mirar",
    "no se si tengo que reiniciar", "only the admin has the licence details",
    "just a moment, I only have the program open on my phone"])
def test_contract_replies_that_do_not_say_there_is_none(text):
    assert not asks_what_a_contract_is(text)


@pytest.mark.parametrize("text", [
    "what's a support contract? we only bought the licence", "¿qué contrato? solo tenemos la licencia",
    "no sé si tenemos contrato", "we only bought the licence", "solo compramos la licencia",
    "I don't know if we have a contract", "¿qué es un contrato de soporte?"])
def test_contract_not_known_still_caught(text):
    assert asks_what_a_contract_is(text)


@pytest.mark.parametrize("text", [
    "después de pasar el equipo a Windows 11 no arranca PaperOffice",
    "quiero pasar el equipo a otra oficina, ¿cómo muevo la licencia?", "el programa me pone el equipo muy lento",
    "me pasan el equipo nuevo mañana, ¿cómo instalo?", "tuve que contactar con soporte otra vez porque no funciona",
    "find me someone's invoice from March"])
def test_the_computer_or_a_past_contact_is_no_request_for_a_person(text):
    from bot.answers import asks_for_a_person

    assert not asks_for_a_person(text)


@pytest.mark.parametrize("text", ["quiero hablar con alguien", "pásame con una persona", "ponme con vuestro equipo",
                                  "quiero hablar con el equipo de soporte", "can I talk to a real person?",
                                  "get me a human"])
def test_requests_for_a_person_still_caught(text):
    from bot.answers import asks_for_a_person

    assert asks_for_a_person(text)


@pytest.mark.parametrize("text, follow_up", [
    ("no, I would rather not speak to anyone, just open a ticket", "ticket"),
    ("no thanks, I would rather not talk to a person", None), ("sí, ya hablé con vuestro equipo ayer", None),
    ("no, ya hablé con soporte", None), ("sí, pero quiero hablar con una persona", "human"),
    ("no, quiero hablar con soporte", "human")])
def test_a_refused_or_past_talk_asks_for_no_person(text, follow_up):
    from bot.answers import requested_follow_up

    assert requested_follow_up(text) == follow_up


@pytest.mark.parametrize("text, back", [
    ("call me, the printer too is broken now", False),
    ("Can someone call me? I think that the scanner issue is new", False),
    ("can someone call me about that as well?", True), ("¿me podéis llamar también?", True),
    ("llamadme por eso", True), ("can someone call me as well?", True)])
def test_only_phrases_by_the_call_point_back(text, back):
    from bot.answers import points_back

    assert points_back(text) is back
