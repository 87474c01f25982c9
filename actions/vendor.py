"""Level 4: the vendor case form. Consent comes first: the customer hears what would be
passed to the third party and agrees before anything else is collected, and nothing is
raised without an explicit yes."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import case_request, clear_offer, form_finished, latest_text, local_time
from actions.feedback import offer_rating
from actions.forms import (DescriptionValidation, EmailValidation, SupportFormValidation, activating, asked_for,
                           means_something_else, yes_no_reply, yes_no_validated)
from actions.interruptions import VENDOR_CONSENT_OFFER
from actions.messages import say, say_nothing_was_saved
from actions.services import STORE_ERRORS, case_service
from bot.answers import (asks_instead_of_answering, gives_consent, is_detailed_problem, is_question, plain_no,
                         problem_part)
from bot.replies import fetching, hesitates, postpones, read_yes_no
from bot.product_names import product_phrase
from bot.text import has_words, normalise, split_sentences, stored_text_for_chat, strip_accents
from bot.validation import normalise_contract_id, normalise_phone, spelled_out_emails

MAX_VENDOR_WORDS = 8


def named_products(tracker: Tracker) -> List[str]:
    """The vendor and product names the entity extractor found in the latest message, in order,
    each widened to the model name written around it ("WD My Cloud NAS", not just "NAS")."""
    text = latest_text(tracker)
    found: List[str] = []
    for entity in sorted(tracker.latest_message.get("entities") or [], key=lambda e: e.get("start") or 0):
        if entity.get("entity") != "vendor":
            continue
        value = str(entity.get("value") or "")
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and text[start:end].strip():
            value = product_phrase(text, start, end)
        if value and not any(value in kept for kept in found):
            found = [kept for kept in found if kept not in value] + [value]
    return found


#: PaperOffice's own database (its data, its errors), which level 3 handles under a support contract…
_DATABASE = re.compile(r"\b(?:bases?\s+de\s+datos|database|bbdd|sql\s*server|mysql|maria\s*db|postgres\w*)\b", re.IGNORECASE)
#: … unlike the external database server itself ("mi servidor de base de datos externo debe optimizarse"),
#: a NAS or a Terminal Server: third-party products, level 4 (niveles-de-soporte.txt).
_THIRD_PARTY_ITSELF = re.compile(
    r"\bextern\w*|\boptimi[sz]\w*|\btuning\b|\bnas\b|synology|qnap|terminal\s*server|\brds\b|remote\s+desktop"
    r"|escritorio\s+remoto", re.IGNORECASE)
#: Words that say the customer has a support contract.
_HAS_CONTRACT = re.compile(
    r"\b(?:contrato\s+de\s+(?:soporte|mantenimiento)|support\s+contract|(?:tenemos|con|we\s+have\s+an?|under\s+(?:our|a))"
    r"\s+(?:un\s+)?(?:contrato|contract))\b", re.IGNORECASE)


#: A third-party product named in a conversation, for the level 4 decision: a NAS, an external
#: database server, a Terminal Server, a remote desktop, Citrix. Narrower than `_THIRD_PARTY_ITSELF`:
#: "correo externo", "disco duro externo", "PDF optimizados" name nothing someone else maintains.
_THIRD_PARTY_NAMED = re.compile(
    r"\bnas\b|synology|qnap|terminal\s*server|\brds\b|remote\s+desktop|escritorio\s+remoto|\bcitrix\b"
    r"|\bservidor\s+(?:de\s+(?:la\s+)?bases?\s+de\s+datos\s+)?(?:\w+\s+)?(?:mysql|maria\s*db|postgres\w*|sql\s*server|oracle)"
    r"|\b(?:mysql|maria\s*db|postgres\w*|oracle|microsoft\s+sql|ms\s*sql)\s+server\b|\bsql\s+server\b"
    r"|\bservidor\s+(?:de\s+(?:la\s+)?)?bases?\s+de\s+datos\s+extern\w*|\bexternal\s+(?:database|db|sql)\s+server\b"
    r"|\b(?:database|db)\s+server\s+(?:of|from)\s+(?:the|our|a)\s+(?:provider|vendor|host\w*)", re.IGNORECASE)


def names_third_party(text: str) -> bool:
    """True for a text that names a third-party product itself ("el NAS", "our Terminal Server", "el
    servidor MySQL del proveedor"): only then can a case go to a vendor (level 4)."""
    return bool(_THIRD_PARTY_NAMED.search(text or ""))


def problem_sentences(text: str) -> str:
    """The sentences of a message that describe a problem, without those that only give a product
    name, an address or a phone ("It's a Buffalo TeraStation 5410DN.", "Contact me at …"); "" when none."""
    sentences = split_sentences(normalise(text), ends=".!;", newlines=True)
    told = [piece for piece in sentences
            if "@" not in piece and not normalise_phone(piece) and not spelled_out_emails(piece)
            and is_detailed_problem(problem_part(piece))]
    return " ".join(told)


#: Negative imperatives (subjunctive forms) of the verbs of passing something on or letting it be seen:
#: "no les paséis", "no se lo digáis", "que no vean", "no incluyáis" (not "el NAS no envía", "no pasan").
_PASS_ON_VERBS = (r"(?:(?:pas|envi|mand|mencion|ensen|mostr|muestr|facilit|revel|cont|cuent|indiqu|copi|reenvi)(?:eis|es|en)"
                  r"|(?:dig|compart|incluy|escrib|pong|ve|sep|teng|recib)(?:ais|as|an)|deis|des|den)")
#: "sin" + a verb of passing on is a condition only with the party as its object ("sin pasarles las IPs",
#: "sin decírselo", "sin que lo sepan"): bare, it tells how the problem shows ("y sin pasar por el login da
#: error", "sin darle al botón se cuelga").
_WITHOUT_PASSING_ON = (r"sin\s+(?:(?:pasar|decir|contar|enviar|mandar|compartir|mencionar|incluir|ensenar|mostrar|facilitar"
                       r"|revelar|reenviar)(?:les?|los|selos?|selas?)|dar(?:les|selos?|selas?))\b"
                       r"|sin\s+que\s+(?:(?:les?|se|lo|los|la|las)\s+){0,2}" + _PASS_ON_VERBS + r"\b")
#: A condition the customer sets on what is passed on, said beside the consent: "pero no les paséis el
#: nombre del servidor", "que no vean los nombres de los clientes", "sin pasarles las IPs", "but do not
#: tell them our server names", "only send them the error", "keep our IPs out of it". It opens its clause
#: (after a yes and "pero", "but", "please"…), so a problem told with the same verbs ("we don't share the
#: folder any more", "el NAS no envía los correos") is not one.
_SHARING_CONDITION = re.compile(
    r"^(?:(?:si|vale|ok|okay|de\s+acuerdo|claro|adelante|yes|yeah|yep|sure|fine|go\s+ahead|pero|y|aunque|eso\s+si|ojo"
    r"|por\s+favor|porfa|but|and|though|just|please|however)[\s,:]+)*"
    r"(?:(?:que\s+)?no\s+(?:(?:les?|se|lo|los|la|las)\s+){0,2}" + _PASS_ON_VERBS + r"\b"
    r"|" + _WITHOUT_PASSING_ON +
    r"|(?:do\s+not|don'?t|dont|never)\s+(?:tell|share|send|give|pass|mention|include|show|disclose|reveal|forward"
    r"|copy|let\s+them)\b"
    r"|without\s+(?:telling|sharing|sending|giving|passing|mentioning|including|showing|disclosing|revealing)\b"
    r"|only\s+(?:send|share|pass|give|tell|forward)\b|(?:send|share|pass|give|tell|forward)\s+(?:them\s+)?only\b"
    r"|keep\s+(?:\w+\s+){0,4}?(?:out\s+of\s+it|private|confidential|to\s+yourselves)\b"
    r"|leave\s+(?:\w+\s+){0,4}?out\b)")


def is_sharing_condition(clause: str) -> bool:
    """True for a clause that sets a condition on what is passed on to the third party ("pero no les
    paséis el nombre del servidor", "but do not tell them our server names"): no part of the problem."""
    return bool(_SHARING_CONDITION.search(strip_accents(normalise(clause)).lower()))


def without_sharing_conditions(text: str) -> str:
    """`text` without the clauses that set conditions on what is passed on ("sí, pero no les paséis el
    nombre del servidor" -> "sí,"): what the vendor must hear is the problem, not the consent's terms.
    A condition that ended a sentence leaves that end to the clause before it."""
    kept: List[str] = []
    # clauses end after a comma or a sentence's end, and before "pero" / "but"
    for clause in split_sentences(normalise(text), ends=",.;:!?", newlines=True, before=("pero", "but")):
        if not is_sharing_condition(clause):
            kept.append(clause)
        elif kept and clause.rstrip()[-1:] in ".;!?" and kept[-1][-1:] in ",:":
            kept[-1] = kept[-1][:-1] + clause.rstrip()[-1]
    return " ".join(kept)


def own_database_under_contract(tracker: Tracker) -> bool:
    """True when a message routed to a vendor case is about PaperOffice's own database and the
    customer has a support contract: that is level 3 (an SLA case), not a third party's product.
    At the consent question, a contract id given instead of a yes says the same."""
    text = latest_text(tracker)
    about = " ".join(filter(None, [text, tracker.get_slot("description"), tracker.get_slot("vendor")]))
    if not _DATABASE.search(about) or _THIRD_PARTY_ITSELF.search(about):
        return False
    if activating(tracker):
        return bool(normalise_contract_id(text) or _HAS_CONTRACT.search(text))
    return asked_for(tracker, "vendor_consent") and normalise_contract_id(text) is not None


def to_sla_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Leave the vendor form (nothing passed on) for the SLA form, with the problem and the contract."""
    from actions.common import clear_form_slots
    from actions.escalation import start_level

    say(dispatcher, tracker, "own_database_is_level_3")
    problem = tracker.get_slot("description") or latest_text(tracker)
    started = start_level(dispatcher, tracker, 3, problem, announce=False)
    contract = normalise_contract_id(latest_text(tracker))
    if contract:
        started.insert(len(started) - 1, SlotSet("contract_id", contract))
    return (clear_form_slots("vendor_case_form") + [ActiveLoop(None), SlotSet("requested_slot", None)]
            + started)


class ValidateVendorCaseForm(EmailValidation, DescriptionValidation, SupportFormValidation):
    """Validate the vendor case form's answers."""

    def name(self) -> Text:
        return "validate_vendor_case_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        """PaperOffice's own database under a support contract goes to the SLA form first."""
        if own_database_under_contract(tracker):
            return to_sla_case(dispatcher, tracker)
        text = latest_text(tracker)
        if (asked_for(tracker, "vendor_consent") and not activating(tracker) and fetching(text)
                and read_yes_no(text) is None and not is_question(text)):
            # "let me check" / "déjame mirarlo" to the consent question is a "not yet": nothing is passed
            # on, and the consent can come later (it got "I need a yes or a no")
            return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_defer_form")]
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """A no to the hand-over ends the form at once: nothing more is collected. A "no" the
        intent model read into a hesitation ("hmm, not sure") is checked by validate_vendor_consent
        first (the step is asked again)."""
        text = latest_text(tracker)
        unsure = (asked_for(tracker, "vendor_consent") and read_yes_no(text) is None
                  and (hesitates(text) or asks_instead_of_answering(text)))
        if tracker.get_slot("vendor_consent") is False and not unsure:
            return []
        return domain_slots

    async def extract_vendor_consent(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> Dict[Text, Any]:
        """The yes or no to the hand-over (actions/forms.py `yes_no_reply`); a yes that came with
        more ("Sí, podéis pasarlo. Mi correo es …") is still a yes."""
        if not asked_for(tracker, "vendor_consent") or tracker.get_slot("vendor_consent") is not None:
            return {}
        text = latest_text(tracker)
        if is_question(text) and means_something_else(tracker, free_text=False):
            return {}  # "what would you send them?": explained by the rules, consent asked again
        if gives_consent(text) and not plain_no(text) and not postpones(text):
            # "de acuerdo, aunque antes tengo que preguntarle a mi jefa" puts the yes off: no consent yet
            return {"vendor_consent": True}
        return yes_no_reply(dispatcher, tracker, "vendor_consent")

    def validate_vendor_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        """Consent only from a reply that is not a question ("ok, ¿qué les pasaríais?" can read as
        a yes): what would be shared is explained and consent asked again."""
        text = latest_text(tracker)
        if asked_for(tracker, "vendor_consent") and asks_instead_of_answering(text) and read_yes_no(text) is None:
            say(dispatcher, tracker, "vendor_sharing_explained")
            return {"vendor_consent": None}
        return yes_no_validated(value, dispatcher, tracker, "vendor_consent")

    async def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """As for any form; and once a description is kept (a vague first message: "trouble with
        PaperOffice on our NAS, can you get the manufacturer involved?"), what a later answer tells
        about the problem unasked ("It's a Buffalo TeraStation. Since the firmware update the archive
        path is read-only. Contact me at …") is added to it: the vendor must hear the real problem."""
        found = await super().extract_description(dispatcher, tracker, domain)
        told = found.get("description")
        if isinstance(told, str) and without_sharing_conditions(told) != normalise(told):
            # "sí, pero no les paséis el nombre del servidor": the condition is no problem (it stays in
            # the case's transcript, which the agent reads; a case has no field for notes)
            problem = problem_sentences(without_sharing_conditions(told))
            return {"description": problem} if problem else {}
        kept = tracker.get_slot("description")
        if found or not kept or activating(tracker) or asked_for(tracker, "description"):
            return found
        if means_something_else(tracker) or is_question(latest_text(tracker)):
            return found
        told = problem_sentences(without_sharing_conditions(latest_text(tracker)))
        if told and told not in kept:
            return {"description": f"{kept}\n{told}"}
        return found

    async def extract_vendor(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        """The product or vendor: all the names recognised in one message ("NAS QNAP"), or, when
        asked, a short name that is not a question or another request."""
        named = named_products(tracker)
        if len(named) > 1 or (named and len(named[0].split()) > 1):
            return {"vendor": " ".join(named)}
        if not asked_for(tracker, "vendor") or tracker.get_slot("vendor") or means_something_else(tracker):
            return {}
        text = latest_text(tracker)
        if not has_words(text) or is_question(text) or len(text.split()) > MAX_VENDOR_WORDS:
            return {}
        if "@" in text or normalise_phone(text):
            return {}  # an address or a number given early belongs to its own slot, never the product
        return {"vendor": text}

    def validate_vendor(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        """Keep a product or vendor name of reasonable length."""
        vendor = normalise(str(value or ""))
        return {"vendor": vendor if has_words(vendor) and len(vendor) <= 120 else None}


class ActionSubmitVendorCase(Action):
    """Raise the vendor case only when the customer agreed to the hand-over."""

    def name(self) -> Text:
        return "action_submit_vendor_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case with consent, or confirm that nothing was passed on."""
        ended = form_finished("vendor_case_form") + clear_offer()
        if tracker.get_slot("vendor_consent") is not True:
            say(dispatcher, tracker, "vendor_declined")
            # "If you change your mind, just ask again": the answers stay with the form, as after
            # "todavía no", so that a later "ya lo hablé con mi jefe, podéis pasárselo" resumes it
            # with consent (actions/interruptions.py); nothing is created before that
            return [SlotSet("pending_offer", VENDOR_CONSENT_OFFER), SlotSet("offer_context", "vendor_case_form")]
        try:
            case = case_service().open_vendor_case(case_request(tracker, tracker.get_slot("description")),
                                                   tracker.get_slot("vendor") or "", consent=True)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "Vendor case not created", exc)
            return ended
        say(dispatcher, tracker, "vendor_created", case_id=case.public_id, vendor=stored_text_for_chat(case.vendor),
            email=case.email, due=local_time(case.first_response_due, tracker))
        return (form_finished("vendor_case_form", case.public_id) + clear_offer() + [SlotSet("support_level", 4)]
                + offer_rating(dispatcher, tracker, "case", 4))
