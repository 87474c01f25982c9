"""Personal data: never in a log line, erasable on request, gone after the retention period."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time

from bot.cases.db import make_engine
from bot.conversations import ConversationStore
from bot.settings import PROJECT_ROOT
from tests.reliability.conftest import TELEGRAM_SECRET
from tests.support.stack import cases, new_sender, request

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONES = ("612345678", "699111222", "5512345678", "911234567")


def cli(stack, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cases", *args], env=stack.env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True)


def test_no_email_or_phone_number_reaches_any_log(stack):
    url = f"{stack.rasa.base_url}/webhooks/rest/webhook"
    ticket = new_sender("pii")
    stack.rasa.say(ticket, "Tengo preguntas sobre una factura.")
    stack.rasa.say(ticket, "laura.pii@example.com")
    stack.rasa.say(ticket, "Llamadme al 612 34 56 78 o escribid a laura.pii@example.com, la factura está mal")
    stack.rasa.say(ticket, "sí")
    callback = new_sender("pii")
    stack.rasa.say(callback, "El antivirus bloquea el programa, ¿podéis llamarme?")
    stack.rasa.say(callback, "Pedro Pii")
    stack.rasa.say(callback, "+34 699 111 222")
    stack.rasa.say(new_sender("pii"), "mi móvil es (+52) 55 1234 5678 y mi correo pedro.pii@example.org")
    # failure paths: refused bodies, a message too long, a flood, the action server down
    request(url, {"sender": "", "message": "soy ana.pii@example.com, 91 123 45 67"})
    request(url, raw=b'{"sender": "pii", "message": "bob.pii@example.com 612345678"')
    request(url, {"sender": new_sender("pii"), "message": "carol.pii@example.com 612 345 678 " * 400})
    stack.rasa.say(new_sender("pii"), "/inform{\"email\": \"dave.pii@example.com\", \"phone\": \"699111222\"}")
    request(f"{stack.rasa.base_url}/webhooks/telegram/webhook",
            {"update_id": 99, "message": {"message_id": 1, "date": 1795700000, "chat": {"id": 8801, "type": "private"},
                                          "text": "escribid a erin.pii@example.com o al 612345678"}},
            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    stack.extra["telegram"].wait_for("sendMessage", 8801)
    actions = stack.child("bot.serving.action_server")
    down = new_sender("pii")
    stack.rasa.say(down, "Tengo preguntas sobre una factura.")
    actions.kill()
    stack.rasa.say(down, "frank.pii@example.com")
    stack.wait_for_child("bot.serving.action_server", old_pid=actions.pid)
    stack.wait_actions_up()
    stack.rasa.say(down, "frank.pii@example.com")
    time.sleep(1)
    found = []
    for name, text in stack.logs().items():
        found += [(name, match) for match in EMAIL.findall(text)]
        digits = re.sub(r"[\s().+-]", "", text)
        found += [(name, phone) for phone in PHONES if phone in digits]
    assert not found, found[:10]


def test_erase_removes_one_customers_cases_and_conversations_and_says_what(stack):
    mine, other = new_sender("erase"), new_sender("keep")
    for sender, email in ((mine, "erase.me@example.com"), (other, "keep.me@example.com")):
        stack.rasa.say(sender, "Tengo preguntas sobre una factura.")
        stack.rasa.say(sender, email)
        stack.rasa.say(sender, "La factura de marzo no cuadra con el pedido")
        stack.rasa.say(sender, "sí")
    mentioned = new_sender("erase")  # a conversation that only mentions the address
    stack.rasa.say(mentioned, "mi correo es Erase.Me@example.com")
    [case] = [c for c in cases(stack.env) if c["email"] == "erase.me@example.com"]
    done = cli(stack, "erase", "--email", "ERASE.ME@example.com")
    assert done.returncode == 0, done.stderr
    assert case["id"] in done.stdout and mine in done.stdout and mentioned in done.stdout
    assert "1 case(s)" in done.stdout and "2 conversation(s)" in done.stdout
    assert not [c for c in cases(stack.env) if c["email"] == "erase.me@example.com"]
    assert [c for c in cases(stack.env) if c["email"] == "keep.me@example.com"]
    for sender in (mine, mentioned):
        assert "erase.me" not in json.dumps(stack.rasa.tracker(sender)).lower()
    assert "keep.me@example.com" in json.dumps(stack.rasa.tracker(other))
    again = cli(stack, "erase", "--email", "erase.me@example.com")
    assert again.returncode == 0 and "Nothing stored" in again.stdout


def test_retention_deletes_old_conversations_and_blanks_old_cases(stack):
    old, recent = new_sender("old"), new_sender("recent")
    for sender, email in ((old, "old.customer@example.com"), (recent, "recent.customer@example.com")):
        stack.rasa.say(sender, "Tengo preguntas sobre una factura.")
        stack.rasa.say(sender, email)
        stack.rasa.say(sender, "La factura de enero está duplicada")
        stack.rasa.say(sender, "sí")
    # age the first conversation and its case by 400 days, as the clock would
    tracker_engine = make_engine(stack.env["TRACKER_STORE_URL"])
    cases_engine = make_engine(stack.env["DATABASE_URL"])
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
    with tracker_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?",
                                   (400 * 86400, old))
    with cases_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE cases SET created_at = ? WHERE conversation_id = ?",
                                   (past.strftime("%Y-%m-%d %H:%M:%S.%f"), old))
    done = cli(stack, "purge", "--days", "365")
    assert done.returncode == 0 and "1 conversation(s)" in done.stdout and "1 case(s)" in done.stdout, done.stdout
    assert ConversationStore(tracker_engine).event_counts([old, recent]).keys() == {recent}
    [aged] = [c for c in cases(stack.env) if c["conversation_id"] == old]
    assert aged["email"] is None and aged["description"] == "[removed]" and aged["transcript"] is None
    assert aged["id"].startswith("T-") and aged["kind"] == "ticket"  # the figures stay
    [kept] = [c for c in cases(stack.env) if c["conversation_id"] == recent]
    assert kept["email"] == "recent.customer@example.com"
    assert "0 conversation(s)" in cli(stack, "purge", "--days", "365").stdout
