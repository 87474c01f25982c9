"""A ticket's topic from the customer's words: our billing, not the customer's own invoices."""

import pytest

from actions.tickets import category_from_text


@pytest.mark.parametrize("text, category", [
    ("la factura de noviembre me llegó duplicada", "billing"),  # our invoice to the customer
    ("me habéis cobrado dos veces", "billing"),
    ("las facturas de proveedores me salen dos veces en el archivo", None),  # their documents
    ("our scanned invoices are filed twice", None),
    ("las facturas escaneadas no se archivan, y la licencia Plus no se activa", "licence"),
    ("facturacion@talleres.es", None),
])
def test_the_topic_is_ours_to_bill_not_the_customers_documents(text, category):
    assert category_from_text(text) == category
