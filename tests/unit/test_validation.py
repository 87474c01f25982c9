import pytest

from bot.validation import normalise_case_id, normalise_contract_id, normalise_email, normalise_phone


@pytest.mark.parametrize("raw, expected", [
    ("612 34 56 78", "+34612345678"),
    ("+34 612345678", "+34612345678"),
    ("0034 912 345 678", "+34912345678"),
    ("+52 55 1234 5678", "+525512345678"),
    ("(+54) 9 11 2345-6789", "+5491123456789"),
    ("+57 301 234 5678", "+573012345678"),
    ("llamadme al 612 34 56 78 por favor", "+34612345678"),
    ("07700 900456 UK", "+447700900456"),  # a country named beside a national number: its region
    ("my mobile is 07911 654321 (United Kingdom)", "+447911654321"),
    ("móvil de Francia 06 12 34 56 78", "+33612345678"),
    ("612 34 56 78, hablo inglés", "+34612345678"),  # a language is no country
    ("mi jefe usa este: +52 55 1234 5678", "+525512345678"),  # "usa" the verb names no country
    ("mi jefe usa el 55 1234 5678", "+525512345678"),
])
def test_phone_numbers_become_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "hola", "", None, "999 999 999 999 999"])
def test_invalid_phone_numbers_are_refused(raw):
    assert normalise_phone(raw) is None


@pytest.mark.parametrize("raw, expected", [
    ("Ana@Example.com", "ana@example.com"),
    ("mi correo es ana@example.com.", "ana@example.com"),
    # spelled out against spam
    ("my email? it's j.smith at acme dot com", "j.smith@acme.com"),
    ("ana.lopez arroba ferreteria-lopez punto es", "ana.lopez@ferreteria-lopez.es"),
    ("pedro (at) gmail (dot) com", "pedro@gmail.com"),
    ("jsmith [at] mail.acme.co.uk please", "jsmith@mail.acme.co.uk"),
    ("j.smith at acme.com", "j.smith@acme.com"),
])
def test_valid_email(raw, expected):
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", ["ana@", "<script>@x.com", "no tengo", "", None,
                                 "look at paperoffice.com", "llámame a las 10 en punto", "at home dot"])
def test_invalid_email(raw):
    assert normalise_email(raw) is None


def test_case_and_contract_ids_are_canonical():
    assert normalise_case_id("¿cómo va mi ticket t-123?") == "T-000123"
    assert normalise_case_id("sla-000045") == "SLA-000045"
    assert normalise_case_id("hola") is None
    assert normalise_contract_id("es el sc1001") == "SC-1001"
    assert normalise_contract_id("1001") is None
    for typed in ("contract number is sc 1001", "SC_1001", "sc–1001", "SC#1001", "es el SC. 1001", "SC: 1001"):
        assert normalise_contract_id(typed) == "SC-1001", typed
    for other in ("scan 1001 pages", "disc 1001", "SCX1001", "sc 12"):
        assert normalise_contract_id(other) is None, other


def test_a_case_id_with_a_space_after_its_prefix():
    from bot.validation import normalise_case_id

    assert normalise_case_id("t 16") == "T-000016"
    assert normalise_case_id("sla 3") == "SLA-000003"
    assert normalise_case_id("V 2") is None  # a version, not a vendor case


def test_only_real_spelled_addresses_are_blanked_out():
    from bot.validation import without_spelled_emails

    assert without_spelled_emails("soy laura.prieto arroba asesoriaprieto punto es").split() == ["soy"]
    assert without_spelled_emails("I look at invoices.pdf") == "I look at invoices.pdf"


@pytest.mark.parametrize("reply, contract", [
    ("vale ya lo encontre en el mail de bienvenida, es el 1002", "SC-1002"),
    ("el nuestro es 1001", "SC-1001"),
    ("it's 1002 I think", "SC-1002"),
    ("1002", "SC-1002"),
    ("contract number is sc 1001", "SC-1001"),
    ("lo firmamos en 2024, es el 1001", "SC-1001"),  # a year beside it is no contract
    ("el error 4001 sigue, pero el contrato es el 1002", "SC-1002"),  # nor an error code
    ("our number is 1003, we signed it in 2023", "SC-1003"),
])
def test_a_bare_contract_number_inside_the_answer_is_the_contract(reply, contract):
    from bot.validation import contract_number_in_reply

    assert contract_number_in_reply(reply) == contract


@pytest.mark.parametrize("reply", [
    "tenemos 1500 facturas", "somos 12 usuarios", "mi correo es ana1002@example.com", "llamadme al 612 345 678",
    "la versión 2024.1", "1001 o 1002, no sé", "ni idea", "el 15/12/2026", "cuesta 1200 €", "desde 2025",
    "the error code is 4001",
])
def test_other_numbers_are_no_contract(reply):
    from bot.validation import contract_number_in_reply

    assert contract_number_in_reply(reply) is None


@pytest.mark.parametrize("reply", [
    # a number that belongs to another noun, a count, an amount, a year, a phone, an address; a denied one
    "no lo tengo a mano, pero el ticket que abrimos es el 4512", "la incidencia que abrimos ayer era la 4512",
    "tenemos unos 3000 documentos escaneados y no abre ninguno", "mi móvil acaba en 4567, llamadme mejor",
    "no es el 1001, ese caducó", "está en la factura de enero, la 20931", "the invoice it's on is 20931",
    "el número de serie de la impresora es 123456", "la referencia del presupuesto es 20456", "pagamos 1200 al año",
    "tenemos PaperOffice 2024 instalado", "lo contratamos el año pasado, 2023", "we have 1200 staff", "our PO is 45123",
    "estamos en la calle Mayor 1234", "sí, llamadme, tenemos 3000 documentos bloqueados",
    "vale, llamadme, somos 1500 en plantilla", "es el 1002 o el 1003", "the ticket number is 4512", "it's 1200 euros",
])
def test_a_number_that_is_something_elses_is_no_contract(reply):
    from bot.validation import contract_number_in_reply

    assert contract_number_in_reply(reply) is None


@pytest.mark.parametrize("reply", [
    "es el 1002", "el contrato es 1002", "ya lo encontré, es el 1002", "nuestro contrato es el 1002",
    "el número de contrato es 1002", "número de contrato: 1002", "contrato nº 1002", "creo que es el 1002",
    "I think it's 1002", "yes, it's 1002", "sí, es el 1002, gracias", "es el 1002 si no me equivoco",
    "our contract number is 1002", "ours is 1002", "vale, el 1002", "sí, 1002", "1002, creo", "ya lo tengo: 1002",
    "es el 1002 y lo firmamos en 2024", "perdona, es el 1002", "hmm it's 1002 I think", "a ver... es el 1002",
    "mmm creo que es el 1002",
])
def test_a_number_the_reply_says_is_the_contract_is_the_contract(reply):
    from bot.validation import contract_number_in_reply

    assert contract_number_in_reply(reply) == "SC-1002"
