"""No e-mail address or phone number in any log line, failures and tracebacks included.

Three layers, installed once per process by `install()` (never at import):

- a log-record factory masks every record's message, traceback and stack when it is
  made, whichever logger or handler it goes to (Rasa's structlog lines go through
  the standard library too);
- a structlog processor drops the values Rasa logs customer text under ("text",
  "user_message", "parse_data_entities", …), because message text is personal data
  even without an address in it;
- sys.stdout and sys.stderr are wrapped so that prints, warnings and uncaught
  tracebacks are masked line by line.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import threading
from typing import Any, Dict, Match, TextIO

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+(?:@|%40|\\u0040)[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: Runs of 7+ digits with the separators people type in phone numbers.
PHONE = re.compile(r"(?<![\w.:/-])\+?\d(?:[ .\-()/]{0,2}\d){6,18}(?![\w:])")
#: Dates, times and decimals look like phone numbers to the pattern above; they are kept.
NOT_A_PHONE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d{1,3}\.\d+$")
#: Keys under which Rasa's structured log events carry what a customer wrote.
TEXT_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message", "events", "slots", "tracker",
})
_installed = False
_lock = threading.Lock()


def _phone(match: Match[str]) -> str:
    found = match.group(0)
    if NOT_A_PHONE.match(found) or sum(ch.isdigit() for ch in found) < 7:
        return found
    return "[phone]"


def mask(text: str) -> str:
    """`text` with e-mail addresses and phone numbers replaced by [email] and [phone]."""
    if not text or not any(ch.isdigit() or ch == "@" or ch == "%" or ch == "\\" for ch in text):
        return text
    return PHONE.sub(_phone, EMAIL.sub("[email]", text))


def _masking_factory(previous):
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template, masked
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return record

    factory.masks_personal_data = True  # type: ignore[attr-defined]
    return factory


def redact_text_fields(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: customer text never reaches the log, only that it was there."""
    for key in TEXT_KEYS.intersection(event_dict):
        event_dict[key] = "[redacted]"
    return event_dict


class MaskingStream(io.TextIOBase):
    """A text stream that masks each complete line before writing it on."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._pending = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            if "\n" in self._pending:
                complete, self._pending = self._pending.rsplit("\n", 1)
                self._target.write(mask(complete) + "\n")
                self._target.flush()
            elif len(self._pending) > 65536:  # no newline for a long time: write what we have
                self._target.write(mask(self._pending))
                self._pending = ""
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self._target.write(mask(self._pending))
                self._pending = ""
            self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", "utf-8")

    def writable(self) -> bool:
        return True


def install_structlog_redaction() -> None:
    """Put `redact_text_fields` first in structlog's chain (after Rasa configured it)."""
    import structlog

    processors = list(structlog.get_config().get("processors", []))
    if redact_text_fields not in processors:
        structlog.configure(processors=[redact_text_fields] + processors)


def install(wrap_streams: bool = True) -> None:
    """Mask personal data in everything this process logs or prints (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()
        if not getattr(previous, "masks_personal_data", False):
            logging.setLogRecordFactory(_masking_factory(previous))
        if wrap_streams:
            if not isinstance(sys.stdout, MaskingStream):
                sys.stdout = MaskingStream(sys.stdout)  # type: ignore[assignment]
            if not isinstance(sys.stderr, MaskingStream):
                sys.stderr = MaskingStream(sys.stderr)  # type: ignore[assignment]
        _installed = True
