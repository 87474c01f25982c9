"""A form's answer with a question of its own beside it is cut into the two; the answer itself
phrased as a question, a tag, an alternative or a question that carries a value is not."""

import pytest

from bot.question_clause import question_beside_answer


@pytest.mark.parametrize("text, answer, question", [
    ("it's accounts@northwind.co.uk, and btw can I get the invoice as PDF?", "it's accounts@northwind.co.uk",
     "and btw can I get the invoice as PDF?"),
    ("Luis Gómez. ¿Tardará mucho la llamada?", "Luis Gómez", "¿Tardará mucho la llamada?"),
    ("Luis Gómez. Tardará mucho la llamada?", "Luis Gómez", "Tardará mucho la llamada?"),
    ("alta. ¿el contrato cubre también la API?", "alta", "¿el contrato cubre también la API?"),
    ("mañana a las 10, ¿me llamaréis a este número o al fijo?", "mañana a las 10",
     "¿me llamaréis a este número o al fijo?"),
    ("sí, adelante. ¿cuánto tardáis normalmente?", "sí, adelante", "¿cuánto tardáis normalmente?"),
    ("SC-1001 — by the way, does the contract cover weekends?", "SC-1001",
     "by the way, does the contract cover weekends?"),
    ("it@gestoria.es, ¿qué diferencia hay entre alta y crítica?", "it@gestoria.es",
     "¿qué diferencia hay entre alta y crítica?"),  # the SLA form explains the priorities (actions/question_beside.py)
    ("612 345 678, how long will the call take?", "612 345 678", "how long will the call take?"),
    ("Marta Ruiz, y una pregunta: ¿dónde veo qué versión tengo?", "Marta Ruiz",
     "y una pregunta: ¿dónde veo qué versión tengo?"),
])
def test_an_answer_with_a_question_of_its_own_is_cut_in_two(text, answer, question):
    split = question_beside_answer(text)
    assert split is not None and (split.answer, split.question) == (answer, question)


@pytest.mark.parametrize("text", [
    "¿a las 10?", "¿es ana@x.es, no?", "ana@x.es, ¿verdad?", "mañana a las 10, ¿os va bien?", "mañana a las 10?",
    "alta, ¿o mejor crítica?", "no me deja exportar, ¿por qué?", "Luis Gómez, ¿me llamáis a las 10?",
    "is it ana@x.es?", "vale. ¿para qué queréis el correo?", "SC-1001, is that right?", "612345678, ¿está bien así?",
    "sí, ¿vale?", "a las 10 ¿puede ser?", "tomorrow at 10, does that work?", "¿Tardará mucho? Luis Gómez",
    "perdona. ¿Qué nombre pongo?", "ana@x.es", "Marta Ruiz, ¿o pongo el de la empresa?",
    "Synology DS920, ¿lo conocéis?", "QNAP TS-251, is this one supported?",
])
def test_the_answer_itself_as_a_question_is_not_cut(text):
    assert question_beside_answer(text) is None
