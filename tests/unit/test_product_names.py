"""The vendor case carries the model the customer wrote, not only the word the lookup knows."""

import pytest

from bot.product_names import product_phrase


def widened(text: str, word: str) -> str:
    start = text.index(word)
    return product_phrase(text, start, start + len(word))


@pytest.mark.parametrize("text, word, expected", [
    ("Since we moved the archive to our WD My Cloud NAS, PaperOffice shows an error", "NAS", "WD My Cloud NAS"),
    ("WD My Cloud NAS falla al guardar", "NAS", "WD My Cloud NAS"),
    ("el Synology DS920+ de la oficina no responde", "Synology", "Synology DS920+"),
    ("PaperOffice no conecta con el NAS QNAP TS-451 desde ayer", "NAS", "NAS QNAP TS-451"),
    ("Tenemos Windows Terminal Server 2019 y PaperOffice falla", "Windows Terminal Server",
     "Windows Terminal Server 2019"),
    ("el servidor MySQL 8.0 de nuestro proveedor", "MySQL", "MySQL 8.0"),
    # a bracket opened inside the name is closed again, never left open ("NAS (synology")
    ("hi, our NAS (synology) can't be reached from paperoffice", "NAS (synology", "NAS (synology)"),
    ("our NAS (Synology DS920+) can't be reached", "NAS", "NAS (Synology DS920+)"),
    ("el NAS (QNAP) no arranca", "QNAP", "NAS (QNAP)"),
])
def test_the_model_written_around_the_name_is_kept(text, word, expected):
    assert widened(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("mi nas no arranca", "nas", "nas"),            # nothing written like a name around it
    ("My NAS is slow", "NAS", "NAS"),               # a sentence's capitalised first word
    ("Hola! Nuestro NAS falla", "NAS", "NAS"),
    ("the NAS I bought last year", "NAS", "NAS"),   # the pronoun is not a model
    ("Hola, el NAS. No va", "NAS", "NAS"),          # the name ends at the full stop
])
def test_ordinary_words_stay_out_of_the_name(text, word, expected):
    assert widened(text, word) == expected
