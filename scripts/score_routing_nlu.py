"""Fast routing check: the route of each first message from the NLU model alone.

The end-to-end test (tests/e2e/test_routing_contract.py) starts both servers and takes
minutes; this trains only the NLU pipeline (or loads a given model) and maps each parse to
a route the way the rules and the re-routing actions do, so that a change of the training
data can be judged in well under a minute. It is a development aid, not the measure:
confirm every change end to end.

    .venv/bin/python scripts/score_routing_nlu.py [--model PATH] [--misses] [SET ...]

SET is a YAML list of {route, text} items (default: the routing dev sets in tests/data).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Sets scored by default. routing_heldout_2 is left out on purpose: helper sessions must not open it.
DEFAULT_SETS = ["routing_heldout.yml", "routing_heldout_3.yml", "routing_heldout_4.yml", "routing_heldout_5.yml",
                "routing_heldout_6.yml", "routing_dev_edges.yml"]
#: Intents whose rule shows a route straight away (nlu_data/rules/routing.yml, fallback.yml).
DIRECT = {"ask_howto": "kb", "not_solved": "ticket", "open_ticket": "ticket", "request_callback": "callback",
          "request_sla_support": "sla_case", "request_vendor_support": "vendor_case",
          "out_of_scope": "out_of_scope", "nlu_fallback": "out_of_scope", "greet": "greet",
          "goodbye": "goodbye", "thank": "thanks", "request_human": "human"}
#: Form-only intents re-routed by actions/interruptions.py when no form is running.
REROUTED = {"inform", "defer", "wait", "no_contract", "ask_what_shared", "switch_language"}
FORM_ROUTES = {"ticket_form": "ticket", "callback_form": "callback", "sla_case_form": "sla_case",
               "vendor_case_form": "vendor_case", "action_answer_from_kb": "kb",
               "action_handoff_to_agent": "human", "utter_out_of_scope": "out_of_scope"}


def train(out: Path) -> Path:
    """Train the NLU pipeline only; returns the model file."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    subprocess.run([rasa, "train", "nlu", "--nlu", "nlu_data", "--config", "config.yml", "--out", str(out),
                    "--fixed-model-name", "nlu"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return out / "nlu.tar.gz"


def route_of(parse: Dict[str, Any]) -> str:
    """The route the assistant would show for a first message with this parse."""
    from rasa_sdk import Tracker

    from actions.interruptions import names_a_case, request_under_data
    from bot.answers import is_question, requested_language

    intent = (parse.get("intent") or {}).get("name")
    if intent in DIRECT:
        return DIRECT[intent]
    if intent not in REROUTED:
        return "-"
    tracker = Tracker("score", {}, parse, [], False, None, {}, "action_listen")
    if intent == "inform" and names_a_case(tracker):
        return "-"
    if intent == "switch_language" and requested_language(parse.get("text")):
        return "-"
    follow = request_under_data(tracker)
    if follow:
        return FORM_ROUTES.get(follow, follow)
    if intent == "wait" and is_question(parse.get("text")):
        return "kb"
    return "-"


async def parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", help="YAML sets of {route, text}")
    parser.add_argument("--model", type=Path, help="a trained model (default: train the NLU now)")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    paths = [Path(p) for p in args.sets] or [ROOT / "tests" / "data" / name for name in DEFAULT_SETS]
    sets: List[Tuple[str, List[Dict[str, str]]]] = [
        (path.name, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in paths]
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or train(Path(tmp))
        texts = [item["text"] for _, items in sets for item in items]
        parses = dict(zip(texts, asyncio.run(parse_all(model, texts))))
    total = Counter()
    for name, items in sets:
        misses = []
        per_route: Counter = Counter()
        right: Counter = Counter()
        for item in items:
            parse = parses[item["text"]]
            got = route_of(parse)
            per_route[item["route"]] += 1
            if got == item["route"]:
                right[item["route"]] += 1
            else:
                intent = parse.get("intent") or {}
                misses.append(f"{item['route']:>12} -> {got:<12} ({intent.get('name')} "
                              f"{intent.get('confidence') or 0:.2f})  {item['text']}")
        total["n"] += len(items)
        total["right"] += len(items) - len(misses)
        by_route = "  ".join(f"{r} {right[r]}/{per_route[r]}" for r in sorted(per_route))
        print(f"{name}: {1 - len(misses) / len(items):.3f} ({len(items) - len(misses)}/{len(items)})  {by_route}")
        if args.misses:
            print("\n".join(misses))
    print(f"all: {total['right'] / total['n']:.3f} ({total['right']}/{total['n']})")


if __name__ == "__main__":
    main()
