"""Reading a 1–5 rating from what a customer typed after "how did we do?"."""

import pytest

from bot.feedback.rating import read_rating


@pytest.mark.parametrize("text,score,comment", [
    ("4", 4, ""), ("5!", 5, ""), ("un 3", 3, ""), ("4/5", 4, ""), ("2 de 5, tardó mucho", 2, "tardó mucho"),
    ("5 estrellas, muy rápido", 5, "muy rápido"), ("★★★", 3, ""), ("I'd give it a 4 - quick and clear", 4,
                                                                   "quick and clear"),
    ("cuatro estrellas", 4, ""), ("3 out of 5", 3, ""),
])
def test_scores_and_comments(text, score, comment):
    assert read_rating(text) == (score, comment)


@pytest.mark.parametrize("text", ["", "nada", "4711", "T-000004", "las 4:30", "entre 3 y 5", "6", "0", "12",
                                  "llamadme a las 4 o a las 5", "x" * 700])
def test_not_a_rating(text):
    assert read_rating(text)[0] is None
