"""A question no article answered as written is tried again narrower (actions/kb.py
`narrower_questions`): its last question alone, and a follow-on with the previous question."""

from actions.kb import narrower_questions
from tests.integration.conftest import make_tracker


def test_the_last_question_of_a_message_with_a_preamble_is_tried_alone():
    text = "jaja vale era broma. ¡Hola! una duda: ¿se pueden escanear papeles con el móvil?"
    assert narrower_questions(text, make_tracker(text, "ask_howto")) == ["¿se pueden escanear papeles con el móvil?"]


def test_a_follow_on_question_is_tried_with_the_previous_one():
    text = "y cómo lo guardo en PDF normal, sin la A?"
    tracker = make_tracker(text, "ask_howto", {"kb_query": "how do I export a document as PDF/A?"})
    assert narrower_questions(text, tracker) == ["how do I export a document as PDF/A? y cómo lo guardo en PDF normal, sin la A?"]


def test_a_plain_question_or_one_inside_a_form_has_no_narrower_reading():
    assert narrower_questions("¿cómo hago una copia de seguridad?", make_tracker("x", "ask_howto")) == []
    inside = make_tracker("y en Excel?", "ask_howto", {"kb_query": "¿cómo exporto a PDF?"}, active_loop="ticket_form")
    assert narrower_questions("y en Excel?", inside) == []
