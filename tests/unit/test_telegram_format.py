import pytest
from telegram import Message

from bot.channels.telegram_format import (MAX_MESSAGE_CHARS, keyboard, split_message, to_markdown_v2,
                                          unsupported_kind, unsupported_reply)


def test_long_messages_are_split_at_paragraphs():
    paragraphs = [("párrafo %d " % i) + "palabra " * 300 for i in range(5)]
    pieces = split_message("\n\n".join(paragraphs))
    assert all(len(p) <= MAX_MESSAGE_CHARS for p in pieces)
    assert len(pieces) >= 2
    assert all(p.startswith("párrafo") for p in pieces)


def test_a_single_huge_word_is_still_cut():
    pieces = split_message("x" * 9000)
    assert [len(p) for p in pieces] == [4096, 4096, 808]


def test_short_and_empty_messages():
    assert split_message("hola") == ["hola"]
    assert split_message("   ") == []


def test_markdown_v2_escapes_everything_but_bold():
    assert to_markdown_v2("Ve a **Perfil > Seguridad** (paso 1.)") == r"Ve a *Perfil \> Seguridad* \(paso 1\.\)"
    assert to_markdown_v2("<b>_x_</b>") == r"<b\>\_x\_</b\>"


def test_buttons_become_an_inline_keyboard():
    markup = keyboard([{"title": "Sí", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}])
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Sí"], ["No"]]
    assert markup.inline_keyboard[0][0].callback_data == "/affirm"
    assert keyboard([]) is None


def test_non_text_messages_get_a_polite_reply_in_the_users_language():
    photo = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                             "photo": [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]}, None)
    assert unsupported_kind(photo) == "photo"
    assert "fotos" in unsupported_reply("photo", "es")
    assert "voice notes" in unsupported_reply("voice", "en-GB")


@pytest.mark.parametrize("field, value, word", [
    ("sticker", {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1, "is_animated": False,
                 "is_video": False, "type": "regular"}, "stickers"),
    ("voice", {"file_id": "v", "file_unique_id": "u", "duration": 3}, "notas de voz"),
    ("document", {"file_id": "d", "file_unique_id": "u"}, "documentos"),
])
def test_other_media_kinds(field, value, word):
    message = Message.de_json({"message_id": 2, "date": 0, "chat": {"id": 5, "type": "private"}, field: value}, None)
    assert unsupported_kind(message) == field
    assert word in unsupported_reply(field, "es")


def test_rating_buttons_share_one_row():
    markup = keyboard([{"title": str(n), "payload": f'/inform{{"rating": "{n}"}}'} for n in range(1, 6)])
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["1", "2", "3", "4", "5"]]
    assert markup.inline_keyboard[0][3].callback_data == '/inform{"rating": "4"}'
