"""A ticket about an update or a licence is billing only when it is about a real charge or bill."""

import pytest

from actions.tickets import category_from_text, charges_money

NOT_MONEY = [
    "Desde la actualización recibo un error al abrir PaperOffice",
    "tras el update el módulo no se ha cargado",
    "after the update Bill from accounting cannot log in",
    "after the update the charger icon disappeared",
    "after the update the VAT number field is empty",
    "after the update the fiscal year view is blank",
    "tras la actualización el módulo de facturación no abre",
    "El OCR no lee las facturas desde la actualización",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_words_that_only_look_like_money_leave_an_update(text):
    assert not charges_money(text)
    assert category_from_text(text) == "update"


@pytest.mark.parametrize("text", [
    "hey, we got charged twice for the Plus upgrade this month",
    "nos habéis cobrado la actualización dos veces",
    "tengo un cargo de la actualización en la tarjeta que no reconozco",
    "después de actualizar me han cargado 99 euros en la tarjeta",
    "Buenas, este mes me habéis cargado dos veces la suscripción Plus",
    "nos cargaron la actualización dos veces",
    "quiero la factura de la actualización",
    "I need a refund for the upgrade",
    "the bill for the upgrade is wrong",
])
def test_a_real_charge_is_billing(text):
    assert charges_money(text)
    assert category_from_text(text) == "billing"


@pytest.mark.parametrize("text", ["facturación", "es por una factura", "billing", "un recibo duplicado"])
def test_a_typed_billing_answer_is_still_billing(text):
    assert category_from_text(text) == "billing"
