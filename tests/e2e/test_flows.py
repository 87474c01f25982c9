"""Whole conversations on the real servers: each level, refusals, interruptions, fallback."""

import pytest

pytestmark = pytest.mark.e2e


def cases_of(assistant, conversation):
    return [c for c in assistant.cases() if c["conversation_id"] == conversation.sender]


def test_ticket_happy_path(assistant):
    chat = assistant.conversation()
    assert "correo" in chat.texts("Tengo preguntas sobre una factura.")
    assert "Descríbeme" in chat.texts("ana@example.com")      # the category came from "factura"
    summary = chat.texts("Me habéis cobrado dos veces la cuota de octubre")
    assert "facturación" in summary and "¿Lo abro?" in summary
    done = chat.texts("sí")
    [case] = cases_of(assistant, chat)
    assert case["id"] in done and case["id"].startswith("T-")
    assert (case["level"], case["kind"], case["email"], case["channel"]) == (1, "ticket", "ana@example.com", "rest")
    assert case["first_response_due"] and "octubre" in case["description"]
    assert chat.active_loop() is None


def test_ticket_refused_at_confirmation_creates_nothing(assistant):
    chat = assistant.conversation()
    chat.say("I need a program update")
    chat.say("bob@example.com")
    chat.say("My version is 2023 and I need the latest one")
    assert "did not open" in chat.texts("no")
    assert cases_of(assistant, chat) == []


def test_callback_refused_on_sunday_then_booked_in_an_offered_slot(assistant):
    chat = assistant.conversation()
    assert "name" in chat.texts("My antivirus is blocking PaperOffice")
    chat.say("John Smith")
    assert "When" in chat.texts("+34 612 345 678")
    replies = chat.say("sunday at 10am")
    refusal = next(r for r in replies if r.get("buttons"))
    assert "closed" in refusal["text"] and len(refusal["buttons"]) == 3
    summary = chat.texts(refusal["buttons"][0]["payload"])
    assert "Shall I book it?" in summary and "+34612345678" in summary
    assert cases_of(assistant, chat) == []  # nothing is booked without a yes
    booked = chat.texts("yes please")
    [case] = cases_of(assistant, chat)
    assert case["id"].startswith("CB-") and case["id"] in booked
    assert case["requester_phone"] == "+34612345678" and case["callback_at"]


def test_sla_case_with_a_valid_contract(assistant):
    chat = assistant.conversation()
    assert "contrato" in chat.texts("Tengo problemas con la base de datos.")
    chat.say("SC-1001")
    assert "prioridad" in chat.texts("it@gestoria.es")
    chat.say('/inform{"priority":"high"}')
    summary = chat.texts("La base de datos da errores de integridad desde la actualización")
    assert "SC-1001" in summary and "¿Lo abro?" in summary
    assert cases_of(assistant, chat) == []  # nothing is filed without a yes
    done = chat.texts("sí")
    [case] = cases_of(assistant, chat)
    assert (case["level"], case["contract_id"], case["priority"]) == (3, "SC-1001", "high")
    assert case["id"] in done and case["resolution_due"] > case["first_response_due"]


def test_sla_without_a_valid_contract_offers_a_callback_instead(assistant):
    chat = assistant.conversation()
    chat.say("I need help setting up the PaperOffice API.")
    assert "can't find contract" in chat.texts("SC-4242")
    offer = chat.texts("SC-1003")
    assert "expired" in offer and "technician to call you" in offer
    assert chat.active_loop() is None
    assert "name" in chat.texts("yes")
    assert chat.active_loop() == "callback_form" and chat.slot("support_level") == 2
    assert cases_of(assistant, chat) == []


@pytest.mark.parametrize("answer, created", [("sí", 1), ("no", 0)])
def test_vendor_case_only_after_explicit_consent(assistant, answer, created):
    chat = assistant.conversation()
    chat.say("Tengo problemas con mi dispositivo NAS")
    chat.say("El NAS Synology se desconecta cada hora")
    consent = chat.texts("ana@example.com")
    assert "¿Estás de acuerdo?" in consent
    chat.say(answer)
    found = cases_of(assistant, chat)
    assert len(found) == created
    if created:
        assert found[0]["consent"] is True and found[0]["level"] == 4


