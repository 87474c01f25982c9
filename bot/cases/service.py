"""The rules of opening cases: due times, callback slots, contracts and consent.

Actions call these functions with what the customer said; storage is the
repository's job and the calendar says what business hours are. Every piece of
user text is cleaned here, once, before it is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from bot.business_hours import BusinessCalendar
from bot.cases.models import ID_PREFIXES, LEVEL_OF_KIND, CaseRecord, ContractRecord
from bot.cases.repository import CaseRepository
from bot.text import clean_user_text, normalise
from bot.timeparse import RequestedTime

PRIORITIES = ("low", "normal", "high", "critical")
TICKET_CATEGORIES = ("billing", "update", "licence", "other")
#: Targets in business hours for cases without a contract.
TICKET_TARGETS = {"first_response": 8, "resolution": 40}
VENDOR_TARGETS = {"first_response": 16}
SUBJECT_CHARS = 80
#: Every status a case can have; agents set them from the desk (issue 9).
CASE_STATUSES = ("open", "scheduled", "in_progress", "waiting", "closed", "cancelled")
CLOSED_STATUSES = ("closed", "cancelled")


class CaseError(ValueError):
    """A case could not be opened; `code` says why, for the bot to explain."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class SlotUnavailable(CaseError):
    """A callback time cannot be booked: `reason` is "past", "closed", "full" or "taken",
    and `alternatives` are the nearest free slots to offer instead. `closed_day` is the day
    asked for when the whole day is closed (a weekend, a holiday), so the customer is told
    that the day, not the hour, is the problem."""

    def __init__(self, reason: str, alternatives: List[dt.datetime], closed_day: Optional[dt.date] = None) -> None:
        super().__init__(f"slot_{reason}")
        self.reason = reason
        self.alternatives = alternatives
        self.closed_day = closed_day


@dataclass(frozen=True)
class CaseRequest:
    """What is known about the customer and the conversation, for any kind of case."""

    description: str
    email: Optional[str] = None
    channel: str = "rest"
    conversation_id: Optional[str] = None
    transcript: Optional[str] = None
    language: Optional[str] = None
    requester_name: Optional[str] = None
    requester_phone: Optional[str] = None
    #: Same key, same case: a retried submission returns the case it already created.
    idempotency_key: Optional[str] = None


@dataclass(frozen=True)
class ContractCheck:
    """Whether a contract id can be used for an SLA case today."""

    contract: Optional[ContractRecord]
    reason: Optional[str] = None  # "unknown", "expired", "inactive"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def make_subject(description: str) -> str:
    """The first line of the description, cut to a readable length."""
    first_line = normalise(description).split("\n", 1)[0]
    if len(first_line) > SUBJECT_CHARS:
        first_line = first_line[: SUBJECT_CHARS - 1].rstrip() + "…"
    return first_line or "(sin asunto)"


