"""Demo support contracts seeded into an empty store, so level 3 can be tried at once."""

from __future__ import annotations

import datetime as dt
from typing import List

from bot.cases.models import ContractRecord

GOLD_TARGETS = {
    "critical": {"first_response": 1, "resolution": 8},
    "high": {"first_response": 2, "resolution": 16},
    "normal": {"first_response": 4, "resolution": 32},
    "low": {"first_response": 8, "resolution": 64},
}
SILVER_TARGETS = {
    "critical": {"first_response": 2, "resolution": 16},
    "high": {"first_response": 4, "resolution": 24},
    "normal": {"first_response": 8, "resolution": 48},
    "low": {"first_response": 16, "resolution": 80},
}


def demo_contracts() -> List[ContractRecord]:
    """Two valid contracts, one expired and one cancelled (to try the refusals)."""
    far = dt.date(2030, 12, 31)
    return [
        ContractRecord(contract_id="SC-1001", customer="Gestoría Martínez S.L.", plan="gold",
                       valid_from=dt.date(2025, 1, 1), valid_until=far, active=True, targets=GOLD_TARGETS),
        ContractRecord(contract_id="SC-1002", customer="Northwind Traders Ltd.", plan="silver",
                       valid_from=dt.date(2025, 6, 1), valid_until=far, active=True, targets=SILVER_TARGETS),
        ContractRecord(contract_id="SC-1003", customer="Papelería López", plan="silver",
                       valid_from=dt.date(2023, 1, 1), valid_until=dt.date(2024, 12, 31), active=True,
                       targets=SILVER_TARGETS),
        ContractRecord(contract_id="SC-1004", customer="Old Client GmbH", plan="gold",
                       valid_from=dt.date(2024, 1, 1), valid_until=far, active=False, targets=GOLD_TARGETS),
    ]
