"""Issue 8: a case's description is the customer's problem, not their framing."""

import re

import pytest

from actions.messages import MESSAGES
from actions.sla import PRIORITY_ANSWER, names_priority
from actions.tickets import CATEGORY_ANSWER
from bot.answers import case_description, detail_beside_answer
from bot.caller_number import asks_about_suspicious_call, asks_caller_number


@pytest.mark.parametrize("text, description", [
    ("Quiero abrir un ticket porque la factura de noviembre llegó duplicada", "La factura de noviembre llegó duplicada"),
    ("necesito que me llaméis porque el programa no arranca desde ayer", "El programa no arranca desde ayer"),
    ("I'd like a callback because the scanner stopped working after the update",
     "The scanner stopped working after the update"),
    ("can you open a ticket since the OCR misreads every invoice total?", "The OCR misreads every invoice total?"),
    ("Quiero un ticket ya que no puedo exportar a PDF", "No puedo exportar a PDF"),
    ("I need a ticket as the invoice from October shows the wrong VAT number",
     "The invoice from October shows the wrong VAT number"),
    ("llamadme que no puedo entrar", "No puedo entrar"),
    ("llámenme, que el escáner no guarda los documentos", "El escáner no guarda los documentos"),
    ("Quiero abrir un ticket, como la factura llegó duplicada no puedo pagarla",
     "Como la factura llegó duplicada no puedo pagarla"),
])
def test_a_request_before_its_reason_leaves_only_the_reason(text, description):
    assert case_description(text) == description


@pytest.mark.parametrize("text, description", [
    ("Soy Marta de Construcciones López. Tenemos contrato SC-1001. La base de datos da error al abrir.",
     "La base de datos da error al abrir."),
    ("Hola, buenas. Les escribe Pedro, de Talleres Ruiz. El escáner no envía los PDF a la carpeta.",
     "El escáner no envía los PDF a la carpeta."),
    ("I'm John from Acme Ltd. The OCR skips the second page of every scan.", "The OCR skips the second page of every scan."),
    ("We are a small firm. Since Monday nobody can log in to the shared archive.",
     "Since Monday nobody can log in to the shared archive."),
    ("Hola, soy Ana, la contable. La factura de octubre tiene mal el CIF.", "La factura de octubre tiene mal el CIF."),
    ("Soy de Madrid. El IVA sale al 10% en las facturas.", "El IVA sale al 10% en las facturas."),
    ("Les escribe Pedro, de Asesoría Gómez. No llegan los correos de activación.",
     "No llegan los correos de activación."),
    ("Buenos días, somos una asesoría pequeña. La licencia Plus no se activa.", "La licencia Plus no se activa."),
    ("hola, buenas tardes, no me llega el correo de activación", "No me llega el correo de activación"),
])
def test_introductions_and_the_known_contract_are_left_out(text, description):
    assert case_description(text, ["SC-1001"]) == description


@pytest.mark.parametrize("text", [  # nothing that tells the problem is lost
    # the setup (a product, a third party's name) is a fact the case needs, not an introduction
    "Somos una gestoría con un NAS Synology. El escáner no guarda en la carpeta compartida.",
    "We are on a Synology NAS. The backup fails every night.",
    "Somos un despacho con Terminal Server. Nadie puede abrir PaperOffice desde ayer.",
    # all in capitals or title case: a capital is no name, the problem stays
    "SOY MARTA Y NO PUEDO ENTRAR EN PAPEROFFICE. TAMBIEN FALLA EL ESCANER AL GUARDAR",
    "I am Getting An Error When Scanning",
    # a relative "que" after a noun, and "para que…" (the request's purpose), are no reason: all is kept
    "Quiero reabrir el ticket que cerrasteis ayer, la factura sigue mal",
    "Necesito una llamada que me explique cómo se configura el escáner",
    "Quiero un ticket que diga que la licencia está mal asignada",
    "Quiero hablar del ticket que ya abrí la semana pasada porque sigue sin resolverse",
    "abridme un ticket para que revisen el cobro doble de octubre",
    "quiero que me abráis un ticket que no me deja entrar nadie",
    "necesito un ticket para cambiar el CIF de la factura de octubre",
    "la factura que llegó ayer está duplicada porque se envió dos veces",
    "el programa se cierra porque dice que falta una DLL",
    "necesito que el OCR lea bien las fechas",
    "can you open a ticket since the update the program crashes on start",
    "I need a ticket since yesterday the scanner fails",
    "quiero saber por qué no me llega la factura de noviembre",
    "no puedo abrir el ticket porque el enlace del correo falla",
    "the invoice is wrong because the VAT is 10% instead of 21%",
    "soy el administrador y no puedo entrar al panel de licencias",
    "Soy Marta y PaperOffice no arranca desde ayer",
    "soy usuario nuevo y no encuentro la bandeja de entrada",
    "I'm locked out of my account since this morning",
    "I'm getting error 0x80 when I open the archive",
    "we are on Windows 11 and the scanner is not found",
    "somos 5 personas y solo 3 pueden entrar a la vez",
    "aquí en la oficina nadie puede imprimir",
    "Tenemos contrato SC-1002. La base de datos da error al abrir.",  # another contract than the case's
    "nuestro contrato SC-1001 caducó ayer y no nos deja abrir casos",
    "Tenemos contrato SC-1001 pero no aparece en el portal",
])
def test_near_misses_keep_the_whole_message(text):
    assert case_description(text, ["SC-1001"]) == text


