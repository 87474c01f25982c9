"""No loops, ever: every step of every form, hit with a message of every intent.

For each form, a scripted start reaches each of its questions; from each of those states
(copied into a fresh conversation through the tracker API, so the start runs once) the
assistant gets one message of every intent, sampled from the training data and the
held-out sets. Every reply must have 1–4 messages, none repeated; Rasa's action limit
must never be reached; and the next message must be answered.
The sample changes every run; NO_LOOPS_SEED=<n> replays one.
"""

from __future__ import annotations

import glob
import json
import os
import random
import re
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

#: Rasa's max_number_of_predictions: an action count this high after one message means it looped.
ACTION_LIMIT = 10
FORM_STARTS: Dict[str, List[str]] = {
    "ticket_form": ["Quiero abrir un ticket", "ana@example.com", "facturación",
                    "Me habéis cobrado dos veces la cuota de octubre"],
    "callback_form": ["El antivirus bloquea PaperOffice y no arranca", "Marta Ruiz", "612 345 678",
                      "el miércoles 16 de diciembre a las 17:00"],
    "sla_case_form": ["Tengo problemas con la base de datos", "SC-1001", "it@gestoria.es", "alta",
                      "Da errores de integridad desde la actualización"],
    "vendor_case_form": ["Tengo problemas con mi dispositivo NAS", "sí", "Synology DS920",
                         "Se desconecta cada hora y PaperOffice pierde la conexión"],
    "case_status_form": ["¿Cómo va mi ticket?", "T-000001"],
}
#: Starts that tell everything at once; they reach the read-back step of these forms as
#: FORM_STARTS do after asking each question (nothing is booked or filed without a yes).
READ_BACK_STARTS: Dict[str, List[str]] = {
    "callback_form": ["Soy Marta Ruiz, mi móvil es 612 345 678. El antivirus bloquea PaperOffice, "
                      "¿me llamáis el miércoles 16 de diciembre a las 17:30?"],
    "sla_case_form": ["Contrato SC-1001: la base de datos de PaperOffice da errores de integridad, prioridad alta, "
                      "escribidme a it@gestoria.es"],
}
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def messages_by_intent() -> Dict[str, List[str]]:
    """Training examples per intent, plus the held-out first messages as their own group."""
    found: Dict[str, List[str]] = {}
    for path in sorted(glob.glob(str(PROJECT_ROOT / "nlu_data" / "nlu" / "*.yml"))):
        for block in (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                examples = [ANNOTATION.sub(r"\1", line[2:].strip())
                            for line in block["examples"].splitlines() if line.strip().startswith("- ")]
                found.setdefault(block["intent"], []).extend(examples)
    held_out = []
    for path in sorted(glob.glob(str(PROJECT_ROOT / "tests" / "data" / "routing_heldout*.yml"))):
        held_out += [item["text"] for item in yaml.safe_load(Path(path).read_text(encoding="utf-8"))]
    found["held_out_first_messages"] = held_out
    return found


def request(url: str, payload=None, method: str = "GET"):
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=90) as response:
        return json.loads(response.read() or b"null")


def form_states(assistant) -> List[tuple]:
    """(form, requested slot, events) for every question of every form, each reached once."""
    states = []
    for form, start in list(FORM_STARTS.items()) + list(READ_BACK_STARTS.items()):
        chat = assistant.conversation()
        for message in start:
            chat.say(message)
            tracker = chat.tracker()
            if (tracker.get("active_loop") or {}).get("name") == form:
                states.append((form, tracker["slots"].get("requested_slot"), tracker["events"]))
    return states


def check_reply(replies: List[dict], tracker: dict) -> List[str]:
    """What is wrong with one reply: message count, repeats, or Rasa's action limit."""
    problems = []
    texts = [r.get("text") for r in replies if r.get("text")]
    if not 1 <= len(replies) <= 4:
        problems.append(f"{len(replies)} messages: {texts}")
    if len(texts) != len(set(texts)):
        problems.append(f"repeated message: {texts}")
    events = tracker["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    actions = [e["name"] for e in events[last_user + 1:] if e["event"] == "action" and e["name"] != "action_listen"]
    if len(actions) >= ACTION_LIMIT:
        problems.append(f"action limit reached: {actions}")
    return problems


def test_every_form_step_survives_every_intent(assistant):
    seed = int(os.environ.get("NO_LOOPS_SEED") or random.SystemRandom().randrange(10 ** 6))
    pick = random.Random(seed)
    samples = messages_by_intent()
    states = form_states(assistant)
    assert {form for form, _, _ in states} == set(FORM_STARTS), "every form must be reached"
    assert sum(requested == "case_confirmed" for _, requested, _ in states) == 2 * len(READ_BACK_STARTS)
    cases = [(form, requested, events, intent, pick.choice(texts))
             for form, requested, events in states for intent, texts in sorted(samples.items())]

    def run(case) -> List[str]:
        form, requested, events, intent, message = case
        sender = f"loops-{uuid.uuid4().hex[:10]}"
        base = assistant.base_url
        request(f"{base}/conversations/{sender}/tracker/events?token={assistant.token}", events, method="PUT")
        replies = request(f"{base}/webhooks/rest/webhook", {"sender": sender, "message": message}, "POST")
        problems = check_reply(replies, assistant.tracker(sender))
        if not request(f"{base}/webhooks/rest/webhook", {"sender": sender, "message": "hola"}, "POST"):
            problems.append("the next message got no answer")
        return [f"{form}/{requested} + {intent} {message!r}: {p}" for p in problems]

    with ThreadPoolExecutor(max_workers=4) as pool:  # separate conversations, as many customers would
        failures = [line for lines in pool.map(run, cases) for line in lines]
    print(f"no-loops seed {seed}: {len(states)} form states x {len(samples)} intents")
    assert not failures, f"seed {seed}:\n" + "\n".join(failures)
