"""Installing our program on a platform we have no article for is a how-to (review: "tenemos
macbooks con chip M2, ¿cómo lo instalo?" fell back, and "how do I install it on my Chromebook?"
was out of scope); installing another product on it stays out of scope."""

import pytest

from bot.nlu.scope_guard import guarded_intent
from bot.scope import installs_it_on_a_platform


@pytest.mark.parametrize("text", [
    "tenemos macbooks con chip M2, ¿cómo lo instalo?",
    "how do I install it on my Chromebook?",
    "we use Macs with M1 chips, how do I install it?",
    "¿se puede instalar en un Chromebook?",
    "mi ordenador es un mac mini, cómo lo descargo",
    "nuestros portátiles son Mac, ¿cómo instalo?",
    "uso Ubuntu, ¿lo puedo instalar?",
    "Can I install it on Linux?",
    "en la oficina tenemos iMacs, ¿dónde lo descargo?",
    "¿Cómo instalo el programa en un Mac?",
    "quería saber si se puede usar en un iPad",
    "can I use it on my Mac?",
    "¿lo puedo usar en Linux?",
])
def test_installing_it_on_a_platform(text):
    assert installs_it_on_a_platform(text)


@pytest.mark.parametrize("text", [
    "I bought Norton, how do I install it on my Mac?",
    "tengo un iPhone nuevo, ¿cómo instalo WhatsApp?",
    "How do I install Windows 11 on a new laptop?",
    "¿cómo instalo Office en el Mac?",
    "tengo un iPad, ¿cómo lo configuro?",
    "how do I install apps on my Chromebook?",
    "¿cómo instalo la impresora en el portátil?",
    "tenemos macbooks con chip M2",
    "my Mac is slow, how do I fix it?",
    "¿cómo lo instalo?",
    "how do I install Chrome on my laptop?",
    "¿cómo descargo las fotos del iPhone al PC?",
    "¿cómo instalo el driver de la impresora HP en el portátil?",
    "instalé Zoom en el portátil, ¿cómo lo desinstalo?",
    "¿se puede usar el iPad como segunda pantalla?",
    "can I use my iPhone as a webcam?",
    "how do I use Excel on my Mac?",
    "¿se puede usar WhatsApp en el portátil?",
    "can I use it?",
])
def test_other_installs_and_other_questions_are_not(text):
    assert not installs_it_on_a_platform(text)


@pytest.mark.parametrize("name", ["nlu_fallback", "out_of_scope", "no_contract", "ask_howto"])
def test_the_guard_reads_it_as_a_howto(name):
    ranking = [{"name": "out_of_scope", "confidence": 0.36}, {"name": "ask_howto", "confidence": 0.13}]
    intent = guarded_intent({"name": name, "confidence": 0.4}, "tenemos macbooks con chip M2, ¿cómo lo instalo?",
                            ranking)
    assert intent["name"] == "ask_howto"


def test_installing_another_product_stays_out_of_scope():
    ranking = [{"name": "ask_howto", "confidence": 0.6}, {"name": "out_of_scope", "confidence": 0.3}]
    intent = guarded_intent({"name": "ask_howto", "confidence": 0.6}, "¿cómo instalo WhatsApp en el Mac?", ranking)
    assert intent["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "vale, ya lo instalaré en el portátil cuando pueda, ¿ok?",          # a deferral with a tag question
    "I'll install it on my laptop later, ok?",
    "ya lo descargaré en el ordenador de casa, ¿vale?",
    "how do I install it on my HP printer?",                           # a printer is no computer
    "¿cómo lo instalo en la impresora HP?",
    "can I install it on our NAS?",
    "lo instalé en el equipo nuevo y no arranca, ¿qué hago?",          # a problem told: a description
    "I installed it on my Mac and it crashes, what now?",
    "lo instalamos en el portátil y se cuelga",
])
def test_planned_or_done_installs_devices_and_problems_are_not_a_platform_howto(text):
    """Review of conv16: these became ask_howto (a deferral, a printer, a description inside a form)."""
    assert not installs_it_on_a_platform(text)


@pytest.mark.parametrize("text", ["how do I install it on my HP laptop?", "¿lo puedo instalar en el portátil HP?"])
def test_a_brand_of_computer_is_still_a_platform(text):
    assert installs_it_on_a_platform(text)
