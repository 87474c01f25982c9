"""Telegram end to end: updates into the real servers, Bot API calls out to a local stand-in."""

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import TELEGRAM_SECRET

pytestmark = pytest.mark.e2e

_update_ids = iter(range(1, 10_000))


def update(chat_id, text=None, **message_fields):
    message = {"message_id": next(_update_ids), "date": 1795700000, "chat": {"id": chat_id, "type": "private"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Ana", "language_code": "es"}}
    if text is not None:
        message["text"] = text
    message.update(message_fields)
    return {"update_id": next(_update_ids), "message": message}


def button(chat_id, data):
    return {"update_id": next(_update_ids), "callback_query": {
        "id": f"cb-{next(_update_ids)}", "chat_instance": "ci", "data": data,
        "from": {"id": chat_id, "is_bot": False, "first_name": "Ana", "language_code": "es"},
        "message": {"message_id": 1, "date": 1795700000, "chat": {"id": chat_id, "type": "private"}, "text": "x"}}}


def post(assistant, payload, secret=TELEGRAM_SECRET):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(f"{assistant.base_url}/webhooks/telegram/webhook",
                                     data=json.dumps(payload).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sent_texts(assistant, chat_id, count=1):
    return [c["params"]["text"] for c in assistant.telegram.wait_for("sendMessage", chat_id, count)]


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_webhook_without_the_secret_is_forbidden(assistant, secret):
    assert post(assistant, update(7001, "hola"), secret=secret) == 403
    assert assistant.telegram.calls_to("sendMessage", 7001) == []


def test_text_message_gets_an_answer_in_the_chat(assistant):
    assert post(assistant, update(7002, "hola")) == 200
    [text] = sent_texts(assistant, 7002)
    assert "Soy el asistente de soporte" in text
    tracker = assistant.tracker("tg-7002")
    assert tracker["latest_input_channel"] == "telegram"


def test_buttons_become_inline_keyboards_and_presses_are_answered(assistant):
    post(assistant, update(7003, "¿Cómo puedo solicitar mi contraseña?"))
    calls = assistant.telegram.wait_for("sendMessage", 7003, 2)
    keyboards = [json.loads(c["params"]["reply_markup"]) for c in calls if c["params"].get("reply_markup")]
    payloads = [b["callback_data"] for row in keyboards[0]["inline_keyboard"] for b in row]
    assert payloads == ["/affirm", "/deny"]
    assert all(c["params"]["parse_mode"] == "MarkdownV2" for c in calls)
    press = button(7003, "/affirm")
    assert post(assistant, press) == 200
    answered = assistant.telegram.wait_for("answerCallbackQuery")
    assert press["callback_query"]["id"] in [c["params"]["callback_query_id"] for c in answered]
    texts = sent_texts(assistant, 7003, 4)  # the answer, "¿Te sirvió?", then "Me alegro" and the rating (issue 13)
    assert any("Me alegro" in text for text in texts[2:])
    assert any("del 1" in text for text in texts[2:])


def test_photos_and_stickers_get_a_polite_reply(assistant):
    photo = update(7004, photo=[{"file_id": "f", "file_unique_id": "u", "width": 10, "height": 10}])
    assert post(assistant, photo) == 200
    [text] = sent_texts(assistant, 7004)
    assert "solo puedo leer texto" in text and "fotos" in text


def test_each_chat_is_its_own_conversation(assistant):
    post(assistant, update(7005, "Tengo preguntas sobre una factura."))
    sent_texts(assistant, 7005)
    post(assistant, update(7006, "hola"))
    sent_texts(assistant, 7006)
    first = assistant.tracker("tg-7005")
    second = assistant.tracker("tg-7006")
    assert first["active_loop"]["name"] == "ticket_form"
    assert not second.get("active_loop")


def test_polling_bridge_forwards_updates_and_sends_replies(assistant):
    env = {**assistant.env, "TELEGRAM_API_BASE_URL": assistant.telegram.base_url}
    bridge = subprocess.Popen([sys.executable, "-m", "bot.channels.telegram_polling", "--rasa", assistant.base_url],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assistant.telegram.updates.append(update(7007, "hello"))
        [text] = sent_texts(assistant, 7007)
        assert "support assistant" in text
        tracker = assistant.tracker("tg-7007")
        assert tracker["latest_input_channel"] == "telegram"
    finally:
        bridge.terminate()
        output = bridge.communicate(timeout=30)[0].decode()
    assert assistant.telegram.token not in output


def test_token_and_secret_never_reach_the_server_logs(assistant):
    post(assistant, update(7008, "hola"))
    sent_texts(assistant, 7008)
    for name in ("rasa.log", "actions.log"):
        log = (assistant.work_dir / name).read_text(errors="replace")
        assert assistant.telegram.token not in log and TELEGRAM_SECRET not in log
