"""Storage of cases and contracts behind a small repository (SQLAlchemy implementation)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable, List, Optional, Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.models import ID_PREFIXES, CallbackSlotRecord, CaseRecord, ContractRecord

logger = logging.getLogger(__name__)

#: What personal fields of a case read after the retention period.
REMOVED = "[removed]"


class CaseRepository:
    """Reads and writes cases and contracts through one session factory."""

    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    def add(self, case: CaseRecord, max_callbacks_in_slot: Optional[int] = None) -> Optional[CaseRecord]:
        """Insert `case` and give it its readable id, all in one transaction.

        The id comes from the row's autoincrement number, so two writers can never get
        the same one. With `max_callbacks_in_slot`, the slot's lock row is taken before
        its callbacks are counted, so concurrent bookings of one slot run one after the
        other on every backend; a full slot returns None and writes nothing.
        A case whose `idempotency_key` is already stored is not written again: the
        stored case is returned, also when two submissions race.
        """
        try:
            return self._insert(case, max_callbacks_in_slot)
        except IntegrityError:
            existing = self.by_idempotency_key(case.idempotency_key)
            if existing is None:
                raise
            logger.info("Submission retried; returning the case it already created")
            return existing

    def _insert(self, case: CaseRecord, max_callbacks_in_slot: Optional[int]) -> Optional[CaseRecord]:
        with self._sessions() as session:
            with session.begin():
                if case.idempotency_key:
                    existing = self._by_key(session, case.idempotency_key)
                    if existing is not None:
                        return existing
                if max_callbacks_in_slot is not None and case.callback_at is not None:
                    self._lock_slot(session, case.callback_at)
                    if self._callbacks_at(session, case.callback_at) >= max_callbacks_in_slot:
                        session.rollback()
                        return None
                session.add(case)
                session.flush()
                case.public_id = f"{ID_PREFIXES[case.kind]}-{case.number:06d}"
            return case

    @staticmethod
    def _lock_slot(session: Session, slot: dt.datetime) -> None:
        """Create the slot's lock row if needed and hold it until the transaction ends."""
        dialect = session.get_bind().dialect.name
        if dialect in ("postgresql", "sqlite"):
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            session.execute(insert(CallbackSlotRecord).values(slot_start=slot).on_conflict_do_nothing())
        elif session.get(CallbackSlotRecord, slot) is None:  # other backends: a race here is an IntegrityError
            session.add(CallbackSlotRecord(slot_start=slot))
            session.flush()
        session.execute(select(CallbackSlotRecord).where(CallbackSlotRecord.slot_start == slot).with_for_update())

    def by_idempotency_key(self, key: Optional[str]) -> Optional[CaseRecord]:
        """The case a submission with this key created, or None."""
        if not key:
            return None
        with self._sessions() as session:
            return self._by_key(session, key)

    @staticmethod
    def _by_key(session: Session, key: str) -> Optional[CaseRecord]:
        return session.execute(select(CaseRecord).where(CaseRecord.idempotency_key == key)).scalar_one_or_none()

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

    # -- privacy ----------------------------------------------------------------------------
    def cases_of(self, email: str, conversation_ids: Sequence[str] = ()) -> List[CaseRecord]:
        """Cases opened with `email` (any case) or from one of `conversation_ids`."""
        conditions = [func.lower(CaseRecord.email) == email.lower()]
        if conversation_ids:
            conditions.append(CaseRecord.conversation_id.in_(list(conversation_ids)))
        with self._sessions() as session:
            return list(session.execute(
                select(CaseRecord).where(or_(*conditions)).order_by(CaseRecord.number)).scalars())

    def delete_cases(self, public_ids: Sequence[str]) -> int:
        """Delete these cases; returns how many rows went."""
        if not public_ids:
            return 0
        with self._sessions() as session:
            with session.begin():
                result = session.execute(delete(CaseRecord).where(CaseRecord.public_id.in_(list(public_ids))))
        return result.rowcount

    def remove_personal_data_before(self, cutoff: dt.datetime) -> int:
        """Blank who the customer was and what they wrote in cases created before `cutoff`.

        The case itself (id, kind, level, status, dates) stays for the figures.
        Returns how many cases were changed now (cases already blanked do not count).
        """
        personal = or_(CaseRecord.email.isnot(None), CaseRecord.transcript.isnot(None),
                       CaseRecord.requester_name.isnot(None), CaseRecord.requester_phone.isnot(None),
                       CaseRecord.description != REMOVED)
        with self._sessions() as session:
            with session.begin():
                result = session.execute(
                    update(CaseRecord).where(CaseRecord.created_at < cutoff, personal).values(
                        email=None, transcript=None, requester_name=None, requester_phone=None,
                        subject=REMOVED, description=REMOVED,
                    ).execution_options(synchronize_session=False))
        return result.rowcount

    # -- contracts --------------------------------------------------------------------------
    def get_contract(self, contract_id: str) -> Optional[ContractRecord]:
        """The support contract with that id, or None."""
        with self._sessions() as session:
            return session.get(ContractRecord, contract_id)

    def add_contracts(self, contracts: Iterable[ContractRecord]) -> int:
        """Insert the contracts that are not there yet; returns how many were added.

        Two servers seeding one database at once: the loser finds them there on the retry.
        """
        contracts = list(contracts)
        try:
            return self._add_contracts(contracts)
        except IntegrityError:
            return self._add_contracts([ContractRecord(**{column.name: getattr(contract, column.name)
                                                          for column in ContractRecord.__table__.columns})
                                        for contract in contracts])

    def _add_contracts(self, contracts: List[ContractRecord]) -> int:
        added = 0
        with self._sessions() as session:
            with session.begin():
                for contract in contracts:
                    if session.get(ContractRecord, contract.contract_id) is None:
                        session.add(contract)
                        added += 1
        return added

    # -- agent desk (issue 9): status changes and the lists agents work from -----------------
    def set_status(self, public_id: str, status: str, at: Optional[dt.datetime] = None,
                   closed_statuses: Iterable[str] = ()) -> Optional[CaseRecord]:
        """Change a case's status; returns the updated case, or None when there is no such case.

        With `at`, the first move away from "open"/"scheduled" is kept as the first response
        and a move into `closed_statuses` as the resolution (the report's SLA figures)."""
        with self._sessions() as session:
            with session.begin():
                case = session.execute(
                    select(CaseRecord).where(CaseRecord.public_id == public_id)
                ).scalar_one_or_none()
                if case is None:
                    return None
                case.status = status
                if at is not None:
                    if case.first_response_at is None and status not in ("open", "scheduled"):
                        case.first_response_at = at
                    if status in closed_statuses and case.resolved_at is None:
                        case.resolved_at = at
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