class CaseService:
    """Opens every kind of case and answers questions about them."""

    def __init__(self, repository: CaseRepository, calendar: BusinessCalendar,
                 clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.repository = repository
        self.calendar = calendar
        self.clock = clock

    # -- shared --------------------------------------------------------------------------
    def _new_record(self, kind: str, request: CaseRequest, **fields) -> CaseRecord:
        description = normalise(request.description)
        if not description:
            raise CaseError("empty_description")
        return CaseRecord(
            kind=kind,
            level=LEVEL_OF_KIND[kind],
            status=fields.pop("status", "open"),
            email=request.email,
            subject=clean_user_text(make_subject(description)),
            description=clean_user_text(description),
            channel=request.channel or "rest",
            conversation_id=request.conversation_id,
            created_at=fields.pop("created_at"),
            transcript=clean_user_text(request.transcript, max_chars=8000) if request.transcript else None,
            language=request.language,
            requester_name=clean_user_text(request.requester_name, 120) if request.requester_name else None,
            requester_phone=request.requester_phone,
            idempotency_key=request.idempotency_key,
            **fields,
        )

    # -- level 1 --------------------------------------------------------------------------
    def open_ticket(self, request: CaseRequest, category: str = "other") -> CaseRecord:
        """Open a level-1 ticket; the first answer is due in 8 business hours."""
        if not request.email:
            raise CaseError("missing_email")
        if category not in TICKET_CATEGORIES:
            category = "other"
        now = self.clock()
        record = self._new_record(
            "ticket", request, created_at=now, category=category, priority="normal",
            first_response_due=self.calendar.add_business_hours(now, TICKET_TARGETS["first_response"]),
            resolution_due=self.calendar.add_business_hours(now, TICKET_TARGETS["resolution"]),
        )
        return self.repository.add(record)

    # -- level 2 --------------------------------------------------------------------------
    def local_now(self) -> dt.datetime:
        """The present moment in the business time zone (what "mañana" is relative to)."""
        return self.clock().astimezone(self.calendar.timezone)

    def next_free_slots(self, count: int = 3) -> list:
        """The first `count` free callback slots from now (with the minimum notice), for a customer
        who asks which times there are before naming one."""
        return self.calendar.free_slots(self.clock() + self.calendar.min_notice, self.repository.callbacks_at,
                                        count=count)

    def choose_slot(self, requested: RequestedTime) -> dt.datetime:
        """The slot to book for a requested time or window.

        Raises:
            SlotUnavailable: with the reason ("past", "closed", "full") and three free slots.
        """
        now = self.clock()
        earliest = now + self.calendar.min_notice
        booked = self.repository.callbacks_at
        calendar = self.calendar
        if requested.is_exact:
            slot = calendar.slot_start(requested.start)
            if requested.start < earliest:
                raise SlotUnavailable("past", calendar.free_slots(earliest, booked))
            if not calendar.slot_is_within_hours(slot):
                raise SlotUnavailable("closed", calendar.free_slots(max(earliest, requested.start), booked),
                                      self._closed_all_day(requested.start))
            if booked(slot) >= calendar.technicians_per_slot:
                raise SlotUnavailable("full", calendar.free_slots(slot, booked))
            return slot
        requested = self._evening_after_hours(requested)
        window_end = requested.end
        if window_end <= earliest:
            raise SlotUnavailable("past", calendar.free_slots(earliest, booked))
        in_window = calendar.free_slots(max(earliest, requested.start), booked, count=1, until=window_end)
        if in_window:
            return in_window[0]
        open_in_window = any(True for _ in calendar.slots_from(max(earliest, requested.start), max_days=1)
                             if _ < window_end)
        if open_in_window:
            raise SlotUnavailable("full", calendar.free_slots(max(earliest, requested.start), booked))
        raise SlotUnavailable("closed", calendar.free_slots(max(earliest, requested.start), booked),
                              self._closed_all_day(requested.start))

    def _evening_after_hours(self, requested: RequestedTime) -> RequestedTime:
        """"Esta noche", "this evening", "por la noche" with no hour: the evening starts when that
        day's business hours end (18:00 Monday to Thursday, 15:00 on Friday), so it is always
        closed and the nearest free slots after it are offered (most people who wrote the time
        tables read the evening as after hours)."""
        if requested.part != "evening":
            return requested
        intervals = self.calendar.intervals_on(requested.start.astimezone(self.calendar.timezone).date())
        if not intervals:
            return requested
        closing = max(end for _, end in intervals)
        if closing <= requested.start:
            return requested
        return RequestedTime(closing, max(requested.end, closing), requested.part)

    def _closed_all_day(self, moment: dt.datetime) -> Optional[dt.date]:
        """The local day of `moment` when no hour of it is open, else None."""
        day = moment.astimezone(self.calendar.timezone).date()
        return None if self.calendar.intervals_on(day) else day

    def book_callback(self, request: CaseRequest, slot: dt.datetime) -> CaseRecord:
        """Book a level-2 callback in `slot`.

        Raises:
            SlotUnavailable: the slot is no longer bookable ("taken" when it filled up meanwhile).
        """
        if not request.requester_phone:
            raise CaseError("missing_phone")
        already = self.repository.by_idempotency_key(request.idempotency_key)
        if already is not None:  # a retry: its own booking may be what fills the slot now
            return already
        slot = self.choose_slot(RequestedTime(slot))
        now = self.clock()
        record = self._new_record(
            "callback", request, created_at=now, status="scheduled", priority="normal",
            callback_at=slot, first_response_due=slot,
            resolution_due=self.calendar.add_business_hours(slot, TICKET_TARGETS["resolution"]),
        )
        saved = self.repository.add(record, max_callbacks_in_slot=self.calendar.technicians_per_slot)
        if saved is None:
            raise SlotUnavailable("taken", self.calendar.free_slots(now + self.calendar.min_notice,
                                                                    self.repository.callbacks_at))
        return saved

    # -- level 3 --------------------------------------------------------------------------
    def check_contract(self, contract_id: Optional[str]) -> ContractCheck:
        """Is this a contract that entitles the customer to SLA support today?"""
        contract = self.repository.get_contract(contract_id) if contract_id else None
        if contract is None:
            return ContractCheck(None, "unknown")
        today = self.clock().astimezone(self.calendar.timezone).date()
        if not contract.active:
            return ContractCheck(None, "inactive")
        if not (contract.valid_from <= today <= contract.valid_until):
            return ContractCheck(None, "expired")
        return ContractCheck(contract)

    def open_sla_case(self, request: CaseRequest, contract_id: str, priority: str = "normal") -> CaseRecord:
        """Open a level-3 case with due times from the contract's targets in business hours."""
        check = self.check_contract(contract_id)
        if check.contract is None:
            raise CaseError("contract_" + (check.reason or "unknown"))
        if priority not in PRIORITIES:
            raise CaseError("bad_priority")
        targets = check.contract.targets[priority]
        now = self.clock()
        record = self._new_record(
            "sla_case", request, created_at=now, priority=priority, contract_id=check.contract.contract_id,
            first_response_due=self.calendar.add_business_hours(now, targets["first_response"]),
            resolution_due=self.calendar.add_business_hours(now, targets["resolution"]),
        )
        return self.repository.add(record)

    # -- level 4 --------------------------------------------------------------------------
    def open_vendor_case(self, request: CaseRequest, vendor: str, consent: bool) -> CaseRecord:
        """Open a level-4 case for a third party; only with the customer's explicit consent."""
        if consent is not True:
            raise CaseError("no_consent")
        vendor_name = normalise(vendor)
        if not vendor_name:
            raise CaseError("missing_vendor")
        now = self.clock()
        record = self._new_record(
            "vendor_case", request, created_at=now, priority="normal",
            vendor=clean_user_text(vendor_name, 120), consent=True,
            first_response_due=self.calendar.add_business_hours(now, VENDOR_TARGETS["first_response"]),
            resolution_due=None,
        )
        return self.repository.add(record)

    # -- status ---------------------------------------------------------------------------
    def case_id_for_number(self, number: int) -> Optional[str]:
        """The readable id of case `number` typed without its prefix (numbers are unique across kinds)."""
        for prefix in ID_PREFIXES.values():
            case_id = f"{prefix}-{number:06d}"
            if self.repository.get(case_id) is not None:
                return case_id
        return None

    def status_for(self, public_id: Optional[str], email: Optional[str],
                   conversation_id: Optional[str] = None) -> Optional[CaseRecord]:
        """The case, only when the e-mail matches the one on it or it was opened in
        `conversation_id` (the customer asking is the one who opened it); None reveals nothing."""
        if not public_id or not (email or conversation_id):
            return None
        case = self.repository.get(public_id)
        if case is None:
            return None
        if conversation_id and case.conversation_id == conversation_id:
            return case
        if not email or not case.email or case.email.lower() != email.lower():
            return None
        return case

    def latest_live_case(self, conversation_id: str) -> Optional[CaseRecord]:
        """The newest case opened in `conversation_id` that nobody has closed or cancelled yet:
        what "olvídalo, ya funciona" right after booking may want withdrawn."""
        live = [case for case in self.repository.for_conversation(conversation_id)
                if case.status not in CLOSED_STATUSES]
        return live[-1] if live else None

    def withdraw(self, public_id: str, conversation_id: str) -> CaseRecord:
        """Cancel a case at the request of the customer who opened it in `conversation_id`
        (a cancelled callback frees its slot).

        Raises:
            CaseError: "unknown_case" when no live case of that conversation has this id.
        """
        case = self.repository.get(public_id)
        if case is None or case.conversation_id != conversation_id or case.status in CLOSED_STATUSES:
            raise CaseError("unknown_case")
        return self.change_status(public_id, "cancelled")

    # -- agent desk (issue 9): what agents change and read ----------------------------------
    def change_status(self, public_id: Optional[str], status: str) -> CaseRecord:
        """Set a case's status (what the customer then hears when asking for it).

        Raises:
            CaseError: "bad_status" or "unknown_case".
        """
        if status not in CASE_STATUSES:
            raise CaseError("bad_status")
        case = self.repository.set_status(public_id, status, self.clock(), CLOSED_STATUSES) if public_id else None
        if case is None:
            raise CaseError("unknown_case")
        return case

    def open_cases(self, level: Optional[int] = None, status: Optional[str] = None) -> List[CaseRecord]:
        """Cases still to be worked on (or those in `status`), optionally of one level."""
        if status is not None and status not in CASE_STATUSES:
            raise CaseError("bad_status")
        return self.repository.list_open(CLOSED_STATUSES, level, status)

    def cases_for_conversation(self, conversation_id: str) -> List[CaseRecord]:
        """Every case opened from a conversation."""
        return self.repository.for_conversation(conversation_id)

    def overdue(self, case: CaseRecord) -> Dict[str, bool]:
        """Which due times a case has missed: the first response while it is still untouched
        ("open" or "scheduled"), the resolution while it is not closed."""
        now = self.clock()
        untouched = case.status in ("open", "scheduled")
        finished = case.status in CLOSED_STATUSES
        return {
            "first_response": bool(untouched and case.first_response_due and case.first_response_due < now),
            "resolution": bool(not finished and case.resolution_due and case.resolution_due < now),
        }
