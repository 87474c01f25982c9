"""A request to change language that also asks something gets its question answered."""

import pytest

from bot.answers import question_beside_switch


@pytest.mark.parametrize("text, question", [
    ("perdona, mejor en español: ¿la app sirve tambien para escanear varias paginas seguidas?",
     "la app sirve tambien para escanear varias paginas seguidas?"),
    ("english please. How do I create a new user?", "How do I create a new user?"),
    ("Can you answer in English please? My colleague doesn't speak Spanish", None),  # a reason, no question
    ("¿podemos seguir en inglés?", None),
    ("mejor en español", None),
])
def test_the_question_beside_a_language_switch(text, question):
    assert question_beside_switch(text) == question
