"""The opening message of a case leaves out only a question about the caller's number, not the problem."""

import pytest
from rasa_sdk import Tracker

from actions.common import opening_message


def tracker_with(*messages: str) -> Tracker:
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "request_callback"}}}
              for text in messages]
    return Tracker("t", {}, {"text": messages[-1]}, events, False, None, {}, "action_listen")


def test_the_problem_beside_a_caller_number_question_is_kept():
    text = ("El OCR no lee las facturas desde la actualización, llamadme mañana a las 10. "
            "¿Desde qué número me llamaréis?")
    assert opening_message(tracker_with(text)) == \
        "El OCR no lee las facturas desde la actualización, llamadme mañana a las 10."


@pytest.mark.parametrize("question", ["¿desde qué número me llamaréis?",
                                      "¿me llamaréis con número oculto? es que no cojo los ocultos",
                                      "¿desde qué número me llamaréis? no cojo números ocultos",
                                      "will you call from a private number? I don't pick up unknown numbers"])
def test_a_caller_number_question_alone_gives_way_to_the_message_before(question):
    assert opening_message(tracker_with("el programa no arranca desde ayer, llamadme", question)) == \
        "el programa no arranca desde ayer, llamadme"
