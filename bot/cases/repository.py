"""Storage of cases and contracts behind a small repository (SQLAlchemy implementation)."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot.cases.models import ID_PREFIXES, CaseRecord, ContractRecord


class CaseRepository:
    """Reads and writes cases and contracts through one session factory."""

    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    def add(self, case: CaseRecord, max_callbacks_in_slot: Optional[int] = None) -> Optional[CaseRecord]:
        """Insert `case` and give it its readable id, all in one transaction.

        The id comes from the row's autoincrement number, so two writers can never get
        the same one. With `max_callbacks_in_slot`, the slot is counted again after the
        insert and the transaction is rolled back (returning None) when it overflowed,
        so concurrent bookings cannot overfill a slot on any backend.
        """
        with self._sessions() as session:
            with session.begin():
                session.add(case)
                session.flush()
                case.public_id = f"{ID_PREFIXES[case.kind]}-{case.number:06d}"
                if max_callbacks_in_slot is not None and case.callback_at is not None:
                    taken = self._callbacks_at(session, case.callback_at)
                    if taken > max_callbacks_in_slot:
                        session.rollback()
                        return None
            return case

    def get(self, public_id: str) -> Optional[CaseRecord]:
        """The case with that readable id, or None."""
        with self._sessions() as session:
            return session.execute(
                select(CaseRecord).where(CaseRecord.public_id == public_id)
            ).scalar_one_or_none()

    def list_all(self) -> List[CaseRecord]:
        """Every case, oldest first."""
        with self._sessions() as session:
            return list(session.execute(select(CaseRecord).order_by(CaseRecord.number)).scalars())

    def callbacks_at(self, slot: dt.datetime) -> int:
        """How many live callbacks are booked in the slot starting at `slot`."""
        with self._sessions() as session:
            return self._callbacks_at(session, slot)

    @staticmethod
    def _callbacks_at(session, slot: dt.datetime) -> int:
        return session.execute(
            select(func.count()).select_from(CaseRecord).where(
                CaseRecord.kind == "callback",
                CaseRecord.callback_at == slot,
                CaseRecord.status != "cancelled",
            )
        ).scalar_one()

    def get_contract(self, contract_id: str) -> Optional[ContractRecord]:
        """The support contract with that id, or None."""
        with self._sessions() as session:
            return session.get(ContractRecord, contract_id)

    def add_contracts(self, contracts: Iterable[ContractRecord]) -> int:
        """Insert the contracts that are not there yet; returns how many were added."""
        added = 0
        with self._sessions() as session:
            with session.begin():
                for contract in contracts:
                    if session.get(ContractRecord, contract.contract_id) is None:
                        session.add(contract)
                        added += 1
        return added

    # -- agent desk (issue 9): status changes and the lists agents work from -----------------
    def set_status(self, public_id: str, status: str) -> Optional[CaseRecord]:
        """Change a case's status; returns the updated case, or None when there is no such case."""
        with self._sessions() as session:
            with session.begin():
                case = session.execute(
                    select(CaseRecord).where(CaseRecord.public_id == public_id)
                ).scalar_one_or_none()
                if case is None:
                    return None
                case.status = status
            return case

    def list_open(self, closed_statuses: Iterable[str], level: Optional[int] = None,
                  status: Optional[str] = None) -> List[CaseRecord]:
        """Cases not in `closed_statuses` (or exactly in `status`), optionally of one level,
        soonest first-response due first."""
        query = select(CaseRecord)
        if status:
            query = query.where(CaseRecord.status == status)
        else:
            query = query.where(CaseRecord.status.not_in(list(closed_statuses)))
        if level is not None:
            query = query.where(CaseRecord.level == level)
        query = query.order_by(CaseRecord.first_response_due.is_(None), CaseRecord.first_response_due,
                               CaseRecord.number)
        with self._sessions() as session:
            return list(session.execute(query).scalars())

    def for_conversation(self, conversation_id: str) -> List[CaseRecord]:
        """Every case opened from one conversation, oldest first."""
        with self._sessions() as session:
            return list(session.execute(
                select(CaseRecord).where(CaseRecord.conversation_id == conversation_id).order_by(CaseRecord.number)
            ).scalars())
