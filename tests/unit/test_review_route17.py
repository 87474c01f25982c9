"""Review of route17: how-tos about another language are no request to chat in it; a call asked
for as a thing in the program is no request to be called; a charge by someone else is no billing
ticket; a platform named as context, or a question that found nothing at first, keeps its
article; an article's passages (not only its title) say which systems it covers."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import asks_to_be_called, requested_unsupported_language
from bot.kb.platforms import asked_platforms
from bot.nlu.scope_guard import complains_of_our_charge


@pytest.mark.parametrize("text", [
    "Is OCR possible in French?", "is there OCR support in French?", "do you support documents in German?",
    "¿tiene soporte en francés el OCR?", "¿el OCR se puede en alemán?", "¿se puede en alemán el OCR?",
    "hacemos todo en alemán", "we do everything in German here", "how can I do this in French?",
    # own phrasings of the same kinds
    "is handwriting recognition possible in Italian?", "¿el reconocimiento de texto se puede en portugués?",
    "is there spell check support in Dutch?", "we do all our invoicing in Italian", "¿cómo lo hago en alemán?",
])
def test_a_how_to_about_another_language_is_no_request_to_chat_in_it(text):
    assert requested_unsupported_language(text) is None


@pytest.mark.parametrize("text, code", [
    ("Could we do this in German instead?", "de"), ("can you write in Italian?", "it"),
    ("¿lo podemos hacer en portugués?", "pt"), ("do you speak French?", "fr"), ("¿podemos seguir en francés?", "fr"),
    ("do you offer support in French?", "fr"), ("¿hay soporte en alemán?", "de"), ("is it possible in French?", "fr"),
    ("¿se puede en alemán?", "de"), ("¿tenéis atención en italiano?", "it"), ("can we do it in Dutch please", "nl"),
])
def test_a_request_to_chat_in_another_language_still_is_one(text, code):
    assert requested_unsupported_language(text) == code


@pytest.mark.parametrize("text", [
    "where do I get call back numbers from the contact record", "we need call back notes attached to the invoice",
    "I need to schedule a call back with my client, can PaperOffice remind me?",
    "necesito una llamada de seguimiento en el calendario, ¿cómo la creo?",
    "quiero tener una llamada registrada en el historial del cliente",
    "I want a call back button on the contact card", "quiero una llamada programada en la agenda del cliente",
])
def test_a_call_as_a_thing_in_the_program_is_no_request_to_be_called(text):
    assert not asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "Quería pedir una llamada del soporte: el OCR no reconoce las facturas", "can I request a call back?",
    "I'd like to book a call back please", "I need a call back about my licence", "necesito una llamada de un técnico",
    "quiero una llamada, por favor",
])
def test_a_call_asked_for_still_is_one(text):
    assert asks_to_be_called(text)


@pytest.mark.parametrize("text", [
    "me han cobrado una multa de tráfico", "me ha cobrado el taxista de más",
    "me han cobrado dos veces en el supermercado", "Telefónica nos ha cobrado la línea dos veces",
    "why was I charged by Adobe?", "I was charged by my electricity supplier twice",
    "I got billed twice by the gym", "me han cobrado la luz dos veces",
])
def test_another_payees_charge_is_no_complaint_to_us(text):
    assert not complains_of_our_charge(text)


@pytest.mark.parametrize("text", [
    "why was I billed twice? I paid with PayPal",
    "me habéis cobrado el año entero y en la compañía queríamos mensual",
    "no estoy seguro, pero creo que me habéis cobrado dos veces",
    "el gestor dice que nos habéis facturado dos veces", "my subscription charged me twice",
    "nos han cobrado la licencia dos veces", "I was charged twice, my insurance broker noticed",
])
def test_a_charge_of_ours_is_a_complaint_whoever_else_is_named(text):
    assert complains_of_our_charge(text)


@pytest.mark.parametrize("text", [
    "I use PaperOffice on Windows 11, how do I pair the mobile app?",
    "we run PaperOffice on Windows 10, how do I scan with my phone app?",
    "uso PaperOffice en Windows 11, ¿cómo vinculo la app del móvil?",
    "we use it on a Mac, how do I export to PDF?",
])
def test_a_platform_told_as_context_is_not_asked_about(text):
    assert asked_platforms(text, ["paperoffice"]) == frozenset()


@pytest.mark.parametrize("text, family", [
    ("does it run on Linux?", "linux"), ("¿funciona en Ubuntu?", "linux"), ("can I install it on a Mac?", "mac"),
    ("¿lo puedo instalar en un Mac?", "mac"), ("will PaperOffice work on Linux", "linux"),
])
def test_a_question_whether_it_runs_there_is_asked(text, family):
    assert family in asked_platforms(text, ["paperoffice"])


@pytest.fixture(scope="module")
def kb():
    """The project's articles indexed as the end-to-end tests index them (a fresh clone has no
    kb_index/index until `make index`), set as the action server's knowledge base."""
    import os

    import actions.services as services
    from bot.kb.search import KnowledgeBase
    from bot.settings import Settings
    from tests.support.assets import kb_index

    settings = Settings.from_env()
    built = KnowledgeBase(kb_index(dict(os.environ)), settings, articles_dir=settings.kb_articles_dir)
    kept, services._kb = services._kb, built
    yield built
    services._kb = kept


