"""The Apertium client: one long-lived pipeline per direction, thread-safe, and its absence."""

from __future__ import annotations

import logging
import os
import threading

import pytest

from bot.kb import translate
from bot.kb.translate import Translator, apertium_available, start_translator

needs_apertium = pytest.mark.skipif(not apertium_available() and os.environ.get("REQUIRE_SERVICES") != "1",
                                    reason="Apertium is not installed (CI installs it)")


@pytest.fixture(scope="module")
def translator():
    started = Translator()
    yield started
    started.close()


@needs_apertium
def test_translates_both_directions(translator):
    assert "backup" in translator.translate("¿Cómo hago una copia de seguridad?", "es", "en").lower()
    assert "contraseña" in translator.translate("I forgot my password", "en", "es").lower()


@needs_apertium
def test_one_process_serves_many_queries(translator):
    translator.translate("hola", "es", "en")
    pipe = translator.pipes[("es", "en")]
    process = pipe._process
    for _ in range(5):
        translator.translate("olvidé mi contraseña", "es", "en")
    assert pipe._process is process and process.poll() is None


@needs_apertium
def test_a_batch_translates_each_text_on_its_own(translator):
    texts = ["Restaurar la copia", "Cambiar la contraseña\n\nDos párrafos", "escáner"]
    assert translator.translate_many(texts, "es", "en") == [translator.translate(t, "es", "en") for t in texts]


@needs_apertium
def test_concurrent_callers_get_their_own_translations(translator):
    texts = [f"tengo {n} facturas nuevas" for n in range(12)]
    expected = {t: translator.translate(t, "es", "en") for t in texts}
    results = {}

    def work(text: str) -> None:
        results[text] = translator.translate(text, "es", "en")

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


@needs_apertium
def test_markup_characters_do_not_break_the_stream(translator):
    assert translator.translate("ruta C:\\docs/[x] ^a$ <b> {c} @d \x00", "es", "en")
    assert "password" in translator.translate("contraseña", "es", "en").lower()


@needs_apertium
def test_a_killed_pipeline_is_restarted(translator):
    pipe = translator.pipes[("en", "es")]
    translator.translate("hello", "en", "es")
    pipe._process.kill()
    pipe._process.wait()
    assert "hola" in translator.translate("hello", "en", "es").lower()


def test_without_apertium_the_search_is_told_once(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(translate, "MODE_DIRS", (tmp_path,))
    monkeypatch.setattr(translate, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="bot.kb.translate"):
        assert start_translator() is None
        assert start_translator() is None
    warnings = [r for r in caplog.records if "apt-get install apertium apertium-en-es" in r.getMessage()]
    assert len(warnings) == 1


# --- Spanish support words in their software sense (issue 10: "correos" came out as "posts") ---

@pytest.mark.parametrize("text, expected", [
    ("que los correos con facturas se archiven solos?", "que los emails con invoices se archiven automáticamente?"),
    ("Correos nuevos en la bandeja", "Emails nuevos en la bandeja"),
    ("el correo electrónico de la tienda", "el email de la tienda"),
    ("mis correos electronicos", "mis emails"),
    ("revisa la carpeta de correo basura", "revisa la carpeta de spam"),
    ("se me cierra solo", "se me cierra automáticamente"),
    ("la app se nos reinicia sola cada noche", "la app se nos reinicia sola cada noche"),  # more words after: stays
    ("el programa se le cierra solo, ¿es normal?", "el programa se le cierra automáticamente, ¿es normal?"),
    ("Se borran solos y no sé por qué", "Se borran automáticamente y no sé por qué"),
    ("mandadlo por Correos", "mandadlo por Correos"),  # the postal service
    ("lo envié por correos la semana pasada", "lo envié por correos la semana pasada"),
    ("lo recogí en la oficina de correos", "lo recogí en la oficina de correos"),
    ("llegó una carta de Correos", "llegó una carta de Correos"),
    ("el envío de correos masivos falla", "el envío de emails masivos falla"),  # lowercase "de correos": e-mails
    ("Correos no enviados", "Emails no enviados"),  # capitalised at the start of a sentence: e-mails
    ("No llegan. Correos de clientes perdidos", "No llegan. Emails de clientes perdidos"),
    ("¿se puede hacer que se guarden por sí solos?", "¿se puede hacer que se guarden automáticamente?"),
    ("los adjuntos del mensaje", "los attachments del mensaje"),
])
def test_support_words_are_read_in_their_software_sense(text, expected):
    assert translate.with_support_senses(text) == expected


@pytest.mark.parametrize("text", [
    "te lo mandamos por correo postal",          # the postal sense stays
    "llegó por correo certificado",
    "que sea solo lectura",                      # "solo" = only, before more words
    "se puede solo con la versión plus",
    "solo quiero saber el precio",
    "lo hice yo solo",                           # no "se"/"que" + verb before it
    "¿la licencia vale para alguien que trabaja solo?",   # "alone": no reflexive "se"
    "ya que trabajo solo y no tengo equipo",
    "quiero que entren solas y sin errores",
    "el correoso filete",                        # whole words only
])
def test_other_senses_and_only_are_left_alone(text):
    assert translate.with_support_senses(text) == text


@needs_apertium
def test_correos_is_translated_as_emails_not_posts(translator):
    out = translator.translate("¿cómo hago para que los correos se archiven solos?", "es", "en").lower()
    assert "emails" in out and "post" not in out and "automatically" in out
    assert "emails" in translator.translate("importa los correos nuevos", "es", "en").lower()
