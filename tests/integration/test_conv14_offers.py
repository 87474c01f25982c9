"""A ticket asked for right after an article is about the question just answered; an offered ticket
answered with the address alone is a yes even when the classifier is unsure; a vendor case keeps the
problem told after a vague first message (the thirteenth fresh pen's dialogues, in other words)."""

import pytest

from actions.fallback import understood_after_all
from actions.tickets import ValidateTicketForm
from actions.vendor import ValidateVendorCaseForm
from tests.integration.conftest import make_tracker

AFTER_ARTICLE = [{"event": "slot", "name": "kb_query", "value": "¿cómo paso PaperOffice a la versión nueva?"},
                 {"event": "slot", "name": "kb_tried", "value": ["update-program-es"]},
                 {"event": "slot", "name": "pending_offer", "value": "kb_feedback"}]
SLOTS = {"kb_query": "¿cómo paso PaperOffice a la versión nueva?", "kb_tried": ["update-program-es"],
         "pending_offer": "kb_feedback"}


@pytest.mark.parametrize("text", ["sí, pero abreme un ticket igualmente porfa",
                                  "vale sí, pero abridme un ticket de todas formas, gracias",
                                  "no, pero ábreme una incidencia por si acaso"])
async def test_a_ticket_asked_for_after_an_article_is_about_the_question_answered(text, dispatcher):
    tracker = make_tracker(text, "open_ticket", slots=SLOTS, events=AFTER_ARTICLE, active_loop="ticket_form")
    found = await ValidateTicketForm().extract_description(dispatcher, tracker, {})
    assert "versión nueva" in found["description"]


async def test_a_ticket_after_an_article_with_its_own_problem_keeps_that_problem(dispatcher):
    text = "sí, pero ábreme un ticket: al terminar el instalador sale el error 1722 y no arranca"
    tracker = make_tracker(text, "open_ticket", slots=SLOTS, events=AFTER_ARTICLE, active_loop="ticket_form")
    found = await ValidateTicketForm().extract_description(dispatcher, tracker, {})
    assert "1722" in found["description"] and "versión nueva" not in found["description"]


def test_the_address_alone_to_an_offered_ticket_is_a_yes_when_unsure(dispatcher):
    tracker = make_tracker("pepa.soler@escolamontseny.cat", "nlu_fallback",
                           slots={"pending_offer": "ticket", "offer_context": "Pregunta: idioma"})
    tracker.latest_message["entities"] = [{"entity": "email", "value": "pepa.soler@escolamontseny.cat"}]
    events = understood_after_all(dispatcher, tracker)
    assert events and events[0].get("name") == "action_handle_affirm"


@pytest.mark.parametrize("text", ["is pepa@escola.cat the address you have on file for us?",
                                  "¿tenéis mi correo pepa@escola.cat bien escrito?",
                                  "vale. ¿lo abrís con pepa@escola.cat"])  # the last sentence asks, unclosed
def test_a_question_about_the_address_is_no_yes_to_the_offer(text, dispatcher):
    """Review finding: asking about an address is not taking the offered ticket."""
    tracker = make_tracker(text, "nlu_fallback", slots={"pending_offer": "ticket", "offer_context": "Pregunta: idioma"})
    tracker.latest_message["entities"] = [{"entity": "email", "value": "pepa@escola.cat"}]
    events = understood_after_all(dispatcher, tracker) or []
    assert all(event.get("name") != "action_handle_affirm" for event in events)


@pytest.mark.parametrize("text", ["my email? it's pepa@escola.cat", "vale, que me lo abráis, pepa@escola.cat"])
def test_an_address_after_an_echoed_question_is_a_yes(text, dispatcher):
    """ "my email? it's j.smith at acme dot com" answers: only a message whose last sentence is a
    question asks (by its question marks: an opening "que" asks nothing)."""
    tracker = make_tracker(text, "nlu_fallback",
                           slots={"pending_offer": "ticket", "offer_context": "Pregunta: idioma"})
    tracker.latest_message["entities"] = [{"entity": "email", "value": "pepa@escola.cat"}]
    events = understood_after_all(dispatcher, tracker)
    assert events and events[0].get("name") == "action_handle_affirm"


def test_an_address_with_no_offer_pending_is_no_yes(dispatcher):
    tracker = make_tracker("pepa.soler@escolamontseny.cat", "nlu_fallback", slots={"pending_offer": None})
    tracker.latest_message["entities"] = [{"entity": "email", "value": "pepa.soler@escolamontseny.cat"}]
    events = understood_after_all(dispatcher, tracker) or []
    assert all(event.get("name") != "action_handle_affirm" for event in events)


async def test_a_vendor_case_adds_the_problem_told_after_a_vague_start(dispatcher):
    text = ("It's a Buffalo TeraStation 5410DN. Since the firmware update PaperOffice says the archive path is "
            "read-only. Contact me at r.osei@x.com")
    tracker = make_tracker(text, "inform", active_loop="vendor_case_form",
                           slots={"requested_slot": "vendor", "vendor_consent": True,
                                  "description": "Having trouble with PaperOffice on our NAS, can you get the "
                                                 "manufacturer involved?"})
    found = await ValidateVendorCaseForm().extract_description(dispatcher, tracker, {})
    assert "read-only" in found["description"] and "on our NAS" in found["description"]
    assert "r.osei" not in found["description"]
