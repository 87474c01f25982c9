"""Review findings 15: requests to be called and contract replies, with the reviewer's inputs."""
import pytest

from bot.answers import asks_to_be_called, asks_what_a_contract_is


@pytest.mark.parametrize("text", [
    "no me llaméis, por favor", "please don't call me", "don't call me, email me",
    "no quiero que me llamen", "you said you'd call me and nobody did", "call me Ishmael",
    "¿cuándo me llamáis?", "when will you call me?"])
def test_negated_past_or_naming_call_is_not_a_request(text):
    assert not asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "llamadme cuando podáis", "call me when you can", "¿me podéis llamar?",
    "can someone call me about that as well?", "please call me tomorrow"])
def test_call_requests_still_caught(text):
    assert asks_to_be_called(text)
