"""What an agent reads about a handed-off conversation, from Rasa's tracker events.

Pure functions over the JSON the Rasa HTTP API (and rasa-sdk's Tracker.events) gives:
the transcript, the intents detected, the articles tried, the slots collected, and a
summary of a few lines built from those and from the cases opened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence

from bot.text import normalise

#: Key of a bot event's metadata that marks what the desk appended (agent replies, notices).
DESK_MARK = "desk"
#: Slots that are the bot's bookkeeping rather than something the customer told.
INTERNAL_SLOTS = frozenset({
    "requested_slot", "pending_offer", "offer_context", "session_started_metadata", "kb_query", "kb_tried",
    "kb_article_id", "contract_attempts", "ticket_confirmed", "case_confirmed",
})
#: Intents that say nothing about the problem.
MINOR_INTENTS = frozenset({"affirm", "deny", "greet", "goodbye", "thank", "inform", "chitchat", "nlu_fallback"})
LEVEL_NAMES = {0: "self-help (KB)", 1: "ticket", 2: "callback", 3: "SLA case", 4: "vendor case", 5: "person"}


def _at(event: Mapping[str, Any]) -> Optional[str]:
    stamp = event.get("timestamp")
    if not isinstance(stamp, (int, float)):
        return None
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).isoformat()


def is_agent_message(event: Mapping[str, Any]) -> bool:
    """True for a bot event the desk appended with an agent's words."""
    mark = (event.get("metadata") or {}).get(DESK_MARK)
    return isinstance(mark, Mapping) and mark.get("role") == "agent"


def transcript(events: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Every text the customer, the bot and the agents wrote, oldest first.

    Returns:
        [{"from": "customer"|"bot"|"agent", "text", "at"}] (`at` ISO-8601 UTC); an agent's
        line also names the agent under "agent".
    """
    lines: List[Dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind == "user" and text:
            lines.append({"from": "customer", "text": str(text), "at": _at(event)})
        elif kind == "bot" and text:
            line = {"from": "agent" if is_agent_message(event) else "bot", "text": str(text), "at": _at(event)}
            if line["from"] == "agent":
                line["agent"] = (event.get("metadata") or {}).get(DESK_MARK, {}).get("agent")
            lines.append(line)
    return lines


def detected_intents(events: Iterable[Mapping[str, Any]]) -> List[str]:
    """The intents the bot recognised in the customer's messages, first seen first."""
    found: List[str] = []
    for event in events:
        if event.get("event") != "user":
            continue
        name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if name and name not in found:
            found.append(name)
    return found


def articles_tried(events: Iterable[Mapping[str, Any]]) -> List[str]:
    """Ids of the knowledge-base articles the bot showed, in order."""
    shown: List[str] = []
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "kb_article_id" and event.get("value"):
            if event["value"] not in shown:
                shown.append(str(event["value"]))
    return shown


def collected_slots(slots: Mapping[str, Any]) -> Dict[str, Any]:
    """Slots with a value that the customer gave or the bot worked out (bookkeeping left out)."""
    return {name: value for name, value in sorted(slots.items())
            if name not in INTERNAL_SLOTS and value not in (None, "", [], {})}


def first_question(events: Sequence[Mapping[str, Any]]) -> str:
    """The customer's first message about a problem (else their first message at all)."""
    texts = [(e, normalise(e.get("text"))) for e in events if e.get("event") == "user" and e.get("text")
             and not str(e.get("text")).startswith("/")]
    for event, text in texts:
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent and intent not in MINOR_INTENTS and intent != "request_human":
            return text
    return texts[0][1] if texts else ""


@dataclass(frozen=True)
class Summary:
    """A handed-off conversation in brief."""

    question: str
    level: Optional[int]
    intents: List[str]
    articles: List[str]
    slots: Dict[str, Any]
    cases: List[str] = field(default_factory=list)

    def lines(self, title_of: Callable[[str], Optional[str]] = lambda _: None) -> List[str]:
        """The summary as a few lines of text (article titles when `title_of` knows them)."""
        out = [f"Asked: {shorten(self.question, 160) or '(nothing yet)'}"]
        if self.level is not None:
            out.append(f"Level: {self.level} ({LEVEL_NAMES.get(self.level, '?')})")
        key_intents = [name for name in self.intents if name not in MINOR_INTENTS]
        if key_intents:
            out.append("Intents: " + ", ".join(key_intents))
        if self.articles:
            out.append("Articles tried: " + "; ".join(
                f"{title_of(a)} ({a})" if title_of(a) else a for a in self.articles))
        shown = {k: v for k, v in self.slots.items() if k not in ("language", "support_level")}
        if shown:
            out.append("Collected: " + ", ".join(f"{k}={shorten(str(v), 60)}" for k, v in shown.items()))
        if self.cases:
            out.append("Cases: " + ", ".join(self.cases))
        return out

    def text(self, title_of: Callable[[str], Optional[str]] = lambda _: None) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines(title_of))


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(normalise(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def summarise(events: Sequence[Mapping[str, Any]], slots: Mapping[str, Any],
              cases: Iterable[str] = ()) -> Summary:
    """Build the summary of a conversation.

    Args:
        events: the tracker's events (dicts as Rasa serialises them).
        slots: the tracker's current slots.
        cases: lines describing cases opened from this conversation, e.g. "T-000004 (open)".
    """
    level = slots.get("support_level")
    return Summary(
        question=first_question(events),
        level=int(level) if isinstance(level, (int, float)) else None,
        intents=detected_intents(events),
        articles=articles_tried(events),
        slots=collected_slots(slots),
        cases=list(cases),
    )
