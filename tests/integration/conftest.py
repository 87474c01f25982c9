"""Fixtures for action tests: trackers from JSON, a collecting dispatcher, real services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.services as services

TRACKERS = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def tracker_from_file(name: str, **overrides: Any) -> Tracker:
    """A tracker from tests/fixtures/trackers/NAME.json, with top-level keys overridden."""
    data = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
    data.update(overrides)
    return tracker_from_dict(data)


def tracker_from_dict(data: Dict[str, Any]) -> Tracker:
    return Tracker(data.get("sender_id", "test"), data.get("slots", {}), data.get("latest_message", {}),
                   data.get("events", []), False, None, data.get("active_loop", {}), "action_listen")


def make_tracker(text: str = "", intent: Optional[str] = None, slots: Optional[Dict[str, Any]] = None,
                 events: Optional[List[Dict[str, Any]]] = None, active_loop: Optional[str] = None,
                 ranking: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    """A tracker whose latest user message is `text`."""
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
             "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}]}
    history = list(events or []) + [{"event": "action", "name": "action_listen"},
                                    {"event": "user", "text": text, "parse_data": parse, "input_channel": "rest"}]
    return tracker_from_dict({"slots": {"language": "es", **(slots or {})}, "latest_message": parse,
                              "events": history, "active_loop": {"name": active_loop} if active_loop else {}})


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def installed(service, fixture_kb):
    """The action server's services replaced by the test store and the fixture KB."""
    services.install(cases=service, kb=fixture_kb)
    yield service
    services._cases = None
    services._kb = None


def events_to_dict(events) -> Dict[str, Any]:
    """SlotSet events as {slot: value}; other events under their type name."""
    out: Dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot":
            out[event["name"]] = event["value"]
        else:
            out[event.get("event")] = event.get("name")
    return out
