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
    "En M-Files, ¿cómo se configura un flujo de aprobación?",  # our feature's name, set in their product
    "how do I train the OCR in ABBYY FineReader?",
    "how do I bring up the Outlook calendar on my phone?",  # bringing up is no import
    "how do I bring my WhatsApp chats into my new iPhone?",  # into another product: theirs
    "how do I pull my Gmail contacts into Outlook?",
    "¿cómo digitalizo una carta usando la aplicación Fax y Escáner de Windows?",
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
    "¿cómo escaneo con mi impresora Brother?",  # a scanning device, not another program
    "how do I import my files from DocuWare into PaperOffice?",
    "so how do I bring the Outlook attachments in?",  # bringing in is importing
    "how can I pull my Gmail receipts in?",
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


# Issue 8, routing at the edges: names the knowledge base does not know, statements whose
# subject is another product, scanning with another company's app, comparisons and small talk.

@pytest.mark.parametrize("text", [
    "How do I turn off the heart rate alerts on my Garmin watch?",
    "¿Cómo pongo el tema oscuro en Todoist?",
    "¿Cuál es mejor para editar vídeo, DaVinci o Premiere?",
])
def test_a_question_naming_something_the_knowledge_base_does_not_know_is_theirs(text):
    assert about_other_product(text)


@pytest.mark.parametrize("text", [
    "¿Cómo le doy permisos al grupo de Contabilidad Norte para ver la carpeta de Proveedores?",
    "¿podéis hacernos la factura a nombre de Talleres Ruiz?",  # a case topic of ours
    "¿qué parte de la conversación le llega a Synology?",  # infrastructure level 4 passes on
    "How do I restore a backup before Friday?",  # a day is no product
    "¿Cómo creo un usuario para Marta García?",  # a person's name is no product
])
def test_a_known_name_a_feature_or_a_person_keeps_a_question_ours(text):
    assert not about_other_product(text)


def test_unknown_names_are_capitalised_words_the_articles_never_use():
    from bot.scope import unknown_names

    assert unknown_names("How do I reset my Garmin Venu password?") == ["Garmin", "Venu"]
    assert unknown_names("How do I import my Outlook mails?") == []  # the articles use Outlook
    assert unknown_names("Necesito la factura con el CIF de la empresa") == []  # an acronym
    assert unknown_names("Garmin crashes") == []  # the first word of a sentence says nothing


def test_without_articles_no_name_is_unknown(monkeypatch, tmp_path):
    from bot import scope_vocabulary
    from bot.scope import unknown_names

    empty = scope_vocabulary.build_vocabulary(tmp_path / "none", tmp_path / "none.yml", tmp_path / "none.yml")
    monkeypatch.setattr(scope_vocabulary, "vocabulary", lambda: empty)
    assert unknown_names("How do I reset my Garmin Venu password?") == []


def test_feature_terms_are_the_tags_nobody_else_uses(tmp_path):
    from bot.scope_vocabulary import build_vocabulary

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bin.md").write_text("---\nid: bin\ntitle: Recycle bin\nlang: en\ntags: [recycle bin, password]\n"
                                     "---\nDeleted documents go to the recycle bin.\n", encoding="utf-8")
    others = tmp_path / "oos.yml"
    others.write_text("nlu:\n- intent: out_of_scope\n  examples: |\n    - reset my Gmail password\n",
                      encoding="utf-8")
    vocabulary = build_vocabulary(articles, others, tmp_path / "none.yml")
    assert vocabulary.feature_in(["empty", "the", "recycle", "bins"])
    assert not vocabulary.feature_in(["my", "password"])  # everybody's word
    assert vocabulary.knows("documents") and not vocabulary.knows("gmail")


@pytest.mark.parametrize("text", [
    "Word se me cierra cada vez que pego una tabla",
    "Outlook no me deja adjuntar fotos grandes",
    "la app de mi banco me echa cada dos minutos",
    "mi spotify se corta en el coche",
])
def test_a_statement_about_another_product_opens_with_it(text):
    from bot.scope import opens_with_other_product

    assert opens_with_other_product(text)
    for name in ("ask_howto", "open_ticket", "request_callback"):
        assert guarded_intent({"name": name, "confidence": 0.6}, text, [])["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "se cuelga cada vez que abro un Excel adjunto",
    "Kaspersky borra el ejecutable cada mañana",  # our antivirus article's subject
    "Outlook no importa los adjuntos al archivo",  # importing is ours
    "Windows no me deja instalar, dice que falta un componente",  # installing is ours
    "la word count is wrong",  # not the word processor
])
def test_a_statement_that_only_touches_another_product_does_not_open_with_it(text):
    from bot.scope import opens_with_other_product

    assert not opens_with_other_product(text)