def test_a_shouted_greeting_goes_but_the_shouted_problem_stays():
    assert case_description("HOLA, SOY MARTA Y NO PUEDO ENTRAR EN PAPEROFFICE. TAMBIEN FALLA EL ESCANER AL GUARDAR") == \
        "SOY MARTA Y NO PUEDO ENTRAR EN PAPEROFFICE. TAMBIEN FALLA EL ESCANER AL GUARDAR"


def test_a_contract_is_left_out_only_when_the_case_holds_it():
    text = "Tenemos contrato SC-1001. La base de datos da error al abrir."
    assert case_description(text) == text  # a ticket has no contract field: the number stays
    assert case_description(text, ["SC-1001"]) == "La base de datos da error al abrir."


@pytest.mark.parametrize("text, added", [
    ("alta, y además desde ayer también falla el backup nocturno", "Desde ayer también falla el backup nocturno"),
    ("high, and also the nightly backup has been failing since yesterday",
     "The nightly backup has been failing since yesterday"),
    ("crítica porque nadie puede facturar desde esta mañana", "Nadie puede facturar desde esta mañana"),
    ("alta, soy Marta y además el escáner no guarda nada", "El escáner no guarda nada"),
    ("baja, no es grave, solo que el OCR tarda un poco más en las facturas",
     "Solo que el OCR tarda un poco más en las facturas"),
])
def test_what_a_priority_answer_adds_is_problem_detail(text, added):
    assert detail_beside_answer(text, PRIORITY_ANSWER, names_priority) == added


@pytest.mark.parametrize("text", [
    "alta", "prioridad alta", "alta, no, perdón, mejor crítica", "high - actually make it critical",
    "urgente, estamos parados, nadie puede trabajar", "alta. ¿cuánto tardaréis en contestar?",
    "high please, how long will it take?", "sí, alta", "alta, gracias", "normal, no corre prisa",
    "baja, cuando podáis", "critical, we're down and nobody can work",
    "alta, pero antes ¿qué diferencia hay con crítica?",
    # an introduction (personal data) or a justification of the value is no problem detail
    "alta, soy Marta de Talleres Ruiz", "alta, soy Marta, de Talleres Ruiz", "high, I'm John from Acme",
    "baja, no es nada grave la verdad", "low, it's not a big deal honestly", "baja, la verdad es que no corre ninguna prisa",
])
def test_a_priority_answer_with_nothing_more_adds_nothing(text):
    assert detail_beside_answer(text, PRIORITY_ANSWER, names_priority) == ""


@pytest.mark.parametrize("text, added", [
    ("facturación, y además la factura de noviembre llegó duplicada", "La factura de noviembre llegó duplicada"),
    ("billing - the November invoice was charged twice", "The November invoice was charged twice"),
    ("es de facturación porque el IVA sale al 10%", "El IVA sale al 10%"),
])
def test_what_a_topic_answer_adds_keeps_its_own_topic_words(text, added):
    assert detail_beside_answer(text, CATEGORY_ANSWER) == added


@pytest.mark.parametrize("text", [
    "facturación", "es sobre una factura", "licencia, gracias", "other, I think",
    "actualización. ¿cuánto tarda la descarga?", "billing, no sorry, licence", "factura, sí", "otro",
])
def test_a_topic_answer_with_nothing_more_adds_nothing(text):
    assert detail_beside_answer(text, CATEGORY_ANSWER) == ""