def test_case_status_reveals_nothing_to_a_wrong_email(assistant):
    owner = assistant.conversation()
    owner.say("I have questions about an invoice.")
    owner.say("carol@example.com")
    owner.say("The October invoice has the wrong VAT number")
    owner.say("yes")
    [case] = cases_of(assistant, owner)
    stranger = assistant.conversation()
    stranger.say(f"what's the status of ticket {case['id']}?")
    answer = stranger.texts("mallory@example.com")
    assert "can't find" in answer and "VAT" not in answer
    stranger.say(f"what's the status of ticket {case['id']}?")
    answer = stranger.texts("carol@example.com")
    assert case["id"] in answer and "open" in answer


def test_kb_question_in_the_middle_of_a_form_then_back_to_it(assistant):
    chat = assistant.conversation()
    chat.say("Quiero activar PaperOffice Plus")
    answer = chat.texts("¿cómo creo un usuario nuevo?")
    assert "Cómo crear un usuario nuevo" in answer and "correo" in answer
    assert chat.active_loop() == "ticket_form"
    assert chat.slot("support_level") == 1


def test_cancel_leaves_the_form_and_files_nothing(assistant):
    chat = assistant.conversation()
    chat.say("please call me")
    chat.say("Mary Jones")
    assert "cancelled" in chat.texts("cancel")
    assert chat.active_loop() is None and chat.slot("requester_name") is None
    assert cases_of(assistant, chat) == []


def test_asking_for_a_person_mid_form_offers_a_transcript_ticket(assistant):
    chat = assistant.conversation()
    chat.say("Necesito ayuda con la creación de REGEX")
    assert "agente" in chat.texts("quiero hablar con una persona")
    assert chat.active_loop() is None
    chat.say("sí")
    chat.say("dev@example.com")
    chat.say("sí")
    [case] = cases_of(assistant, chat)
    assert "REGEX" in case["transcript"] and "persona" in case["description"]


def test_not_solved_goes_to_the_next_article_then_offers_a_ticket_with_context(assistant):
    chat = assistant.conversation()
    chat.say("how do I make a backup")
    first = chat.slot("kb_article_id")
    assert first == "backup-restore-en"
    offered = chat.texts("that didn't help")
    if chat.slot("pending_offer") == "kb_feedback":  # a second article was good enough to show once
        assert chat.slot("kb_article_id") not in (None, first)
        offered = chat.texts("still not working")
    assert "open a ticket" in offered and chat.active_loop() is None
    chat.say("yes")
    assert chat.active_loop() == "ticket_form"
    assert "backup-restore-en" in chat.slot("description")


def test_fallback_rephrase_once_then_offer_never_loop(assistant):
    chat = assistant.conversation()
    first = chat.say("asdfgh jkl")
    assert "not sure I understood" in first[0]["text"] or "No estoy seguro" in first[0]["text"]
    second = chat.texts("qwrtp zxcvb")
    assert "ticket" in second and ("person" in second or "persona" in second)
    third = chat.texts("zzzz qqqq")
    assert "not sure I understood" not in third and "No estoy seguro" not in third


@pytest.mark.parametrize("text", ["", "   ", None, "😀😀😀", "a" * 5000, "<script>alert('x')</script>",
                                  "'; DROP TABLE cases; --", "Ich brauche Hilfe mit meiner Rechnung"])
def test_bad_input_gets_a_sensible_reply(assistant, text):
    chat = assistant.conversation()
    replies = chat.say(text)
    assert replies and all(r.get("text") for r in replies)


def test_markup_is_stored_escaped(assistant):
    chat = assistant.conversation()
    chat.say("Tengo preguntas sobre una factura.")
    chat.say("eve@example.com")
    chat.say("<img src=x onerror=alert(1)> la factura está mal")
    chat.say("sí")
    [case] = cases_of(assistant, chat)
    assert "<img" not in case["description"] and "&lt;img" in case["description"]
    assert "<img" not in (case["transcript"] or "")


def test_replies_follow_the_customers_language(assistant):
    chat = assistant.conversation()
    assert "Hi!" in chat.texts("hello")
    assert "¡Hola!" in chat.texts("hola, buenos días")


def test_time_in_the_first_message_is_used_for_the_callback(assistant):
    chat = assistant.conversation()
    replies = chat.texts("¿Podéis llamarme el martes por la tarde? El antivirus bloquea el programa")
    assert chat.active_loop() == "callback_form"
    # either the time was taken (and is not asked again) or it was refused with free slots
    assert chat.slot("callback_slot") is not None or "Próximas franjas libres" in replies
    if chat.slot("callback_slot"):
        chat.say("Ana López")
        assert "¿La reservo?" in chat.texts("699 111 222")
        assert "Reservado" in chat.texts("vale")