@pytest.mark.parametrize("text, theirs", [
    ("How do I scan a receipt with the Notes app on my iPad?", True),
    ("¿Cómo escaneo un contrato con Microsoft Lens?", True),
    ("¿se puede escanear con el iPhone?", False),
    ("how do I scan from my Epson into the archive?", False),
])
def test_scanning_with_another_app_is_theirs_with_a_device_ours(text, theirs):
    assert about_other_product(text) is theirs


def test_comparisons_and_small_talk_about_other_products_are_out_of_scope():
    suggestion = {"name": "suggestion", "confidence": 0.7}
    assert guarded_intent(suggestion, "Which is better for photos, Google Photos or iCloud?", [])["name"] == \
        "out_of_scope"
    assert guarded_intent(suggestion, "deberíais añadir soporte para Dropbox", []) is suggestion
    chitchat = {"name": "chitchat", "confidence": 0.5}
    assert guarded_intent(chitchat, "can you help me pause my Netflix plan?", [])["name"] == "out_of_scope"
    assert guarded_intent(chitchat, "are you a bot?", []) is chitchat


# Issue 8, routing at the edges (third round): general requests as a kind of request, and another
# product's own feature even where our articles use the word.

@pytest.mark.parametrize("text", [
    "tradúceme 'hasta luego' al italiano",
    "how do you say 'thank you' in Japanese?",
    "hazme un script en Python que me ordene las fotos por fecha",
    "can you write me a JavaScript function that checks a form?",
    "escríbeme un poema para el aniversario",
    "is there a good sushi restaurant near the office?",
    "¿me recomiendas algún hotel en el centro de Granada?",
    "¿va a llover el domingo en Oviedo?",
    "what's the weather like in Dublin this week?",
    "pásame una receta de gazpacho",
    "tell me a joke about cats",
    "¿me ayudas con los deberes de historia?",
    "could you draft a retirement card message for a colleague?",
    "necesito una felicitación de cumpleaños para mi hermana",
    "¿cuántos gramos son una taza de harina?",
    "how many miles is 10 kilometers?",
    "convert 350 fahrenheit to celsius",
])
def test_a_general_request_is_out_of_scope_whatever_it_was_read_as(text):
    from bot.scope import general_request

    assert general_request(text)
    for name in ("greet", "suggestion", "ask_howto", "inform", "chitchat", "switch_language"):
        assert guarded_intent({"name": name, "confidence": 0.6}, text, [])["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "translate to English please",  # a request to change the conversation's language
    "¿cómo traduzco el programa al inglés?",  # our language article
    "¿cómo programo la copia de seguridad en el NAS?",  # "programar" is scheduling here
    "¿cómo separo los documentos con un código de barras?",  # a code of ours, not programming
    "what scan resolution do you recommend for invoices?",  # a recommendation about our feature
    "¿cuánto tiempo tarda la importación de los correos?",  # "tiempo" is no weather
    "hazme una lista de las facturas de noviembre en PaperOffice",
    "traduce la factura al inglés",  # an invoice in English: a billing request
    "¿cuántos documentos caben en el archivo de 10 GB?",  # sizes of ours are no everyday units
    "el mensaje de error sale al abrir la factura de Navidad",  # an error message, not a greeting card
    "how many users can the Plus edition have?",
])
def test_a_request_about_our_product_is_no_general_request(text):
    from bot.scope import general_request

    assert not general_request(text)
    assert guarded_intent({"name": "ask_howto", "confidence": 0.6}, text, [])["name"] == "ask_howto"


def test_a_name_given_in_a_form_is_no_weather():
    assert guarded_intent({"name": "inform", "confidence": 0.6}, "soy John Snow", [])["name"] == "inform"
    assert guarded_intent({"name": "inform", "confidence": 0.6}, "is it going to snow in Boston?", [])["name"] == \
        "out_of_scope"


def test_a_reply_inside_a_form_is_not_read_as_a_general_request():
    text = "cuéntame un chiste"
    for name in ("affirm", "deny", "cancel", "goodbye"):
        assert guarded_intent({"name": name, "confidence": 0.6}, text, [])["name"] == name