@pytest.mark.parametrize("text", [
    "¿el técnico me llamará desde un número oculto?",
    "will the technician call from a private number?",
    "¿desde qué número me llamarán?",
    "¿desde qué número me vais a llamar?",
    "¿me llamaréis con número oculto? es que no cojo los ocultos",
    "what number will you call me from?",
    "which number will the technician call from?",
    "will the call show up as unknown caller? I don't pick up unknown numbers",
    "will it be a withheld number when you call?",
    "¿qué número me saldrá cuando llame el técnico?",
    # an invoice named in another sentence is the problem, not where the number shows
    "El OCR no lee las facturas desde la actualización, llamadme mañana a las 10. ¿Desde qué número me llamaréis?",
])
def test_questions_about_the_number_our_call_shows(text):
    assert asks_caller_number(text)


@pytest.mark.parametrize("text", [
    "¿cuál es vuestro número de teléfono?",  # the contact channels: the contact article
    "what's your phone number?",
    "what number should I give you?",  # the customer's own number
    "¿a qué número me llamaréis?",
    "¿qué número de contrato pongo?",
    "¿cómo oculto mi número al enviar un fax desde PaperOffice?",
    "la factura muestra un número desconocido",
    "mi número es privado, llamadme al 612345678",
    "¿desde qué versión funciona el OCR?",
    "how do I hide the caller id in the fax module?",
    "¿puedo llamaros yo desde otro número?",
    "el técnico me llamó desde un número oculto y no lo cogí",
    "¿cuándo me llamará el técnico?",
    "what phone number do you have for me?",
    # calls already received, a possible fraud, a number in the program, a request to be called again
    "me llaman de un número desconocido diciendo que son de PaperOffice, ¿es fraude?",
    "I got a call from a private number claiming to be your technician and asking for my password. Was that you?",
    "¿Es normal que el soporte llame desde un número desconocido y pida mi contraseña?",
    "¿el módulo de llamadas muestra el caller ID?",
    "¿Qué número sale en la factura? el técnico dijo que llamaría",
    "el técnico me llamó desde un número oculto y no lo cogí, ¿me podéis volver a llamar?",
    "someone rang me from an unknown number yesterday, will you call again?",
])
def test_other_questions_about_numbers_are_not_about_our_call(text):
    assert not asks_caller_number(text)


@pytest.mark.parametrize("text", [
    "me llaman de un número desconocido diciendo que son de PaperOffice, ¿es fraude?",
    "I got a call from a private number claiming to be your technician and asking for my password. Was that you?",
    "¿Es normal que el soporte llame desde un número desconocido y pida mi contraseña?",
    "someone rang me saying they were from PaperOffice support and wanted my login, is that legit?",
    "me llamó el técnico y me pidió la contraseña del programa, ¿se la doy?",
    "the technician asked for my password on the call, is that normal?",
])
def test_a_call_that_may_not_be_ours_gets_the_warning(text):
    assert asks_about_suspicious_call(text)


@pytest.mark.parametrize("text", [
    "no puedo cambiar la contraseña, llamadme",
    "I forgot my password, can you call me?",
    "¿me llamáis para cambiar la contraseña del administrador?",
    "Me llamó el técnico ayer y me dijo que cambiara la contraseña pero sigue sin funcionar",
    "¿me llamaréis desde un número oculto?",
    "¿Es legal que el técnico acceda a mis datos cuando llame?",
])
def test_a_password_problem_or_a_call_question_is_no_warning(text):
    assert not asks_about_suspicious_call(text)


def test_the_warning_never_asks_for_the_password():
    for language in ("es", "en"):
        assert re.search(r"nunca|never", MESSAGES["suspicious_call"][language], re.IGNORECASE)


def test_the_caller_number_answer_promises_no_number():
    for language in ("es", "en"):
        assert not re.search(r"\d{3}", MESSAGES["caller_number"][language])


@pytest.mark.parametrize("text, known, wanted", [
    ("We have a support contract. Our API upload integration returns 401 since this morning.", ["SC-1002"],
     "Our API upload integration returns 401 since this morning."),
    ("Tenemos contrato de soporte. La base de datos no arranca.", ["SC-1001"], "La base de datos no arranca."),
    # no contract on the case yet, another id, or a clause that says more: kept
    ("We have a support contract. Our API upload integration returns 401.", [],
     "We have a support contract. Our API upload integration returns 401."),
    ("Tenemos contrato SC-1003. La base de datos no arranca.", ["SC-1001"],
     "Tenemos contrato SC-1003. La base de datos no arranca."),
    ("Our support contract covers the API. It returns 401.", ["SC-1001"],
     "Our support contract covers the API. It returns 401."),
    ("We have a support contract and the API returns 401.", ["SC-1001"],
     "We have a support contract and the API returns 401."),
])
def test_a_clause_that_only_says_there_is_a_contract_is_left_out_once_the_case_holds_one(text, known, wanted):
    assert case_description(text, known) == wanted
