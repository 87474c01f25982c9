"""A complaint about a charge of ours is a billing ticket, whatever the model made of the billing
period (held-out routing 22: "why was i billed for a whole year when i signed up for monthly??"
was unsure, out of scope second); another company's charge stays out of scope."""
import pytest

from bot.nlu.scope_guard import complains_of_our_charge, guarded_intent

OURS = [
    "why was i billed for a whole year when i signed up for monthly?? need this sorted",
    "why did you charge me for the annual plan? I chose monthly",
    "how come we got billed twice for the Plus licence?",
    "I was charged 199 euros but my plan is 19 a month",
    "me habéis cobrado el año entero y yo contraté mensual, ¿qué ha pasado?",
    "me cobrasteis el año entero cuando yo había elegido pagar cada mes, arregladlo por favor",
]


@pytest.mark.parametrize("text", OURS)
def test_a_charge_of_ours(text):
    assert complains_of_our_charge(text)


@pytest.mark.parametrize("text", [
    "Spotify charged me without warning",
    "McAfee me ha cobrado la renovación de su antivirus dos veces",
    "my bank charged me a fee for a transfer",
    "why did Netflix charge me twice?",
    "el banco me ha cobrado una comisión",
    "how do I complain to my phone company about a wrong bill?",
    "my Samsung phone won't charge",
])
def test_another_companys_charge_or_no_charge(text):
    assert not complains_of_our_charge(text)


@pytest.mark.parametrize("text", OURS)
@pytest.mark.parametrize("misread", ["out_of_scope", "nlu_fallback"])
def test_read_as_out_of_scope_or_unsure_it_is_a_ticket(text, misread):
    ranking = [{"name": "out_of_scope", "confidence": 0.3}, {"name": "open_ticket", "confidence": 0.31}]
    assert guarded_intent({"name": misread, "confidence": 0.4}, text, ranking)["name"] == "open_ticket"
