"""Playing scripted multi-turn dialogues against the running assistant and checking them.

The format is described in tests/conversations/README.md. `play` returns the list of
failed checks (empty when the dialogue held), so the same code serves the pytest suite
and the once-only scoring of the held-out dialogues (scripts/score_dialogues.py).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional
from zoneinfo import ZoneInfo

import yaml

MADRID = ZoneInfo("Europe/Madrid")
MAX_MESSAGES_PER_REPLY = 4
TURN_KEYS = {"user", "form", "requested", "slots", "slots_have", "unchanged", "says", "says_any", "not_says",
             "no_reply", "route"}
#: What a dialogue may set up before its first turn (tests/conversations/README.md).
GIVEN_KEYS = {"cases", "agent_available"}
CASE_TEXT_KEYS = {"description_has": "description", "subject_has": "subject", "vendor_has": "vendor"}
#: Words a case field must not hold ("description_lacks": the consent's conditions are not the problem).
CASE_LACKS_KEYS = {"description_lacks": "description", "subject_lacks": "subject", "vendor_lacks": "vendor"}
ROUTE_ACTIONS = {
    "action_answer_from_kb": "kb",
    "action_handoff_to_agent": "human",
    "utter_out_of_scope": "out_of_scope",
    "action_default_fallback": "out_of_scope",
    "action_two_stage_fallback": "out_of_scope",
    "utter_greet": "greet",
    "utter_goodbye": "goodbye",
    "utter_you_are_welcome": "thanks",
}
ROUTE_LOOPS = {"ticket_form": "ticket", "callback_form": "callback", "sla_case_form": "sla_case",
               "vendor_case_form": "vendor_case"}


@dataclass
class Dialogue:
    """One scripted conversation of a dialogue file."""

    name: str
    cls: str
    lang: str
    turns: List[Dict[str, Any]]
    cases: List[Dict[str, Any]]
    given: Dict[str, Any] = field(default_factory=dict)
    source: str = ""
    #: Why this dialogue is known to fail today (docs/BENCHMARKS.md); empty when it must pass.
    known_miss: str = ""

    @property
    def id(self) -> str:
        return f"{Path(self.source).stem}: {self.name}"


def load_dialogues(paths: Iterable[Path]) -> List[Dialogue]:
    """Every dialogue of the given YAML files, checked for the format's required keys."""
    dialogues: List[Dialogue] = []
    for path in paths:
        for item in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            unknown = {key for turn in item["turns"] for key in turn} - TURN_KEYS
            if unknown:
                raise ValueError(f"{path}: {item.get('name')}: unknown turn keys {sorted(unknown)}")
            unknown_given = set(item.get("given") or {}) - GIVEN_KEYS
            if unknown_given:
                raise ValueError(f"{path}: {item.get('name')}: unknown given keys {sorted(unknown_given)}")
            dialogues.append(Dialogue(item["name"], item.get("class", "other"), item.get("lang", "es"),
                                      item["turns"], item.get("cases", []), item.get("given") or {}, str(path),
                                      item.get("known_miss", "")))
    return dialogues


def fold(text: Any) -> str:
    """Lower case without accents: how replies and expectations are compared."""
    decomposed = unicodedata.normalize("NFD", str(text))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def substitute(value: Any, references: Dict[str, Dict[str, str]]) -> Any:
    """Fill {case.REF.id} / {case.REF.number} placeholders anywhere in an expectation."""
    if isinstance(value, str):
        return re.sub(r"\{case\.(\w+)\.(id|number)\}", lambda m: references[m.group(1)][m.group(2)], value)
    if isinstance(value, list):
        return [substitute(item, references) for item in value]
    if isinstance(value, dict):
        return {key: substitute(item, references) for key, item in value.items()}
    return value


