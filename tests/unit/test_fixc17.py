"""Review of conv17 (fixc17): what its fixes read wrongly, or too slowly."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import parse_requested_time

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # a Thursday


@pytest.mark.parametrize("opening", ["m" * 5000 + "h", "hm" * 2500, "mm " * 2000 + "x", "uy" * 3000])
def test_a_long_interjection_is_read_in_linear_time(opening):
    started = time.perf_counter()
    parse_requested_time(opening + ", el jueves a las 10", NOW)
    assert time.perf_counter() - started < 0.5


# --- 2. a contract number given where "no contract" was read: one reading of a number in a sentence

from actions.interruptions import contract_given_instead  # noqa: E402


@pytest.mark.parametrize("text", [
    "tenemos contrato desde 2019", "somos 1500 empleados", "pagamos 1200 euros al año", "el CP es 28001",
    "cliente nº 123456",
    "no tenemos contrato, el pedido es 12345", "el contrato caducó, era el 1003", "we don't have one, it was 1004",
    "ya no tenemos contrato de soporte, era el 1005", "we have no contract, the invoice was 12345",
])
def test_a_number_that_is_not_the_contract_is_not_taken_for_it(text):
    assert contract_given_instead(text) is None


@pytest.mark.parametrize("text, contract", [
    ("sí, el número es 1001 y no sé si sigue vigente", "SC-1001"),
    ("si tenemos, es el 1002 pero no lo tengo claro", "SC-1002"),
    ("yes we have one, it's 1003, not sure it's still valid", "SC-1003"),
])
def test_a_no_beside_the_number_is_not_a_denial_of_the_contract(text, contract):
    assert contract_given_instead(text) == contract


# --- 3. a yes with a remark about someone else is a yes; a decision waiting for someone is not yet one

from bot.replies import postpones, read_yes_no  # noqa: E402


@pytest.mark.parametrize("text", [
    "sí, ábrelo, que yo lo comento con mi jefe", "sí, todo correcto, lo hablo con IT para que estén atentos",
    "sí, adelante, mientras tanto lo comento con mi jefe",
    "sí, antes hablamos con el proveedor y nos dijeron que os lo pasáramos",
    "sí, primero preguntamos al fabricante y nos mandaron aquí",
    "yes, go ahead, I'll talk to IT about it tomorrow first thing",
    "vale, adelante, yo lo hablo con mi socia",
    "sí, pásaselo, ya lo consultamos antes con IT y nos dijeron que sí",
])
def test_a_yes_with_a_remark_beside_it_is_a_yes(text):
    assert not postpones(text)
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "ok, pero primero lo consulto con mi jefe", "vale, pero antes lo hablo con IT", "ok but let me check with my boss first",
    "vale, pero lo hablo con mi jefa antes", "de acuerdo, pero primero tengo que preguntarle a la gerente",
    "ok, but I need to run it by our IT team first",
])
def test_a_decision_waiting_for_someone_is_not_yet_a_yes(text):
    assert postpones(text)
    assert read_yes_no(text) is None


# --- 4–6. the priority told as its impact: read after what the message means, denials read, detail kept

from rasa_sdk import Tracker  # noqa: E402

from actions.sla import ValidateSlaCaseForm, priority_from_impact  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("sin workaround", "high"), ("the workaround doesn't work", "high"),
    ("el workaround que nos disteis no funciona", "high"), ("no podemos facturar, y a mano no se puede", "high"),
    ("hacerlo a mano es imposible", "high"), ("doing it by hand is not possible", "high"),
    ("no hay ninguna alternativa", "high"), ("there's no workaround, invoicing is stuck", "high"),
    ("no podemos trabajar", "high"), ("we can't work", "high"), ("no podemos seguir trabajando con las facturas", "high"),
    ("no sabemos si podemos seguir trabajando", None), ("not sure if we can keep working", None),
    ("solo afecta a un usuario", "normal"), ("it only affects one user", "normal"),
    ("molesta, pero podemos seguir trabajando", "normal"), ("de momento lo hacemos a mano", "normal"),
    ("we can still work manually", "normal"), ("tenemos una alternativa", "normal"),
    ("nobody can work", None), ("ni idea", None),
])
def test_the_impact_told_reads_its_denials(text, expected):
    assert priority_from_impact(text) == expected


def priority_tracker(text: str, intent: str, confidence: float = 0.54, description: str = "") -> Tracker:
    events = [{"event": "slot", "name": "requested_slot", "value": "priority"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}]
    return Tracker("s", {"requested_slot": "priority", "description": description or None, "language": "es"},
                   {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
                   events, False, None, {"name": "sla_case_form"}, "action_listen")


class Dispatcher:
    def __init__(self):
        self.messages = []

    def utter_message(self, **kwargs):
        self.messages.append(kwargs)


@pytest.mark.parametrize("text, intent", [
    ("mejor llamadme, de momento lo hacemos a mano", "wait"),
    ("ya funciona, podemos seguir trabajando, gracias", "thank"),
    ("ya funciona, podemos seguir trabajando", "inform"),
    ("call me instead, we're doing it by hand for now", "wait"),
])
async def test_a_message_that_means_something_else_is_not_read_as_its_impact(text, intent):
    found = await ValidateSlaCaseForm().extract_priority(Dispatcher(), priority_tracker(text, intent), {})
    assert "priority" not in found or found["priority"] is None


async def test_the_impact_misread_as_wait_is_still_the_priority():
    text = "no sé muy bien qué prioridad poner, es un rollo pero de momento lo vamos haciendo a mano"
    found = await ValidateSlaCaseForm().extract_priority(Dispatcher(), priority_tracker(text, "wait"), {})
    assert found == {"priority": "normal"}


@pytest.mark.parametrize("text", [
    "podemos seguir trabajando a mano, y además desde ayer también falla el backup nocturno",
    "we can still work manually, and since yesterday the nightly backup also fails",
])
def test_more_of_the_problem_beside_the_impact_is_added(text):
    tracker = priority_tracker(text, "inform", description="la factura sale con el CIF mal")
    found = ValidateSlaCaseForm().validate_priority("normal", Dispatcher(), tracker, {})
    assert found["priority"] == "normal"
    assert "backup" in found.get("description", "")


# --- 7. a hesitation about the priority that asks for a call or puts it off means what it asks

from actions.forms import unsure_of_priority  # noqa: E402


@pytest.mark.parametrize("text, intent, confidence", [
    ("no sé qué prioridad poner, mejor que me llame un técnico y lo vemos", "request_callback", 0.63),
    ("no sé qué prioridad poner, lo dejo para luego y os escribo", "defer", 0.89),
    ("not sure which priority to pick, can someone just call me and we'll see", "inform", 0.4),
    ("no sé qué prioridad, pásame con una persona por favor", "inform", 0.4),
])
def test_a_hesitation_that_asks_for_something_else_is_not_unsure(text, intent, confidence):
    assert not unsure_of_priority(priority_tracker(text, intent, confidence))


@pytest.mark.parametrize("text", [
    "hmm I'm really not sure which priority this should be for our team, to be honest",
    "no sé qué prioridad poner, depende de lo que entendáis por urgente",
])
def test_a_long_hesitation_about_the_priority_alone_is_unsure(text):
    assert unsure_of_priority(priority_tracker(text, "not_solved", 0.5))


# --- 8. a follow-up call is not a call instead of the ticket

from actions.tickets import changed_to_a_call  # noqa: E402


def ticket_tracker(text: str) -> Tracker:
    return Tracker("s", {"requested_slot": "ticket_confirmed", "description": "la factura llegó duplicada",
                         "email": "ana@example.com"},
                   {"text": text, "intent": {"name": "inform", "confidence": 0.5}, "entities": []},
                   [], False, None, {"name": "ticket_form"}, "action_listen")


@pytest.mark.parametrize("text", [
    "call me when it's done", "llamadme en cuanto sepáis algo", "call me once you know more",
    "y me llamáis cuando esté?", "llámame si no lo entendéis", "llamadme si algo no está claro",
    "ana@x.es, y llamadme también al 612345678", "phone me as soon as it's sorted", "me llamáis una vez resuelto",
    "y también me podéis llamar al 612345678",
])
def test_a_follow_up_call_keeps_the_ticket(text):
    assert changed_to_a_call(Dispatcher(), ticket_tracker(text)) is None


@pytest.mark.parametrize("text", [
    "no espera, mejor que me llamen", "mejor llamadme si puede ser", "actually, call me instead if possible",
    "prefiero que me llaméis, es más rápido",
])
def test_a_call_instead_still_leaves_the_ticket(text):
    assert changed_to_a_call(Dispatcher(), ticket_tracker(text)) is not None


# --- 9. "¿cuándo…?" at a question's start is about the request; "cuando" inside a problem is not

from actions.forms import ABOUT_THE_REQUEST  # noqa: E402
from bot.text import strip_accents  # noqa: E402


@pytest.mark.parametrize("text", [
    "¿por qué se queda en blanco cuando se miran los PDFs?", "¿por qué da error cuando se revisan las facturas?",
    "¿es normal que falle cuando se resuelven los duplicados?", "¿por qué cuando lo arreglan vuelve a fallar?",
    "sale un aviso cuando se atienden las alertas", "se cuelga cuando revisan el informe",
])
def test_a_problem_question_with_cuando_is_not_about_the_request(text):
    assert not ABOUT_THE_REQUEST.search(strip_accents(text))


@pytest.mark.parametrize("text", [
    "¿cuándo me atienden?", "¿cuándo lo van a resolver?", "y cuándo me lo arregláis?", "vale, ¿y cuándo lo miran?",
    "bueno y eso cuando me lo resolvéis?", "pero cuándo nos lo van a solucionar",
])
def test_when_it_will_be_dealt_with_is_about_the_request(text):
    assert ABOUT_THE_REQUEST.search(strip_accents(text))


# --- 10. "misma hora"/"same time" keeps the time for the day named last

import actions.callbacks as callbacks  # noqa: E402


class FrozenService:
    def local_now(self):
        return NOW


def callback_tracker(*messages: str) -> Tracker:
    events = [{"event": "user", "text": text} for text in messages]
    return Tracker("s", {"requested_slot": "case_confirmed"},
                   {"text": messages[-1], "intent": {"name": "inform", "confidence": 0.5}, "entities": []},
                   events, False, None, {"name": "callback_form"}, "action_listen")


@pytest.mark.parametrize("text, day", [
    ("el martes tengo médico, el miércoles a la misma hora", 2), ("martes imposible, miércoles misma hora", 2),
    ("can't do tuesday, wednesday same time please", 2), ("tuesday I have a meeting, wednesday same time", 2),
    ("el martes me pilla fatal, el jueves misma hora", 3), ("monday's out for us, friday same time", 27),
    ("el miércoles a la misma hora", 2),
])
def test_same_time_is_kept_for_the_day_named_last(monkeypatch, text, day):
    monkeypatch.setattr(callbacks, "case_service", lambda: FrozenService())
    moment = callbacks.relative_to_earlier(callback_tracker("a las 9 de la mañana del martes", text), text)
    assert moment is not None and (moment.month, moment.day, moment.hour, moment.minute) == (12 if day < 26 else 11, day, 9, 0)


def test_a_hesitation_beside_the_impact_is_not_added_to_the_description():
    text = "no sé muy bien qué prioridad poner, es un rollo pero de momento lo vamos haciendo a mano"
    tracker = priority_tracker(text, "wait", description="las reglas de archivado han dejado de funcionar")
    assert ValidateSlaCaseForm().validate_priority("normal", Dispatcher(), tracker, {}) == {"priority": "normal"}


@pytest.mark.parametrize("text", ["sí, y llamadme en cuanto sepáis algo", "yes, and call me when it's done"])
def test_a_yes_with_a_follow_up_call_is_a_yes_whatever_the_intent(text):
    from actions.forms import yes_no_reply

    tracker = Tracker("s", {"requested_slot": "ticket_confirmed"},
                      {"text": text, "intent": {"name": "request_callback", "confidence": 0.8}, "entities": []},
                      [], False, None, {"name": "ticket_form"}, "action_listen")
    assert yes_no_reply(Dispatcher(), tracker, "ticket_confirmed") == {"ticket_confirmed": True}
