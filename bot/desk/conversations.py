"""What agents do with handed-off conversations, tying the queue (database) to Rasa (HTTP).

The web handlers call this; it calls the synchronous desk and case services in a
thread pool, and Rasa's HTTP API for transcripts and to deliver the agent's words.
Order matters where two systems change: a claim is decided in the database first
(atomically), a release is carried out in Rasa first (the bot must resume before
the desk lets go).
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TypeVar

from bot.cases import case_to_dict
from bot.cases.models import CaseRecord
from bot.cases.service import CaseRequest, CaseService
from bot.desk import delivery
from bot.desk.models import HELD, AgentRecord, HandoffRecord
from bot.desk.rasa_client import RasaClient, RasaUnavailable
from bot.desk.service import DeskError, DeskService
from bot.desk.summary import collected_slots, summarise, transcript
from bot.text import normalise

logger = logging.getLogger(__name__)

REPLY_CHARS = 4000
TEXT_FIELDS = ("subject", "description", "transcript", "vendor", "requester_name")
T = TypeVar("T")


def iso(moment) -> Optional[str]:
    """An aware datetime as ISO-8601, None stays None."""
    return moment.isoformat() if moment is not None else None


def case_view(case: CaseRecord, overdue: Dict[str, bool]) -> Dict[str, Any]:
    """A case for the desk: stored text un-escaped (the desk escapes on display), overdue flags."""
    data = case_to_dict(case)
    for name in TEXT_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = html.unescape(data[name])
    data["overdue"] = overdue
    return data


class ConversationDesk:
    """The agent-facing operations on the queue, conversations, notes and cases."""

    def __init__(self, desk: DeskService, cases: CaseService, rasa: RasaClient,
                 articles_dir: Optional[Path] = None) -> None:
        self.desk = desk
        self.cases = cases
        self.rasa = rasa
        self.articles_dir = articles_dir
        self._titles: Optional[Dict[str, str]] = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run a blocking (database) call in the default thread pool."""
        return await asyncio.get_running_loop().run_in_executor(None, functools.partial(function, *args))

    def title_of(self, article_id: str) -> Optional[str]:
        """An article's title, read once from the knowledge base's articles."""
        if self._titles is None:
            self._titles = {}
            if self.articles_dir is not None:
                from bot.kb.articles import ArticleError, load_articles
                try:
                    self._titles = {a.id: a.title for a in load_articles(self.articles_dir)}
                except ArticleError:
                    logger.warning("Article titles unavailable: the articles folder did not load")
        return self._titles.get(article_id)

    # -- the queue ------------------------------------------------------------------------
    def _queue_sync(self) -> List[Dict[str, Any]]:
        agents = self.desk.agent_names()
        items, waiting = [], 0
        for handoff in self.desk.queue():
            holder = agents.get(handoff.claimed_by) if handoff.claimed_by else None
            if handoff.status != HELD:
                waiting += 1
            items.append({
                "conversation_id": handoff.conversation_id, "channel": handoff.channel,
                "language": handoff.language, "waiting_since": iso(handoff.queued_at), "summary": handoff.summary,
                "claimed_by": holder.email if holder else None,
                "claimed_by_name": holder.name if holder else None, "status": handoff.status,
                "level": handoff.level, "intents": handoff.intents or [],
                "position": waiting if handoff.status != HELD else None,
            })
        return items

    async def queue(self) -> List[Dict[str, Any]]:
        """Conversations waiting or held, oldest first (CONTRACTS.md section 4)."""
        return await self.run(self._queue_sync)

    # -- one conversation -----------------------------------------------------------------
    async def _handoff(self, conversation_id: str) -> HandoffRecord:
        handoff = await self.run(self.desk.latest, conversation_id)
        if handoff is None:  # the desk shows handed-off conversations only
            raise DeskError("not_found")
        return handoff

    async def conversation(self, conversation_id: str) -> Dict[str, Any]:
        """Transcript, live summary, slots, cases, notes and the hand-off's state."""
        handoff = await self._handoff(conversation_id)
        tracker = await self.rasa.tracker(conversation_id)
        events, slots = tracker.get("events") or [], tracker.get("slots") or {}
        cases = await self.run(self.cases.cases_for_conversation, conversation_id)
        overdue = [self.cases.overdue(case) for case in cases]
        notes = await self.run(self.desk.notes, conversation_id)
        agents = await self.run(self.desk.agent_names)
        holder = agents.get(handoff.claimed_by) if handoff.claimed_by else None
        summary = summarise(events, slots, [f"{c.public_id} ({c.status})" for c in cases])
        return {
            "conversation_id": conversation_id,
            "transcript": transcript(events),
            "summary": summary.text(self.title_of),
            "slots": collected_slots(slots),
            "status": handoff.status, "channel": handoff.channel, "language": handoff.language,
            "waiting_since": iso(handoff.queued_at), "paused": bool(tracker.get("paused")),
            "claimed_by": holder.email if holder else None, "claimed_by_name": holder.name if holder else None,
            "level": summary.level, "intents": summary.intents,
            "articles": [{"id": a, "title": self.title_of(a)} for a in summary.articles],
            "cases": [case_view(c, o) for c, o in zip(cases, overdue)],
            "notes": [{"agent": agent.name, "text": note.text, "at": iso(note.created_at)} for note, agent in notes],
            "case_draft": self._case_draft(summary.question, slots, handoff),
        }

    @staticmethod
    def _case_draft(question: str, slots: Dict[str, Any], handoff: HandoffRecord) -> Dict[str, Any]:
        """What the desk pre-fills in the case form."""
        description = question
        if handoff.context and handoff.context not in description:
            description = (description + "\n" + handoff.context).strip()
        return {"kind": "sla_case" if slots.get("contract_id") else "ticket", "email": slots.get("email") or "",
                "description": slots.get("description") or description,
                "category": slots.get("ticket_category") or "other", "priority": slots.get("priority") or "normal",
                "contract_id": slots.get("contract_id") or ""}

    # -- claim, reply, release ------------------------------------------------------------
    async def claim(self, conversation_id: str, agent: AgentRecord) -> Dict[str, Any]:
        """Take the conversation (atomically), then tell the customer a person joined."""
        handoff = await self.run(self.desk.claim, conversation_id, agent)
        try:
            await self.rasa.append(conversation_id, delivery.joined_events(handoff.channel, handoff.language,
                                                                           agent.name))
        except RasaUnavailable as exc:  # the claim stands; the notice is only a courtesy
            logger.warning("Could not tell the customer an agent joined: %s", exc)
        return {"conversation_id": conversation_id, "claimed_by": agent.email, "status": handoff.status}

    async def reply(self, conversation_id: str, agent: AgentRecord, text: str) -> Dict[str, Any]:
        """Send the agent's words through the customer's channel, as the bot's replies go."""
        body = normalise(text)
        if not body:
            raise DeskError("empty_text")
        if len(body) > REPLY_CHARS:
            raise DeskError("text_too_long")
        await self.run(self.desk.require_holder, conversation_id, agent)
        await self.rasa.append(conversation_id, delivery.reply_events(body, agent.name, agent.id))
        await self.run(self.desk.touch, agent.id)
        return {"conversation_id": conversation_id, "sent": True}

    async def release(self, conversation_id: str, agent: AgentRecord) -> Dict[str, Any]:
        """Resume the bot (and tell the customer), then close the agent's hold."""
        handoff = await self.run(self.desk.require_holder, conversation_id, agent)
        await self.rasa.append(conversation_id, delivery.release_events(handoff.channel, handoff.language))
        await self.run(self.desk.release, conversation_id, agent)
        return {"conversation_id": conversation_id, "status": "released"}

    async def return_unclaimed(self, handoff: HandoffRecord) -> bool:
        """Give a conversation nobody took back to the bot, with the transcript-ticket offer."""
        if not await self.run(self.desk.return_unclaimed, handoff.conversation_id):
            return False
        try:
            await self.rasa.append(handoff.conversation_id,
                                   delivery.return_events(handoff.channel, handoff.language, handoff.context))
        except RasaUnavailable as exc:
            logger.error("Could not give an unclaimed conversation back to the bot: %s", exc)
        return True

    # -- notes and cases ------------------------------------------------------------------
    async def add_note(self, conversation_id: str, agent: AgentRecord, text: str) -> Dict[str, Any]:
        """Keep an internal note (never sent to the customer)."""
        note = await self.run(self.desk.add_note, conversation_id, agent, text)
        return {"agent": agent.name, "text": note.text, "at": iso(note.created_at)}

    async def save_case(self, conversation_id: str, agent: AgentRecord, fields: Dict[str, Any]) -> Dict[str, Any]:
        """Open a case from the conversation, or change the status of one opened from it.

        Raises:
            DeskError: "not_found" when the conversation was never handed off or the
                case belongs to another conversation.
            CaseError: the case service's reason (missing e-mail, bad status…).
        """
        handoff = await self._handoff(conversation_id)
        case_id = fields.get("case_id")
        if case_id:
            mine = await self.run(self.cases.cases_for_conversation, conversation_id)
            if case_id not in {c.public_id for c in mine}:
                raise DeskError("not_found")
            case = await self.run(self.cases.change_status, case_id, str(fields.get("status") or ""))
        else:
            tracker = await self.rasa.tracker(conversation_id)
            lines = transcript(tracker.get("events") or [])
            request = CaseRequest(
                description=str(fields.get("description") or ""), email=str(fields.get("email") or "") or None,
                channel=handoff.channel, conversation_id=conversation_id, language=handoff.language,
                transcript="\n".join(f"{line['from']}: {normalise(line['text'])}" for line in lines[-60:]))
            if fields.get("kind") == "sla_case":
                case = await self.run(self.cases.open_sla_case, request, str(fields.get("contract_id") or ""),
                                      str(fields.get("priority") or "normal"))
            else:
                case = await self.run(self.cases.open_ticket, request, str(fields.get("category") or "other"))
            logger.info("Agent %s opened a case from a conversation", agent.id)
        return case_view(case, self.cases.overdue(case))

    async def open_cases(self, level: Optional[int], status: Optional[str]) -> List[Dict[str, Any]]:
        """Open cases (or those in `status`), with due times and overdue flags."""
        cases = await self.run(self.cases.open_cases, level, status)
        return [case_view(c, self.cases.overdue(c)) for c in cases]

    async def change_case_status(self, case_id: str, status: str) -> Dict[str, Any]:
        """Set a case's status."""
        case = await self.run(self.cases.change_status, case_id, status)
        return case_view(case, self.cases.overdue(case))
