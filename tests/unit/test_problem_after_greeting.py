"""A problem told after a greeting is the message (review: "buenas tardes, no puedo entrar, he
olvidado la contraseña" was a greeting, 0.54, and only got "¿En qué te ayudo?")."""

import pytest

from bot.nlu.howto_recovery import problem_after_greeting


@pytest.mark.parametrize("text", [
    "buenas tardes, no puedo entrar, he olvidado la contraseña",
    "hola, el escáner no aparece en el programa",
    "hi, the program crashes when I open big pdfs",
    "hola buenas, quería comentar que no me funciona la importación de correos",
])
def test_a_problem_after_a_greeting(text):
    assert problem_after_greeting(text)


@pytest.mark.parametrize("text", [
    "hola, ¿qué tal?",
    "hola, soy Marta García de Ferretería López en Valencia",
    "buenas, os escribo desde facturacion@autoescuela.es",
    "hola buenos días, ¿cómo estáis hoy todos por ahí?",
    "hello there, good morning to the whole team",
    "hola",
    "hi, I am the new IT admin at Acme Logistics",
    "hola! una pregunta rápida",
    "buenas, mañana os llamo",
    "hey, how are you doing today my friend?",
    "el escáner no aparece en el programa",  # no greeting: the classifier's own reading stands
])
def test_greetings_introductions_and_small_talk_are_not(text):
    assert not problem_after_greeting(text)


@pytest.mark.parametrize("text", [
    "hi there, hope you're having a great week so far",
    "hola, me ha pasado vuestro contacto mi compañero de la gestoría",
    "hello, I don't need help now, just checking the chat works",
    "buenas, no necesito nada ahora, solo probaba el chat",
    "hola, no os preocupéis, solo quería saludar al equipo nuevo",
    "hi, a colleague from accounting gave me your contact details",
    "good morning, nothing urgent today, just saying hello to the support team",
    "hola, llevamos años con vosotros y estamos muy contentos con el programa",
])
def test_small_talk_after_a_greeting_stays_a_greeting(text):
    """Review of conv16: these went to the knowledge base and got a ticket offer."""
    assert not problem_after_greeting(text)
