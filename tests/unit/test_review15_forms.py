"""Review findings 15: price questions inside forms are about what PaperOffice costs, not about
prices inside the program."""
import pytest

from actions.forms import asks_a_price


@pytest.mark.parametrize("text", [
    "el programa me da un error al calcular el precio de las facturas, ¿por qué?",
    "¿por qué el presupuesto sale sin IVA?", "why is the quote PDF blank?", "can I export prices to Excel?",
    "¿se puede cambiar la tarifa de IVA en las facturas?", "¿cuánto es el máximo de usuarios?"])
def test_program_features_named_with_price_words_are_no_price_question(text):
    assert not asks_a_price(text)


@pytest.mark.parametrize("text", [
    "una cosa, ¿cuánto cuesta la versión Plus?", "how much is the Plus licence?", "how much does the Plus version cost?",
    "¿qué precio tiene la licencia?", "¿cuál es el precio de la versión Plus?", "¿cuánto cuesta la licencia con IVA?"])
def test_price_questions_still_caught(text):
    assert asks_a_price(text)
