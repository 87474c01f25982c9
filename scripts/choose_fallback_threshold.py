"""Choose the FallbackClassifier threshold for the project's own (calibrated) confidences.

The threshold means "below this the classifier is guessing": its value depends on how sharp
the classifier's confidences are, so a change of the blend or of its calibration needs it
chosen again. This loads a trained model, sets the FallbackClassifier's threshold in the loaded
graph to each candidate in turn, parses every message of the given routing sets through the
whole NLU pipeline (the components after the fallback, HowtoRecovery and OtherProductGuard,
see the fallback's result as in the server), maps each parse to a route as
scripts/score_routing_nlu.py does, and prints the routing accuracy per threshold. The chosen
threshold is the middle of the widest run of candidates with the best accuracy (a plateau's
middle moves least when the data changes). Choose on development sets only.

    .venv/bin/python scripts/choose_fallback_threshold.py --model M [--from 0.3 --to 0.8 --step 0.02] SET ...
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fallback_components(agent: Any) -> List[Any]:
    """The FallbackClassifier instances of the loaded NLU graph (one in config.yml)."""
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    return [node._component for node in nodes if isinstance(getattr(node, "_component", None), FallbackClassifier)]


def best_plateau(scores: Sequence[Tuple[float, int]]) -> float:
    """The middle of the longest run of consecutive thresholds with the best score."""
    best = max(score for _, score in scores)
    runs: List[List[float]] = []
    for (threshold, score), previous in zip(scores, [None] + list(scores[:-1])):
        if score != best:
            continue
        if runs and previous is not None and previous[1] == best:
            runs[-1].append(threshold)
        else:
            runs.append([threshold])
    run = max(runs, key=len)
    return run[len(run) // 2]


def parse_batch(agent: Any, texts: Sequence[str]) -> List[Dict[str, Any]]:
    """The NLU graph on all texts at once (what `parse_message` runs on one, batched: the
    sentence embeddings are computed together)."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER

    processor = agent.processor
    target = processor.model_metadata.nlu_target
    results = processor.graph_runner.run(
        inputs={PLACEHOLDER_MESSAGE: [UserMessage(text) for text in texts], PLACEHOLDER_TRACKER: None},
        targets=[target])
    return [message.as_dict(only_output_properties=True) for message in results[target]]


async def sweep(model: Path, items: List[Dict[str, str]], thresholds: Sequence[float]) -> List[Tuple[float, int]]:
    """Routing hits on `items` at each threshold."""
    from rasa.core.agent import Agent

    from scripts.score_routing_nlu import route_of

    agent = Agent.load(str(model))
    components = fallback_components(agent)
    if not components:
        raise SystemExit("no FallbackClassifier in the model's pipeline")
    results = []
    for threshold in thresholds:
        for component in components:
            component.component_config["threshold"] = threshold
        parses = parse_batch(agent, [item["text"] for item in items])
        hits = sum(route_of(parse) == item["route"] for parse, item in zip(parses, items))
        results.append((round(threshold, 3), hits))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", help="YAML sets of {route, text} (development sets only)")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--from", dest="low", type=float, default=0.3)
    parser.add_argument("--to", dest="high", type=float, default=0.8)
    parser.add_argument("--step", type=float, default=0.02)
    args = parser.parse_args()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.disable(logging.WARNING)
    items = [item for path in args.sets for item in yaml.safe_load(Path(path).read_text(encoding="utf-8"))]
    count = int(round((args.high - args.low) / args.step)) + 1
    thresholds = [args.low + i * args.step for i in range(count)]
    scores = asyncio.run(sweep(args.model, items, thresholds))
    for threshold, hits in scores:
        print(f"{threshold:.2f}  {hits}/{len(items)}  {hits / len(items):.3f}")
    print(f"chosen: {best_plateau(scores):.2f}")


if __name__ == "__main__":
    main()
