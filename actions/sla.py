"""Level 3: the SLA case form, checked against the contracts table."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (case_request, clear_form_slots, clear_offer, form_finished, language_of, latest_intent,
                            latest_text,
                            local_time, opening_message)
from actions.feedback import offer_rating
from actions.forms import (DescriptionValidation, EmailValidation, SupportFormValidation, activating, asked_for,
                           corrected_email, corrects, means_something_else, sla_description, value_or_none,
                           with_detail_beside)
from actions.messages import label, render, say, say_nothing_was_saved
from actions.read_back import ReadBackConfirmation, declined, value_before_message
from actions.services import STORE_ERRORS, case_service
from bot.answers import (asks_for_a_person, asks_instead_of_answering, asks_what_a_contract_is, asks_to_be_called,
                         detail_beside_answer,
                         asks_where_the_contract_number_is, is_question, requested_follow_up)
from bot.replies import declines_for_now, fetching, hesitates, postpones, read_yes_no
from bot.text import normalise, strip_accents
from bot.validation import contract_number_in_reply, normalise_contract_id, normalise_email

MAX_CONTRACT_ATTEMPTS = 2
#: The offer a refused contract makes (a technician's call instead), as `pending_offer`.
CALLBACK_OFFER = "callback"
PRIORITY_WORDS = {
    "critical": ("crit", "urgent", "bloque", "nadie puede", "nobody can", "parad", "blocking", "down"),
    "high": ("alta", "high", "importante", "important"),
    "normal": ("normal", "media", "medium"),
    "low": ("baja", "low", "sin prisa", "no urge", "no corre prisa"),
}
#: A reply that looks like an id someone copied from a contract ("CT-99", "1001"), to check and refuse.
CONTRACT_LIKE = re.compile(r"^[A-Za-z]{0,4}[-/ ]?\d{3,8}$")


#: "Alta" that is no priority: signing up ("el correo de alta", "dar de alta un usuario", "el alta del cliente").
#: "De alta" before a word of how serious is the adjective, a priority ("de alta importancia", "de alta gravedad",
#: "de alta urgencia"); before anything else it is signing up ("dar de alta un usuario", "el formulario de alta no
#: carga") or no priority at all ("escaneo de alta resolución").
SIGN_UP = re.compile(r"\b(?:(?:de|dar|dado|dada|dados|dadas|doy|damos|dimos|di|darme|darse|darnos)\s+(?:de\s+)?alta"
                     r"(?!\s+(?:prioridad|importancia|gravedad|urgencia|criticidad|severidad|relevancia|impacto)\b)"
                     r"|(?:el|la|un|una)\s+alta\s+(?:de|del)\b"
                     r"|\baltas?\s+(?:de|del)\s+(?:usuarios?|clientes?|empleados?|licencias?|cuentas?|servicios?))", re.IGNORECASE)


#: "no es urgente", "not urgent", "nothing critical": urgency denied, not claimed.
NOT_URGENT = re.compile(r"\b(?:no|not|nothing|nada|sin|isn'?t|is not|no es|no tan)\s+(?:es\s+|is\s+|muy\s+|very\s+|so\s+"
                        r"|too\s+|tan\s+|especialmente\s+)?(?:urgen|crit|bloque)\w*")


#: Each priority's words, from a word's start ("download" is not "down", "escritorio" not "crítico",
#: "faltan" not "alta").
PRIORITY_PATTERNS = {priority: re.compile(r"\b(?:" + "|".join(
    re.escape(stem) + (r"\w*" if stem in ("crit", "urgent", "bloque", "parad") else r"\b") for stem in stems) + ")")
    for priority, stems in PRIORITY_WORDS.items()}


#: A priority at a clause's start, as answered ("alta", "prioridad alta porque…", "mejor crítica",
#: "very high"): what `with_detail_beside` leaves out of the detail added to the description.
PRIORITY_ANSWER = re.compile(
    r"^(?:(?:no|mejor|better|make it|actually|en realidad|pon|ponle|put|s[ií]|yes)[\s,]+)*"
    r"(?:(?:la\s+)?prioridad\s+(?:es\s+)?|(?:the\s+)?priority\s+(?:is\s+)?|es\s+|it'?s\s+|is\s+)?"
    r"(?:muy\s+|very\s+|bastante\s+|pretty\s+|quite\s+)?(?:cr[ií]tic[ao]|critical|urgente?|alta|high|normal|media|medium"
    r"|baja|low)\b(?:\s+(?:priority|prioridad))?(?:\s+(?:porque|because|ya que|since|as|pues)\b)?", re.IGNORECASE)


def priority_from_text(text: str) -> Optional[str]:
    """Map "urgente", "alta", "low"… to a priority: the first one named and not taken back
    ("normal, not high" is normal); a denied urgency ("it's not urgent, normal priority is
    fine") is not one, and alone it means low."""
    folded = strip_accents(normalise(text).lower())
    denied = NOT_URGENT.search(folded)
    folded = NEGATED_PRIORITY.sub(" ", NOT_URGENT.sub(" ", folded))
    found = [(match.start(), priority) for priority, pattern in PRIORITY_PATTERNS.items()
             for match in [pattern.search(folded)] if match]
    if found:
        return min(found)[1]
    return "low" if denied else None


#: A priority stated in a request ("prioridad normal", "es crítico, estamos parados"), strict
#: enough for a message that was not asked for one ("download" is not "down").
TOLD_PRIORITY = (
    ("normal", re.compile(r"\b(?:prioridad (?:normal|media)|(?:normal|medium) priority|priority (?:is )?normal)\b")),
    ("high", re.compile(r"\b(?:prioridad alta|alta prioridad|high priority|priority (?:is )?high)\b")),
    ("low", re.compile(r"\b(?:prioridad baja|baja prioridad|low priority|sin prisa|no (?:nos )?corre prisa|no urge"
                       r"|not urgent|no es urgente|nothing urgent|nada urgente)\b")),
    ("critical", re.compile(r"\b(?:cr[ií]tic[oa]s?|critical|urgent[e]?|urgencia|estamos parad[oa]s|we are down"
                            r"|we'?re down|nadie puede trabajar|nobody can work|no one can work|prioridad cr[ií]tica)\b")),
)


#: A priority named only to take it back: "not critical", "no crítica", "no es urgente, …".
NEGATED_PRIORITY = re.compile(r"\b(?:not|no|ni)\s+(?:es\s+|is\s+|so\s+|tan\s+)?(?:critical|critica|critico|urgent|urgente"
                              r"|high|alta|normal|low|baja)\b")


#: The impact told instead of a priority, in the words the priorities are explained with ("annoying,
#: but work can go on" is normal; "blocked with no workaround" is high): "it's annoying but we can
#: still work manually", "molesta pero podemos seguir trabajando a mano".
#: Work that goes on ("podemos seguir trabajando", "we can still work").
_WORK_GOES_ON = re.compile(
    r"\b(?:(?:podemos|puedo|se puede|pueden|puede) seguir(?: trabajando)?|(?:se|podemos|puedo|pueden) (?:trabajar|apa[nñ]ar\w*)"
    r"|(?:we|i|they|you|people|users) can (?:still )?(?:work|carry on|keep (?:going|working)|manage|get by|live with it)"
    r"|(?:work|we) can go on|still (?:able to )?work)\b")
#: A way around it: another way, by hand ("lo hacemos a mano", "there's a workaround").
_WAY_AROUND = re.compile(r"\b(?:alternativa|workaround|a mano|manualmente|manually|by hand)\b")
#: Work that cannot go on ("no podemos trabajar", "we can't work"): high (an important part is blocked).
_WORK_STOPPED = re.compile(
    r"\b(?:no (?:(?:lo |la )?podemos|puedo|se puede|pueden|puede) (?:seguir )?trabaj\w*"
    r"|(?:we|i|they|people|users) (?:can'?t|cannot|can not|are unable to|aren'?t able to) (?:\w+ )?(?:work|carry on"
    r"|keep (?:going|working)))\b")
#: Only one person or machine affected ("solo afecta a un usuario"): annoying, the rest work on (normal).
_ONE_AFFECTED = re.compile(
    r"\b(?:solo|solamente|unicamente|nada mas) (?:afecta|le pasa|pasa|ocurre|falla|sale|da error)(?: \w+)? (?:a|en|con) "
    r"(?:un|una|1) (?:usuario|usuaria|persona|puesto|equipo|ordenador|pc|companer[oa])\b"
    r"|\bonly (?:affects|happens (?:to|on)|fails (?:for|on)) (?:one|1|a single) (?:user|person|pc|computer|machine|seat"
    r"|colleague)\b|\b(?:one|a single) (?:user|person|pc|computer) (?:only|is affected)\b")
#: A denial of the phrase before it: "no hay alternativa", "sin workaround", "we can't do it by hand".
_IMPACT_NEGATED = re.compile(r"(?:\bno|\bnot|n'?t|\bnadie|\bnobody|\bni|\bsin|\bwithout|\bcannot)\s+(?:\w+\s+){0,3}$")
#: A denial after it, in its clause: "el workaround que nos disteis no funciona", "a mano no se puede",
#: "hacerlo a mano es imposible", "the workaround doesn't work", "doing it by hand is not possible".
_DENIED_AFTER = re.compile(
    r"^[^,;.!?]{0,40}?\b(?:no (?:funciona|sirve|va|vale|es (?:posible|viable|una opcion)|se puede|podemos|puedo)"
    r"|ya no funciona|(?:es|resulta|seria) (?:imposible|inviable)|imposible|inviable"
    r"|(?:does|do|is|are|will|would)(?:n'?t| not) (?:work|help|possible|an option|feasible|doable)"
    r"|won'?t work|not (?:possible|an option|feasible|doable)|impossible|no longer works)\b")
#: Not knowing whether work can go on ("no sabemos si podemos seguir trabajando"): no impact told.
_UNSURE_IMPACT = re.compile(r"\b(?:no (?:se|sabemos|sabria|estoy segur[oa]|estamos segur[oa]s)|not sure|unsure"
                            r"|(?:don'?t|do not) know|no idea|ni idea)\s+(?:\w+\s+)?(?:si|if|whether)\b[^,;.!?]*$")
#: Everyone stopped ("nobody can work", "we can't work at all"): maybe critical, not told here.
_EVERYONE_STOPPED = re.compile(r"\b(?:nadie|nobody|no one|ninguno)\b|\b(?:at all|nada|en absoluto)\b")


def _clause_before(folded: str, start: int) -> str:
    return re.split(r"[,;.!?]", folded[:start])[-1]


def priority_from_impact(text: str) -> Optional[str]:
    """The priority the impact told fits, or None: work that goes on or a way around it is normal ("we can
    still work manually", "solo afecta a un usuario"); no way around it, or one denied before or after
    ("sin workaround", "el workaround que nos disteis no funciona", "a mano no se puede") is high, as
    work that cannot go on ("no podemos trabajar"). None when unsure ("no sabemos si podemos seguir
    trabajando") or when everyone may be stopped ("nobody can work": maybe critical, asked)."""
    folded = strip_accents(normalise(text).lower())
    found = set()
    for match in _WORK_STOPPED.finditer(folded):
        if _UNSURE_IMPACT.search(_clause_before(folded, match.start())):
            continue
        if _EVERYONE_STOPPED.search(_clause_before(folded, match.start()) + folded[match.start():match.end() + 15]):
            return None
        found.add("high")
    for pattern in (_WORK_GOES_ON, _WAY_AROUND, _ONE_AFFECTED):
        for match in pattern.finditer(folded):
            before = _clause_before(folded, match.start())
            if _UNSURE_IMPACT.search(before) or any(m.start() <= match.start() < m.end()
                                                    for m in _WORK_STOPPED.finditer(folded)):
                continue
            denied = _IMPACT_NEGATED.search(before) or _DENIED_AFTER.search(folded[match.end():])
            if pattern is _WORK_GOES_ON and denied:
                continue  # "no podemos seguir…" is read above; "podemos seguir pero no" is unclear
            found.add("high" if denied else "normal")
    return "high" if "high" in found else ("normal" if found else None)


#: The message says the problem is gone ("ya funciona", "works now"): no priority told.
WORKS_AGAIN = re.compile(r"\b(?:ya (?:funciona|va bien|esta (?:arreglado|solucionado|resuelto))|vuelve a funcionar"
                         r"|se ha (?:arreglado|solucionado|resuelto)|(?:it )?works (?:now|again)|(?:it'?s )?working again"
                         r"|it'?s (?:fixed|sorted|solved) now|(?:all|problem) (?:fixed|sorted|solved))\b")


def detail_beside_impact(tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """{"description": …} with what an answer given as the impact tells beyond it ("podemos seguir trabajando a
    mano, y además desde ayer también falla el backup nocturno"): the clauses that neither tell the impact
    nor hesitate about the priority ("no sé muy bien qué prioridad poner") added to the description kept."""
    from actions.forms import PRIORITY_WORD

    kept = tracker.get_slot("description")
    pieces = [piece for piece in re.split(r"[,;.!?]+", latest_text(tracker)) if piece.strip()
              and priority_from_impact(piece) is None and not hesitates(piece)
              and not PRIORITY_WORD.search(strip_accents(piece))]
    added = detail_beside_answer(", ".join(pieces), PRIORITY_ANSWER, names_priority) if kept and pieces else ""
    if not added or added in kept:
        return {}
    say(dispatcher, tracker, "description_added")
    return {"description": f"{kept}\n{added}"}


def names_priority(text: str) -> bool:
    """True when the words name or justify a priority ("estamos parados", "no corre prisa")."""
    return priority_from_text(text) is not None


def priority_told(text: str) -> Optional[str]:
    """The priority a request states in passing, or None (then the form asks)."""
    folded = strip_accents(normalise(text).lower())
    return next((priority for priority, pattern in TOLD_PRIORITY if pattern.search(folded)), None)


#: Words that name the priorities themselves.
PRIORITY_NAMED = re.compile(r"prioridad|priorit|urgen|critic", re.IGNORECASE)
#: What a question about the priorities asks, once the priority is the question on the table.
PRIORITY_QUESTION = re.compile(
    r"diferencia|difference|significa|mean|qu[eé] es (?:alta|normal|baja)|what is (?:high|normal|low)"
    r"|cu[aá]l (?:elijo|pongo|escojo|me recomiendas|recomiendas)|which (?:one|should|do you recommend|would you)"
    r"|what should (?:i|we) (?:pick|choose|put|select|say)|qu[eé] (?:pongo|elijo|escojo)", re.IGNORECASE)


def asks_about_priorities(text: str, priority_asked: bool = False) -> bool:
    """True for "¿qué diferencia hay entre prioridad alta y crítica?", "what do the priorities
    mean?"; when the priority was just asked for, also "¿cuál elijo?"."""
    folded = strip_accents(text)
    return is_question(text) and bool(PRIORITY_NAMED.search(folded)
                                      or (priority_asked and PRIORITY_QUESTION.search(folded)))


def is_answer_for(slot: str, text: str) -> bool:
    """True when `text` carries a value for `slot` (an address, a contract number)."""
    if slot == "email":
        return bool(normalise_email(text))
    return slot == "contract_id" and bool(normalise_contract_id(text))


def explain_priorities(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """What each priority means, with the first-response and resolution targets of the
    customer's contract when it is known."""
    language = language_of(tracker)
    targets: Dict[str, Dict[str, Any]] = {}
    contract_id = tracker.get_slot("contract_id")
    if contract_id:
        check = case_service().check_contract(contract_id)
        targets = check.contract.targets if check.contract is not None else {}
    lines = []
    for priority in ("critical", "high", "normal", "low"):
        target = targets.get(priority)
        lines.append(render("priority_line", language, priority=label("priority", priority, language).capitalize(),
                            meaning=label("priority_meaning", priority, language),
                            target=render("priority_target", language, hours=target["first_response"],
                                          resolution=target["resolution"]) if target else ""))
    say(dispatcher, tracker, "priority_explained", lines="\n".join(lines))


class ValidateSlaCaseForm(ReadBackConfirmation, EmailValidation, DescriptionValidation, SupportFormValidation):
    """Validate the SLA case form; after two invalid contracts the form ends."""

    read_back_form = "sla_case_form"

    def name(self) -> Text:
        return "validate_sla_case_form"

    def corrections(self, tracker: Tracker) -> Dict[Text, Any]:
        """At the read-back: a new address, or a priority or contract named with words that
        correct ("no, it's critical", "perdón, el contrato es SC-1002")."""
        found: Dict[Text, Any] = {}
        email = corrected_email(tracker)
        if email and email != tracker.get_slot("email"):
            found["email"] = email
        text = latest_text(tracker)
        if corrects(text):
            # "make it high not critical": the priority named without a "not" before it
            kept = NEGATED_PRIORITY.sub(" ", strip_accents(normalise(text).lower()))
            priority = priority_told(kept) or priority_from_text(kept)
            if priority and priority != tracker.get_slot("priority"):
                found["priority"] = priority
        contract = normalise_contract_id(text)
        if contract and contract != tracker.get_slot("contract_id"):
            found["contract_id"] = contract
        return found

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        """A reply to the call a refused contract offered is answered first (see `answer_to_call_offer`)."""
        answered = answer_to_call_offer(dispatcher, tracker)
        if answered is not None:
            return answered
        no_contract = contract_not_known(dispatcher, tracker)
        if no_contract is not None:
            return no_contract
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """Stop asking for a contract after two refusals (never a loop); otherwise the domain's
        slots, the read-back last (actions/read_back.py)."""
        attempts = tracker.get_slot("contract_attempts") or 0
        if tracker.get_slot("contract_id") is None and attempts >= MAX_CONTRACT_ATTEMPTS:
            return []
        return domain_slots

    async def extract_contract_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """A contract number when asked; "we have no contract" or emoji are not one."""
        if not asked_for(tracker, "contract_id") or tracker.get_slot("contract_id"):
            return {}
        text = latest_text(tracker)
        if fetching(text) and not contract_number_in_reply(text) and not normalise_email(text):
            # "hang on, our IT manager has it, let me ask her" is not "we have no contract"
            say(dispatcher, tracker, "take_your_time")
            return {"contract_id": None}
        if asks_where_the_contract_number_is(text):
            # "¿dónde viene el número de contrato?" is not "we have no contract": answered, asked again
            say(dispatcher, tracker, "contract_number_where")
            return {"contract_id": None}
        if means_something_else(tracker, free_text=False):
            return {}
        # "vale, ya lo encontré en el mail de bienvenida, es el 1002", "sí que tenemos, es el 1002": a bare
        # number inside the answer is the contract
        candidate = normalise_contract_id(text) or (text.upper() if CONTRACT_LIKE.match(text) else None) \
            or contract_number_in_reply(text)
        return value_or_none(candidate, "contract_id")

    def validate_contract_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        """Accept a contract that exists, is active and is in force today."""
        told = str(value or "").strip()
        # a bare "1001" at the contract question is "SC-1001": the number without its prefix
        contract_id = normalise_contract_id(told) or normalise_contract_id(f"SC-{told}" if told.isdigit() else "") \
            or normalise(told)[:40]
        check = case_service().check_contract(contract_id)
        if check.contract is not None:
            withdrawn = {"pending_offer": None, "offer_context": None} \
                if tracker.get_slot("pending_offer") == CALLBACK_OFFER else {}
            return {"contract_id": check.contract.contract_id, **withdrawn}
        attempts = (tracker.get_slot("contract_attempts") or 0) + 1
        reason = label("contract_problem", check.reason or "unknown", language_of(tracker)).format(id=contract_id)
        if attempts < MAX_CONTRACT_ATTEMPTS:
            say(dispatcher, tracker, "invalid_contract", reason=reason)
            # the message offers a call: "sí, vale" books it, "no, gracias" leaves the form
            context = tracker.get_slot("description") or opening_message(tracker)
            return {"contract_id": None, "contract_attempts": attempts, "pending_offer": CALLBACK_OFFER,
                    "offer_context": context}
        dispatcher.utter_message(text=reason)
        return {"contract_id": None, "contract_attempts": attempts}

    async def extract_priority(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        """A priority typed in words ("es urgente", "low"), also in the message that started the
        form ("es crítico, estamos parados"); a question about the priorities ("¿qué diferencia
        hay entre alta y crítica?") is answered and asked again, not taken."""
        text = latest_text(tracker)
        if activating(tracker) and not tracker.get_slot("priority"):
            told = " ".join(filter(None, [text, tracker.get_slot("description") or opening_message(tracker)]))
            return value_or_none(priority_told(told), "priority")
        requested = tracker.get_slot("requested_slot")
        if requested and asks_about_priorities(text, requested == "priority") and not is_answer_for(requested, text):
            explain_priorities(dispatcher, tracker)
            return {requested: None}  # explained; the question asked comes again
        if not asked_for(tracker, "priority") or tracker.get_slot("priority"):
            return {}
        impact = priority_from_impact(text) if priority_from_text(text) is None else None
        # "no sé qué prioridad, lo vamos haciendo a mano" read as "wait": the impact told, not a wait; but
        # "mejor llamadme, de momento lo hacemos a mano" (also "wait") asks for the call, and "ya funciona,
        # podemos seguir trabajando" says the problem is gone
        misread_wait = bool(impact) and latest_intent(tracker)[0] in ("wait", "defer") \
            and not (postpones(text) or declines_for_now(text) or asks_to_be_called(text) or requested_follow_up(text))
        if is_question(text) or asks_for_a_person(text) or asks_to_be_called(text) or WORKS_AGAIN.search(
                strip_accents(text.lower())) or (means_something_else(tracker, free_text=False) and not misread_wait):
            # another question, or "it's urgent, just put me through to one of your people": handled by
            # what it means (the hand-off), not kept as the priority it names
            return {}
        if impact:
            # "hmm not sure what priority, it's annoying but we can still work manually": the impact told is
            # what the priorities are explained with, and it is read back before filing
            return {"priority": impact}
        return value_or_none(priority_from_text(text), "priority")

    def validate_priority(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """Accept critical, high, normal or low, in either language (a priority the entity
        extractor found in a question about the priorities is not an answer)."""
        text = latest_text(tracker)
        if asked_for(tracker, "priority") and is_question(text):
            return {"priority": None}  # extract_priority explained or left it to the question's handler
        if not activating(tracker) and is_question(text) and PRIORITY_QUESTION.search(strip_accents(text)):
            # "¿qué diferencia hay entre alta y crítica?" at a later step names priorities, sets none
            return {"priority": value_before_message(tracker, "priority")}
        if not asked_for(tracker, "priority") and SIGN_UP.search(strip_accents(text)) \
                and priority_from_text(SIGN_UP.sub(" ", strip_accents(text))) is None:
            # "estaba en el correo de alta, el nuestro es 1001" at the contract question: no priority told
            return {"priority": value_before_message(tracker, "priority")}
        # the answer's own words over the entities found in it: "alta, no crítica" names both
        told = priority_from_text(text) if asked_for(tracker, "priority") else None
        priority = told or priority_from_text(str(value or ""))
        if priority is None:
            say(dispatcher, tracker, "invalid_priority")
            return {"priority": None}
        if asked_for(tracker, "priority") and told is None and priority_from_impact(text) == priority:
            # "podemos seguir trabajando a mano, y además desde ayer también falla el backup nocturno": the impact
            # told is the answer itself, the rest more of the problem
            return {"priority": priority, **detail_beside_impact(tracker, dispatcher)}
        if asked_for(tracker, "priority"):
            # "alta, y además desde ayer también falla el backup nocturno": the rest is more of the problem
            return {"priority": priority, **with_detail_beside(tracker, dispatcher, PRIORITY_ANSWER, names_priority)}
        return {"priority": priority}


def contract_not_known(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """At the contract question, "what's a support contract? we only bought the licence" / "¿qué
    contrato? solo tenemos la licencia": what a support contract is, briefly, then the contract-less
    path as for "no tenemos contrato" (the form ends, a technician's call is offered, what was told
    is kept for it). None for anything else."""
    from actions.interruptions import no_contract_events

    text = latest_text(tracker)
    if not asked_for(tracker, "contract_id") or tracker.get_slot("contract_id") or not asks_what_a_contract_is(text):
        return None
    say(dispatcher, tracker, "contract_explained")
    return ([ActiveLoop(None), SlotSet("requested_slot", None)] + no_contract_events(dispatcher, tracker)
            + [FollowupAction("action_listen")])


def answer_to_call_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """While the form asks for another contract after offering a call instead: a yes (with the
    call's details, "Yes please - call me tomorrow at 11, I'm …") leaves this form for the
    callback form, which takes the details from the same message; a no leaves it with nothing
    created; "no, better a ticket" opens what it asks for. None for anything else (another
    contract number, a question…), which the form reads as usual."""
    from actions.escalation import FOLLOW_UP_LEVELS, start_level

    if tracker.get_slot("pending_offer") != CALLBACK_OFFER or not asked_for(tracker, "contract_id"):
        return None
    text = latest_text(tracker)
    entities = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    if ("contract_id" in entities or contract_number_in_reply(text) or CONTRACT_LIKE.match(text)
            or asks_instead_of_answering(text)):
        return None
    wanted, reading = requested_follow_up(text), read_yes_no(text)
    left: List[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
    # the problem as told when the call was offered; never this reply ("no, mejor un ticket")
    context = tracker.get_slot("description") or tracker.get_slot("offer_context") or opening_message(tracker)
    if wanted == "human":
        return left + clear_offer() + [FollowupAction("action_handoff_to_agent")]
    if wanted in FOLLOW_UP_LEVELS or (reading is True and wanted is None):
        level = FOLLOW_UP_LEVELS.get(wanted or "callback", 2)
        return left + start_level(dispatcher, tracker, level, context, announce=False)
    if reading is False or (reading is None and declines_for_now(text)):
        say(dispatcher, tracker, "form_cancelled")
        return left + clear_offer() + clear_form_slots("sla_case_form") + [FollowupAction("action_listen")]
    return None


class ActionSubmitSlaCase(Action):
    """Raise the SLA case with due times, or offer a callback when no contract was valid."""

    def name(self) -> Text:
        return "action_submit_sla_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Create the case from the contract's targets."""
        ended = form_finished("sla_case_form")
        contract_id = tracker.get_slot("contract_id")
        if contract_id is None:
            say(dispatcher, tracker, "sla_no_contract")
            context = tracker.get_slot("description") or opening_message(tracker)
            return ended + [SlotSet("pending_offer", "callback"), SlotSet("offer_context", context)]
        if declined(tracker):
            say(dispatcher, tracker, "sla_case_not_filed")
            return ended
        language = language_of(tracker)
        priority = tracker.get_slot("priority") or "normal"
        try:
            case = case_service().open_sla_case(case_request(tracker, sla_description(tracker)),
                                                contract_id, priority)
        except STORE_ERRORS as exc:
            say_nothing_was_saved(dispatcher, tracker, "SLA case not created", exc)
            return ended
        say(dispatcher, tracker, "sla_created", case_id=case.public_id, contract_id=case.contract_id,
            priority=label("priority", case.priority, language),
            first_due=local_time(case.first_response_due, tracker),
            resolution_due=local_time(case.resolution_due, tracker))
        return (form_finished("sla_case_form", case.public_id) + [SlotSet("support_level", 3)] + clear_offer()
                + offer_rating(dispatcher, tracker, "case", 3))
