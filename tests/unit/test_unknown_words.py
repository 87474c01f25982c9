"""A message made only of words never seen in training is not understood (bot/nlu/unknown_words.py)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.unknown_words import UnknownWordsGuard, content_words, only_unknown_words

VOCABULARY = frozenset("quiero abrir ticket factura the thing broken my printer impresora no funciona".split())


@pytest.mark.parametrize("text", ["blorp vvv the thingy", "el flurbo no grinza", "zzkk qwerty"])
def test_nonsense_is_only_unknown_words(text):
    assert only_unknown_words(text, VOCABULARY)


@pytest.mark.parametrize("text", ["quiero abrir un ticket", "my printer is broken", "gizmo", "la impresora hace blorp",
                                  "ok", "no no"])
def test_a_known_word_or_a_single_word_is_not_nonsense(text):
    assert not only_unknown_words(text, VOCABULARY)


def test_function_words_and_short_words_carry_no_meaning():
    assert content_words("the and de la un blorp") == ["blorp"]


def guard(vocabulary=VOCABULARY):
    return UnknownWordsGuard({"maximum": 0.65}, None, None, vocabulary)


def message(text, name, confidence, entities=()):
    return Message(data={"text": text, "intent": {"name": name, "confidence": confidence},
                         "entities": list(entities)})


def test_an_unsure_reading_of_nonsense_becomes_a_fallback():
    read = guard().process([message("blorp vvv the thingy", "request_sla_support", 0.43,
                                    [{"entity": "language", "value": "en"}])])[0]
    assert read.get("intent") == {"name": "nlu_fallback", "confidence": 0.43}


@pytest.mark.parametrize("msg", [message("blorp vvv the thingy", "request_sla_support", 0.8),
                                 message("blorp vvv", "inform", 0.5, [{"entity": "email", "value": "a@b.es"}]),
                                 message("quiero abrir un ticket", "open_ticket", 0.5)])
def test_a_confident_reading_an_entity_or_a_known_word_stands(msg):
    before = dict(msg.get("intent"))
    assert guard().process([msg])[0].get("intent") == before


def test_an_untrained_guard_changes_nothing():
    msg = message("blorp vvv the thingy", "request_sla_support", 0.43)
    assert guard(frozenset()).process([msg])[0].get("intent")["name"] == "request_sla_support"


@pytest.mark.parametrize("name, confidence", [("nlu_fallback", 0.4), ("request_sla_support", 0.43)])
def test_nonsense_says_nothing_about_its_language(name, confidence):
    read = guard().process([message("plof plof mmmnn", name, confidence, [{"entity": "language", "value": "en"}])])[0]
    assert read.get("entities") == []
    assert read.get("intent")["name"] == "nlu_fallback"


def test_a_message_with_known_words_keeps_its_language():
    read = guard().process([message("quiero abrir un ticket", "open_ticket", 0.5,
                                    [{"entity": "language", "value": "es"}])])[0]
    assert read.get("entities") == [{"entity": "language", "value": "es"}]
