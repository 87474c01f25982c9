"""A consent to the vendor hand-over that sets conditions ("sí, pero no les paséis el nombre del
servidor"): the conditions are no part of the problem the vendor case describes (actions/vendor.py)."""

import pytest

from actions.vendor import is_sharing_condition, problem_sentences, without_sharing_conditions


@pytest.mark.parametrize("text, left", [
    ("yes, but do not tell them our server names", "yes,"),
    ("sí, pero no les paséis el nombre del servidor", "sí,"),
    ("Sí, adelante, sin pasarles las IPs", "Sí, adelante,"),
    ("vale, sin decirles el nombre del servidor", "vale,"),
    ("sí, pero sin que lo sepan los clientes", "sí,"),
    ("ok, only send them the error log", "ok,"),
    ("El NAS se desconecta pero no se lo digáis al fabricante", "El NAS se desconecta"),
    ("vale, pero que no vean los nombres de nuestros clientes. El NAS se desconecta cada noche",
     "vale. El NAS se desconecta cada noche"),
    ("yes go ahead, please don't mention our client names. The NAS drops every night",
     "yes go ahead. The NAS drops every night"),
])
def test_conditions_on_what_is_passed_on_are_cut(text, left):
    assert without_sharing_conditions(text) == left


@pytest.mark.parametrize("text", [
    "El NAS no envía los correos, y los usuarios no pasan la validación",
    "we don't share the folder any more since the NAS update",
    "El escáner solo pasa las hojas pares, no envía las impares",
    "the backup doesn't send the report and users can't see the share",
    "Since the firmware update the archive path is read-only.",
    "sí, pero no deja entrar, y sin pasar por el login da error",   # "sin" + verb with no object pronoun
    "y sin darle al botón ya se cuelga",
    "sin enviar nada, la cola se llena",
])
def test_a_problem_told_with_the_same_verbs_is_no_condition(text):
    assert without_sharing_conditions(text) == text
    assert not any(is_sharing_condition(part) for part in text.split(","))


def test_the_problem_beside_a_condition_is_what_is_described():
    text = "vale, pero que no vean los nombres de nuestros clientes. El NAS se desconecta cada noche y PaperOffice pierde el archivo"
    assert problem_sentences(without_sharing_conditions(text)) == \
        "El NAS se desconecta cada noche y PaperOffice pierde el archivo"
    assert problem_sentences(without_sharing_conditions("yes, but do not tell them our server names")) == ""
