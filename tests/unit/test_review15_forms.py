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


@pytest.mark.parametrize("text, hour", [
    ("actually, instead 10 users have the problem", False), ("perdona, mejor 2 personas llamarán", False),
    ("no, mejor 3 veces al día falla", False), ("correction: rather 15 invoices fail", False),
    ("actually make it 11", True), ("mejor que sea a las 12", True), ("move it to 4pm", True),
    ("mejor a las 10 si puede ser", True), ("better 10:30 please", True)])
def test_a_bare_number_moves_the_call_only_when_it_is_an_hour(text, hour):
    from actions.callbacks import bare_hour_change

    assert bool(bare_hour_change(text)) is hour