@pytest.mark.parametrize("text, read_as", [
    ("Translate 'thank you for your payment' into German", "thank"),  # the quoted words read as thanks
    ("Tradúceme al inglés: le envío la factura adjunta", "open_ticket"),  # the text given names an invoice
])
def test_the_text_given_to_translate_does_not_make_the_request_ours(text, read_as):
    from bot.scope import general_request

    assert general_request(text)
    assert guarded_intent({"name": read_as, "confidence": 0.6}, text, [])["name"] == "out_of_scope"
    assert guarded_intent({"name": "thank", "confidence": 0.9}, "¡gracias!", [])["name"] == "thank"


@pytest.mark.parametrize("text", [
    "¿cómo activo la sincronización de Dropbox en el móvil?",  # its own sync, not ours
    "how do I turn on OneDrive sync for the desktop folder?",
    "¿cuánto cuesta la licencia de Office 365 para una empresa?",  # its price
    "what's the Microsoft 365 licence price per user?",
    "¿Dropbox tiene OCR?",  # its own feature, asked of it
    "does Google Keep have OCR?",
    "¿cómo creo un usuario en Google Workspace?",  # its user directory
    "how do I add a user in Azure AD?",
    "how do I archive in Outlook?",  # doing it in the other product
    "¿cómo paso los contactos de Gmail a Outlook?",  # from one other product to another
])
def test_another_products_own_feature_is_theirs_although_our_articles_use_the_word(text):
    assert about_other_product(text)
    assert not about_our_product_only(text)
    assert guarded_intent({"name": "ask_howto", "confidence": 0.6}, text, [])["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "¿cómo importo los correos de Outlook con los adjuntos?",  # importing from it is ours
    "¿cómo archivo los adjuntos de Gmail?",  # archiving what comes from it
    "¿cómo sincronizo la carpeta de OneDrive con el archivo?",
    "how do I sync users from Active Directory?",
    "is Outlook supported?",  # does it work with us
    "¿qué versión de Windows necesito?",
    "¿cómo configuro el OCR en Windows 11?",  # a platform our program runs on
    "¿cuánto cuesta la licencia de PaperOffice para 5 usuarios?",
    "does PaperOffice have OCR?",
    "¿cómo exporto las facturas de DATEV a Excel?",
])
def test_a_feature_of_ours_that_names_another_product_stays_ours(text):
    assert not about_other_product(text)
    assert guarded_intent({"name": "ask_howto", "confidence": 0.6}, text, [])["name"] == "ask_howto"


def test_only_what_belongs_to_the_other_product_is_removed():
    from bot.scope import theirs_removed

    assert "sincronizacion" not in theirs_removed("¿cómo configuro la sincronización de OneDrive?")
    assert "ocr" not in theirs_removed("¿Dropbox tiene OCR?")
    assert "importo" in theirs_removed("¿cómo importo los correos de Outlook?")
    assert "paperoffice" in theirs_removed("does Outlook's archive work like PaperOffice?")


# Issue 8, routing at the edges (offers12): services ordered or booked, comparisons of other
# products whatever they read as, a company named by its suffix, and taking data out of another product.

@pytest.mark.parametrize("text", [
    "¿puedes pedirme un taxi para ir a la estación?",
    "necesito un taxi mañana a las 7 para el aeropuerto",
    "can you book me a cab to the airport?",
    "resérvame una mesa para cuatro esta noche",
    "order me a pizza please",
])
def test_ordering_or_booking_an_everyday_service_is_a_general_request(text):
    from bot.scope import general_request

    assert general_request(text)
    for name in ("nlu_fallback", "inform", "request_callback", "ask_howto"):
        assert guarded_intent({"name": name, "confidence": 0.4}, text, [])["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "¿reservo una llamada con un técnico para mañana?",
    "¿me podéis llamar mañana a las 10?",
    "quiero pedir una licencia Plus para otro puesto",
])
def test_booking_our_own_services_is_no_general_request(text):
    from bot.scope import general_request

    assert not general_request(text)


@pytest.mark.parametrize("text, read_as", [
    ("¿qué es mejor, Trello o Notion?", "inform"),
    ("¿me recomiendas Dropbox o OneDrive para guardar fotos?", "nlu_fallback"),
    ("which is better for notes, Evernote or OneNote?", "ask_howto"),
    ("is Slack better than Microsoft Teams?", "chitchat"),
    ("Dropbox o Google Drive, ¿cuál me conviene más?", "inform"),
    ("Evernote or OneNote, which one should I use?", "nlu_fallback"),
    ("is Dropbox better than iCloud for photos?", "deny"),
])
def test_a_comparison_between_other_products_is_out_of_scope_whatever_it_read_as(text, read_as):
    assert guarded_intent({"name": read_as, "confidence": 0.45}, text, [])["name"] == "out_of_scope"


