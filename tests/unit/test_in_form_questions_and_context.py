"""A question no article answers inside a form (actions.forms.side_question_abstain), and the context a
"no, it did not help" adds (actions.escalation.context_told_after_reply): issue 8, conversations that hold up."""

import pytest

from actions.escalation import context_told_after_reply
from actions.forms import side_question_abstain


@pytest.mark.parametrize("text, form, key", [
    ("espera, antes: ¿dónde veo qué versión tengo instalada?", "callback_form", "side_question_no_article_callback_form"),
    ("where do I find my licence key?", "ticket_form", "side_question_no_article_ticket_form"),
    ("¿se pueden escanear varias páginas a la vez?", "vendor_case_form", "side_question_no_article"),
    ("¿cómo hago una tortilla de patatas?", "callback_form", "side_question_outside"),
    ("who won the game last night?", "ticket_form", "side_question_outside"),
    ("¿me ayudas con la declaración de la renta?", "sla_case_form", "side_question_outside"),
    ("btw how do I change my wallpaper on my iPhone?", "ticket_form", "side_question_outside"),
])
def test_a_question_with_no_article_is_ours_only_when_it_names_our_program(text, form, key):
    assert side_question_abstain(text, form) == key


@pytest.mark.parametrize("text, context", [
    ("tampoco. Es que los dos equipos están en red", "Es que los dos equipos están en red"),
    ("no. I am on a Mac", "I am on a Mac"),
    ("no, uso la versión 12 en Windows 7", "uso la versión 12 en Windows 7"),
])
def test_a_no_with_context_gives_something_to_search_with(text, context):
    assert context_told_after_reply(text) == context


@pytest.mark.parametrize("text", [
    "no, sigue igual, no funciona", "no, it still does not work at all", "no me ha servido de nada",
    "no, no entiendo nada de eso", "no, gracias, ya lo miro yo luego", "no. I already tried all of that",
    "no, sorry, wrong article", "no, me lo explicas más fácil?", "no, ¿y si lo reinstalo?",
])
def test_a_bare_or_still_failing_no_or_a_question_adds_no_context(text):
    assert context_told_after_reply(text) is None
