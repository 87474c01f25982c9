"""A long story at the callback's questions read as a ticket request (actions/interruptions.py
`story_without_a_ticket`): the call goes on unless a ticket or writing is asked for (issue 8)."""

import pytest

from actions.interruptions import story_without_a_ticket

STORY = ("uf, es que esta semana estoy fatal, tengo inventario y los proveedores nos mandan las facturas por correo "
         "una a una, la chica que llevaba todo esto se fue de la empresa y ahora me toca a mí, que no tengo ni idea "
         "de ordenadores, así que prefiero que alguien me lo explique con calma y paso a paso")


def test_a_long_story_is_no_ticket_request():
    assert story_without_a_ticket(STORY)


@pytest.mark.parametrize("text", [
    "mejor abridme un ticket",
    STORY + ". Mejor abridme un ticket y ya está",
    STORY + ". Pensándolo bien, mejor me lo mandáis todo por escrito",
    "las facturas no cuadran desde la actualización",
])
def test_a_ticket_or_writing_asked_for_or_a_short_reply_still_moves(text):
    assert not story_without_a_ticket(text)
