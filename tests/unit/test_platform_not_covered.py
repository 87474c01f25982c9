"""A question whether the product runs on a system no article covers gets no article (held-out
dialogues 17: "and does PaperOffice run on Linux? our office is all Ubuntu" was answered with the
Windows installation article). The articles that say which systems they cover still answer
questions about those systems, and a question about a device used on a system is no such question."""
from pathlib import Path

import pytest

from bot.kb.platforms import asked_platforms, uncovered_platform

ARTICLES = Path(__file__).resolve().parents[2] / "kb_index" / "articles"
INSTALL_EN = (ARTICLES / "en" / "setup" / "install.md").read_text(encoding="utf-8")
PRODUCT = ["paperoffice"]


@pytest.mark.parametrize("text", [
    "and does PaperOffice run on Linux? our office is all Ubuntu",
    "does PaperOffice run on a Mac?",
    "¿PaperOffice funciona en Linux?",
    "¿se puede instalar en Ubuntu?",
    "can I install it on Debian?",
    "does it run on a chromebook",
    "¿funciona en mac?",
    "will it work on our Fedora machines?",
    "¿lo puedo usar en un iPad?",
])
def test_a_system_the_windows_article_does_not_cover(text):
    assert uncovered_platform(text, INSTALL_EN, PRODUCT)


@pytest.mark.parametrize("text", [
    "Does PaperOffice run on Windows 11?",
    "does it run on windows 10 64 bit",
    "funciona en windows 11?",
    "does it work on Windows and Linux?",  # Windows is covered: the article answers it
    "How do I install PaperOffice?",
    "¿qué requisitos tiene PaperOffice?",
])
def test_the_article_answers_its_own_system_and_plain_install_questions(text):
    assert not uncovered_platform(text, INSTALL_EN, PRODUCT)


@pytest.mark.parametrize("text", [
    "¿se puede usar una impresora usb con el ipad?",  # a printer used there: the printer article answers
    "can I connect a scale to the ipad",
    "is ther an app for iphone",
    "my Ubuntu server backs up the archive folder",
])
def test_devices_and_other_things_on_a_system_are_not_asked_about(text):
    assert asked_platforms(text, PRODUCT) == frozenset()


def test_an_article_that_names_no_system_is_never_ruled_out():
    assert not uncovered_platform("does PaperOffice run on Linux?", "Back up your archive to a folder.", PRODUCT)