def test_a_comparison_with_our_program_stays_ours():
    howto = {"name": "ask_howto", "confidence": 0.5}
    assert guarded_intent(howto, "¿es mejor escanear con la app del móvil o con el escáner?", []) is howto
    assert guarded_intent(howto, "is PaperOffice better than Evernote for invoices?", []) is howto


@pytest.mark.parametrize("text", [
    "¿la app de Contasoft Systems escanea varias páginas a la vez?",
    "¿qué tal funciona la app de escaneo de Gestiona Software?",
    "does the mobile scanning app from Brightdocs Inc need an account?",
])
def test_another_company_named_by_its_suffix_is_theirs(text):
    assert about_other_product(text)


@pytest.mark.parametrize("text", [
    "how can I export my customer list from Xero to Excel?",
    "¿cómo descargo los extractos desde la app de mi banco?",
    "how do I get my notes out of Evernote?",
])
def test_taking_data_out_of_another_product_is_theirs(text):
    assert about_other_product(text)


@pytest.mark.parametrize("text", [
    "¿cómo importo las facturas desde QuickBooks?",
    "how do I export invoices from PaperOffice to QuickBooks?",
    "¿puedo exportar las facturas a Excel?",
    "how do I export documents to PDF?",
])
def test_importing_into_ours_or_exporting_from_ours_stays_ours(text):
    assert not about_other_product(text)


@pytest.mark.parametrize("text", [
    "¿cómo exporto las facturas en Holded?",
    "how do I export my contacts in Gmail?",
    "how do I tag documents in M-Files?",
    "¿En M-Files cómo se configura un flujo de trabajo de aprobación?",
    "En DocuWare, ¿cómo se crea una bandeja de documentos nueva?",
])
def test_a_howto_done_inside_another_product_is_theirs(text):
    assert about_other_product(text)


@pytest.mark.parametrize("text", [
    "¿cómo exporto las facturas a DATEV?",
    "¿cómo exporto facturas de Holded a PaperOffice?",
    "how do I import invoices from Holded?",
    "¿cómo importo mis correos en Outlook a PaperOffice?",
    "En Avast, ¿qué carpetas excluyo?",
    "En Windows, ¿cómo instalo PaperOffice?",
    "¿Cómo creo un flujo de aprobación en PaperOffice?",
    "¿Cómo busco un documento en el Archivo?",
])
def test_a_howto_that_moves_data_to_or_from_ours_or_is_done_in_ours_stays_ours(text):
    assert not about_other_product(text)


@pytest.mark.parametrize("text", [
    "¿cómo exporto las facturas en Excel?",                             # exporting *as* Excel
    "how do I export search results in Excel?",
    "En Excel, ¿cómo imprimo en la impresora virtual?",                 # our virtual printer
    "In Outlook, how do I archive attachments automatically?",          # archiving is ours
    "En Ferretería Moreno, ¿cómo damos de alta a un usuario nuevo?",    # the customer's company
    "In Ruiz Consulting, how do we add a new user?",
    "¿cómo exporto las facturas en Talleres Ruiz?",
])
def test_formats_archiving_and_the_customers_company_stay_ours(text):
    assert not about_other_product(text)


@pytest.mark.parametrize("text, route", [
    # a story about PaperOffice, then the question about another product's device
    ("Llevamos años con PaperOffice y encantados. Por cierto, ¿sabéis cómo cambio la contraseña del wifi de un "
     "router TP-Link?", "out_of_scope"),
    ("how do I scan a document to PDF with Microsoft Lens on Android?", "out_of_scope"),
    ("Tengo PaperOffice en un portátil nuevo. ¿Funciona con Windows 11?", "ask_howto"),
    ("Uso PaperOffice con Outlook. ¿Cómo importo los correos?", "ask_howto"),
    ("He escaneado con mi Canon. ¿Cómo lo archivo en PaperOffice?", "ask_howto"),
])
def test_the_question_a_story_closes_with_decides_the_scope(text, route):
    intent = {"name": "ask_howto", "confidence": 0.7}
    assert guarded_intent(intent, text, [intent])["name"] == route
