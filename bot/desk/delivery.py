"""The Rasa events the desk appends to a conversation, per channel and language.

Appended through `POST /conversations/ID/tracker/events?output_channel=latest&
execute_side_effects=true`, each `bot` event is sent through the customer's own
channel exactly like the bot's replies (socket.io for the widget, the Bot API for
Telegram). The web widget also gets its hand-off states as custom messages; other
channels get the same news as text. Wording lives in actions/messages.py.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from actions.messages import MESSAGES, render
from bot.desk.summary import DESK_MARK

WIDGET_CHANNEL = "socketio"
Event = Dict[str, Any]


def _language(language: Optional[str]) -> str:
    return language if language in ("es", "en") else "es"


def _buttons(key: str, language: str) -> List[Dict[str, str]]:
    column = 1 if language == "en" else 0
    return [{"title": b[column], "payload": b[2]} for b in MESSAGES[key].get("buttons", [])]


def notice(text: str, buttons: Optional[List[Dict[str, str]]] = None) -> Event:
    """A bot message the desk sends on the bot's behalf (joined, released…)."""
    data: Dict[str, Any] = {"buttons": buttons} if buttons else {}
    return {"event": "bot", "text": text, "data": data, "metadata": {DESK_MARK: {"role": "notice"}}}


def widget_state(state: str) -> Event:
    """The hand-off state the web widget shows: waiting, joined, released or unavailable."""
    return {"event": "bot", "data": {"custom": {"data": {"handoff": state}}},
            "metadata": {DESK_MARK: {"role": "notice"}}}


def reply_events(text: str, agent_name: str, agent_id: int) -> List[Event]:
    """An agent's words, marked as the agent's in the event's metadata."""
    return [{"event": "bot", "text": text, "data": {},
             "metadata": {DESK_MARK: {"role": "agent", "agent": agent_name, "agent_id": agent_id}}}]


def joined_events(channel: str, language: Optional[str], agent_name: str) -> List[Event]:
    """Tell the customer a person has taken the conversation."""
    if channel == WIDGET_CHANNEL:
        return [widget_state("joined")]
    return [notice(render("handoff_joined", _language(language), agent=agent_name))]


def _back_to_the_bot() -> List[Event]:
    # Resume, then an action_listen so the next message is predicted from a normal state.
    return [{"event": "resume"}]


def release_events(channel: str, language: Optional[str]) -> List[Event]:
    """Give the conversation back to the bot and tell the customer so."""
    events = _back_to_the_bot()
    if channel == WIDGET_CHANNEL:
        events.append(widget_state("released"))
    lang = _language(language)
    events.append(notice(render("handoff_released", lang)))
    # The one-tap rating of the person's help (actions/feedback.py reads the answer).
    events += [{"event": "slot", "name": "pending_offer", "value": "rating"},
               {"event": "slot", "name": "offer_context", "value": "agent:5"},
               notice(render("rating_ask", lang), _buttons("rating_ask", lang))]
    return events + [{"event": "action", "name": "action_listen"}]


def return_events(channel: str, language: Optional[str], context: str) -> List[Event]:
    """Nobody took the conversation: give it back with the transcript-ticket offer."""
    lang = _language(language)
    events = _back_to_the_bot() + [
        {"event": "slot", "name": "pending_offer", "value": "handoff_ticket"},
        {"event": "slot", "name": "offer_context", "value": context or None},
    ]
    if channel == WIDGET_CHANNEL:
        events.append(widget_state("unavailable"))
    events.append(notice(render("handoff_not_taken", lang), _buttons("handoff_not_taken", lang)))
    return events + [{"event": "action", "name": "action_listen"}]
