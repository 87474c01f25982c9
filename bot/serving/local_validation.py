"""Run `action_validate_slot_mappings` inside the Rasa server instead of over HTTP.

Rasa calls the action server's `action_validate_slot_mappings` after every customer
message (ActionExtractSlots), one HTTP round trip with the whole tracker and domain out
and the events back: in `make bench-load`'s dialogues about four action calls in ten,
the commonest call of all. Ours (actions.language_slot.ValidateLanguageSlot) only reads
the tracker: the language preference over the message's language, and a switch asked
beside something else. Here rasa-sdk's own executor runs that same class in this process,
on the JSON body the action server would have got (a JSON round trip: same values), and
its reply goes through Rasa's own handling of a reply (schema check, responses uttered,
events read), so the events and messages are exactly what the call returned. Every other
action still goes to the action server. LOCAL_SLOT_VALIDATION=0 sends this one there too.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any, Dict, Optional, Text

from rasa.utils.endpoints import EndpointConfig

VALIDATE_SLOT_MAPPINGS = "action_validate_slot_mappings"
_installed = False


def enabled(env: Optional[Dict[str, str]] = None) -> bool:
    """LOCAL_SLOT_VALIDATION (on unless "0", "false" or "no")."""
    env = os.environ if env is None else env
    return env.get("LOCAL_SLOT_VALIDATION", "1").strip().lower() not in ("0", "false", "no")


def executor():
    """A rasa-sdk executor that knows the validation action only."""
    from rasa_sdk.executor import ActionExecutor

    from actions.language_slot import ValidateLanguageSlot

    found = ActionExecutor()
    found.register_action(ValidateLanguageSlot)
    return found


def _round_trip(value: Any) -> Any:
    """What a value becomes on the wire (both servers speak JSON)."""
    return json.loads(json.dumps(value))


class InProcessActionEndpoint(EndpointConfig):
    """The action endpoint's settings (so Rasa sends the same body), answered by `executor` here."""

    def __init__(self, base: EndpointConfig, action_executor) -> None:
        super().__init__(base.url, base.params, base.headers, base.basic_auth, base.token, base.token_name,
                         base.cafile, **base.kwargs)
        self.type = getattr(base, "type", None)
        self._executor = action_executor

    async def request(self, method: Text = "post", subpath: Optional[Text] = None,
                      content_type: Optional[Text] = "application/json", compress: bool = False,
                      **kwargs: Any) -> Optional[Any]:
        return _round_trip(await self._executor.run(_round_trip(kwargs.get("json"))))


def in_process_custom_action(original, action_executor):
    """ActionExtractSlots._run_custom_action that runs the validation action with `action_executor`."""
    endpoints: Dict[int, InProcessActionEndpoint] = {}

    async def _run_custom_action(self, custom_action, output_channel, nlg, tracker, domain):
        base = self._action_endpoint
        if custom_action != VALIDATE_SLOT_MAPPINGS or base is None:
            return await original(self, custom_action, output_channel, nlg, tracker, domain)
        local = endpoints.get(id(base))
        if local is None or local.url != base.url:
            local = endpoints[id(base)] = InProcessActionEndpoint(base, action_executor)
        here = copy.copy(self)  # this call only: the action itself is left as it was
        here._action_endpoint = local
        return await original(here, custom_action, output_channel, nlg, tracker, domain)

    return _run_custom_action


def install() -> bool:
    """Patch Rasa's ActionExtractSlots in this process (once); whether the validation now runs here."""
    global _installed
    if _installed:
        return True
    if not enabled():
        return False
    from rasa.core.actions.action import ActionExtractSlots

    ActionExtractSlots._run_custom_action = in_process_custom_action(ActionExtractSlots._run_custom_action,
                                                                     executor())
    _installed = True
    return True
