"""Servers that die, freeze or restart mid-form: nothing the customer said is lost.

The launcher supervises: a server that dies is started again and the others keep
running. Conversations live in the SQL tracker store, so a restarted Rasa server
continues every form where it was.
"""

from __future__ import annotations

import os
import signal
import time

from tests.reliability.conftest import ACTION_TIMEOUT_S
from tests.support.stack import cases, new_sender, request, user_texts

ACTIONS = "bot.serving.action_server"
RASA = "bot.serving.rasa_server"
WEB = "bot.serving.web_server"


def cases_of(stack, sender):
    return [case for case in cases(stack.env) if case["conversation_id"] == sender]


def test_action_server_killed_mid_form_apology_then_the_form_resumes_with_the_kept_message(stack):
    sender = new_sender("killed")
    stack.rasa.say(sender, "Tengo preguntas sobre una factura.")
    assert "descr" in stack.rasa.texts(sender, "marta.ruiz@example.com").lower()
    actions = stack.child(ACTIONS)
    others = (stack.child(RASA).pid, stack.child(WEB).pid)
    actions.kill()
    started = time.monotonic()
    apology = stack.rasa.texts(sender, "La factura de noviembre tiene un cargo duplicado")
    print(f"\naction server killed: apology after {(time.monotonic() - started) * 1000:.0f} ms")
    assert time.monotonic() - started < 2
    assert "Lo siento" in apology and "guardado" in apology
    stack.wait_for_child(ACTIONS, old_pid=actions.pid)
    stack.wait_actions_up()
    assert (stack.child(RASA).pid, stack.child(WEB).pid) == others  # the others kept running
    resumed = stack.rasa.texts(sender, "¿Sigues ahí?")
    assert "Voy a abrir este ticket" in resumed and "cargo duplicado" in resumed
    tracker = stack.rasa.tracker(sender)
    assert tracker["slots"]["description"] == "La factura de noviembre tiene un cargo duplicado"
    assert user_texts(tracker).count("La factura de noviembre tiene un cargo duplicado") == 1
    assert "Hecho" in stack.rasa.texts(sender, "sí")
    [case] = cases_of(stack, sender)
    assert case["email"] == "marta.ruiz@example.com" and "cargo duplicado" in case["description"]


def test_action_server_frozen_the_reply_comes_in_time_and_the_case_is_made_once(stack):
    sender = new_sender("frozen")
    stack.rasa.say(sender, "I have a question about an invoice.")
    stack.rasa.say(sender, "john.smith@example.com")
    assert "Shall I open it?" in stack.rasa.texts(sender, "The October invoice charges me twice")
    actions = stack.child(ACTIONS)
    actions.suspend()
    try:
        started = time.monotonic()
        apology = stack.rasa.texts(sender, "yes")
        waited = time.monotonic() - started
    finally:
        actions.resume()
    print(f"\naction server frozen: apology after {waited:.1f} s (deadline {ACTION_TIMEOUT_S} s)")
    assert waited < ACTION_TIMEOUT_S + 3, waited
    assert "Sorry" in apology and "kept it" in apology
    done = stack.rasa.texts(sender, "yes")  # the customer says it again: the kept "yes" is replayed once
    assert "Done: I opened ticket" in done
    [case] = cases_of(stack, sender)  # even if the frozen server ran the submission when it woke up
    assert case["email"] == "john.smith@example.com"
    assert user_texts(stack.rasa.tracker(sender)).count("yes") == 1


def test_rasa_killed_or_stopped_mid_form_continues_every_conversation(stack):
    senders = [new_sender("restart") for _ in range(3)]
    for number, sender in enumerate(senders):
        stack.rasa.say(sender, "Tengo preguntas sobre una factura.")
        stack.rasa.say(sender, f"cliente{number}.restart@example.com")
    before = {sender: stack.rasa.tracker(sender)["events"] for sender in senders}
    actions_pid = stack.child(ACTIONS).pid
    for stopping in (signal.SIGKILL, signal.SIGTERM):
        rasa = stack.child(RASA)
        started = time.monotonic()
        os.kill(rasa.pid, stopping)
        stack.wait_for_child(RASA, old_pid=rasa.pid)
        stack.rasa.wait_up()
        print(f"\nRasa {signal.Signals(stopping).name}: serving again after {time.monotonic() - started:.0f} s")
        assert stack.child(ACTIONS).pid == actions_pid
        for sender in senders:
            events = stack.rasa.tracker(sender)["events"]
            assert events[:len(before[sender])] == before[sender], "events were lost"
        if stopping == signal.SIGKILL:
            for number, sender in enumerate(senders):
                reply = stack.rasa.texts(sender, f"El cargo {number} de la factura está repetido")
                assert "Voy a abrir este ticket" in reply, reply  # the form went on from the description
            before = {sender: stack.rasa.tracker(sender)["events"] for sender in senders}
    for number, sender in enumerate(senders):
        assert "Hecho" in stack.rasa.texts(sender, "sí")
        [case] = cases_of(stack, sender)
        assert case["email"] == f"cliente{number}.restart@example.com"
        assert user_texts(stack.rasa.tracker(sender))[:2] == ["Tengo preguntas sobre una factura.",
                                                              f"cliente{number}.restart@example.com"]


def test_the_widget_server_is_restarted_too(stack):
    web = stack.child(WEB)
    web.kill()
    stack.wait_for_child(WEB, old_pid=web.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(f"{stack.web_url}/widget.js")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    assert request(f"{stack.web_url}/widget.js")[0] == 200
    assert "The web server stopped" in (stack.work / "launcher.log").read_text()
