"""A refusal followed by thanks declines; thanks alone, or a longer message, keeps its intent."""

import pytest

from bot.nlu.declining_thanks import declining_intent

THANK = {"name": "thank", "confidence": 0.6}


@pytest.mark.parametrize("text", ["no, gracias", "No gracias", "no muchas gracias", "no, gracias, ya está",
                                  "no thanks", "No, thank you.", "nope, thanks anyway", "nah thx",
                                  "no gracias de momento", "no, mil gracias 🙂", "no thank you very much"])
def test_a_refusal_with_thanks_is_deny(text):
    assert declining_intent(THANK, text, [{"name": "deny", "confidence": 0.2}]) == {"name": "deny",
                                                                                   "confidence": 0.6}


@pytest.mark.parametrize("text", ["gracias", "muchas gracias", "thanks!", "no problem, thanks",
                                  "no, thanks, that solved it", "no hay de qué, gracias a ti",
                                  "nothing else, thanks", "notable, gracias", "no"])
def test_thanks_and_longer_messages_keep_their_intent(text):
    assert declining_intent(THANK, text, []) is THANK


def test_only_a_thanks_reading_is_changed():
    affirm = {"name": "affirm", "confidence": 0.7}
    assert declining_intent(affirm, "no, gracias", []) is affirm
