"""Rasa component: a how-to or a request about someone else's product is out of scope (and
a language's name used as an adjective, "Spanish VAT", is no request to change language).

"¿Cómo hago una copia de seguridad de WhatsApp?" scores ask_howto: backups are a
product topic, and the knowledge base then quotes the backup article. The intent model
cannot learn every product in the world from examples, but the message itself says what
it is about (bot/scope.py): it names another company's product or service and nothing
of PaperOffice. Such a message becomes `out_of_scope`, whatever level it looked like.
Placed last in config.yml, after HowtoRecovery, so that it also sees recovered intents.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_NAME_KEY

import re

from bot.answers import asks_anothers_desk_hours, asks_our_hours, is_question, problem_beside_hours, requested_follow_up, speaks_of_a_language
from bot.text import split_sentences
from bot.nlu.intent_override import IntentOverride, ranked_confidence
from bot.scope import (about_other_product, about_our_product_only, fold, general_request, installs_it_on_a_platform,
                       opens_with_other_product)

OUT_OF_SCOPE = "out_of_scope"
#: What the guard may overrule: the knowledge base and the case levels. Replies that only
#: make sense inside a conversation (yes, no, data, cancel…) are left alone.
GUARDED_INTENTS = ("ask_howto", "open_ticket", "request_callback", "request_sla_support",
                   "request_vendor_support")
#: The other way round, a message about PaperOffice alone read as out of scope ("how do I pair
#: the mobile app with my pc?", out of scope at 0.8) takes the best of the guarded intents, however
#: unlikely: the knowledge base says itself when it has no article.
RESTORE_MINIMUM = 0.0
#: A feature request is guarded only when it asks how to do something ("¿cómo activo el modo
#: oscuro en WhatsApp?" is a how-to about WhatsApp); "¿podéis añadir envío por WhatsApp?" is ours.
SUGGESTION = "suggestion"
HOW_START = re.compile(r"^\W*(?:y\s+)?(?:como|how|donde|where)\b")
#: …or when it weighs other products against each other ("Is Dropbox better than OneDrive?").
COMPARES = re.compile(r"\b(?:better|worse|best|mejor|peor|vs|versus|recomiendas|recommend|conviene|preferible"
                      r"|cual (?:elijo|escojo|uso|me quedo)|which (?:one )?should i (?:use|choose|pick|get|go for))\b")
#: Small talk about another product ("can you help me cancel my Disney+?") is not about the bot.
CHITCHAT = "chitchat"
LANGUAGE_SWITCH = "switch_language"
#: A general request (translate, write a script, find a restaurant, the weather) is out of scope
#: whatever it was read as: a greeting ("traduce 'buenos días' al alemán"), a feature request
#: ("hazme un script…"), data or a level. Replies to a question (yes, no, cancel) are left alone.
GENERAL_GUARDED = GUARDED_INTENTS + ("not_solved", "greet", "chitchat", SUGGESTION, "inform", "wait", "defer",
                                     LANGUAGE_SWITCH, "thank")  # "Translate 'thank you…' into German"

#: What a question about installing our program on a platform is misread as: the platform's name
#: pulls it out of scope, "tenemos…" to "no contract", the rest to data, a deferral or unsure.
INSTALL_MISREADS = ("ask_howto", OUT_OF_SCOPE, "nlu_fallback", "no_contract", "inform", "defer", "wait", CHITCHAT,
                    SUGGESTION)

#: What a question about when the team is open is misread as: out of scope, unsure, small talk
#: ("what are your opening hours?" chitchat 0.46), a goodbye ("¿hasta qué hora estáis?" 0.63) or
#: a greeting ("hola, ¿a qué hora abrís mañana?").
OPENING_HOURS_MISREADS = (OUT_OF_SCOPE, "nlu_fallback", CHITCHAT, "goodbye", "greet", "inform", "wait", "defer")
#: ...or, for the desk named as the one that opens, a request for a ticket or call ("is support open on
#: Saturdays?" open_ticket 0.48) or "no contract" ("do you guys have support at the weekend?" 0.61): only
#: when no ticket, call or person is asked for beside it and no contract or licence is named.
OPENING_HOURS_REQUEST_MISREADS = ("open_ticket", "request_callback", "no_contract")
CONTRACT_WORDS = re.compile(r"\b(?:contrat\w*|contract\w*|licen[cs]\w*|mantenimiento|maintenance|sla)\b")


#: A charge complained of as ours, read positively: charged by "you" ("me habéis cobrado", "nos
#: cobrasteis", "you charged me", "did you bill us"), by our product or what the customer has of it
#: ("my subscription charged me", "PaperOffice me ha cobrado"), or in the passive with no one else
#: named as the payee ("why was I billed for a whole year…", "I was charged twice", not "…charged by
#: Adobe"; "me han cobrado la licencia dos veces", not "me han cobrado una multa de tráfico").
OUR_CHARGE = re.compile(
    r"\byou(?:'ve|\s+have|\s+guys|\s+people)?\s+(?:\w+\s+)?(?:charged|billed|debited|invoiced|took)\s+(?:me|us)\b"
    r"|\bdid\s+you(?:\s+guys)?\s+(?:charge|bill|debit|invoice)\s+(?:me|us)\b"
    r"|\b(?:me|nos)\s+(?:\w+\s+)?(?:hab[eé]is|habeis)\s+(?:\w+\s+)?(?:cobrado|cargado|facturado)\b"
    r"|\b(?:me|nos)\s+(?:cobrasteis|cargasteis|facturasteis|cobr[aá]is|carg[aá]is|factur[aá]is)\b"
    r"|\b(?:my|our|the)\s+(?:paperoffice\s+)?(?:subscription|licen[cs]e|plan|renewal|paperoffice)\s+(?:has\s+)?"
    r"(?:charged|billed|debited)\b|\bpaperoffice\s+(?:has\s+)?(?:charged|billed|debited)\s+(?:me|us)\b"
    r"|\b(?:paperoffice|la\s+(?:suscripcion|licencia|renovacion)|el\s+plan)\s+(?:me|nos)\s+(?:ha|han)\s+"
    r"(?:cobrado|cargado|facturado)\b")
#: The passive with no payee ("I was billed twice", "me han cobrado la licencia…"): ours only when no
#: one else is named as the payee ("…charged by my electricity supplier", "why was I charged by Adobe?").
PASSIVE_CHARGE = re.compile(
    r"\b(?:i|we)\s+(?:was|were|have\s+been|'?ve\s+been|got|get|am\s+being|are\s+being)\s+(?:\w+\s+)?"
    r"(?:charged|billed|debited|invoiced)\b"
    r"|\b(?:why|how\s+come)\s+(?:was|were|am|are|did|have|has)\s+(?:i|we)\s+(?:been\s+|get\s+|got\s+|being\s+)?"
    r"(?:charged|billed|debited|invoiced)\b")
OTHER_PAYEE = re.compile(r"\b(?:charged|billed|debited|invoiced)\b(?:\s+\w+){0,4}?\s+by\s+(?!you\b|paperoffice\b|your\b)")
#: A charge named as someone else's: "…charged by Adobe", "my gym charged me", "el taxista me ha cobrado",
#: "me han cobrado una multa", "me han cobrado dos veces en el supermercado" (read after ours).
CHARGED_BY_OTHER = re.compile(
    r"\b(?:charged|billed|debited|invoiced)\b(?:\s+\w+){0,4}?\s+by\s+(?!you\b|paperoffice\b|your\b)"
    r"|\b(?!you\b|guys\b|people\b|paperoffice\b|subscription\b|licen\w*\b|plan\b|renewal\b)\w+\s+(?:has\s+)?"
    r"(?:charged|billed|debited)\s+(?:me|us)\b"
    r"|\b(?:me|nos)\s+ha\s+(?:cobrado|cargado|facturado)\b"
    r"|\b(?:me|nos)\s+han\s+(?:cobrado|cargado|facturado)\b(?:\s+\w+){0,4}?\s+(?:multa\w*|en\s+(?:el|la|un|una)\s+)")
#: "me han cobrado" (they charged me) is ours only with something of ours named as what was charged.
IMPERSONAL_CHARGE = re.compile(r"\b(?:me|nos)\s+(?:han)\s+(?:\w+\s+)?(?:cobrado|cargado|facturado)\b")
OUR_THINGS = re.compile(r"\b(?:paperoffice|suscripci\w*|subscription|licen[cs]\w*|cuota|plan|renovaci\w*|renewal"
                        r"|anual\w*|mensual\w*|annual\w*|monthly|el\s+ano|del\s+ano|todo\s+el\s+ano)\b")
#: What the billing guard may overrule: the readings that would not open the ticket.
CHARGE_MISREADS = (OUT_OF_SCOPE, "nlu_fallback", CHITCHAT, "inform", "wait", "defer")


def complains_of_our_charge(text: str) -> bool:
    """True for a complaint about a charge of ours ("why was I billed for a whole year when I signed
    up for monthly??"); not one about another company's ("Spotify charged me twice", "my bank
    charged me a fee")."""
    # read sentence by sentence: "why was I billed twice? I paid with PayPal" names how it was paid,
    # not who charged
    return any(_our_charge_in(sentence) for sentence in re.split(r"(?<=[.?!;])\s+", text or "") if sentence.strip())


def _our_charge_in(sentence: str) -> bool:
    folded = fold(sentence)
    if about_other_product(sentence):
        return False
    if OUR_CHARGE.search(folded):
        return True
    if PASSIVE_CHARGE.search(folded):
        return not OTHER_PAYEE.search(folded)
    return bool(IMPERSONAL_CHARGE.search(folded) and OUR_THINGS.search(folded))


def charged_by_someone_else(text: str) -> bool:
    """True for a complaint about a charge someone else made ("why was I charged by Adobe?", "me han
    cobrado una multa de tráfico"), never for one of ours (`complains_of_our_charge`)."""
    return not complains_of_our_charge(text) and bool(CHARGED_BY_OTHER.search(fold(text)))


def _best_other(ranking: List[Dict[str, Any]], *left_out: str) -> Dict[str, Any]:
    """The most likely intent of `ranking` that is not one of `left_out` (nor a fallback)."""
    others = [item for item in ranking if item.get(INTENT_NAME_KEY) not in left_out + ("nlu_fallback",)]
    if not others:
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": 0.0}
    best = max(others, key=lambda item: item.get("confidence") or 0.0)
    return {INTENT_NAME_KEY: best[INTENT_NAME_KEY], "confidence": best.get("confidence") or 0.0}


def closing_question(text: str) -> str:
    """The question a message of several sentences ends with when nothing before it asks anything
    ("Llevamos años con PaperOffice y encantados. Por cierto, ¿cómo cambio la contraseña del wifi
    de un router TP-Link?"), else "": the story before it is no part of the request."""
    pieces = split_sentences(text, ends=".!?", opening_question="glued")  # after . ! ? and before an opening ¿
    if len(pieces) < 2 or not is_question(pieces[-1]) or any(is_question(piece) for piece in pieces[:-1]):
        return ""
    return pieces[-1]


def guarded_intent(intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`intent`; or out_of_scope, with the same confidence, when `text` is about another
    product; or the best product intent of `ranking` when it was out of scope but names
    only PaperOffice."""
    name = intent.get(INTENT_NAME_KEY)
    if name in GENERAL_GUARDED + ("nlu_fallback",) and general_request(text):
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if name in INSTALL_MISREADS and installs_it_on_a_platform(text):
        # "tenemos macbooks con chip M2, ¿cómo lo instalo?" (unsure: out of scope, "no contract"):
        # installing our program on a platform is a how-to; the knowledge base says when no article covers it
        return {INTENT_NAME_KEY: "ask_howto", "confidence": max(ranked_confidence(ranking, "ask_howto"),
                                                                 intent.get("confidence") or 0.0)}
    if name == LANGUAGE_SWITCH and not speaks_of_a_language(text):
        # "I was charged Spanish VAT…", "¿nos facturáis sin el IVA español?": a language's name
        # used of something else is no request to change language
        return _best_other(ranking, LANGUAGE_SWITCH)
    folded = fold(text)
    if (name in GENERAL_GUARDED + ("nlu_fallback", "affirm", "deny") and is_question(text)
            and COMPARES.search(folded) and about_other_product(text)):
        # "¿es mejor X o Y?": weighing other products against each other, whatever it read as
        # (data, unsure, even a no: "is X better than Y?" read as deny); a question is no reply
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if name == SUGGESTION and (HOW_START.match(folded) or COMPARES.search(folded)) and about_other_product(text):
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if name == CHITCHAT and about_other_product(text):
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if name in CHARGE_MISREADS + ("open_ticket",) and complains_of_our_charge(text):
        # "why was i billed for a whole year when i signed up for monthly??" (unsure, out of scope 0.3);
        # "why was I billed twice? I paid with PayPal": the way it was paid names no other payee
        return {INTENT_NAME_KEY: "open_ticket", "confidence": max(ranked_confidence(ranking, "open_ticket"),
                                                                   intent.get("confidence") or 0.0)}
    if name == "open_ticket" and charged_by_someone_else(text):
        # "I was charged by my electricity supplier twice" (open_ticket 0.76): not our charge
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    # a case request is guarded when it is asked as a question ("how do I renew my Microsoft
    # 365 subscription?") or when the other product is what the statement is about ("Outlook
    # no me deja enviar correos"); otherwise a statement names what the customer's problem
    # touches ("se cuelga cada vez que abro un Excel adjunto", "llamadme, estoy en el coche")
    asked_last = closing_question(text)
    if name in GUARDED_INTENTS and (((name == "ask_howto" or is_question(text)) and about_other_product(text))
                                    or opens_with_other_product(text)
                                    or (asked_last and about_other_product(asked_last))):
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if (name in ("ask_howto", "nlu_fallback", CHITCHAT, "inform", "open_ticket", "request_callback")
            and asks_anothers_desk_hours(text) and requested_follow_up(text) is None):
        # "¿a qué hora abre el soporte técnico de Microsoft?": another company's desk (review of hours17)
        return {INTENT_NAME_KEY: OUT_OF_SCOPE, "confidence": intent.get("confidence") or 0.0}
    if ((name in OPENING_HOURS_MISREADS or (name in OPENING_HOURS_REQUEST_MISREADS and requested_follow_up(text) is None
                                            and not CONTRACT_WORDS.search(fold(text))))
            and asks_our_hours(text) and not about_other_product(text)
            and (name in OPENING_HOURS_MISREADS or not problem_beside_hours(text))):
        # "¿a qué hora cerráis hoy?" (out of scope at 0.6), "Y otra cosa, ¿a qué hora cerráis hoy?"
        # (unsure): when the team is open is a question for our contact article; only a real question
        # ("mañana, en horario de oficina" at the time question, "fuera del horario de oficina el
        # servidor se apaga" as a description keep their reading)
        return {INTENT_NAME_KEY: "ask_howto", "confidence": max(ranked_confidence(ranking, "ask_howto"),
                                                                 intent.get("confidence") or 0.0)}
    if name == OUT_OF_SCOPE and about_our_product_only(text):
        candidates = [item for item in ranking if item.get(INTENT_NAME_KEY) in GUARDED_INTENTS
                      and (item.get("confidence") or 0.0) >= RESTORE_MINIMUM]
        if candidates:
            best = max(candidates, key=lambda item: item.get("confidence") or 0.0)
            return {INTENT_NAME_KEY: best[INTENT_NAME_KEY], "confidence": best.get("confidence") or 0.0}
    return intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OtherProductGuard(IntentOverride):
    """Sends questions and requests about other companies' products out of scope, and
    brings back those about PaperOffice alone."""

    def override(self, intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        """See `guarded_intent`."""
        return guarded_intent(intent, text, ranking)
