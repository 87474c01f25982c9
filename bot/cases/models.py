"""Tables: every case (all levels), support contracts, and one lock row per callback slot."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Integer, String, Text

from bot.cases.db import Base, UTCDateTime

#: Prefix of the readable id of each kind of case.
ID_PREFIXES = {"ticket": "T", "callback": "CB", "sla_case": "SLA", "vendor_case": "V"}
LEVEL_OF_KIND = {"ticket": 1, "callback": 2, "sla_case": 3, "vendor_case": 4}


class CaseRecord(Base):
    """A ticket, callback, SLA case or vendor case."""

    __tablename__ = "cases"

    number = Column(Integer, primary_key=True, autoincrement=True)
    public_id = Column(String(24), unique=True, index=True)
    level = Column(Integer, nullable=False)
    kind = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="open")
    priority = Column(String(16), nullable=False, default="normal")
    category = Column(String(32))
    email = Column(String(254), index=True)
    subject = Column(String(200), nullable=False)
    description = Column(Text, nullable=False, default="")
    channel = Column(String(32), nullable=False, default="rest")
    conversation_id = Column(String(128), index=True)
    created_at = Column(UTCDateTime, nullable=False)
    first_response_due = Column(UTCDateTime)
    resolution_due = Column(UTCDateTime)
    callback_at = Column(UTCDateTime, index=True)
    contract_id = Column(String(32))
    vendor = Column(String(120))
    consent = Column(Boolean)
    transcript = Column(Text)
    requester_name = Column(String(120))
    requester_phone = Column(String(32))
    language = Column(String(2))
    #: Set by the conversation (id + form + the form's start): a retried submission finds
    #: the case it already created instead of opening a second one. NULLs never clash.
    idempotency_key = Column(String(200), unique=True, index=True)
    #: When staff first moved the case on from "open"/"scheduled", and when it was closed:
    #: what the report's SLA breaches are measured against.
    first_response_at = Column(UTCDateTime)
    resolved_at = Column(UTCDateTime)


class CallbackSlotRecord(Base):
    """One row per callback slot that was ever booked: the row a booking locks.

    Counting a slot's callbacks is only safe when every booking of that slot waits
    for the others; locking this row (SELECT … FOR UPDATE on PostgreSQL, the write
    lock on SQLite) makes them wait on any backend.
    """

    __tablename__ = "callback_slots"

    slot_start = Column(UTCDateTime, primary_key=True)


class ContractRecord(Base):
    """A support contract with its SLA targets, in business hours per priority."""

    __tablename__ = "support_contracts"

    contract_id = Column(String(32), primary_key=True)
    customer = Column(String(120), nullable=False)
    plan = Column(String(32), nullable=False)
    valid_from = Column(Date, nullable=False)
    valid_until = Column(Date, nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    #: {"critical": {"first_response": 1, "resolution": 8}, ...} in business hours
    targets = Column(JSON, nullable=False)
