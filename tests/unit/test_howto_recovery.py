"""An unsure how-to question reaches the knowledge base; other unsure messages still fall back."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.howto_recovery import HowtoRecovery, recovered_intent


def ranking(**scores):
    return [{"name": "nlu_fallback", "confidence": 0.4}] + [
        {"name": name, "confidence": value} for name, value in scores.items()]


def test_a_howto_that_was_the_best_guess_is_recovered():
    assert recovered_intent(ranking(ask_howto=0.28, out_of_scope=0.26), 0.15)["name"] == "ask_howto"


def test_a_howto_below_the_minimum_or_not_the_best_guess_stays_a_fallback():
    assert recovered_intent(ranking(ask_howto=0.12, open_ticket=0.05), 0.15) is None
    assert recovered_intent(ranking(ask_howto=0.30, out_of_scope=0.35), 0.15) is None
    assert recovered_intent(ranking(open_ticket=0.39, ask_howto=0.33), 0.15) is None


def test_the_component_changes_only_fallbacks():
    component = HowtoRecovery({"minimum": 0.15})
    unsure = Message(data={"text": "cuáles son los requisitos mínimos",
                           "intent": {"name": "nlu_fallback", "confidence": 0.4},
                           "intent_ranking": ranking(ask_howto=0.17, out_of_scope=0.03)})
    sure = Message(data={"text": "hola", "intent": {"name": "greet", "confidence": 0.9},
                         "intent_ranking": [{"name": "greet", "confidence": 0.9}]})
    component.process([unsure, sure])
    assert unsure.get("intent") == {"name": "ask_howto", "confidence": 0.17}
    assert sure.get("intent")["name"] == "greet"


def test_a_case_request_clearly_ahead_is_recovered_and_a_close_one_is_not():
    assert recovered_intent(ranking(open_ticket=0.36, ask_howto=0.26), 0.15)["name"] == "open_ticket"
    assert recovered_intent(ranking(open_ticket=0.36, request_callback=0.30), 0.15) is None
    assert recovered_intent(ranking(open_ticket=0.25, ask_howto=0.05), 0.15) is None
