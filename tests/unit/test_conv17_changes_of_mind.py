"""Found playing new customers (conv17): a change of mind or a yes put off must not be read as
what it turns down.

- "sí tenemos contrato de soporte, es el 1001" at the contract question read as "no contract";
- "ok, pero primero lo consulto con mi jefe" at the vendor's consent question recorded consent;
- "el martes estoy fuera, el miércoles mejor, misma hora" at the call's read-back kept Tuesday
  while saying it had changed it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker

import actions.callbacks as callbacks
from actions.interruptions import contract_given_instead as contract_number_given
from bot.answers import gives_consent
from bot.replies import postpones, read_yes_no
from bot.timeparse import parse_requested_time

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # a Thursday


class FrozenService:
    def local_now(self):
        return NOW


@pytest.mark.parametrize("text, expected", [
    ("si tenemos contrato de soporte, es el 1001", "SC-1001"),
    ("yes we do have one, it's 1002", "SC-1002"),
    ("sí, claro que tenemos, SC 1001", "SC-1001"),
    ("tenemos contrato, el número es sc-1002", "SC-1002"),
])
def test_a_contract_number_beside_words_about_having_one_is_the_answer(text, expected):
    assert contract_number_given(text) == expected


@pytest.mark.parametrize("text", [
    "no tenemos contrato", "el contrato caducó, era el 1003", "we don't have a contract, order 12345",
    "no, solo la licencia", "tenemos contrato, llamadme al 612 345 678", "ya no tenemos contrato de soporte",
])
def test_no_contract_or_no_number_gives_none(text):
    assert contract_number_given(text) is None


@pytest.mark.parametrize("text", [
    "ok, pero primero lo consulto con mi jefe", "vale, pero antes lo hablo con mi socio",
    "de acuerdo, aunque antes tengo que preguntarle a mi jefa", "ok but let me check with my manager first",
    "sí, pero primero lo comento con IT", "primero hablamos con ellos y os digo",
])
def test_an_ok_with_the_decision_put_off_is_no_yes(text):
    assert postpones(text)
    assert read_yes_no(text) is None


@pytest.mark.parametrize("text", [
    "sí, adelante", "ya lo consulté, adelante", "vale, pásaselo", "ok, primero mira si hay otra opción",
    "sí, adelante, primero lo de la red",
])
def test_a_yes_that_puts_nothing_off_stays_a_yes(text):
    assert not postpones(text)
    assert read_yes_no(text) is True


def test_consent_put_off_is_not_consent():
    assert not gives_consent("ok, pero primero lo consulto con mi jefe")


@pytest.mark.parametrize("text, day", [
    ("el martes no puedo, el miércoles a las 10", 2),
    ("uy no, el martes estoy fuera, el miércoles a las 10", 2),
    ("oh wait, tuesday I'm busy, wednesday at 10 instead", 2),
    ("monday doesn't work for me, tuesday at 10", 1),
    ("el martes no me va, mejor el jueves a las 10", 3),
])
def test_a_day_turned_down_with_its_reason_is_not_the_day_booked(text, day):
    wanted = parse_requested_time(text, NOW)
    assert wanted is not None and wanted.start.day == day and wanted.start.hour == 10


def tracker(*messages: str) -> Tracker:
    events = [{"event": "user", "text": text} for text in messages]
    return Tracker("s", {"requested_slot": "case_confirmed"},
                   {"text": messages[-1], "intent": {"name": "inform", "confidence": 0.5}, "entities": []},
                   events, False, None, {"name": "callback_form"}, "action_listen")


@pytest.mark.parametrize("text, day", [
    ("uy no, el martes estoy fuera, el miércoles mejor, misma hora", 2),
    ("el martes no puedo, mejor el miércoles a la misma hora", 2),
    ("sorry, tuesday I'm away, wednesday same time", 2),
    ("el martes no, el jueves a la misma hora", 3),
])
def test_same_time_on_another_day_keeps_the_time_named_before(monkeypatch, text, day):
    monkeypatch.setattr(callbacks, "case_service", lambda: FrozenService())
    moment = callbacks.relative_to_earlier(tracker("a las 9 de la mañana del martes", text), text)
    assert moment is not None and (moment.day, moment.hour, moment.minute) == (day, 9, 0)


# --- more found playing new customers: a call asked for at the ticket's summary, a priority told as
# its impact, "¿y cuándo me lo resolvéis?" inside a form

from actions.forms import ABOUT_THE_REQUEST, unsure_of_priority  # noqa: E402
from actions.sla import priority_from_impact  # noqa: E402
from actions.tickets import changed_to_a_call  # noqa: E402
from bot.text import strip_accents  # noqa: E402


def ticket_tracker(text: str, requested: str = "ticket_confirmed") -> Tracker:
    return Tracker("s", {"requested_slot": requested, "description": "la factura llegó duplicada",
                         "email": "ana@example.com"},
                   {"text": text, "intent": {"name": "inform", "confidence": 0.5}, "entities": []},
                   [], False, None, {"name": "ticket_form"}, "action_listen")


class Dispatcher:
    def __init__(self):
        self.messages = []

    def utter_message(self, **kwargs):
        self.messages.append(kwargs)


@pytest.mark.parametrize("text", [
    "no espera, mejor que me llamen, es más rápido", "actually could someone just phone me instead?",
    "mejor llamadme al 612 345 678", "no, prefiero que me llaméis",
])
def test_a_call_asked_for_instead_leaves_the_ticket_for_the_call(text):
    events = changed_to_a_call(Dispatcher(), ticket_tracker(text))
    assert events is not None
    assert any(event.get("event") == "followup" and event.get("name") == "callback_form" for event in events)
    assert any(event.get("name") == "offer_context" and "duplicada" in (event.get("value") or "")
               for event in events)


@pytest.mark.parametrize("text", [
    "sí, y llamadme también", "sí", "the tech said he would call me", "llamadme si necesitáis algo más",
    "no quiero que me llaméis",
])
def test_a_yes_a_story_or_a_call_only_if_needed_stays_in_the_ticket(text):
    assert changed_to_a_call(Dispatcher(), ticket_tracker(text)) is None


@pytest.mark.parametrize("text, expected", [
    ("hmm not sure what priority, it's annoying but we can still work manually", "normal"),
    ("no sé qué prioridad, es un rollo pero de momento lo hacemos a mano", "normal"),
    ("molesta, pero podemos seguir trabajando", "normal"),
    ("there's no workaround, invoicing is stuck", "high"),
    ("no podemos seguir trabajando", "high"), ("we can't work at all", None), ("ni idea", None),
])
def test_the_impact_told_gives_the_priority_it_fits(text, expected):
    assert priority_from_impact(text) == expected


def test_a_long_hesitation_about_the_priority_is_unsure_not_a_way_out():
    tracker = Tracker("s", {"requested_slot": "priority"},
                      {"text": "hmm I'm really not sure which priority this should be for our team, to be honest",
                       "intent": {"name": "not_solved", "confidence": 0.5}, "entities": []},
                      [], False, None, {"name": "sla_case_form"}, "action_listen")
    assert unsure_of_priority(tracker)


@pytest.mark.parametrize("text", [
    "bueno y eso cuando me lo resolvéis?", "¿y cuándo lo arregláis?", "when will this be fixed?",
    "¿y cuándo me lo solucionan?",
])
def test_when_it_will_be_solved_is_about_the_request(text):
    assert ABOUT_THE_REQUEST.search(strip_accents(text))


@pytest.mark.parametrize("text", ["cuando lo miro me sale un error", "cuando lo arreglo vuelve a fallar"])
def test_a_problem_told_with_cuando_is_not(text):
    assert not ABOUT_THE_REQUEST.search(strip_accents(text))
