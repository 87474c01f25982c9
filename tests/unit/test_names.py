"""Names read from messages that carry several details, in both languages."""

import pytest

from bot.names import colleague_named, looks_like_a_name, read_person_name


@pytest.mark.parametrize("text, name", [
    # introduced
    ("Soy Marta Ruiz, mi teléfono es 612 345 678", "Marta Ruiz"),
    ("me llamo pedro gil", "Pedro Gil"),
    ("my name is John Smith and I need a call", "John Smith"),
    ("Name's Oliver Grant, number 0044 7700 900 456", "Oliver Grant"),  # the contraction is an introduction
    ("Hi! name's oliver grant", "Oliver Grant"),
    ("Hola, les escribe María de la Fuente, 611 222 333", "María de la Fuente"),
    ("Buenas, aquí Jorge Ruiz de Talleres Ruiz. Mi móvil: 612 345 678", "Jorge Ruiz"),
    ("llamada de parte de Inés Castro, del departamento de compras", "Inés Castro"),
    ("Could you ring me back? I'm Fatima El Amrani, fatima@example.org", "Fatima El Amrani"),
    ("Call me tomorrow at 9 please. This is Hannah from Accounts, 612 345 678", "Hannah"),
    ("Sure, it's Dev Malhotra. Number: +44 20 7946 0321", "Dev Malhotra"),  # held-out 6 kept "it's"
    ("It’s Anna Berg", "Anna Berg"),
    # signed
    ("Hi, Daniel Okafor here, +44 7700 900456, dokafor@example.com. The OCR keeps failing", "Daniel Okafor"),
    ("Good morning, Priya Nair speaking. You can reach me on +44 7700 900123", "Priya Nair"),
    ("Rubén Soto al habla, llamadme al 612 345 678", "Rubén Soto"),
    ("Hey Owen Price here - 07700 900777", "Owen Price"),
    # listed beside contact details
    ("Sure - Megan Doyle, +44 7911 123456, megan.doyle@example.com", "Megan Doyle"),
    ("Buenos días. Tomás Herrero, tomas.herrero@example.es, 699 111 222. Necesito que me llamen", "Tomás Herrero"),
    ("Kees van der Berg, kees@example.nl, 0031 6 12345678", "Kees van der Berg"),
    ("Call me tomorrow at 10, Samuel Whitaker, 07700 900111", "Samuel Whitaker"),
    ("Oliver, oliver@example.co.uk, 07700 900222", "Oliver"),
    ("Vale: +34 655 443 322 - Carmen Ortiz Vidal - carmen@example.es", "Carmen Ortiz Vidal"),
])
def test_a_name_anywhere_in_a_message(text, name):
    assert read_person_name(text) == name


@pytest.mark.parametrize("text", [
    "PaperOffice Plus, 612 345 678",
    "Windows Server, admin@example.com",
    "Hola, 612 345 678, ana@example.es",
    "Mi número es 612 345 678 y el correo pepe@example.es",
    "El escáner no funciona, 612 345 678",
    "Factura Duplicada, facturas@example.es",
    "Good Morning, 612 345 678",
    "hola soy admin de la empresa",
    "soy administrador de sistemas",
    "I'm having trouble with the scanner",
    "Marta Ruiz",  # a bare name is only a name when one was asked for
    "Sorry, wrong number. It's #39",
    "It's Friday at 10",
    "It's Windows Defender again",
])
def test_no_name_where_there_is_none(text):
    assert read_person_name(text) is None


@pytest.mark.parametrize("text, name", [
    ("marta ruiz", "Marta Ruiz"), ("Peter O'Brien", "Peter O'Brien"), ("Llamadme mañana, Ana Gil", "Ana Gil"),
    ("sí, que me llamen", None), ("yes please call me", None), ("oh, number: +44 7700 900123", None),
    ("uy, perdona: 612 345 678", None), ("it's urgent, Mark Li here", "Mark Li"), ("mañana a las 10", None), ("ana@example.com", None),
])
def test_a_reply_to_what_is_your_name(text, name):
    assert read_person_name(text, asked=True) == name


def test_looks_like_a_name():
    assert looks_like_a_name("Samuel Whitaker")
    assert not looks_like_a_name("Windows Server")
    assert not looks_like_a_name("Hola")


@pytest.mark.parametrize("text, name", [
    ("Sorry, can you write in English please? I'm Dutch, my Spanish is not good. I'm Pieter de Vries", "Pieter de Vries"),
    ("soy holandés, me llamo Pieter de Vries", "Pieter de Vries"),
    ("I'm new here, my name is Ann Lee", "Ann Lee"),
    ("soy inglesa, me llamo Emma Stone", "Emma Stone"),
])
def test_a_nationality_or_an_adjective_after_im_is_no_name(text, name):
    assert read_person_name(text) == name


@pytest.mark.parametrize("text", ["I'm Dutch", "soy holandés", "I'm new here", "soy nueva"])
def test_a_nationality_alone_is_no_name(text):
    assert read_person_name(text) is None


@pytest.mark.parametrize("text", ["Pieter de Vries", "Ana de la Fuente", "Kees van der Berg"])
def test_a_bare_name_with_a_particle_is_a_name(text):
    assert read_person_name(text, asked=True) == text


@pytest.mark.parametrize("text, name", [
    ("soy Núria Ferrer i Sala, mi móvil 655 120 334", "Núria Ferrer i Sala"),
    ("me llamo Antonio Machado y Ruiz", "Antonio Machado y Ruiz"),
    ("soy Ana y mi móvil es el 612345678", "Ana"),  # "y" after a first name alone joins no surnames
    ("soy Marta Ruiz y Mañana me va bien", "Marta Ruiz"),
])
def test_and_between_two_surnames_belongs_to_the_name(text, name):
    assert read_person_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("me ayudáis con el antivirus? llamadme. Lucía Pardo 611 222 333", "Lucía Pardo"),
    ("call me back please. Tom Baker +44 7911 654321", "Tom Baker"),
    ("Name Priya Shah, phone 07911 654321", "Priya Shah"),
])
def test_a_name_followed_by_its_number_in_one_piece(text, name):
    assert read_person_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("actually my colleague Anna will take the call, same number", "Anna"),
    ("llamad mejor a mi compañera Laura Gil, al mismo número", "Laura Gil"),
    ("our technician Pedro Ruiz will answer", "Pedro Ruiz"),
    ("mi compañero se encarga", None),
    ("my boss is busy that day", None),
])
def test_a_colleague_named_to_take_the_call(text, name):
    assert colleague_named(text) == name


@pytest.mark.parametrize("text", [
    "espera, antes: ¿dónde veo qué versión tengo instalada?",
    "oye, una pregunta: ¿el programa funciona en Mac?",
    "oye, una duda: ¿el programa funciona en Mac?",
    "a quick doubt: does it run on Mac?",
    "wait, first: where do I see my licence key?",
    "primero, ¿cuánto tarda la llamada?",
])
def test_an_opener_before_a_question_is_no_name_even_when_one_was_asked(text):
    assert read_person_name(text, asked=True) is None


@pytest.mark.parametrize("text, name", [
    ("Soy Andrzej Duda", "Andrzej Duda"),   # Duda is a surname: the word for "doubt" is no stop word
    ("Me llamo Maria Duda", "Maria Duda"),
])
def test_a_surname_that_is_also_a_word_is_kept(text, name):
    assert read_person_name(text, asked=True) == name
