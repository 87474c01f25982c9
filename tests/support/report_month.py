"""A generated month of support conversations with known counts, for the report's tests and benchmark.

Conversations are built from Rasa's own event classes, exactly as the assistant's actions
leave them on a tracker (action_answer_from_kb sets support_level, kb_article_id, kb_query,
pending_offer; forms set support_level; a hand-off pauses), and written into a real SQL
tracker store: through Rasa's SQLTrackerStore.save (tests) or as the very rows that method
writes, in bulk (the 10,000-conversation benchmark). Cases, ratings and suggestions go into a
real cases database. `Expected` is counted from the scenarios as they are generated, never
from the report's code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import create_engine

from bot.cases.db import create_schema, make_engine, make_session_factory
from bot.cases.models import ID_PREFIXES, CaseRecord
from bot.feedback.models import RatingRecord, SuggestionRecord

UTC = dt.timezone.utc
CHANNELS = [("socketio", 0.5), ("telegram", 0.3), ("rest", 0.2)]

#: The planted gap: questions about exporting to QuickBooks, which no article answers.
PLANTED_TOPIC = [
    "how do I export my invoices to QuickBooks?", "can PaperOffice export to QuickBooks Online",
    "export documents to QuickBooks", "is there a QuickBooks export", "QuickBooks export not available?",
    "how to send invoices from PaperOffice to QuickBooks", "QuickBooks integration for invoices",
    "¿cómo exporto las facturas a QuickBooks?", "exportar a QuickBooks", "¿se puede exportar a QuickBooks?",
    "conectar PaperOffice con QuickBooks", "pasar las facturas a QuickBooks", "QuickBooks export settings",
    "sync invoices with QuickBooks", "exportación de facturas para QuickBooks",
]
OTHER_GAPS = [
    ["how do I print labels on a Zebra printer", "print shipping labels with my Zebra label printer",
     "¿cómo imprimo etiquetas en la impresora Zebra?", "Zebra label printer setup"],
    ["I lost the phone with my two-factor authentication app", "2FA app lost, how do I log in",
     "perdí el móvil con la autenticación en dos pasos", "reset two factor authentication without phone"],
]
ONE_OFF_GAPS = ["does it run on a Raspberry Pi", "can I pay with bitcoin", "is there a Klingon translation",
                "¿funciona con Windows XP?", "how many fonts are included", "¿tenéis oficina en Valencia?"]
ANSWERED = ["how do I scan to a folder", "¿cómo creo una etiqueta?", "how to restore a backup",
            "¿cómo activo el OCR?", "where do I change my password"]
SUGGESTION_THEMES = [
    ["please add a dark mode", "a dark theme would be great", "estaría bien un modo oscuro",
     "dark mode for the desktop app please", "sugerencia: tema oscuro"],
    ["make a version for Mac", "sería genial una versión para macOS", "please release PaperOffice for Mac"],
]


@dataclass
class Expected:
    """The counts the report must show for the generated month."""

    conversations: int = 0
    by_channel: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    by_top_level: Counter = field(default_factory=Counter)
    kb_conversations: int = 0
    kb_answered: int = 0
    deflected: int = 0
    handed_off: int = 0
    escalations: Counter = field(default_factory=Counter)
    gap_questions: List[Tuple[str, str]] = field(default_factory=list)
    planted: List[str] = field(default_factory=list)
    cases_opened: Counter = field(default_factory=Counter)
    cases_resolved: Counter = field(default_factory=Counter)
    first_response_breaches: Counter = field(default_factory=Counter)
    resolution_breaches: Counter = field(default_factory=Counter)
    ratings: Dict[int, List[int]] = field(default_factory=dict)
    rating_comments: int = 0
    suggestions: List[str] = field(default_factory=list)


@dataclass
class Month:
    """The generated data: conversations (sender id, Rasa event dicts), cases, ratings, suggestions."""

    start: dt.datetime
    end: dt.datetime
    conversations: List[Tuple[str, List[Dict[str, Any]]]]
    cases: List[Dict[str, Any]]
    ratings: List[Dict[str, Any]]
    suggestions: List[Dict[str, Any]]
    expected: Expected


class _Conversation:
    """Builds one conversation's events (Rasa's classes, as dictionaries) and tallies what it means."""

    def __init__(self, sender: str, at: float, channel: str, language: str) -> None:
        from rasa.shared.core.events import ActionExecuted, SessionStarted

        self.sender, self.t, self.channel, self.language = sender, at, channel, language
        self.events = [ActionExecuted("action_session_start", timestamp=self._tick()).as_dict(),
                       SessionStarted(timestamp=self._tick()).as_dict(),
                       ActionExecuted("action_listen", timestamp=self._tick()).as_dict()]
        self.level: Optional[int] = None
        self.levels: List[int] = []
        self.escalations: List[Tuple[int, int]] = []

    def _tick(self, seconds: float = 2.0) -> float:
        self.t += seconds
        return self.t

    def user(self, text: str, intent: str) -> None:
        from rasa.shared.core.events import UserUttered

        parse = {"intent": {"name": intent, "confidence": 0.93}, "entities": [], "text": text,
                 "intent_ranking": [{"name": intent, "confidence": 0.93}]}
        self.events.append(UserUttered(text, parse["intent"], [], parse, timestamp=self._tick(20),
                                       input_channel=self.channel).as_dict())
        if len([e for e in self.events if e["event"] == "user"]) == 1:  # the language detector's slot
            from rasa.shared.core.events import SlotSet

            self.events.append(SlotSet("language", self.language, timestamp=self._tick(0.01)).as_dict())

    def action(self, name: str, *slots: Tuple[str, Any], say: str = "") -> None:
        from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet

        self.events.append(ActionExecuted(name, timestamp=self._tick()).as_dict())
        for slot, value in slots:
            self.events.append(SlotSet(slot, value, timestamp=self._tick(0.01)).as_dict())
            if slot == "support_level":
                self._reach(value)
        if say:
            self.events.append(BotUttered(say, timestamp=self._tick(0.01)).as_dict())
        self.events.append(ActionExecuted("action_listen", timestamp=self._tick(0.01)).as_dict())

    def pause(self) -> None:
        from rasa.shared.core.events import ActionExecuted, ConversationPaused

        self.events.append(ActionExecuted("action_handoff_to_agent", timestamp=self._tick()).as_dict())
        self.events.append(ConversationPaused(timestamp=self._tick(0.01)).as_dict())
        self._reach(5)

    def _reach(self, level: int) -> None:
        if self.level is not None and level > self.level:
            self.escalations.append((self.level, level))
        self.level = level
        self.levels.append(level)


def _due(created: dt.datetime, hours: float, done_after: Optional[float]) -> Tuple[dt.datetime, Optional[dt.datetime]]:
    due = created + dt.timedelta(hours=hours)
    return due, None if done_after is None else created + dt.timedelta(hours=done_after)


#: With `vary`, questions get a greeting or a tail, as people write them (more distinct texts to embed).
PREFIXES = ["", "", "hola, ", "hi, ", "una pregunta: ", "quick question: ", "buenas, ", "hello, "]
SUFFIXES = ["", "", " please", " gracias", " thanks", "??", " urgente", " por favor"]


def generate_month(conversations: int = 400, seed: int = 13, end: Optional[dt.datetime] = None,
                   days: int = 30, vary: bool = False) -> Month:
    """A month of conversations in fixed proportions, with every count the report shows.

    Args:
        conversations: how many (scenarios are drawn with fixed weights, so counts vary with the seed).
        seed: the random seed.
        end: the window's end (default 27 Nov 2026 12:00 UTC); conversations fall in the `days` before it.
        vary: write each question with a random greeting or tail (the benchmark's realistic variety).
    """
    rng = random.Random(seed)
    end = end or dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    start = end - dt.timedelta(days=days)
    # keep the last 2 hours free so every conversation's events fall inside the window
    span = (end - start).total_seconds() - 7200
    expected = Expected()
    out: List[Tuple[str, List[Dict[str, Any]]]] = []
    cases: List[Dict[str, Any]] = []
    ratings: List[Dict[str, Any]] = []
    scenarios = ["kb_helped", "kb_gap", "kb_unhelpful_ticket", "ticket", "callback", "sla", "vendor",
                 "ticket_then_callback", "human", "kb_then_human", "greet_only"]
    weights = [30, 10, 6, 12, 6, 4, 3, 4, 5, 3, 7]
    def phrase(text: str) -> str:
        return rng.choice(PREFIXES) + text + rng.choice(SUFFIXES) if vary else text

    planted = iter(_cycle(PLANTED_TOPIC, rng))
    others = iter(_cycle([q for group in OTHER_GAPS for q in group] + ONE_OFF_GAPS, rng))
    number = 0
    for index in range(conversations):
        scenario = rng.choices(scenarios, weights)[0]
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        language = "en" if rng.random() < 0.35 else "es"
        at = start.timestamp() + rng.random() * span
        conv = _Conversation(f"gen-{seed}-{index:06d}", at, channel, language)
        kb = scenario.startswith("kb")
        if scenario in ("kb_helped", "kb_unhelpful_ticket", "kb_then_human"):
            question = phrase(rng.choice(ANSWERED))
            conv.user(question, "ask_howto")
            conv.action("action_answer_from_kb", ("support_level", 0), ("kb_article_id", "art-1"),
                        ("kb_query", question), ("kb_tried", ["art-1"]), ("pending_offer", "kb_feedback"),
                        say="Del artículo «…»")
        if scenario == "kb_helped":
            conv.user("sí", "affirm")
            conv.action("action_handle_affirm", ("pending_offer", "rating"), ("offer_context", "kb:0"))
            if rng.random() < 0.6:
                score = rng.choice([3, 4, 4, 5, 5])
                comment = "muy claro" if rng.random() < 0.3 else None
                ratings.append(_rating(conv, 0, "kb", score, comment))
                expected.ratings.setdefault(0, []).append(score)
                expected.rating_comments += comment is not None
                conv.user(str(score), "rate")
                conv.action("action_take_rating", ("pending_offer", "rating_comment"))
        elif scenario == "kb_gap":
            topic = rng.random() < 0.45
            question = phrase(next(planted) if topic else next(others))
            conv.user(question, "ask_howto")
            conv.action("action_answer_from_kb", ("support_level", 0), ("kb_article_id", None),
                        ("kb_query", question), ("kb_tried", []), ("pending_offer", "ticket"))
            expected.gap_questions.append((question, "abstained"))
            if topic:
                expected.planted.append(question)
        elif scenario == "kb_unhelpful_ticket":
            conv.user("no", "deny")
            expected.gap_questions.append((_last_query(conv), "unhelpful"))
            conv.action("action_handle_deny", ("support_level", 1))
            number = _case(cases, expected, conv, 1, number, rng)
        elif scenario in ("ticket", "callback", "sla", "vendor"):
            level = {"ticket": 1, "callback": 2, "sla": 3, "vendor": 4}[scenario]
            conv.user("necesito ayuda con mi caso", ["open_ticket", "request_callback", "request_sla_support",
                                                     "request_vendor_support"][level - 1])
            conv.action(["ticket_form", "callback_form", "sla_case_form", "vendor_case_form"][level - 1],
                        ("support_level", level))
            if rng.random() < 0.85:
                number = _case(cases, expected, conv, level, number, rng)
                if rng.random() < 0.5:
                    score = rng.choice([1, 2, 3, 4, 5])
                    ratings.append(_rating(conv, level, "case", score, None))
                    expected.ratings.setdefault(level, []).append(score)
        elif scenario == "ticket_then_callback":
            conv.user("abrir un ticket", "open_ticket")
            conv.action("ticket_form", ("support_level", 1))
            conv.user("no me sirve, mejor que me llamen", "not_solved")
            conv.action("action_escalate", ("support_level", 2))
            number = _case(cases, expected, conv, 2, number, rng)
        elif scenario in ("human", "kb_then_human"):
            conv.user("quiero hablar con una persona", "request_human")
            conv.pause()
            if rng.random() < 0.5:
                score = rng.choice([2, 4, 5])
                ratings.append(_rating(conv, 5, "agent", score, "amable" if score > 3 else "lento"))
                expected.ratings.setdefault(5, []).append(score)
                expected.rating_comments += 1
        else:  # greet_only
            conv.user("hola", "greet")
            conv.action("utter_greet")
        out.append((conv.sender, conv.events))
        expected.conversations += 1
        expected.by_channel[channel] += 1
        expected.by_language[language] += 1
        expected.by_top_level[max(conv.levels) if conv.levels else "none"] += 1
        expected.kb_conversations += kb
        answered = scenario in ("kb_helped", "kb_unhelpful_ticket", "kb_then_human")
        expected.kb_answered += answered
        expected.deflected += scenario == "kb_helped"
        expected.handed_off += scenario in ("human", "kb_then_human")
        expected.escalations.update(conv.escalations)
    suggestions = []
    for theme in SUGGESTION_THEMES:
        for text in theme:
            suggestions.append({"text": text, "created_at": start + dt.timedelta(days=rng.uniform(1, days - 1)),
                                "conversation_id": None, "channel": "socketio", "language": "es"})
            expected.suggestions.append(text)
    for text in ("can you add Dropbox sync", "un lector de códigos QR en la app"):
        suggestions.append({"text": text, "created_at": start + dt.timedelta(days=3), "conversation_id": None,
                            "channel": "rest", "language": "en"})
        expected.suggestions.append(text)
    return Month(start, end, out, cases, ratings, suggestions, expected)


def _cycle(items: List[str], rng: random.Random):
    while True:
        batch = list(items)
        rng.shuffle(batch)
        yield from batch


def _last_query(conv: _Conversation) -> str:
    for event in reversed(conv.events):
        if event.get("event") == "slot" and event.get("name") == "kb_query":
            return event["value"]
    return ""


def _rating(conv: _Conversation, level: int, trigger: str, score: int, comment: Optional[str]) -> Dict[str, Any]:
    return {"created_at": dt.datetime.fromtimestamp(conv.t + 30, UTC), "conversation_id": conv.sender,
            "channel": conv.channel, "language": conv.language, "level": level, "trigger": trigger,
            "score": score, "comment": comment}


def _case(cases: List[Dict[str, Any]], expected: Expected, conv: _Conversation, level: int, number: int,
          rng: random.Random) -> int:
    """One case for `conv` at `level`, with a drawn outcome: on time, late, still open."""
    number += 1
    kind = {1: "ticket", 2: "callback", 3: "sla_case", 4: "vendor_case"}[level]
    created = dt.datetime.fromtimestamp(conv.t + 5, UTC)
    outcome = rng.choice(["on_time", "on_time", "late_response", "late_resolution", "open_in_time", "open_late"])
    responded = {"on_time": 2, "late_response": 10, "late_resolution": 3, "open_in_time": None, "open_late": None}
    resolved = {"on_time": 20, "late_response": 30, "late_resolution": 60, "open_in_time": None, "open_late": None}
    first_due, first_at = _due(created, 8, responded[outcome])
    resolution_due, resolved_at = _due(created, 40, resolved[outcome])
    if outcome == "open_in_time":  # due after the window's end: not (yet) a breach
        first_due = resolution_due = created + dt.timedelta(days=60)
    if outcome == "open_late":
        first_due, resolution_due = created + dt.timedelta(hours=0.5), created + dt.timedelta(hours=1)
    cases.append({"public_id": f"{ID_PREFIXES[kind]}-{number:06d}", "level": level, "kind": kind,
                  "status": "closed" if resolved_at else ("in_progress" if first_at else "open"),
                  "subject": "generated", "description": "generated", "channel": conv.channel,
                  "conversation_id": conv.sender, "created_at": created, "first_response_due": first_due,
                  "resolution_due": resolution_due, "first_response_at": first_at, "resolved_at": resolved_at,
                  "language": conv.language})
    expected.cases_opened[level] += 1
    expected.cases_resolved[level] += resolved_at is not None
    expected.first_response_breaches[level] += outcome in ("late_response", "open_late")
    expected.resolution_breaches[level] += outcome in ("late_resolution", "open_late")
    return number


# -- writing ---------------------------------------------------------------------------------
def write_trackers_with_rasa(month: Month, tracker_db: Path) -> None:
    """Store every conversation through Rasa's own SQLTrackerStore.save (the real write path)."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(dialect="sqlite", db=str(tracker_db))

    async def save_all() -> None:
        for sender, events in month.conversations:
            await store.save(DialogueStateTracker.from_dict(sender, events, []))

    asyncio.run(save_all())
    store.engine.dispose()


def write_trackers_in_bulk(month: Month, tracker_db: Path) -> None:
    """The rows SQLTrackerStore.save writes (same table, same columns), inserted in bulk: for 10,000 conversations."""
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore(dialect="sqlite", db=str(tracker_db)).engine.dispose()  # Rasa creates its schema
    engine = create_engine(f"sqlite:///{tracker_db}", future=True)
    rows = []
    for sender, events in month.conversations:
        for data in events:
            rows.append({"sender_id": sender, "type_name": data["event"], "timestamp": data.get("timestamp"),
                         "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                         "action_name": data.get("name"), "data": json.dumps(data)})
    from bot.report.sources import EVENTS

    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), rows)
    engine.dispose()


def write_cases_db(month: Month, database_url: str) -> None:
    """Cases, ratings and suggestions into a real cases database (the project's schema)."""
    engine = make_engine(database_url)
    create_schema(engine)
    sessions = make_session_factory(engine)
    with sessions() as session, session.begin():
        session.add_all(CaseRecord(**case) for case in month.cases)
        session.add_all(RatingRecord(**rating) for rating in month.ratings)
        session.add_all(SuggestionRecord(**suggestion) for suggestion in month.suggestions)
    engine.dispose()
