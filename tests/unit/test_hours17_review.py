"""Review of hours17: opening-hours questions, a call asked for with its time, a booked call asked to be
moved, a problem beside an hours question, and the hours section quoted."""

import pytest

from bot.answers import (asks_opening_hours, asks_to_move_call, asks_when_answered, asks_when_called,
                         problem_beside_hours)


@pytest.mark.parametrize("text", [
    "¿a qué hora abre el soporte técnico de Microsoft?",
    "¿a qué hora abre el soporte técnico de HP?",
    "¿hasta qué hora está abierto el soporte técnico del banco?",
    "¿cuándo cierra el soporte técnico de Correos?",
    "¿a qué hora tienen soporte técnico de Movistar?",
])
def test_another_companys_support_is_not_our_hours(text):
    assert not asks_opening_hours(text)


@pytest.mark.parametrize("text", [
    "¿cuándo termina el soporte técnico de mi versión?",
    "is there support until 2027 for version 14?",
    "is your support open source?",
    "do you offer support this way or only by phone?",
    "¿cuándo acaba el soporte para la versión 2019?",
    "when does support start for version 15?",
    "¿hasta cuándo tiene soporte la edición Pro 2020?",
])
def test_product_support_lifecycle_is_not_hours(text):
    assert not asks_opening_hours(text)


@pytest.mark.parametrize("text", [
    "¿cómo hago que PaperOffice sepa que la oficina cierra los viernes?",
    "¿cómo puedo indicar en el calendario que la oficina cierra en agosto?",
    "mi oficina cierra el viernes, ¿me llamáis el jueves?",
    "nuestra oficina cierra los sábados",
])
def test_a_how_to_or_the_customers_own_office_is_not_our_hours(text):
    assert not asks_opening_hours(text)


@pytest.mark.parametrize("text", [
    "¿a qué hora cerráis hoy?", "¿cuándo abre el soporte?", "¿a qué hora abre la oficina los sábados?",
    "¿hasta qué hora tenéis soporte técnico hoy?", "¿atiende el soporte técnico en Navidad?",
    "is support open this Saturday?", "do you have support on Sundays?", "is support open until 6?",
    "¿a qué hora abre el soporte técnico de PaperOffice?",
])
def test_our_hours_are_still_read(text):
    assert asks_opening_hours(text)


@pytest.mark.parametrize("text", ["¿cuándo me atiende el servicio técnico?", "¿cuándo nos atienden?",
                                  "¿y cuándo me atiende alguien?"])
def test_when_the_team_attends_to_me_is_a_when_answered_question(text):
    assert asks_when_answered(text)
    assert not asks_opening_hours(text)


@pytest.mark.parametrize("text", [
    "¿a qué hora me llamáis? necesito ayuda con la exportación a DATEV",
    "Hola, ¿a qué hora me llaman? tengo un problema con el escáner",
    "¿qué día me llamáis? necesito que alguien me explique lo de las facturas",
    "when is my call?",
])
def test_a_call_time_question_is_about_a_call(text):
    assert asks_when_called(text)


def test_how_long_until_an_answer_is_not_about_a_call():
    assert not asks_when_called("¿cuánto tardáis en contestarme?")


@pytest.mark.parametrize("text", [
    "when is my call? can you move it to Friday?", "¿cuándo es la llamada? ¿la podemos pasar al jueves?",
    "¿qué día me llamáis? el lunes no puedo", "can we do another day?", "¿se puede cambiar la hora de la llamada?",
    "no puedo el lunes, ¿otro día?",
])
def test_a_booked_call_asked_to_be_moved(text):
    assert asks_to_move_call(text)


@pytest.mark.parametrize("text", ["el lunes no puedo abrir el programa", "no puedo escanear desde el lunes",
                                  "entonces, ¿a qué hora me llamáis al final?"])
def test_no_move_asked(text):
    assert not asks_to_move_call(text)


@pytest.mark.parametrize("text, rest", [
    ("is support open today? my DATEV export keeps failing", "DATEV"),
    ("¿el soporte abre hoy? el OCR no reconoce nada desde la actualización", "OCR"),
    ("is support open on Saturdays? our server crashed and nobody can work", "server"),
])
def test_a_problem_beside_an_hours_question_is_kept(text, rest):
    assert rest in problem_beside_hours(text)


@pytest.mark.parametrize("text", ["vale gracias, funciona. Y otra cosa, ¿a qué hora cerráis hoy?",
                                  "hola buenos días, ¿a qué hora cerráis hoy? muchas gracias de antemano",
                                  "great, thanks! and what time does your help desk close today?"])
def test_thanks_beside_an_hours_question_is_no_problem(text):
    assert problem_beside_hours(text) == ""


class _Passages:
    """A knowledge base with the contact article's three sections."""

    passages = [{"article_id": "other", "text": "x"},
                {"article_id": "contact-support-es", "text": "De lunes a jueves de 9:00 a 14:00 y de 15:00 a 18:00."},
                {"article_id": "contact-support-es", "text": "- Chat\n- Ticket\n- Llamada"},
                {"article_id": "contact-support-es", "text": 'Escribe "¿cómo va mi ticket T-000123?"'}]

    def answer_text(self, index):
        return self.passages[index]["text"]


@pytest.mark.parametrize("chosen", [2, 3])
def test_an_hours_question_quotes_the_section_with_the_hours(chosen):
    from actions.kb import with_hours_passage
    from bot.kb.search import ShownArticle

    shown = ShownArticle("contact-support-es", "Contacto", None, _Passages.passages[chosen]["text"], chosen, 0.5)
    quoted = with_hours_passage(_Passages(), shown)
    assert "9:00" in quoted.passage and "18:00" in quoted.passage and quoted.passage_index == 1


@pytest.mark.parametrize("text, expected", [
    ("¿a qué hora abre el soporte técnico de Microsoft?", True), ("¿cuándo abre el soporte de Correos?", True),
    ("what time does the support of HP close?", True), ("¿a qué hora abre el soporte técnico de PaperOffice?", False),
    ("¿cuándo termina el soporte técnico de mi versión?", False), ("¿cuándo abre el soporte?", False),
])
def test_another_companys_desk_hours(text, expected):
    from bot.answers import asks_anothers_desk_hours

    assert asks_anothers_desk_hours(text) is expected


def test_another_companys_desk_hours_is_out_of_scope_whatever_the_model_read():
    from bot.nlu.scope_guard import guarded_intent

    intent = {"name": "ask_howto", "confidence": 0.55}
    assert guarded_intent(intent, "¿a qué hora abre el soporte técnico de Microsoft?", [intent])["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "what are your support opening hours and how do I reach you?",
    "¿En qué horario atiende el soporte técnico? ¿También se puede llamar por teléfono?",
    "¿a qué hora abre el soporte? ¿puedo llamaros o solo por chat?",
])
def test_how_to_reach_us_beside_the_hours_is_part_of_the_hours_question(text):
    """A question how to reach the team is what the contact article answers with the hours: no
    how-to inside the product ("how do I…") and no problem told beside them (routing scorer, 23:35)."""
    assert asks_opening_hours(text)
    assert problem_beside_hours(text) == ""
