"""A ticket or a call asked for and then changed within the message (review: "I want a callback about
DATEV... actually no, just open a ticket instead" started the call form)."""

import pytest

from bot.nlu.clear_turns import changed_request


@pytest.mark.parametrize("name, text, wanted", [
    ("request_callback", "I want a callback about DATEV... actually no, just open a ticket instead", "open_ticket"),
    ("request_callback", "llamadme por lo de DATEV, bueno no, mejor abridme un ticket", "open_ticket"),
    ("open_ticket", "open a ticket about the invoice, or rather call me", "request_callback"),
    ("open_ticket", "quiero un ticket por la factura... pensándolo mejor, llamadme mañana", "request_callback"),
    ("open_ticket", "actually I'd rather not have a ticket, just call me", "request_callback"),  # the refused one left out
])
def test_the_last_request_stands(name, text, wanted):
    assert changed_request(name, text) == wanted


@pytest.mark.parametrize("name, text", [
    ("request_callback", "I want a callback, actually make it tomorrow at 10"),
    ("request_callback", "call me please, the DATEV export fails"),
    ("open_ticket", "open a ticket please, the update fails"),
    ("request_callback", "llamadme mañana, mejor no por la tarde"),
    ("open_ticket", "quiero abrir un ticket, mejor dicho una incidencia"),   # the same request again
    ("ask_howto", "how do I export? actually, open a ticket"),               # not a ticket or a call
    ("request_callback", "instead of a ticket I want a call"),              # both after "instead"
    ("open_ticket", "la factura llegó duplicada, mejor no me llaméis, escribidme"),
])
def test_no_change_of_mind_between_the_two(name, text):
    assert changed_request(name, text) == ""


@pytest.mark.parametrize("text, wanted", [
    ("Call me instead of opening a ticket", "request_callback"),
    ("Open a ticket instead of calling me", "open_ticket"),
    ("llamadme en vez de abrir una incidencia", "request_callback"),
    ("abrid un ticket en lugar de llamarme", "open_ticket"),
    ("please ring me rather than filing a ticket", "request_callback"),
])
@pytest.mark.parametrize("name", ["open_ticket", "request_callback"])
def test_x_instead_of_y_wants_x(name, text, wanted):
    """Review of conv16: "Call me instead of opening a ticket" was turned into a ticket."""
    assert changed_request(name, text) in ("", wanted)
    assert (changed_request(name, text) or name) == wanted


@pytest.mark.parametrize("text", [
    "call me back, actually it's about the ticket I opened",
    "necesito que me llaméis, pensándolo bien es por la incidencia de ayer",
    "llamadme, bueno no, es sobre mi incidencia del escáner",
    "call me, actually the ticket you closed is still failing",
])
def test_a_case_already_there_named_after_actually_is_no_new_request(text):
    assert changed_request("request_callback", text) == ""
