"""A last question that only points back ("¿cómo lo instalo?") is not searched on its own
(review: "tenemos macbooks con chip M2, ¿cómo lo instalo?" had no article, and the retry with
"¿cómo lo instalo?" alone answered with the backup article)."""

import pytest

from bot.answers import question_leans_back


@pytest.mark.parametrize("text", ["¿cómo lo instalo?", "how do I install it?", "¿dónde lo descargo?",
                                  "can I do that?", "¿cómo lo hago?"])
def test_questions_that_lean_on_what_came_before(text):
    assert question_leans_back(text)


@pytest.mark.parametrize("text", [
    "¿se pueden escanear papeles con el móvil?",
    "y cómo lo guardo en PDF normal, sin la A?",
    "¿cómo busco un documento por fecha?",
    "¿cómo creo un usuario?",
    "can I export it to DATEV as CSV?",
    "¿lo puedo restaurar desde la copia de seguridad?",
    "how do I install PaperOffice?",
    "¿dónde está la papelera?",
    "what are your opening hours?",
])
def test_questions_that_say_their_topic(text):
    assert not question_leans_back(text)
