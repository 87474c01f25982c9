"""The Telegram channel with the token alone (polling mode): it sends, its webhook refuses."""

from types import SimpleNamespace

from bot.channels.telegram import SECRET_HEADER, TelegramInput, TelegramOutput
from bot.launcher import credentials_file
from bot.settings import PROJECT_ROOT


def test_with_the_token_alone_the_channel_sends_but_its_webhook_refuses_everything(monkeypatch):
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    channel = TelegramInput.from_credentials({"access_token": "123:abc"})
    for headers in ({}, {SECRET_HEADER: ""}, {SECRET_HEADER: "anything"}):
        assert not channel._authorised(SimpleNamespace(headers=headers))
    assert isinstance(channel.get_output_channel(), TelegramOutput)


def test_with_a_secret_only_that_secret_opens_the_webhook():
    channel = TelegramInput("123:abc", "s3cret")
    assert channel._authorised(SimpleNamespace(headers={SECRET_HEADER: "s3cret"}))
    assert not channel._authorised(SimpleNamespace(headers={SECRET_HEADER: "other"}))


def test_the_launcher_registers_the_channel_whenever_the_token_is_set():
    assert credentials_file({}) == PROJECT_ROOT / "credentials.yml"
    written = credentials_file({"TELEGRAM_BOT_TOKEN": "123:abc"})
    assert "bot.channels.telegram.TelegramInput:" in written.read_text()
    assert "123:abc" not in written.read_text()
    written.unlink()
