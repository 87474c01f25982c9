"""action_validate_slot_mappings runs in the Rasa server: the same events and messages as the
action server's reply, with no HTTP call (bot.serving.local_validation)."""

from __future__ import annotations

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions.messages import render
from bot.serving import local_validation
from bot.settings import PROJECT_ROOT

#: Nothing listens here: a call that went over HTTP would fail.
NOWHERE = EndpointConfig("http://127.0.0.1:9/webhook")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def tracker_after(domain: Domain, text: str, intent: str, language: str, preference=None) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    if preference:
        events.append(SlotSet("language_preference", preference))
    events.append(UserUttered(text, {"name": intent, "confidence": 0.9},
                              [{"entity": "language", "value": language, "start": 0, "end": 0}]))
    return DialogueStateTracker.from_events("c1", events, slots=domain.slots)


async def extract(domain: Domain, tracker: DialogueStateTracker):
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return await ActionExtractSlots(NOWHERE).run(CollectingOutputChannel(), nlg, tracker, domain)


async def test_the_preference_wins_over_the_message_language_without_the_action_server(domain):
    assert local_validation.install()
    events = await extract(domain, tracker_after(domain, "how do I restore a backup?", "ask_howto", "en",
                                                 preference="es"))
    assert [(e.key, e.value) for e in events if isinstance(e, SlotSet)] == [("language", "es")]
    assert not [e for e in events if isinstance(e, BotUttered)]


async def test_without_a_preference_the_message_language_stands(domain):
    assert local_validation.install()
    events = await extract(domain, tracker_after(domain, "how do I restore a backup?", "ask_howto", "en"))
    assert [(e.key, e.value) for e in events if isinstance(e, SlotSet)] == [("language", "en")]


async def test_a_switch_asked_beside_a_question_is_acknowledged_in_the_new_language(domain):
    assert local_validation.install()
    text = "¿podemos seguir en inglés? el contrato es SC-1001"
    events = await extract(domain, tracker_after(domain, text, "inform", "es"))
    uttered = [e.text for e in events if isinstance(e, BotUttered)]
    assert uttered == [render("language_switched", "en")]
    # the message's language validated first, then the switch (the action's own order)
    assert [(e.key, e.value) for e in events if isinstance(e, SlotSet)] == [
        ("language", "es"), ("language_preference", "en"), ("language", "en")]


async def test_other_custom_actions_still_go_to_the_action_server(domain):
    assert local_validation.install()
    calls = []

    class Recording(EndpointConfig):
        async def request(self, *args, **kwargs):
            calls.append(kwargs["json"]["next_action"])
            return {"events": [], "responses": []}

    action = ActionExtractSlots(Recording("http://127.0.0.1:9/webhook"))
    tracker = tracker_after(domain, "hola", "greet", "es")
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    await action._run_custom_action("action_some_slot_filler", CollectingOutputChannel(), nlg, tracker, domain)
    await action._run_custom_action("action_validate_slot_mappings", CollectingOutputChannel(), nlg, tracker,
                                    domain)
    assert calls == ["action_some_slot_filler"]
    assert action._action_endpoint.url == "http://127.0.0.1:9/webhook"


def test_the_setting_turns_it_off():
    assert local_validation.enabled({})
    assert local_validation.enabled({"LOCAL_SLOT_VALIDATION": "1"})
    assert not local_validation.enabled({"LOCAL_SLOT_VALIDATION": "0"})
    assert not local_validation.enabled({"LOCAL_SLOT_VALIDATION": "no"})