def same_value(actual: Any, expected: Any) -> bool:
    """Slot equality that treats 1 and 1.0 alike and compares strings exactly."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(actual) == float(expected)
    return actual == expected


def reply_text(replies: List[Dict[str, Any]]) -> str:
    """Everything the customer sees in a reply: texts and button titles."""
    parts: List[str] = []
    for reply in replies:
        parts.append(reply.get("text") or "")
        parts += [button.get("title", "") for button in reply.get("buttons") or []]
    return "\n".join(parts)


def routes_after_last_user(events: List[Dict[str, Any]]) -> List[str]:
    """The contract routes shown by the events after the latest user message."""
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    found = set()
    for event in events[last_user + 1:]:
        if event["event"] == "action" and event.get("name") in ROUTE_ACTIONS:
            found.add(ROUTE_ACTIONS[event["name"]])
        elif event["event"] == "active_loop" and event.get("name") in ROUTE_LOOPS:
            found.add(ROUTE_LOOPS[event["name"]])
    return sorted(found)


def check_turn(turn: Dict[str, Any], replies: List[Dict[str, Any]], before: Dict[str, Any],
               tracker: Dict[str, Any]) -> List[str]:
    """Every expectation of one turn that does not hold, as readable lines."""
    problems: List[str] = []
    slots = tracker["slots"]
    text = fold(reply_text(replies))
    texts = [r.get("text") for r in replies if r.get("text")]
    if turn.get("no_reply"):
        if replies:
            problems.append(f"expected no reply, got {texts}")
    else:
        if not 1 <= len(replies) <= MAX_MESSAGES_PER_REPLY:
            problems.append(f"{len(replies)} messages in one reply: {texts}")
        if len(texts) != len(set(texts)):
            problems.append(f"a message repeated within one reply: {texts}")
    if "form" in turn:
        form = (tracker.get("active_loop") or {}).get("name")
        if form != turn["form"]:
            problems.append(f"form {form!r}, expected {turn['form']!r}")
    if "requested" in turn and slots.get("requested_slot") != turn["requested"]:
        problems.append(f"requested slot {slots.get('requested_slot')!r}, expected {turn['requested']!r}")
    for name, value in (turn.get("slots") or {}).items():
        if not same_value(slots.get(name), value):
            problems.append(f"slot {name} = {slots.get(name)!r}, expected {value!r}")
    for name, words in (turn.get("slots_have") or {}).items():
        missing = [w for w in words if fold(w) not in fold(slots.get(name) or "")]
        if missing:
            problems.append(f"slot {name} = {slots.get(name)!r} lacks {missing}")
    for name in turn.get("unchanged") or []:
        if not same_value(slots.get(name), before.get(name)):
            problems.append(f"slot {name} changed from {before.get(name)!r} to {slots.get(name)!r}")
    missing = [w for w in turn.get("says") or [] if fold(w) not in text]
    if missing:
        problems.append(f"reply lacks {missing}: {texts}")
    if turn.get("says_any") and not any(fold(w) in text for w in turn["says_any"]):
        problems.append(f"reply has none of {turn['says_any']}: {texts}")
    present = [w for w in turn.get("not_says") or [] if fold(w) in text]
    if present:
        problems.append(f"reply says {present}: {texts}")
    if "route" in turn:
        routes = routes_after_last_user(tracker["events"])
        if routes != [turn["route"]]:
            problems.append(f"routes {routes}, expected [{turn['route']!r}]")
    return problems


def check_cases(expected: List[Dict[str, Any]], actual: List[Dict[str, Any]]) -> List[str]:
    """Whether exactly the expected cases exist, in order, with the named fields."""
    if len(actual) != len(expected):
        summary = [(c["id"], c["kind"]) for c in actual]
        return [f"{len(actual)} case(s) {summary}, expected {len(expected)}"]
    problems: List[str] = []
    for number, (want, case) in enumerate(zip(expected, actual), start=1):
        for key, value in want.items():
            if key in CASE_TEXT_KEYS:
                field_text = fold(case.get(CASE_TEXT_KEYS[key]) or "")
                missing = [w for w in value if fold(w) not in field_text]
                if missing:
                    problems.append(f"case {number} {CASE_TEXT_KEYS[key]} lacks {missing}: "
                                    f"{case.get(CASE_TEXT_KEYS[key])!r}")
            elif key in CASE_LACKS_KEYS:
                field_text = fold(case.get(CASE_LACKS_KEYS[key]) or "")
                present = [w for w in value if fold(w) in field_text]
                if present:
                    problems.append(f"case {number} {CASE_LACKS_KEYS[key]} holds {present}: "
                                    f"{case.get(CASE_LACKS_KEYS[key])!r}")
            elif key == "callback_local":
                at = case.get("callback_at")
                local = dt.datetime.fromisoformat(at).astimezone(MADRID).strftime("%Y-%m-%dT%H:%M") if at else None
                if local != value:
                    problems.append(f"case {number} callback at {local}, expected {value}")
            elif not same_value(case.get(key), value):
                problems.append(f"case {number} {key} = {case.get(key)!r}, expected {value!r}")
    return problems


@dataclass
class Outcome:
    """How one dialogue went: its failed checks and each turn's reply time."""

    dialogue: Dialogue
    problems: List[str]
    latencies: List[float]

    @property
    def passed(self) -> bool:
        return not self.problems


def play(dialogue: Dialogue, conversation, cases_of: Callable[[str], List[Dict[str, Any]]],
         create_case: Callable[[Dict[str, Any]], Dict[str, str]]) -> Outcome:
    """Play `dialogue` in a fresh `conversation` and check every turn and the final cases.

    Args:
        dialogue: the scripted conversation.
        conversation: a REST conversation (tests/e2e/conftest.py `Conversation`).
        cases_of: the cases of a conversation id, as `python -m bot.cases list --json` gives them.
        create_case: creates one `given.cases` entry and returns {"id", "number"}.
    """
    references = {case["ref"]: create_case(case) for case in dialogue.given.get("cases") or []}
    problems: List[str] = []
    latencies: List[float] = []
    before = conversation.tracker()["slots"]
    for number, raw_turn in enumerate(dialogue.turns, start=1):
        turn = substitute(raw_turn, references)
        started = time.perf_counter()
        try:
            replies = conversation.say(turn["user"])
        except Exception as error:  # the server must answer every message
            problems.append(f"turn {number} {turn['user']!r}: no answer ({error.__class__.__name__}: {error})")
            break
        latencies.append(time.perf_counter() - started)
        tracker = conversation.tracker()
        problems += [f"turn {number} {turn['user']!r}: {p}" for p in check_turn(turn, replies, before, tracker)]
        before = tracker["slots"]
    problems += check_cases(substitute(dialogue.cases, references), cases_of(conversation.sender))
    return Outcome(dialogue, problems, latencies)
