"""Level 1: the ticket form (e-mail, category, description, confirmation) and filing it."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (case_request, clear_offer, form_finished, language_of, latest_intent, latest_text,
                            local_time, opening_message)
from actions.feedback import offer_rating
from actions.forms import (DescriptionValidation, EmailValidation, SupportFormValidation, activating, asked_for,
                           corrected_email, corrects, means_something_else, value_or_none, yes_no_reply,
                           with_detail_beside, yes_no_validated)
from actions.messages import label, say, say_nothing_was_saved
from actions.read_back import value_before_message
from actions.services import STORE_ERRORS, case_service
from actions.kb import kb_context
from actions.forms import FOLLOW_UP_CALL  # noqa: E402  (a call after the ticket, not instead)
from bot.answers import (asks_instead_of_answering, asks_to_be_called, is_detailed_problem, is_question, problem_part,
                         requested_follow_up)
from bot.replies import hesitates, read_yes_no
from bot.cases.service import TICKET_CATEGORIES
from bot.text import ADDRESSES, normalise, strip_accents

CATEGORY_WORDS = {
    "billing": ("factur", "invoice", "bill", "cobr", "cargo", "cargad", "pago", "payment", "charge", "recibo",
                "receipt", "iva", "vat", "fiscal", "reembols", "refund", "devoluci"),
    "update": ("actualiz", "update", "upgrade", "version"),
    "licence": ("licen", "plus", "edicion", "edition", "clave", "key", "activ"),
    # the English question offers "something else"; "ninguna de esas" / "none of those" say the same
    "other": ("otro", "otra", "other", "demas", "general", "something else", "else\\b", "ningun", "none",
              "nada de eso"),
}


#: The customer's own documents that happen to be invoices ("las facturas de proveedores me salen dos
#: veces en el archivo"): what PaperOffice files, not what we bill.
CUSTOMERS_INVOICES = re.compile(
    r"\bfacturas?\s+(?:de|a|para)\s+(?:mis\s+|nuestros\s+|los\s+|sus\s+)?(?:proveedor|cliente|compra|venta)\w*"
    r"|\bfacturas?\s+(?:escanead|recibid|emitid|importad|archivad)\w*"
    r"|\b(?:supplier|vendor|customer|incoming|scanned|purchase|sales)\s+invoices?\b")


#: Words that look like money but are not ("recibo un error" = I receive, "no se ha cargado" = loaded,
#: a charger, the program's billing module, the VAT number field, the fiscal year view): no topic.
NOT_MONEY = re.compile(
    r"\brecibo\s+(?:un|una|unos|unas|el|la|los|las|este|esta|ese|esa|siempre|constantemente|errores?|mensajes?"
    r"|avisos?|alertas?|correos?|notificacion\w*)\b"
    r"|\bcargad[oa]s?\b(?!\s+(?:\w+\s+){0,3}?(?:en|a)\s+(?:la|mi|nuestra)\s+(?:tarjeta|cuenta))"
    r"|\bchargers?\b|\bin\s+charge\b"
    r"|\b(?:modulo|seccion|pestana|menu|vista|apartado|pantalla|campo)\s+de\s+(?:facturacion|facturas|iva)\b"
    r"|\b(?:billing|invoic\w*|vat|tax)\s+(?:module|section|tab|view|screen|field|menu|settings)\b"
    r"|\bvat\s+(?:number|id|no)\s+(?:field|column|box)\b|\bcampo\s+(?:del?\s+)?(?:iva|nif|cif)\b"
    r"|\bfiscal\s+year\b|\bano\s+fiscal\b|\bejercicio\s+fiscal\b")
#: A charge made to the customer ("me habéis cargado dos veces", "nos cargaron el Plus"): read as "cobrado"
#: before NOT_MONEY drops "cargado" as "loaded".
CHARGED_TO_US = re.compile(r"\b(?:me|nos|te|le|les)\s+(?:(?:han|habeis|ha|has|habian|habeis)\s+)?"
                           r"(?:cargad[oa]s?|cargaron|cargasteis|cargaste|cargan|cargais|cargo)\b")
#: A first name "Bill" inside a sentence ("after the update Bill from accounting…"), read before folding.
BILL_THE_NAME = re.compile(r"(?<=[a-z,;]\s)Bill\b")
#: A real charge or bill ("nos habéis cobrado…", "charged twice", "un cargo en la tarjeta", "la factura de
#: noviembre", "refund"): what makes a message about an update or a licence a billing question.
MONEY = re.compile(
    r"\bcobr\w*|(?<!in\s)\bcharg(?:e|es|ed|ing)\b|\bdouble[\s-]charg\w*"
    r"|\bcargos?\b(?:\s+\w+){0,4}?\s+(?:en|a)\s+(?:la|mi|nuestra)\s+(?:tarjeta|cuenta)"
    r"|\b(?:me|nos)\s+(?:han|habeis|ha|has)\s+cargado\b"
    r"|\b(?:la|las|una|mi|mis|esta|esa|nuestra|vuestra|otra|ultima|su)\s+facturas?\b"
    r"|\binvoic(?:e|es|ed)\b|\brefund\w*|\breembols\w*|\bdevolucion\s+del?\s+(?:dinero|importe|pago)"
    r"|\bpayments?\b|\bpagos?\b|\bpagad\w*|\bpague\b|\bpaid\b|\bbilled\b"
    r"|\b(?:the|my|a|our|this|your)\s+bills?\b")
#: The customer's invoices read by the program ("el OCR no lee las facturas"): a document, not a charge.
INVOICES_READ = re.compile(
    r"\b(?:ocr|escane\w*|lee|leer|reconoc\w*|scan\w*|read\w*|archiv\w*|import\w*|ordena\w*|clasific\w*)\b"
    r"(?:\s+\w+){0,2}?\s+(?:las|los|la|the|my|our|mis)?\s*(?:facturas?|invoices?)\b")


def charges_money(text: Optional[str]) -> bool:
    """True for a message about a real charge or bill ("charged twice for the Plus upgrade", "nos habéis
    cobrado la actualización dos veces"); not "recibo un error", "no se ha cargado", "Bill from
    accounting", a charger, the billing module, the VAT number field or the fiscal year view."""
    folded = CHARGED_TO_US.sub(" cobrado ", strip_accents(BILL_THE_NAME.sub(" ", normalise(text)).lower()))
    for pattern in (ADDRESSES, CUSTOMERS_INVOICES, NOT_MONEY, INVOICES_READ):
        folded = pattern.sub(" ", folded)
    return bool(MONEY.search(folded))


#: A clause that only names the topic as answered ("facturación", "es de licencias", "an update
#: question"), or opens with it before a reason ("es de facturación porque…"): what `with_detail_beside`
#: leaves out of the detail added to the description. A topic word inside a sentence ("la factura
#: de noviembre llegó duplicada") is the problem itself and stays.
CATEGORY_ANSWER = re.compile(
    r"^(?:(?:s[ií]|yes|pues|vale|ok)[\s,]+)?(?:es\s+|it'?s\s+|is\s+)?(?:(?:de|sobre|about|con|with|un[ao]?|an?|the|la|el"
    r"|tema|asunto|pregunta|consulta|question)\s+)*(?:facturaci[oó]n|facturas?|billing|invoices?|cobros?|pagos?"
    r"|payments?|actualizaci[oó]n|actualizaciones|updates?|upgrades?|licencias?|licen[cs]es?|otr[oa]s?|other"
    r"|something else)(?:\s+(?:question|pregunta|issue|tema|thing))?(?:[\s.!]*$|\s+(?:porque|because|ya que|since)\b)",
    re.IGNORECASE)


#: What the classifier reads an aside as ("perdona, estaba hablando con un compañero"): never more of the problem.
ASIDE_INTENTS = frozenset({"chitchat", "out_of_scope"})


def category_from_text(text: Optional[str]) -> Optional[str]:
    """Map a typed answer ("es por una factura", "licencia") to a ticket category."""
    # an address says nothing about the topic: "facturacion@talleres.es" is no invoice question,
    # nor do the customer's own invoices ("facturas de proveedores") make it one
    folded = ADDRESSES.sub(" ", strip_accents(BILL_THE_NAME.sub(" ", normalise(text)).lower())).strip()
    folded = CHARGED_TO_US.sub(" cobrado ", folded)
    folded = INVOICES_READ.sub(" ", NOT_MONEY.sub(" ", CUSTOMERS_INVOICES.sub(" ", folded))).strip()
    if folded in TICKET_CATEGORIES:
        return folded
    for category, stems in CATEGORY_WORDS.items():
        if any(re.search(rf"\b{stem}", folded) for stem in stems):
            return category
    return None


def answered_question(tracker: Tracker) -> Optional[str]:
    """The knowledge-base question the bot had just answered when this ticket was asked for
    ("sí, pero ábreme un ticket porque el instalador da el error 1603" after the update article):
    what the ticket is about, whether the request read as a yes or as a new request."""
    if value_before_message(tracker, "pending_offer") != "kb_feedback":
        return None
    return tracker.get_slot("kb_query")


def escalated_from_articles(tracker: Tracker) -> bool:
    """True when this ticket carries a knowledge-base question whose articles did not help."""
    query, description = tracker.get_slot("kb_query"), tracker.get_slot("description") or ""
    return bool(query and tracker.get_slot("kb_tried") and query in description)


#: A call asked for only in case it is needed ("llamadme si necesitáis algo más", "call me if anything's unclear").
CALL_IF_NEEDED = re.compile(r"\b(?:si (?:necesit|hace falta|teneis|tienen|hay)|en caso de|if (?:you|anything|there|needed"
                            r"|necessary|required))")


def changed_to_a_call(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Events that leave the ticket form for a call when a reply to one of its questions asks to be
    called instead (not a yes with a call beside it, "sí, y llamadme también"); None otherwise."""
    from actions.escalation import start_level

    text = latest_text(tracker)
    if activating(tracker) or not asks_to_be_called(text) or requested_follow_up(text) != "callback" \
            or read_yes_no(text) is True or CALL_IF_NEEDED.search(strip_accents(text.lower())) \
            or FOLLOW_UP_CALL.search(strip_accents(normalise(text).lower())):
        return None
    context = tracker.get_slot("description") or opening_message(tracker)
    return [ActiveLoop(None), SlotSet("requested_slot", None)] + start_level(dispatcher, tracker, 2, context,
                                                                             announce=False)


class ValidateTicketForm(EmailValidation, DescriptionValidation, SupportFormValidation):
    """Validate the ticket form's answers."""

    def name(self) -> Text:
        return "validate_ticket_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        """A change of mind to a call while the ticket is being made ("no espera, mejor que me llamen,
        es más rápido" at the summary) leaves the ticket for the callback form, carrying the problem
        (it was added to the description, and the name and number that followed too)."""
        switched = changed_to_a_call(dispatcher, tracker)
        if switched is not None:
            return switched
        return await super().run(dispatcher, tracker, domain)

    async def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """As for any form; a ticket asked for right after an article ("sí, pero ábreme un ticket
        igualmente") that tells no problem of its own is about the question just answered, with the
        article shown: nothing more is asked about it."""
        found = await super().extract_description(dispatcher, tracker, domain)
        if found or tracker.get_slot("description") or not activating(tracker):
            return found
        if answered_question(tracker) and not is_detailed_problem(problem_part(latest_text(tracker))):
            return {"description": kb_context(tracker)}
        return found

    async def extract_ticket_category(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        """The topic: asked for, or read from what the customer already wrote (Plus → licence)."""
        if tracker.get_slot("ticket_category"):
            return {}
        if asked_for(tracker, "ticket_category"):
            return value_or_none(category_from_text(latest_text(tracker)), "ticket_category")
        if activating(tracker):
            known = " ".join(filter(None, [tracker.get_slot("description"), latest_text(tracker),
                                           opening_message(tracker)]))
            if tracker.get_slot("edition") and category_from_text(known) != "billing":
                return {"ticket_category": "licence"}  # "me habéis cobrado dos veces el Plus" is billing
            # what the customer says first; the question just answered only when that says nothing
            # ("ábreme un ticket, falla al actualizar" after an article about invoices is an update)
            category = category_from_text(known) or category_from_text(answered_question(tracker))
            if escalated_from_articles(tracker) or (answered_question(tracker) and not category_from_text(latest_text(tracker))):
                # a how-to the articles did not solve (or that a person should look at after the article:
                # "sí, gracias, pero prefiero que me lo mire alguien, ¿me abres un ticket?") is a question
                # about the program
                return {"ticket_category": category or "other"}
            return value_or_none(category, "ticket_category")
        return {}

    def validate_ticket_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        """Accept one of the four categories, typed or clicked. A licence or update read from a
        product word ("Plus", "upgrade") in a message about a charge is billing: the customer asks
        about money."""
        category = category_from_text(str(value))
        text = latest_text(tracker)
        earlier = value_before_message(tracker, "ticket_category")
        if earlier and earlier != category and not asked_for(tracker, "ticket_category") and is_question(text) \
                and not corrects(text):
            # "una pregunta antes, ¿la actualización va incluida en la licencia?": a question asked on the
            # way changes no topic already set
            return {"ticket_category": earlier}
        if not asked_for(tracker, "ticket_category") and category is not None \
                and category_from_text(text) is None and tracker.latest_message.get("entities") \
                and (not activating(tracker) or CUSTOMERS_INVOICES.search(strip_accents(text.lower()))):
            # a topic word found only inside an address ("facturacion@…" given for the e-mail) or in the
            # customer's own invoices ("facturas de proveedores"): the topic stays what it was (asked later)
            return {"ticket_category": value_before_message(tracker, "ticket_category")}
        if category is None:
            say(dispatcher, tracker, "invalid_category")
        elif category != "billing" and not asked_for(tracker, "ticket_category") and \
                charges_money(latest_text(tracker)):
            category = "billing"  # "charged twice for the Plus upgrade": the money, not the upgrade
        elif asked_for(tracker, "ticket_category"):
            # "facturación, y la de noviembre llegó duplicada": the rest is more of the problem
            return {"ticket_category": category, **with_detail_beside(tracker, dispatcher, CATEGORY_ANSWER)}
        return {"ticket_category": category}

    async def extract_ticket_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> Dict[Text, Any]:
        """The yes or no to the summary (actions/forms.py `yes_no_reply`); more about the problem
        told at the confirmation is added to the description, which is shown again."""
        if not asked_for(tracker, "ticket_confirmed"):
            return {}
        text = latest_text(tracker)
        corrected = self.corrections(tracker)
        if corrected:  # "no perdona, el correo bueno es …": the value is replaced, the summary shown again
            say(dispatcher, tracker, "value_corrected")
            return {**corrected, "ticket_confirmed": None}
        if (read_yes_no(text) is None and not hesitates(text) and not is_question(text)
                and not means_something_else(tracker) and latest_intent(tracker)[0] not in ASIDE_INTENTS
                and is_detailed_problem(text)):
            say(dispatcher, tracker, "description_added")
            return {"description": f"{tracker.get_slot('description')}\n{text}"}
        return yes_no_reply(dispatcher, tracker, "ticket_confirmed")

    @staticmethod
    def corrections(tracker: Tracker) -> Dict[Text, Any]:
        """Values the message at the confirmation gives anew: an address, or a topic named
        with words that correct ("no, es de facturación")."""
        found: Dict[Text, Any] = {}
        email = corrected_email(tracker)
        if email:
            found["email"] = email
        text = latest_text(tracker)
        named = [str(entity.get("value") or "") for entity in tracker.latest_message.get("entities") or []
                 if entity.get("entity") == "ticket_category"]
        category = next(filter(None, map(category_from_text, named)), None)
        if category and corrects(text):
            found["ticket_category"] = category
        return found

    def validate_ticket_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """A yes or no only when the words say it: "what happens after I confirm?" can read as a
        yes to the classifier; it is explained and the confirmation asked again."""
        if asked_for(tracker, "ticket_confirmed") and asks_instead_of_answering(latest_text(tracker)) \
                and read_yes_no(latest_text(tracker)) is None:
            say(dispatcher, tracker, "ticket_confirm_explained")
            return {"ticket_confirmed": None}
        return yes_no_validated(value, dispatcher, tracker, "ticket_confirmed")


class ActionAskTicketConfirmed(Action):
    """Show what the ticket will say and ask to confirm it."""

    def name(self) -> Text:
        return "action_ask_ticket_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Summarise the ticket with yes/no buttons."""
        language = language_of(tracker)
        say(dispatcher, tracker, "confirm_ticket", email=tracker.get_slot("email"),
            category=label("ticket_category", tracker.get_slot("ticket_category") or "other", language),
            description=normalise(tracker.get_slot("description"))[:300])
        return []


class ActionSubmitTicket(Action):
    """File the confirmed ticket and tell its id and first-answer due time."""

    def name(self) -> Text:
        return "action_submit_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case, or say that nothing was created; the answers stay until the next form starts."""
        ended = form_finished("ticket_form") + clear_offer()
        if tracker.get_slot("ticket_confirmed") is not True:
            say(dispatcher, tracker, "ticket_not_created")
            return ended
        request = case_request(tracker, tracker.get_slot("description"))
        try:
            case = case_service().open_ticket(request, tracker.get_slot("ticket_category") or "other")
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Ticket not created", exc)
            return ended
        say(dispatcher, tracker, "ticket_created", case_id=case.public_id, email=case.email,
            due=local_time(case.first_response_due, tracker))
        return (form_finished("ticket_form", case.public_id) + clear_offer() + [SlotSet("support_level", 1)]
                + offer_rating(dispatcher, tracker, "case", 1))
