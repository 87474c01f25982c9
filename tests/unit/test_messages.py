import re
from pathlib import Path

import pytest

from actions.messages import MESSAGES, render
from actions.prompts import PROMPTS

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    placeholders = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("es", "en")}
    assert placeholders["es"] == placeholders["en"]


def test_every_key_the_actions_say_exists():
    used = set()
    for path in ACTIONS.glob("*.py"):
        used |= set(re.findall(r'say\(\s*dispatcher, tracker, "(\w+)"', path.read_text()))
    used |= set(PROMPTS.values())
    assert used and used <= set(MESSAGES)


def test_render_fills_placeholders():
    assert "T-000001" in render("ticket_created", "en", case_id="T-000001", email="a@b.c", due="Mon")


def test_a_sentence_opened_by_a_typed_value_starts_with_a_capital():
    assert render("ask_vendor_consent", "es", vendor="terminal server").startswith("Terminal server es un producto")
    assert render("ask_vendor_consent", "en", vendor="iPhone").startswith("iPhone is")  # a name's own case stays
    assert render("ask_vendor_consent", "en", vendor="QNAP NAS").startswith("QNAP NAS is")
