"""A status question inside a form: about the case being made, unless it names another one (review of
conv16: "¿cómo va mi incidencia del escáner?" inside the ticket form got this form's next steps)."""

from __future__ import annotations

import pytest

from actions.forms import asks_about_the_case_being_made
from tests.integration.conftest import make_tracker


@pytest.mark.parametrize("text, form, description", [
    ("¿cómo va mi incidencia del escáner?", "ticket_form", "la factura de noviembre llegó duplicada"),
    ("¿cómo va mi incidencia del escáner?", "ticket_form", None),
    ("what's the status of my callback request?", "ticket_form", None),
    ("any news on my ticket about the DATEV export?", "callback_form", None),
    ("¿y mi ticket?", "callback_form", None),
    ("¿qué pasa con la llamada que pedí?", "ticket_form", None),
    ("what about my ticket regarding the licence?", "ticket_form", "the update fails with error 0x80070005"),
])
def test_another_case_named_is_looked_up(text, form, description):
    tracker = make_tracker(text, "ticket_status", {"description": description}, active_loop=form)
    assert not asks_about_the_case_being_made(tracker)


@pytest.mark.parametrize("text, form, description", [
    ("what about my ticket?", "ticket_form", None),
    ("¿y el ticket qué?", "ticket_form", None),
    ("¿cómo va mi incidencia del escáner?", "ticket_form", "el escáner no aparece en el programa"),
    ("¿y la llamada?", "callback_form", None),
    ("¿cómo va mi solicitud de llamada?", "callback_form", None),
    ("what about my ticket for the update?", "ticket_form", "the update fails with error 0x80070005"),
])
def test_the_case_being_made_is_this_one(text, form, description):
    tracker = make_tracker(text, "ticket_status", {"description": description}, active_loop=form)
    assert asks_about_the_case_being_made(tracker)
