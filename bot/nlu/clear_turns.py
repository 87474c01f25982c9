"""Rasa component: three kinds of message whose words say what they are, whatever the model read.

1. A remark or question about the assistant itself ("pareces una persona de verdad", "you sound
   like a real person", "¿eres un robot?", "¿hablo con una máquina?") is small talk (`chitchat`):
   the model read the words "persona"/"real person" as `request_human` and handed the customer
   off, also at a form's confirmation. It is answered (an automatic assistant, a person when
   asked) and a form asks its question again. A real request ("quiero hablar con una persona de
   verdad", "pásame con un humano", "is there a real person I can talk to?") is left alone.
2. A clear "not yet, I'll talk to him and write back" (`bot.replies.defers_for_now`) is `defer`:
   inside a form the model read "espera… todavía no, lo hablo con él y ya os escribo" as
   open_ticket (0.49) and the form went on. "todavía no funciona" (a problem) and "espera, te doy
   el correo" (a pause, then the answer) are not deferrals and keep their intent.
3. A clause that only says to cancel ("espera, mejor cancela. acabo de ver que el NAS tenía otra
   IP, lo arreglo yo") is `cancel`: the model read the NAS words as a vendor request and the form
   asked for the e-mail again. A ticket or a call named only to refuse it ("no, no hace falta
   ticket, gracias") is `deny`.
4. A message that names a case the customer already has and asks for news or says it was opened
   before ("soy ana@x.es, abrí una incidencia hace unos días, la 336, ¿sabéis algo?", "my case,
   number 77, any news?") is `ticket_status`: the model read the case words as open_ticket and the
   ticket form asked for a topic.
5. A greeting or introduction that only gives an address ("hola, os escribo desde
   facturacion@autoescuela.es") is `greet` (`inform` without a greeting word): the model read the
   address's "facturacion" as a request for a ticket about an invoice.
6. A question about how long until support answers or calls ("¿cuánto tardaréis en contestarme?",
   "¿cuándo me contestará alguien?", "how long until someone gets back to me?") is `ticket_status`:
   the model read "alguien"/"someone" as a request for a person (a hand-off offer right after a case
   was filed) or the question as out of scope; "y al final, ¿cuándo me vais a llamar?" / "so when are you
   calling me then?" after a booked call, read as a request for a call, too (unless another sentence asks
   for one). The status form answers with the case of this conversation and its due time or the call's
   time, or with the response targets when there is none.
7. A request to go on in a language the assistant does not speak ("¿podemos seguir en francés?",
   "Can we speak German please?") is `switch_language`: the model read it as cancel inside a form
   or as a request for a person; action_switch_language then says which languages we speak. A
   request for a person who speaks it ("¿me pasas con alguien que hable alemán?") stays one.
8. A follow-on question that only says what the customer wants to do ("¿y para buscar una factura
   por la fecha?", "and to export it?") is `ask_howto`: the model read "factura" as a request for a
   ticket about an invoice.
Placed after PersonRequestFirst in config.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.answers import (asks_about_an_existing_case, asks_to_be_called, asks_for_a_person, asks_how_to_do, asks_when_answered, greets,
                         introduces_only, requested_follow_up, requested_unsupported_language, talks_about_the_bot)
from bot.nlu.intent_override import IntentOverride, replaced_by
from bot.replies import asks_to_cancel, defers_for_now, read_yes_no
from bot.text import split_sentences, strip_accents

CHITCHAT = "chitchat"
SWITCH_LANGUAGE = "switch_language"
DEFER = "defer"
#: A remark about the bot read as one of these is small talk.
ABOUT_THE_BOT_OVERRULED = ("request_human", "out_of_scope", "nlu_fallback", "inform", "ask_howto", "open_ticket",
                           "request_callback", "affirm", "deny", "greet")
CANCEL = "cancel"
DENY = "deny"
#: A request the message only names to refuse it ("no hace falta ticket") is a no.
NEGATED_REQUESTS = ("open_ticket", "request_callback")
#: A clause that only says "cancel" keeps these: they already leave, refuse or hold.
CANCEL_KEPT = ("cancel", "deny", "defer", "request_human", "switch_language")
#: A clear deferral keeps these: they already leave or hold the form ("cancel", a person…).
DEFERRAL_KEPT = ("defer", "cancel", "request_human", "switch_language", "no_contract")
TICKET_STATUS = "ticket_status"
#: A message about a case the customer already has keeps these: they leave, refuse, hold or ask for more.
STATUS_KEPT = (TICKET_STATUS, "ask_howto", "cancel", "deny", "defer", "request_human", "switch_language", "request_callback",
               "chitchat")
GREET, INFORM = "greet", "inform"
#: A greeting or introduction that only gives an address, read as one of these, is a greeting (or data).
INTRODUCTION_OVERRULED = ("open_ticket", "request_callback", "request_sla_support", "request_vendor_support",
                          "ask_howto", "out_of_scope", "nlu_fallback", "ticket_status")
#: A question about when support answers is a status question when the model read it as one of these: the
#: misreadings of "alguien"/"someone" and of a question it found no topic in. A request ("quiero un ticket,
#: ¿cuánto tardáis?") or a yes/no to an offer ("sí, ábrelo. ¿cuánto tardáis?") keeps its intent.
WHEN_ANSWERED_OVERRULED = ("request_human", "out_of_scope", "nlu_fallback", "chitchat", "ask_howto", "thank",
                           "goodbye", "inform", "ask_what_shared")
#: A question about when the call already asked for will be ("y al final, ¿cuándo me vais a llamar?", "so when are
#: you calling me then?") read as a request for a call: its call words, not a new call asked for.
CALL_REQUEST = "request_callback"


def asks_only_when_called(text: str) -> bool:
    """True when a sentence of `text` asks when the customer will be answered or called and no other
    sentence asks for a call ("llamadme mañana. ¿cuánto tardáis en llamar?" asks for one)."""
    sentences = split_sentences(text, opening_question="glued") or [text]
    rest = [sentence for sentence in sentences if not asks_when_answered(sentence)]
    return len(rest) < len(sentences) and not any(
        asks_to_be_called(sentence) or requested_follow_up(sentence) == "callback" for sentence in rest)


#: A "¿y para <hacer algo>?" question read as one of these is a how-to.
PURPOSE_OVERRULED = ("open_ticket", "request_callback", "request_sla_support", "request_vendor_support", "out_of_scope",
                     "nlu_fallback")
HOWTO = "ask_howto"
#: Entities that carry an answer: a message with one answers, whatever else it says.
ANSWER_ENTITIES = ("email", "phone", "contract_id", "case_id")


#: A customer changing their mind within the message: what follows the first of these is what they want.
CHANGE_OF_MIND = re.compile(
    r"\b(?:actually|on second thought|wait,? no|no wait|or rather|instead(?! of)|bueno,? no|mejor no|no,? mejor|pensandolo mejor"
    r"|pensandolo bien|en vez de eso|en lugar de eso|o mejor|mejor dicho|espera,? no)\b")
#: Words of each request, as named in the clause after the change of mind.
REQUEST_WORDS = {
    "open_ticket": re.compile(r"\b(?:tickets?|incidencias?|por escrito|por correo|in writing|by e-?mail)\b"),
    "request_callback": re.compile(r"\b(?:call\w*|ring\w*|phone me|llam\w*|telefon\w*)\b"),
}


#: "X instead of Y" / "X en vez de Y": Y is what the customer does not want ("Call me instead of opening a
#: ticket"); it is no change of mind ("en vez de eso" is).
INSTEAD_OF = re.compile(r"\b(?:instead of|rather than|en vez de|en lugar de)(?!\s+(?:eso|esto|that|this)\b)\s+(?:\w+\s+){0,3}?"
                        r"(?:tickets?|incidencias?|call\w*|ring\w*|llam\w*|telefon\w*|escrib\w*|writing)\b")
#: A ticket or a call already there, named as what the message is about ("actually it's about the ticket I
#: opened", "es por la incidencia de ayer"): no request for a new one.
NAMED_CASE = re.compile(r"\b(?:the|my|our|that|this|el|la|mi|nuestra|nuestro|esa|ese|esta|este)\s+(?:\w+\s+)?"
                        r"(?:tickets?|incidencias?|call\w*|llamadas?)\b")


#: A request named only to refuse it ("no me llaméis", "without a ticket").
NEGATED_REQUEST = re.compile(r"\b(?:no|not|sin|without|don'?t|nada de)\s+(?:\w+\s+){0,2}?"
                             r"(?:tickets?|incidencias?|call\w*|ring\w*|llam\w*|telefon\w*)\b")


def changed_request(name: str, text: str) -> str:
    """The other of a ticket and a call when the message asks for one and then changes its mind
    ("I want a callback about DATEV... actually no, just open a ticket instead"): the call was
    started and the ticket asked for last was never heard. "" when it does not change its mind,
    or what follows the change names both or neither (a refused one not counted)."""
    folded = " ".join(strip_accents(text or "").lower().split())
    if name not in REQUEST_WORDS:
        return ""
    instead = INSTEAD_OF.search(folded)
    if instead:  # "Open a ticket instead of calling me": what comes before "instead of" is wanted
        wanted = requests_named(folded[:instead.start()])
        if len(wanted) == 1:
            return wanted[0] if wanted[0] != name else ""
        folded = folded[:instead.start()] + " " + folded[instead.end():]
    found = list(CHANGE_OF_MIND.finditer(folded))
    if not found:
        return ""
    named = requests_named(folded[found[0].start():])
    return named[0] if len(named) == 1 and named[0] != name else ""


#: The follow-up each request intent stands for (bot.answers.requested_follow_up's names).
_FOLLOW_UP_INTENTS = {"ticket": "open_ticket", "callback": "request_callback"}


#: A how-to about calls or phones in the program, not a request to be called.
_ABOUT_CALLS = re.compile(r"\b(?:como|how)\b.{0,30}\b(?:llamad\w*|calls?|phone\s+numbers?|telefonos?)\b")


def is_how_question_about_calls(text: str) -> bool:
    """True for "¿cómo registro las llamadas de los clientes?": a how-to that names calls."""
    return bool(_ABOUT_CALLS.search(strip_accents(text or "").lower()))


def named_instead(name: str, text: str) -> str:
    """The other of a ticket and a call when the message asks for that one in so many words and
    names nothing of the one the model read ("sí, gracias, aunque prefiero que lo revise alguien,
    ¿me abres un ticket?" read as a call for its "alguien"); "" otherwise."""
    if name not in REQUEST_WORDS:
        return ""
    wanted = _FOLLOW_UP_INTENTS.get(requested_follow_up(text) or "")
    folded = NEGATED_REQUEST.sub(" ", " ".join(strip_accents(text or "").lower().split()))
    if not wanted or wanted == name or REQUEST_WORDS[name].search(folded):
        return ""
    return wanted


def requests_named(folded: str) -> List[str]:
    """The requests (a ticket, a call) `folded` asks for: one refused ("mejor no me llaméis") or one
    already there ("the ticket I opened") is not asked for."""
    asked = NAMED_CASE.sub(" ", NEGATED_REQUEST.sub(" ", folded))
    return [intent for intent, words in REQUEST_WORDS.items() if words.search(asked)]


def clear_intent(intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`intent`, or chitchat for a remark about the bot, or defer for a clear deferral."""
    name = intent.get(INTENT_NAME_KEY)
    if name != SWITCH_LANGUAGE and requested_unsupported_language(text) and not asks_for_a_person(text):
        return replaced_by(SWITCH_LANGUAGE, intent, ranking)  # "¿podemos seguir en francés?"
    if name in ABOUT_THE_BOT_OVERRULED and talks_about_the_bot(text) and not asks_for_a_person(text):
        return replaced_by(CHITCHAT, intent, ranking)
    given = {entity.get("entity") for entity in entities or []}
    if name not in CANCEL_KEPT and not given.intersection(ANSWER_ENTITIES) and asks_to_cancel(text):
        return replaced_by(CANCEL, intent, ranking)
    if name in NEGATED_REQUESTS and read_yes_no(text) is False and requested_follow_up(text) is None:
        return replaced_by(DENY, intent, ranking)  # "no, no hace falta ticket, gracias": a no, not a ticket
    if name not in DEFERRAL_KEPT and not given.intersection(ANSWER_ENTITIES) and defers_for_now(text):
        return replaced_by(DEFER, intent, ranking)
    if name in INTRODUCTION_OVERRULED and introduces_only(text):
        # "hola, os escribo desde facturacion@autoescuela.es": the address's words asked for no invoice
        return replaced_by(GREET if greets(text) else INFORM, intent, ranking)
    if name not in STATUS_KEPT and asks_about_an_existing_case(text):
        # "abrí una incidencia hace unos días, la 336, ¿sabéis algo?": read as open_ticket for its words
        return replaced_by(TICKET_STATUS, intent, ranking)
    if (name in WHEN_ANSWERED_OVERRULED and not given.intersection(("email", "phone", "contract_id"))
            and asks_when_answered(text)):
        # "¿cuándo me contestará alguien?" read as a request for a person, "how long…?" as out of scope
        return replaced_by(TICKET_STATUS, intent, ranking)
    if (name == CALL_REQUEST and not given.intersection(("email", "phone", "contract_id", "preferred_time"))
            and asks_when_answered(text) and asks_only_when_called(text)):
        # "y al final cuando me vais a llamar?" right after a call was booked (request_callback 0.61): the
        # call's time is asked, not another call; the status form tells the booked call's time
        return replaced_by(TICKET_STATUS, intent, ranking)
    wanted = changed_request(name, text)
    if wanted:  # "a callback… actually no, just open a ticket instead": the last request stands
        return replaced_by(wanted, intent, ranking)
    if name == HOWTO and asks_to_be_called(text) and not is_how_question_about_calls(text):
        # "queremos que aprenda a reconocer las remisiones… ¿alguien nos puede marcar para explicarnos?"
        return replaced_by("request_callback", intent, ranking)
    named = named_instead(name, text)
    if named:  # "prefiero que lo revise alguien, ¿me abres un ticket?" read as a call: the ticket asked for
        return replaced_by(named, intent, ranking)
    if name in PURPOSE_OVERRULED and asks_how_to_do(text):
        return replaced_by(HOWTO, intent, ranking)  # "¿y para buscar una factura por la fecha?"
    return intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ClearTurns(IntentOverride):
    """Turns a remark about the bot into chitchat, a clear deferral into defer, a clause that only
    cancels into cancel, a message about an existing case or "¿cuánto tardáis en contestar?" into
    ticket_status, a greeting that only gives an address into greet, a request for a language we
    do not speak into switch_language, and "¿y para buscar…?" into ask_howto (see the module docstring)."""

    def override(self, intent: Dict[str, Any], text: str, ranking: List[Dict[str, Any]],
                 entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        """See `clear_intent`."""
        return clear_intent(intent, text, ranking, entities)
