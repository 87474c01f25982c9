"""Questions about other companies' products are told apart from the product's own (issue 8)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.scope_guard import OtherProductGuard, guarded_intent
from bot.scope import about_other_product, about_our_product_only


@pytest.mark.parametrize("text", [
    "¿Cómo pongo otro fondo de pantalla en mi Xiaomi?",
    "How do I cancel Spotify Premium before the trial ends?",
    "¿cómo vacío la papelera de Gmail?",
    "my Samsung battery drains in two hours",
    "¿Cómo restablezco de fábrica la tablet de mi hija?",
    "How do I stop Windows from restarting for updates at night?",
    "McAfee keeps asking me to renew, how do I switch it off?",
    "la lavadora hace un ruido raro al centrifugar",
    "my laptop fan is very loud since yesterday",
    "how do I move photos from my phone to my laptop?",
])
def test_a_message_about_another_product_alone_is_theirs(text):
    assert about_other_product(text)
    assert not about_our_product_only(text)


@pytest.mark.parametrize("text", [
    "¿Qué carpetas excluyo en Bitdefender para PaperOffice?",
    "¿cómo importo los correos de Gmail con sus adjuntos?",
    "does it work on Windows 11?",
    "¿qué versión de Windows necesito?",
    "how do I archive my Outlook attachments?",
    "Norton puts the program in quarantine every morning",
    "PaperOffice en el Windows Terminal Server va muy lento",
    "¿puedo exportar las facturas a Excel?",
    "can I scan photos with my phone?",
])
def test_a_message_that_ties_another_product_to_ours_is_ours(text):
    assert not about_other_product(text)


def test_an_address_is_not_a_question_about_the_mail_service():
    assert not about_other_product("ábreme un ticket, mi correo es ana.ruiz@gmail.com")
    assert not about_other_product("write to me at tom@outlook.com please")


def test_a_message_that_names_no_product_is_left_to_the_intent_model():
    assert not about_other_product("¿qué tiempo hará mañana?")
    assert not about_our_product_only("¿qué tiempo hará mañana?")


def ranking(**scores):
    return [{"name": name, "confidence": value} for name, value in scores.items()]


def test_the_guard_sends_a_howto_or_a_request_about_another_product_out_of_scope():
    howto = {"name": "ask_howto", "confidence": 0.7}
    assert guarded_intent(howto, "¿Cómo hago copia de seguridad de mis chats de WhatsApp?", []) == \
        {"name": "out_of_scope", "confidence": 0.7}
    callback = {"name": "request_callback", "confidence": 0.5}
    assert guarded_intent(callback, "my Xbox won't turn on, can you call me?", [])["name"] == "out_of_scope"
    ours = {"name": "ask_howto", "confidence": 0.7}
    assert guarded_intent(ours, "¿cómo excluyo PaperOffice en Avast?", []) is ours


def test_the_guard_leaves_replies_alone():
    for intent in ({"name": "affirm", "confidence": 0.9}, {"name": "inform", "confidence": 0.8},
                   {"name": "greet", "confidence": 0.9}):
        assert guarded_intent(intent, "sí, desde mi iPhone", []) is intent


def test_a_question_about_paperoffice_alone_is_never_out_of_scope():
    out = {"name": "out_of_scope", "confidence": 0.8}
    restored = guarded_intent(out, "how do I pair the mobile app with my laptop?",
                              ranking(out_of_scope=0.8, chitchat=0.1, ask_howto=0.06, open_ticket=0.04))
    assert restored == {"name": "ask_howto", "confidence": 0.06}
    weather = guarded_intent(out, "will it rain tomorrow?", ranking(out_of_scope=0.8, ask_howto=0.1))
    assert weather is out


def test_the_component_changes_the_message_intent():
    message = Message(data={"text": "How do I cancel my Netflix plan?",
                            "intent": {"name": "ask_howto", "confidence": 0.6},
                            "intent_ranking": ranking(ask_howto=0.6, out_of_scope=0.3)})
    OtherProductGuard().process([message])
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 0.6}


@pytest.mark.parametrize("text", ["¿tenéis app para Android?", "is there an iPhone app?",
                                  "¿se puede escanear con el iPhone?", "la impresora Canon no escanea a la carpeta"])
def test_our_phone_apps_and_scanning_with_a_brand_are_not_another_product(text):
    # found by an independent review: each was turned out of scope
    assert not about_other_product(text)


@pytest.mark.parametrize("text", ["se cuelga cada vez que abro un Excel adjunto", "Kaspersky keeps deleting it",
                                  "llamadme mañana, estoy en el coche"])
def test_a_case_request_told_as_a_statement_keeps_its_intent(text):
    from bot.nlu.scope_guard import guarded_intent

    for name in ("open_ticket", "request_callback"):
        assert guarded_intent({"name": name, "confidence": 0.7}, text, [])["name"] == name


def test_a_case_request_asked_as_a_question_about_another_product_is_out_of_scope():
    from bot.nlu.scope_guard import guarded_intent

    text = "unrelated, but how do I renew my Netflix subscription?"
    assert guarded_intent({"name": "open_ticket", "confidence": 0.5}, text, [])["name"] == "out_of_scope"


def test_a_language_named_as_an_adjective_is_no_request_to_switch():
    switch = {"name": "switch_language", "confidence": 0.5}
    scores = ranking(switch_language=0.5, open_ticket=0.3, ask_howto=0.1)
    text = "Nos cobrasteis el IVA español y somos una empresa de Chile, ¿podéis rehacer la factura?"
    assert guarded_intent(switch, text, scores) == {"name": "open_ticket", "confidence": 0.3}
    assert guarded_intent(switch, "can we carry on in Spanish?", scores) is switch
    assert guarded_intent(switch, "¿hablas otro idioma?", scores) is switch


def test_a_howto_feature_question_about_another_product_is_out_of_scope():
    suggestion = {"name": "suggestion", "confidence": 0.5}
    assert guarded_intent(suggestion, "how do I turn on dark mode in Instagram?", [])["name"] == "out_of_scope"
    assert guarded_intent(suggestion, "¿podríais añadir que se pueda enviar por WhatsApp?", []) is suggestion
    assert guarded_intent(suggestion, "how about a dark mode for PaperOffice?", []) is suggestion
