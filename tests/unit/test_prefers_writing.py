"""A callback reply that asks to be answered in writing instead (actions/forms.py `prefers_writing`):
only when writing replaces the call, not when it is refused, offered as a fallback or asked for
beside an answer to the form (review 2)."""

import pytest

from actions.forms import prefers_writing


@pytest.mark.parametrize("text", ["no, gracias, mejor por escrito", "vale, mejor por escrito", "I'd rather do it in writing",
                                  "by e-mail please", "prefiero que me escribáis", "please just email me instead",
                                  "mejor por correo, no me apetece hablar"])
def test_writing_instead_of_the_call(text):
    assert prefers_writing(text)


@pytest.mark.parametrize("text", ["sí, y mandadme la confirmación por correo", "612 345 678, or email me",
                                  "prefiero que me llaméis, no por correo", "mejor por la tarde, o por correo si no",
                                  "¿me lo podéis mandar por correo?", "no por escrito, mejor por teléfono",
                                  "call me at 10, then email me the summary", "el jueves a las 10, y escribidme si hay cambios"])
def test_writing_beside_the_call_keeps_the_call(text):
    assert not prefers_writing(text)


@pytest.mark.parametrize("text", ["no, just email me the details", "no, por correo mejor, mañana no estoy",
                                  "in writing please, I'm at work in the morning"])
def test_the_call_turned_down_in_so_many_words_is_writing_whatever_else_it_says(text):
    assert prefers_writing(text)


@pytest.mark.parametrize("text", [
    "pues mira te cuento, el gestor nos pide otro formato, nosotros hasta ahora le mandabamos las facturas escaneadas "
    "por correo una a una y claro eso es un follon enorme, asi que prefiero que alguien me lo explique con calma",
    "es que las facturas nos llegan por email cada mes y no sé cómo meterlas en el programa, tengo inventario toda la semana",
    "we used to send everything by email one file at a time, it's a mess and I'd like someone to walk me through it",
])
def test_writing_told_of_in_a_story_is_no_wish_for_writing(text):
    assert not prefers_writing(text)


@pytest.mark.parametrize("text", ["por correo", "mejor por correo electrónico, gracias", "by email then",
                                  "escribidme mejor, que estoy en una reunión"])
def test_a_short_or_wished_channel_is_writing(text):
    assert prefers_writing(text)
