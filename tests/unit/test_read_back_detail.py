"""More of the problem told at the SLA read-back is added to the description (review: "ya lo he
dicho, se corrompe la base de datos cada semana desde la actualización" got "not a yes or a no"
and the detail was lost); yes, no, questions, corrections and repeats add nothing."""

import pytest
from rasa_sdk import Tracker

from actions.read_back import added_detail

KEPT = "Tenemos un problema con la base de datos, se corrompe cada semana"


def tracker(text: str) -> Tracker:
    return Tracker("s", {"description": KEPT, "requested_slot": "case_confirmed"},
                   {"text": text, "intent": {"name": "inform", "confidence": 0.5}, "entities": []},
                   [], False, None, {"name": "sla_case_form"}, "action_listen")


def test_more_of_the_problem_is_added():
    added = added_detail(tracker("ya lo he dicho, se corrompe la base de datos cada semana desde la actualización"),
                         "sla_case_form")
    assert added.startswith(KEPT) and "desde la actualización" in added


@pytest.mark.parametrize("text", [
    "sí", "no", "sí, ábrelo", "no, mejor prioridad crítica", "make it high not critical",
    "¿qué pasa si digo que sí?", "se corrompe la base de datos cada semana",
    "perdón, el contrato es SC-1002", "vale", "espera un momento",
])
def test_answers_corrections_and_repeats_add_nothing(text):
    assert added_detail(tracker(text), "sla_case_form") == ""


def test_forms_without_a_description_add_nothing():
    assert added_detail(tracker("además desde ayer tampoco arranca el servicio de indexación"), "callback_form") == ""