def test_the_articles_passages_say_which_systems_it_covers(kb):
    # the scanning article's title and tags name no system; its steps say Windows
    assert kb.platform_uncovered("does scanning work on a Mac?", "scan-documents-en")
    found = kb.answer("does scanning work on a Mac?", "en")
    assert found.article is None and found.platform_uncovered


def _tracker(text, language):
    message = {"text": text, "intent": {"name": "ask_howto", "confidence": 0.9}, "intent_ranking": [], "entities": []}
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": message}]
    return Tracker("unit", {"language": language}, message, events, False, None, {}, "action_listen")


@pytest.mark.parametrize("text, language, article", [
    ("jaja vale era broma. ¡Hola! una duda: ¿funciona en Windows 11?", "es", "install-es"),
    ("hola buenas tardes, soy Marta de la gestoría, una duda rápida: ¿lo puedo instalar en Windows 11?", "es",
     "install-es"),
    ("I use PaperOffice on Windows 11, how do I pair the mobile app?", "en", "mobile-app-en"),
    ("we run PaperOffice on Windows 10, how do I scan with my phone app?", "en", "mobile-app-en"),
    ("and does PaperOffice run on Linux? our office is all Ubuntu", "en", None),
])
def test_the_article_found(kb, text, language, article):
    from actions.kb import answer_from_kb
    events = answer_from_kb(CollectingDispatcher(), _tracker(text, language))
    assert [e.get("value") for e in events if e.get("name") == "kb_article_id"] == [article]


@pytest.mark.parametrize("text", [
    "why was I charged by Adobe?", "I was charged by my electricity supplier twice", "my gym charged me twice",
    "me han cobrado una multa de tráfico", "me ha cobrado el taxista de más",
    "me han cobrado dos veces en el supermercado", "Telefónica nos ha cobrado la línea dos veces",
])
def test_another_payees_charge_read_as_a_ticket_is_out_of_scope(text):
    from bot.nlu.scope_guard import guarded_intent
    ranking = [{"name": "open_ticket", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}]
    assert guarded_intent({"name": "open_ticket", "confidence": 0.7}, text, ranking)["name"] == "out_of_scope"


@pytest.mark.parametrize("text", [
    "why was I billed twice? I paid with PayPal", "no estoy seguro, pero creo que me habéis cobrado dos veces",
    "me habéis cobrado el año entero y en la compañía queríamos mensual", "I was charged twice this month",
])
@pytest.mark.parametrize("read_as", ["open_ticket", "out_of_scope", "nlu_fallback"])
def test_a_charge_of_ours_is_a_ticket_however_read(text, read_as):
    from bot.nlu.scope_guard import guarded_intent
    ranking = [{"name": read_as, "confidence": 0.5}, {"name": "open_ticket", "confidence": 0.3}]
    assert guarded_intent({"name": read_as, "confidence": 0.5}, text, ranking)["name"] == "open_ticket"


def test_a_platform_question_after_a_how_to_does_not_find_the_previous_article_again(kb):
    from actions.kb import answer_from_kb
    text = "and will PaperOffice work on Linux? all our PCs run Debian"
    tracker = _tracker(text, "en")
    tracker.slots.update({"kb_query": "How do I reset my PaperOffice password?", "kb_article_id": "reset-password-en"})
    events = answer_from_kb(CollectingDispatcher(), tracker)
    assert [e.get("value") for e in events if e.get("name") == "kb_article_id"] == [None]
