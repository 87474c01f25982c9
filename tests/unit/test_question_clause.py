"""A form's answer with a question of its own beside it is cut into the two; the answer itself
phrased as a question, a tag, an alternative or a question that carries a value is not."""

import pytest

from bot.question_clause import question_beside_answer, with_reservation


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


@pytest.mark.parametrize("text, reserved", [
    ("yes, but will they see my customers' data?", True),
    ("sí, pero ¿puedo añadir una captura?", True),
    ("sí, pero cuánto cuesta?", True),
    ("sí pero, ¿cuánto tarda?", True),
    ("yes - but how long will it take?", True),
    ("sí, aunque ¿qué datos verá el fabricante?", True),
    ("sí. Sin embargo, ¿podéis llamarme por la tarde?", True),
    ("sí, adelante. ¿Pero cuánto tardáis?", True),
    ("yes, though, will they see the logs?", True),
    ("sí, adelante. ¿cuánto tardáis normalmente?", False),
    ("sí, y por cierto, ¿cuánto cuesta la versión Plus?", False),
    ("yes, go ahead. By the way, how long does it take?", False),
    ("yes, and can I get the invoice as PDF?", False),
    ("sí, podéis pasárselo. ¿Funciona PaperOffice en red con varios usuarios?", False),
    ("yes, also what does the Plus edition cost?", False),
    ("sí, vale. ¿Cuánto tardará el técnico?", False),
    ("yes please, btw does it work on Windows 11?", False),
    ("sí, perfecto, ¿el técnico habla inglés?", False),
])
def test_a_reservation_before_the_question_is_seen(text, reserved):
    """"sí, pero ¿…?" is no plain yes: the clause opens at "pero", so the reservation is looked for
    on both sides of the cut, not only at the end of the answer."""
    split = question_beside_answer(text)
    assert split is not None and with_reservation(text, split) is reserved


@pytest.mark.parametrize("text", [
    "mañana a las 10, ¿podría ser?", "my name is John Smith, is 10 ok?", "it's ana@x.es, did I spell it right?",
    "alta. ¿Es la correcta para mi caso?", "Luis Gómez, ¿te sirve?", "SC-1001, ¿lo he escrito bien?",
    "tomorrow at 10, would that be ok?", "Marta Ruiz, ¿está bien escrito?", "critical, is that the right one for us?",
    "ana@x.es, have I typed it correctly?", "612 345 678. ¿Sería posible?", "Luis Gómez, is 11 fine?",
    "el jueves, ¿a las 12 podría ser?", "high, is this the correct one for my case?", "alta, ¿es la adecuada?",
])
def test_a_question_seeking_confirmation_of_the_value_is_not_cut(text):
    """A question asking whether the value just given will do asks nothing of its own: the form
    reads the message whole (the time in it, or its own answer to a question about the value)."""
    assert question_beside_answer(text) is None


@pytest.mark.parametrize("text, question", [
    ("alta. ¿Es la versión correcta para Windows 11?", "¿Es la versión correcta para Windows 11?"),
    ("ana@x.es, did I install the scanner driver right?", "did I install the scanner driver right?"),
    ("Luis Gómez, ¿podría ser que el antivirus lo bloquee?", "¿podría ser que el antivirus lo bloquee?"),
    ("it's ana@x.es, is the Plus edition ok for ten users?", "is the Plus edition ok for ten users?"),
    ("alta. ¿Está bien que use la versión gratuita en la empresa?",
     "¿Está bien que use la versión gratuita en la empresa?"),
    ("SC-1001, does the backup work on a NAS?", "does the backup work on a NAS?"),
    ("Marta Ruiz, ¿te sirve también para la factura la dirección fiscal?",
     "¿te sirve también para la factura la dirección fiscal?"),
    ("it's ana@x.es, is my data ok with the vendor?", "is my data ok with the vendor?"),
    ("alta. ¿Es correcto que la API no funcione en la edición Plus?",
     "¿Es correcto que la API no funcione en la edición Plus?"),
])
def test_a_question_with_words_of_its_own_beside_a_confirmation_word_is_still_cut(text, question):
    split = question_beside_answer(text)
    assert split is not None and split.question == question


@pytest.mark.parametrize("text", [
    ("que, " * 5000) + ". x?", ("¿que, " * 5000) + "x", ("ana@x.es, y por cierto " * 3000) + "?",
    ("sí, pero " * 5000) + "¿y?", ("what, " * 5000) + "!" + "x?", ("a. " * 8000) + "b?", ("- que " * 5000) + "; x?",
    "x" * 50000 + ", how?", ("¿" + "a" * 10) * 3000 + "?", ("é, " * 20000) + "Luis, ¿cuánto tarda la llamada?",
    ("e, " * 20000) + "x, que?", ("y, que, " * 5000) + "x?", (" ," * 10000) + "x, ¿y qué es eso de la API?",
], ids=lambda text: f"{text[:12]!r}x{len(text)}")
def test_a_long_message_is_split_in_a_few_milliseconds(text):
    """The clause patterns rescan the text from every break: on a long message that was quadratic
    (3.6 s for 5,000 "que,"). Only the message's tail is searched, so the work is bounded. The bound
    (0.3 s a call, a few milliseconds on an idle core) is loose enough for a loaded CI machine and
    still an order of magnitude under the quadratic case."""
    import time

    started = time.perf_counter()
    for _ in range(5):
        question_beside_answer(text)
    assert (time.perf_counter() - started) / 5 < 0.3


def test_a_question_at_the_end_of_a_long_message_is_still_found():
    text = "quiero ampliar la licencia a 5 usuarios " + "y el resto de la oficina también " * 60 + \
        ". Por cierto, ¿cuánto cuesta la versión Plus?"
    split = question_beside_answer(text)
    assert split is not None and split.question == "Por cierto, ¿cuánto cuesta la versión Plus?"
    assert split.answer.startswith("quiero ampliar") and text[split.start:split.end] == split.question
