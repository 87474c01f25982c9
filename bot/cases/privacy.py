"""A customer's right to erasure, and the retention period, over cases and conversations.

Erasure (`python -m bot.cases erase --email …`) deletes the cases opened with that
address, every conversation that mentions it or opened one of those cases, and the
cases opened from those conversations. Retention (`python -m bot.cases purge`,
RETENTION_DAYS) deletes conversations idle for longer than the period and blanks the
personal fields of older cases, keeping their ids, kinds and dates for the figures.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, List

from bot.cases.repository import CaseRepository
from bot.conversations import ConversationStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasure:
    """What erasing one customer removed."""

    cases: List[str]
    conversations: List[str]
    events: int


@dataclass(frozen=True)
class Purge:
    """What one retention run removed."""

    cutoff: dt.datetime
    conversations: int
    events: int
    cases_blanked: int


def erase_customer(email: str, cases: CaseRepository, conversations: ConversationStore) -> Erasure:
    """Delete everything stored about the customer with `email`."""
    email = email.strip().lower()
    if "@" not in email:
        raise ValueError("an e-mail address is needed")
    own_cases = cases.cases_of(email)
    senders = set(conversations.mentioning(email))
    senders.update(case.conversation_id for case in own_cases if case.conversation_id)
    all_cases = cases.cases_of(email, sorted(senders))
    ids = [case.public_id for case in all_cases]
    counts = conversations.event_counts(sorted(senders))
    cases.delete_cases(ids)
    removed = conversations.delete(sorted(senders))
    logger.info("Erased %d case(s) and %d conversation(s) on request", len(ids), len(counts))
    return Erasure(ids, sorted(counts), removed.events)


def purge_expired(days: int, cases: CaseRepository, conversations: ConversationStore,
                  clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> Purge:
    """Apply the retention period of `days` days (at least one)."""
    if days < 1:
        raise ValueError("the retention period is at least one day")
    cutoff = clock() - dt.timedelta(days=days)
    removed = conversations.delete(conversations.idle_since(cutoff))
    blanked = cases.remove_personal_data_before(cutoff)
    logger.info("Retention (%d days): %d conversation(s), %d event(s) deleted; %d case(s) blanked",
                days, len(removed.conversations), removed.events, blanked)
    return Purge(cutoff, len(removed.conversations), removed.events, blanked)
