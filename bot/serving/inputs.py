"""What a request must look like before Rasa reads it: checks with a clear reason.

Pure functions over already-parsed JSON, shared by the REST webhook middleware and
the socket.io handlers, so every channel refuses the same things the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, Optional

#: Printable sender ids only: no control characters, no line breaks.
_SENDER = re.compile(r"^[^\x00-\x1f\x7f]+$")
_CHANNEL = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MAX_METADATA_BYTES = 4096


class BadInput(ValueError):
    """The request cannot be taken; the message says why, for the 400 body."""


@dataclass(frozen=True)
class InputLimits:
    """Bounds on what one request may carry."""

    max_message_chars: int = 3000
    max_sender_chars: int = 128
    max_metadata_bytes: int = MAX_METADATA_BYTES


def clean_text(text: str) -> str:
    """Text any store accepts: lone surrogates become U+FFFD, NUL characters go."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def check_sender(value: Any, limits: InputLimits) -> str:
    """A conversation id: a non-empty, printable string of bounded length."""
    if not isinstance(value, str):
        raise BadInput("'sender' must be a string (the conversation id)")
    value = clean_text(value)
    if not value.strip():
        raise BadInput("'sender' is required (the conversation id)")
    if len(value) > limits.max_sender_chars:
        raise BadInput(f"'sender' is longer than {limits.max_sender_chars} characters")
    if not _SENDER.match(value):
        raise BadInput("'sender' contains control characters")
    return value


def check_message(value: Any) -> Optional[str]:
    """The message text: a string or absent (its length is the gate's business: it answers)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput("'message' must be a string")
    return clean_text(value)


def check_metadata(value: Any, limits: InputLimits) -> Optional[Dict[str, Any]]:
    """Metadata: absent, or a small JSON object."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadInput("'metadata' must be a JSON object")
    try:
        size = len(json.dumps(value, ensure_ascii=True))
    except (TypeError, ValueError):
        raise BadInput("'metadata' must be plain JSON")
    if size > limits.max_metadata_bytes:
        raise BadInput(f"'metadata' is larger than {limits.max_metadata_bytes} bytes")
    return json.loads(clean_text(json.dumps(value, ensure_ascii=False)))


def check_rest_body(body: Any, limits: InputLimits) -> Dict[str, Any]:
    """The REST webhook's body, checked and cleaned; raises BadInput."""
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object: {\"sender\": ID, \"message\": TEXT}")
    cleaned: Dict[str, Any] = dict(body)
    cleaned["sender"] = check_sender(body.get("sender"), limits)
    cleaned["message"] = check_message(body.get("message"))
    cleaned["metadata"] = check_metadata(body.get("metadata"), limits)
    channel = body.get("input_channel")
    if channel is not None and not (isinstance(channel, str) and _CHANNEL.match(channel)):
        raise BadInput("'input_channel' must be a short lowercase name")
    return cleaned


def check_socket_message(data: Any, limits: InputLimits) -> Dict[str, Any]:
    """A socket.io `user_uttered` payload, checked and cleaned; raises BadInput."""
    if not isinstance(data, dict):
        raise BadInput("the message must be an object")
    cleaned: Dict[str, Any] = {"message": check_message(data.get("message")) or ""}
    if data.get("session_id") is not None:
        cleaned["session_id"] = check_sender(data.get("session_id"), limits)
    metadata = data.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            raise BadInput("'metadata' must be JSON")
    cleaned["metadata"] = check_metadata(metadata, limits) or {}
    return cleaned


def check_session_request(data: Any, limits: InputLimits) -> Dict[str, Any]:
    """A socket.io `session_request` payload: nothing, or an object with a session id."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadInput("the session request must be an object")
    if data.get("session_id") is None:
        return {}
    return {"session_id": check_sender(data["session_id"], limits)}
