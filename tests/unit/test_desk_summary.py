"""What an agent reads: transcript, intents, articles, slots and the summary, from tracker events."""

from bot.desk.delivery import joined_events, release_events, reply_events, return_events
from bot.desk.summary import articles_tried, collected_slots, first_question, summarise, transcript

EVENTS = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "hola", "timestamp": 1795700000.0, "parse_data": {"intent": {"name": "greet"}}},
    {"event": "bot", "text": "¡Hola! Soy el asistente.", "timestamp": 1795700001.0, "data": {}, "metadata": {}},
    {"event": "user", "text": "¿Cómo hago una copia de seguridad?", "timestamp": 1795700002.0,
     "parse_data": {"intent": {"name": "ask_howto"}}},
    {"event": "slot", "name": "kb_article_id", "value": "backup-restore-es"},
    {"event": "bot", "text": "Del artículo «Copias»:", "timestamp": 1795700003.0},
    {"event": "user", "text": "/deny", "timestamp": 1795700004.0, "parse_data": {"intent": {"name": "deny"}}},
    {"event": "slot", "name": "kb_article_id", "value": "export-es"},
    {"event": "slot", "name": "kb_article_id", "value": "backup-restore-es"},
    {"event": "user", "text": "quiero una persona", "timestamp": 1795700005.0,
     "parse_data": {"intent": {"name": "request_human"}}},
    {"event": "bot", "data": {"custom": {"data": {"handoff": "waiting"}}}, "metadata": {}},
    {"event": "bot", "text": "Hola, soy <b>Ana</b>", "timestamp": 1795700006.0,
     "metadata": {"desk": {"role": "agent", "agent": "Ana", "agent_id": 1}}},
]
SLOTS = {"language": "es", "support_level": 1, "email": "ana@example.com", "pending_offer": None,
         "kb_tried": ["backup-restore-es"], "requested_slot": None, "description": ""}


def test_transcript_names_who_wrote_each_line_and_skips_custom_payloads():
    lines = transcript(EVENTS)
    assert [line["from"] for line in lines] == ["customer", "bot", "customer", "bot", "customer", "customer",
                                                "agent"]
    assert lines[-1] == {"from": "agent", "text": "Hola, soy <b>Ana</b>", "at": "2026-11-26T13:33:26+00:00",
                         "agent": "Ana"}
    assert lines[0]["at"].startswith("2026-11-26T13:33:20")


def test_articles_are_listed_once_in_the_order_shown():
    assert articles_tried(EVENTS) == ["backup-restore-es", "export-es"]


def test_collected_slots_leave_out_bookkeeping_and_empty_values():
    assert collected_slots(SLOTS) == {"email": "ana@example.com", "language": "es", "support_level": 1}


def test_the_question_is_the_first_message_about_a_problem():
    assert first_question(EVENTS) == "¿Cómo hago una copia de seguridad?"
    assert first_question([{"event": "user", "text": "hola", "parse_data": {"intent": {"name": "greet"}}}]) == "hola"
    assert first_question([]) == ""


def test_summary_has_a_few_lines_with_titles_when_known():
    summary = summarise(EVENTS, SLOTS, ["T-000004 (open)"])
    lines = summary.lines({"export-es": "Exportar"}.get)
    assert lines == [
        "Asked: ¿Cómo hago una copia de seguridad?",
        "Level: 1 (ticket)",
        "Intents: ask_howto, request_human",
        "Articles tried: backup-restore-es; Exportar (export-es)",
        "Collected: email=ana@example.com",
        "Cases: T-000004 (open)",
    ]
    assert summary.intents == ["greet", "ask_howto", "deny", "request_human"]


def test_agent_replies_are_marked_and_notices_follow_the_channel():
    [reply] = reply_events("Hola", "Ana", 3)
    assert reply["event"] == "bot" and reply["metadata"]["desk"] == {"role": "agent", "agent": "Ana", "agent_id": 3}
    [widget] = joined_events("socketio", "es", "Ana")
    assert widget["data"]["custom"] == {"data": {"handoff": "joined"}} and "text" not in widget
    [telegram] = joined_events("telegram", "en", "Ana")
    assert telegram["text"] == "Ana from the support team has joined the conversation."


def test_release_resumes_tells_the_customer_and_listens():
    events = release_events("socketio", "es")
    assert events[0] == {"event": "resume"} and events[-1] == {"event": "action", "name": "action_listen"}
    assert [e["data"]["custom"]["data"]["handoff"] for e in events if e.get("data", {}).get("custom")] == ["released"]
    assert "asistente virtual" in [e for e in events if e.get("text")][0]["text"]


def test_return_to_the_bot_sets_the_transcript_ticket_offer():
    events = return_events("telegram", "es", "mi factura está mal")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"pending_offer": "handoff_ticket", "offer_context": "mi factura está mal"}
    [offer] = [e for e in events if e.get("text")]
    assert [b["payload"] for b in offer["data"]["buttons"]] == ["/affirm", "/deny"]
