"""Rasa component: a how-to question the intent model was unsure about goes to the
knowledge base instead of a request to rephrase.

The FallbackClassifier replaces every intent under its threshold with `nlu_fallback`.
For questions that is the worse outcome: "cuáles son los requisitos mínimos para
instalarlo" scored ask_howto 0.17 and nothing else higher, and the customer was asked to
rephrase a perfectly good question. The knowledge base can say itself that it has no
article, so when the model's best real guess is `ask_howto`, the message goes there.
It also sends to the knowledge base a plain question that the model took for a level 3
or 4 case because it names the database or the NAS ("¿cómo programo el respaldo en el
NAS?", "y para 8 usuarios, ¿qué base de datos necesito?"): a how or what question that
tells of no problem and asks nobody to do the work (`asks_how_without_a_problem`), and a
question about getting back what the customer deleted (`asks_to_undo_a_deletion`).
Placed after the FallbackClassifier in config.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text import strip_accents, text_outside_entities

FALLBACK_INTENT = "nlu_fallback"
HOWTO_INTENT = "ask_howto"


#: Requests for a case: recovered only when clearly ahead ("Quiero activar PaperOffice Plus,
#: mi correo es …" scored open_ticket 0.36, next 0.26: the address pulled it down).
CASE_INTENTS = ("open_ticket", "request_callback", "request_sla_support", "request_vendor_support")
CASE_MINIMUM = 0.3
OUT_OF_SCOPE_INTENT = "out_of_scope"
#: What a question after a greeting may clearly ask for besides a how-to: a case, a person, a case's status.
REQUEST_AFTER_GREETING = CASE_INTENTS + ("request_human", "ticket_status", "switch_language")
CASE_MARGIN = 0.1
#: The intent of a message that only gives data (an e-mail, a phone, a contract).
DATA_INTENT = "inform"
#: Words a message must keep once its entities are cut out to be a request told with data.
REQUEST_MIN_WORDS = 6


def recovered_intent(ranking: List[Dict[str, Any]], minimum: float,
                     words_beside_data: int = 0) -> Optional[Dict[str, Any]]:
    """The best real intent when it is ask_howto at `minimum` or more, or a case request
    at CASE_MINIMUM or more and CASE_MARGIN ahead of the next; else None.

    A request told together with its data ("Contract SC-1002: the REST API rejects every
    request…") splits between that request and `inform` (the data): with at least
    REQUEST_MIN_WORDS `words_beside_data`, `inform` does not count against the request.
    """
    real = sorted((item for item in ranking if item.get(INTENT_NAME_KEY) != FALLBACK_INTENT),
                  key=lambda item: item.get("confidence") or 0.0, reverse=True)
    if words_beside_data >= REQUEST_MIN_WORDS:
        real = [item for item in real if item.get(INTENT_NAME_KEY) != DATA_INTENT]
    if not real:
        return None
    best = real[0]
    confidence = best.get("confidence") or 0.0
    if best.get(INTENT_NAME_KEY) == HOWTO_INTENT and confidence >= minimum:
        return best
    runner_up = (real[1].get("confidence") or 0.0) if len(real) > 1 else 0.0
    if best.get(INTENT_NAME_KEY) in CASE_INTENTS and confidence >= CASE_MINIMUM and \
            confidence - runner_up >= CASE_MARGIN - 1e-9:
        return best
    return None


def words_beside_entities(message: Message) -> int:
    """Words of the message outside its value entities (e-mail, phone, contract…): what is
    left to say what the message asks. Whole-message entities (language) cut nothing."""
    return len(re.findall(r"\w{2,}", text_outside_entities(message.get(TEXT) or "", message.get(ENTITIES) or [])))


#: Levels 3 and 4 that a plain question about setting something up is often taken for: the
#: database and the NAS are their words, and "¿qué base de datos necesito para 8 usuarios?"
#: or "how do I send the backup to our NAS?" use them without anything being wrong.
EXPERT_INTENTS = ("request_sla_support", "request_vendor_support")
#: A question that asks how, what, which or where, or whether it works with something (not why:
#: "why is it slow?" reports a problem).
ASKS_HOW = re.compile(r"(?:^|[¿,;]\s*|\b(?:y|and|pero|but|entonces|so)\s+)"
                      r"(?:(?:para|for|con|with)\s+\d+\s+\w+\s*,?\s*)?"
                      r"(?:como|que|cual|cuales|cuantos|cuantas|donde|how|what|which|where|can\s+i|can\s+we|puedo"
                      r"|podemos|se\s+puede|se\s+pueden|is\s+it\s+possible|es\s+posible|is\s+there|does\s+it"
                      # a compatibility question: "¿funciona con PostgreSQL?", "does it work with…", "is it compatible…"
                      r"|funciona\s+(?:con|en|sobre)|es\s+compatible|is\s+it\s+compatible|works?\s+(?:with|on)"
                      r"|runs?\s+on|soporta|admite|supports?|does\s+(?:\w+\s+){1,2}(?:work|run|support)|is\s+(?:\w+\s+){1,2}compatible)\b")
#: Anything that tells of a problem, or asks someone to take a job on: then it is a case.
SYMPTOM = re.compile(
    r"\bno\b|n't\b|\bnot\b|\bnunca\b|\bnever\b|error|fall\w*|fail\w*|crash\w*|cuelg\w*|bloque\w*|lock\w*|"
    r"corrup\w*|dan[oa]d\w*|damag\w*|perd\w*|\blost\b|\blose\b|ca[ií]d\w*|\bcae\b|\bdown\b|freez\w*|congel\w*|"
    r"broken|rot[oa]\b|problem\w*|issue\w*|urgen\w*|lent\w*|slow\w*|desde\s+que|\bsince\b|"
    r"ayud\w*|\bhelp\w*|encarg\w*|pod[eé]is|pueden|can\s+you|could\s+you|ajust\w*|tun\w*|optimi\w*|migr\w*|"
    r"revis\w*|check\w*|fix\w*|arregl\w*|repar\w*|cort\w*|drop\w*|desconect\w*|disconnect\w*|que\s+hago|"
    r"what\s+(?:do|should|can)\s+(?:i|we)\s+do|alguien|someone|somebody|tecnico|technician|wrong|mal\b")


#: Whether it runs on or with something, asked anywhere in a question ("Is PostgreSQL one of the
#: databases PaperOffice can run on?", "¿MariaDB 11 está soportado?").
COMPATIBILITY = re.compile(r"\b(?:can|could)\s+(?:\w+\s+){0,2}(?:run|work)\s+(?:on|with)\b"
                           # "¿PaperOffice funciona con PostgreSQL o solo con…?", "does it work with SQL Server?"
                           r"|\bfunciona(?:n|ria)?\s+(?:con|en|sobre|bajo)\b|\b(?:works?|runs?)\s+(?:with|on)\b"
                           r"|\b(?:supported|compatible|compatibles|soportad[oa]s?|admitid[oa]s?)\b")
GREET_INTENT = "greet"
#: A greeting, and "a question", before what the customer asks ("Hola! una pregunta, ¿la app…?").
GREETING_PREFIX = re.compile(
    r"^\W*(?:(?:buenos dias|buenas tardes|buenas noches|hola|holi|buenas|hi there|hello there|hi|hello|hey"
    r"|good (?:morning|afternoon|evening))\b[\s!,.:;-]*)+(?:(?:una|otra|a|one|quick) (?:pregunta|duda|consulta|question)(?: (?:rapida|corta|rapidita))?\b[\s!,.:;-]*)?")
#: Small talk after a greeting is a greeting ("hola, ¿qué tal estáis?").
SMALL_TALK = re.compile(r"\b(?:que tal|como esta\w*|como va|how are (?:you|things)|how'?s it going)\b")
#: Words a question after a greeting needs to be read as a question of its own.
QUESTION_MIN_WORDS = 4


def question_after_greeting(text: str) -> str:
    """What a message asks after its greeting ("Hola! una pregunta, la app puede escanear varias
    páginas?" -> "la app puede escanear varias páginas?"), or "" when it is only a greeting,
    small talk, or not a question."""
    folded = " ".join(strip_accents(text or "").lower().split())
    match = GREETING_PREFIX.match(folded)
    if not match or not match.group(0).strip():
        return ""
    rest = folded[match.end():]
    asks = "?" in rest or bool(re.match(r"^\W*(?:como|que|cual|cuales|cuanto|cuanta|donde|se puede|puedo|how|what"
                                        r"|which|where|can i|can we|is it possible|is there|does"
                                        # "buenas tardes, quería saber cuánto cuesta la versión Plus"
                                        r"|(?:queria|quisiera|quiero|necesito|me gustaria) saber|i'?d like to know"
                                        r"|i (?:want|wanted|would like|need) to know)\b", rest))
    if not asks or SMALL_TALK.search(rest) or len(re.findall(r"\w{2,}", rest)) < QUESTION_MIN_WORDS:
        return ""
    return rest


THANK_INTENT = "thank"
#: A greeting's rest that introduces the customer ("hola, soy Marta de Ferretería López", "buenas, os
#: escribo desde…"): no problem, whatever its length.
INTRODUCTION = re.compile(r"^\W*(?:soy|me llamo|mi nombre es|aqui|os escrib\w*|le escrib\w*|les escrib\w*|escribo"
                          r"|te escrib\w*|i'?m|i am|my name|this is|here is|writing|we are|somos)\b")


def problem_after_greeting(text: str) -> str:
    """The problem told after a greeting in the same message ("buenas tardes, no puedo entrar, he
    olvidado la contraseña", "hi, the program crashes when I open big pdfs"), or "": the greeting
    outweighed it (greet 0.54) and the customer only got "¿En qué te ayudo?". An introduction,
    small talk or a few words are no problem."""
    from bot.answers import detail_words, is_detailed_problem
    from bot.replies import tells_a_problem

    folded = " ".join(strip_accents(text or "").lower().split())
    match = GREETING_PREFIX.match(folded)
    if not match or not match.group(0).strip():
        return ""
    rest = folded[match.end():]
    if INTRODUCTION.match(rest) or SMALL_TALK.search(rest):
        return ""
    if not is_detailed_problem(rest) and not (detail_words(rest) >= 3 and SYMPTOM.search(rest)):
        return ""  # "el escáner no aparece en el programa" is short, and its "no" tells the fault
    if not tells_a_problem(rest):
        return ""  # "hope you're having a great week", "I don't need help now, just checking the chat works"
    return rest


def question_after_thanks(text: str) -> str:
    """The how-to question asked after a thanks in the same message ("ok thanks, and is there a
    list of the keyboard shortcuts somewhere?"), or "" (thanks alone, "thanks, is that all?")."""
    from bot.answers import asks_opening_hours, question_after_answer

    question = question_after_answer(text) or ""
    folded = strip_accents(question).lower()
    if len(re.findall(r"\w{2,}", folded)) < QUESTION_MIN_WORDS or SMALL_TALK.search(folded):
        return ""
    if asks_opening_hours(question):  # "vale gracias, funciona. Y otra cosa, ¿a qué hora cerráis hoy?"
        return question
    return question if ASKS_HOW.search(folded) or re.search(r"\b(?:is there|are there|hay|existe)\b", folded) else ""


def asks_how_without_a_problem(text: str) -> bool:
    """True for a question about how to set something up or what it takes ("¿cómo programo
    la copia en el NAS?", "y para 8 usuarios, ¿qué base de datos necesito?"), with no
    symptom and no request for someone to do the work."""
    folded = " ".join(strip_accents(text or "").lower().split())
    return ("?" in folded or bool(re.match(r"^\W*(?:how|como)\b", folded))) \
        and bool(ASKS_HOW.search(folded) or ("?" in folded and COMPATIBILITY.search(folded))) \
        and not SYMPTOM.search(folded)


#: The customer deleted something themselves ("borré una factura sin querer", "I accidentally
#: deleted…", "se me ha borrado una carpeta")…
DELETED_IT = re.compile(
    r"\b(?:borre|elimine|quite|he\s+(?:borrado|eliminado|quitado)"
    r"|se\s+me\s+(?:ha\s+)?(?:borrado|borro|eliminado|elimino)"
    r"|(?:i|i've|i\s+have|we|we've)\s+(?:accidentally\s+|just\s+|mistakenly\s+)?(?:deleted|removed)"
    r"|(?:accidentally|mistakenly)\s+(?:deleted|removed)|got\s+deleted)\b")
#: …and asks how to get it back: the recycle bin's how-to, whatever the document was (an invoice
#: pulled such a question to a ticket).
GETS_IT_BACK = re.compile(r"\b(?:recuper\w*|restaur\w*|deshac\w*|papelera|recover\w*|restor\w*|undo\w*|undelete"
                          r"|recycle\s+bin|trash|get\s+(?:it|them)\s+back|have\s+(?:it|them)\s+back)")
#: Asking someone to send the document again is a job for the team (a ticket), not the recycle bin.
ASKS_TO_RESEND = re.compile(r"\b(?:reenvi\w*|volv\w*\s+a\s+(?:enviar|mandar)|re-?send\w*|send\s+(?:it|them)\s+again)")


def asks_to_undo_a_deletion(text: str) -> bool:
    """True for "borré una factura sin querer, ¿se puede recuperar?" / "I deleted an invoice by
    mistake, can I get it back?": the customer's own deletion and a question about undoing it."""
    folded = " ".join(strip_accents(text or "").lower().split())
    return ("?" in folded or bool(ASKS_HOW.search(folded))) and bool(DELETED_IT.search(folded)) \
        and bool(GETS_IT_BACK.search(folded)) and not ASKS_TO_RESEND.search(folded)


#: Intents a message closing on a how-to question is often taken for: the words before the
#: question ("hola, ¿cómo creo un usuario para una compañera que empieza el lunes?" read as
#: data; "perdón, era mi hijo con el móvil. Lo que quería preguntar: ¿cómo busco…?" not understood).
MISREAD_BEFORE_A_QUESTION = (FALLBACK_INTENT, DATA_INTENT, "defer")
#: How a closing question opens: how, where, which, whether one can.
QUESTION_OPENING = re.compile(r"^(?:y\s+|and\s+|pero\s+|but\s+)?(?:como|donde|cual|cuales|how|where|which|se\s+puede"
                              r"|se\s+pueden|puedo|podemos|can\s+i|can\s+we|is\s+it\s+possible|es\s+posible)\b")
#: Words the closing question needs (not "¿cómo lo ves?").
CLOSING_QUESTION_MIN_WORDS = 4


def closes_with_a_howto(text: str) -> bool:
    """True when the message ends on a how-to question of its own, with no problem told in it:
    "…Lo que quería preguntar: ¿cómo busco los documentos de una fecha?"."""
    folded = " ".join(strip_accents(text or "").lower().split())
    if not folded.rstrip().endswith("?"):
        return False
    pieces = [piece.strip() for piece in re.split(r"[.:;!¿,]", GREETING_PREFIX.sub("", folded)) if piece.strip()]
    last = pieces[-1] if pieces else ""
    return (len(re.findall(r"\w+", last)) >= CLOSING_QUESTION_MIN_WORDS and bool(QUESTION_OPENING.search(last))
            and not SYMPTOM.search(last))


#: A licence or an edition: what the customer bought, and what it allows is written in the articles.
LICENCE = re.compile(r"\b(?:licen[cs]\w*|plus|edici\w*|edition\w*|puestos?|seats?)\b")
#: Asking what it allows or takes ("¿vale para dos ordenadores?", "does it cover…", "do I need to buy
#: another?", "¿cuántos puestos incluye?"), not asking for something to be done.
WHAT_IT_ALLOWS = re.compile(
    r"\b(?:vale|valen|sirve|sirven|cubre|cubren|incluye|incluyen|permite|permiten|puedo|podemos|se\s+puede"
    r"|se\s+pueden|tengo\s+que|tenemos\s+que|hace\s+falta|hay\s+que|cuantos|cuantas|es\s+posible|covers?"
    r"|includes?|allows?|can\s+i|can\s+we|do\s+i\s+need|do\s+we\s+need|how\s+many|is\s+it\s+possible"
    r"|valid\s+for|good\s+for)\b")
#: Words of a request made as a question: a ticket, an offer, a quote, something sent or changed for the customer.
ASKS_FOR_A_CASE = re.compile(r"\b(?:tickets?|incidencias?|ofertas?|presupuestos?|quotes?|offers?|mand\w*|envi\w*"
                             r"|send\w*|factura\w*|invoice\w*|cobr\w*|charg\w*|reembols\w*|refund\w*|devol\w*)")


def asks_what_a_licence_allows(text: str) -> bool:
    """True for a question about what a licence or edition allows or takes ("una licencia de
    PaperOffice vale para dos ordenadores o tengo que comprar otra?", "does one licence cover two
    computers?"): the licence's words pull it to a ticket, yet it tells no problem and asks for
    nothing to be done, and the articles answer it (moving or sharing an installation, the Plus edition)."""
    folded = " ".join(strip_accents(text or "").lower().split())
    return "?" in folded and bool(LICENCE.search(folded)) and bool(WHAT_IT_ALLOWS.search(folded)) \
        and not SYMPTOM.search(folded) and not ASKS_FOR_A_CASE.search(folded)


#: Entities that are the data a form asked for: a message carrying one is an answer, whatever it asks beside.
VALUE_ENTITIES = ("email", "phone", "contract_id", "case_id")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class HowtoRecovery(GraphComponent):
    """Turns a low-confidence fallback back into ask_howto when that was the best guess."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`minimum`: the lowest ask_howto confidence that is still sent to the knowledge base."""
        return {"minimum": 0.15}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.minimum = float(config.get("minimum", 0.15))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "HowtoRecovery":
        """Create the component (stateless)."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace nlu_fallback with ask_howto where the ranking says it was a how-to."""
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if (intent.get(INTENT_NAME_KEY) in EXPERT_INTENTS and asks_how_without_a_problem(text)) or (
                    intent.get(INTENT_NAME_KEY) in CASE_INTENTS + (FALLBACK_INTENT,) and asks_to_undo_a_deletion(text)) or (
                    intent.get(INTENT_NAME_KEY) == "open_ticket" and asks_what_a_licence_allows(text)):
                howto = next((item for item in message.get(INTENT_RANKING_KEY) or []
                              if item.get(INTENT_NAME_KEY) == HOWTO_INTENT), {"confidence": 0.0})
                message.set(INTENT, {INTENT_NAME_KEY: HOWTO_INTENT, "confidence": howto.get("confidence") or 0.0},
                            add_to_output=True)
                continue
            if intent.get(INTENT_NAME_KEY) in (FALLBACK_INTENT, GREET_INTENT) and question_after_greeting(text):
                # the greeting outweighed the question after it: the question decides
                # ("hola buenas! una pregunta rápida, ¿cómo busco un documento por fecha?" was a greeting,
                # ask_howto 0.09; "Hola, ¿cómo se cambia la firma en Gmail?" too, out_of_scope 0.29): a case
                # it asks for clearly, else the likelier of a how-to and out of scope (the knowledge base and
                # the scope guard decide from there)
                ranking = message.get(INTENT_RANKING_KEY) or []
                case = next((item for item in ranking if item.get(INTENT_NAME_KEY) in REQUEST_AFTER_GREETING
                             and (item.get("confidence") or 0.0) >= CASE_MINIMUM), None)
                answerable = [item for item in ranking if item.get(INTENT_NAME_KEY) in (HOWTO_INTENT, OUT_OF_SCOPE_INTENT)]
                chosen = case or max(answerable, key=lambda item: item.get("confidence") or 0.0,
                                     default={INTENT_NAME_KEY: HOWTO_INTENT, "confidence": 0.0})
                message.set(INTENT, {INTENT_NAME_KEY: chosen[INTENT_NAME_KEY], "confidence": chosen.get("confidence") or 0.0},
                            add_to_output=True)
                continue
            if (intent.get(INTENT_NAME_KEY) in MISREAD_BEFORE_A_QUESTION and closes_with_a_howto(text)
                    and not any(e.get("entity") in VALUE_ENTITIES for e in message.get(ENTITIES) or [])):
                howto = next((item for item in message.get(INTENT_RANKING_KEY) or []
                              if item.get(INTENT_NAME_KEY) == HOWTO_INTENT), {"confidence": 0.0})
                message.set(INTENT, {INTENT_NAME_KEY: HOWTO_INTENT, "confidence": howto.get("confidence") or 0.0},
                            add_to_output=True)
                continue
            if intent.get(INTENT_NAME_KEY) == GREET_INTENT and problem_after_greeting(text):
                # "hola, el escáner no aparece en el programa": the problem goes to the knowledge base,
                # which answers it or says it has no article and offers a ticket
                howto = next((item for item in message.get(INTENT_RANKING_KEY) or []
                              if item.get(INTENT_NAME_KEY) == HOWTO_INTENT), {"confidence": 0.0})
                message.set(INTENT, {INTENT_NAME_KEY: HOWTO_INTENT, "confidence": howto.get("confidence") or 0.0},
                            add_to_output=True)
                continue
            if intent.get(INTENT_NAME_KEY) == THANK_INTENT and question_after_thanks(text):
                # "ok thanks, and is there a list of the keyboard shortcuts?": the question decides
                howto = next((item for item in message.get(INTENT_RANKING_KEY) or []
                              if item.get(INTENT_NAME_KEY) == HOWTO_INTENT), {"confidence": 0.0})
                message.set(INTENT, {INTENT_NAME_KEY: HOWTO_INTENT, "confidence": howto.get("confidence") or 0.0},
                            add_to_output=True)
                continue
            if intent.get(INTENT_NAME_KEY) != FALLBACK_INTENT:
                continue
            recovered = recovered_intent(message.get(INTENT_RANKING_KEY) or [], self.minimum,
                                         words_beside_entities(message) if message.get(ENTITIES) else 0)
            if recovered is not None:
                message.set(INTENT, {INTENT_NAME_KEY: recovered[INTENT_NAME_KEY],
                                     "confidence": recovered["confidence"]},
                            add_to_output=True)
        return messages
