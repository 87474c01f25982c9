"""Which conversations name a third-party product (level 4) rather than words around our own program."""

import pytest

from actions.vendor import names_third_party


@pytest.mark.parametrize("text", [
    "Somos una gestoría con un NAS Synology y no guarda", "We are on a Synology NAS",
    "Somos un despacho con Terminal Server", "el servidor MySQL del proveedor no conecta",
    "the Microsoft SQL Server crashes", "por escritorio remoto no abre", "we run it on Citrix",
    "mi servidor de base de datos externo debe optimizarse", "our QNAP keeps disconnecting",
])
def test_a_third_party_product_is_named(text):
    assert names_third_party(text)


@pytest.mark.parametrize("text", [
    "no me llega el correo externo", "no reconoce el disco duro externo", "los PDF optimizados pesan mucho",
    "optimizad la búsqueda, va lenta", "the external mailbox does not sync", "la base de datos de PaperOffice va lenta",
    "sigue sin funcionar", "no, that didn't help",
])
def test_words_around_our_program_name_no_third_party(text):
    assert not names_third_party(text)
