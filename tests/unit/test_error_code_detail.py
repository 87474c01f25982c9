"""An error code is a detail of the problem (review: "open a ticket please, the update fails with
error 0x80070005" was asked to describe the problem again; the Spanish, longer, was not)."""

import pytest

from bot.answers import is_detailed_problem, problem_part


@pytest.mark.parametrize("text", [
    "open a ticket please, the update fails with error 0x80070005",
    "I want to open a ticket: the update fails with error 0x80070005",
    "the install stops with error 1603",
    "la actualización falla con el error 0x80070005",
])
def test_a_problem_with_its_error_code_is_detailed(text):
    assert is_detailed_problem(problem_part(text))


@pytest.mark.parametrize("text", [
    "tengo un error", "the update fails", "the update fails with an error", "mi contrato es SC-1001",
    "el ticket T-000123", "llamadme al 612 345 678", "error", "open a ticket please",
    "error 2 veces",
])
def test_no_code_or_only_data_is_not(text):
    assert not is_detailed_problem(problem_part(text))
