"""Level 0: answer from the knowledge base, with feedback and a next-best article."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say
from actions.common import form_finished, language_of, latest_text
from actions.services import knowledge_base
from bot.kb.platforms import asked_platforms
from bot.kb.index import KBIndexError
from bot.kb.opening_hours import opening_hours_article
from bot.answers import (asks_opening_hours, is_question, problem_beside_hours, plain_no, question_after_acknowledgement,
                         question_after_answer, question_beside_switch, question_leans_back, requested_language)
from bot.caller_number import asks_about_suspicious_call, asks_caller_number
from bot.kb.search import ShownArticle
from bot.text import has_words, normalise

logger = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 700
LINK_LABEL = {"es": "Artículo completo", "en": "Full article"}
FROM_LABEL = {"es": "Del artículo", "en": "From the article"}


def trim_passage(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """Keep the passage's steps and sentences up to `limit` characters, cut at a line end."""
    text = normalise(text)
    if len(text) <= limit:
        return text
    kept: List[str] = []
    size = 0
    for line in text.split("\n"):
        if size + len(line) + 1 > limit:
            break
        kept.append(line)
        size += len(line) + 1
    if not kept:  # a single very long line: cut at a sentence end
        sentence_ends = [m.end() for m in re.finditer(r"[.!?](\s|$)", text[:limit])]
        return text[: sentence_ends[-1] if sentence_ends else limit].rstrip() + " …"
    return "\n".join(kept).rstrip() + "\n…"


def format_answer(article: ShownArticle, language: str) -> str:
    """The reply text: article title, the useful part of the passage and the link."""
    # one message: channels split a text into several messages at blank lines
    parts = [f"{FROM_LABEL[language]} «{article.title}»:", re.sub(r"\n{2,}", "\n", trim_passage(article.passage))]
    if article.url:
        parts.append(f"{LINK_LABEL[language]}: {article.url}")
    return "\n".join(parts)


#: Below this confidence a message that opens with a no, right after an article, is the no to it rather than a
#: new question ("nope. also the duplicates have different file names" read as a how-to at 0.3).
UNSURE_NEW_QUESTION = 0.5


class ActionAnswerFromKb(Action):
    """Answer with the most relevant article passage, or say there is none."""

    def name(self) -> Text:
        return "action_answer_from_kb"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """Search, quote the passage and link, and ask whether it helped. Inside a form, a
        question that opens with a no ("no, gracias. Pero ¿cómo hago una copia…?") refuses
        what the form asked: the form ends (nothing created) and the question is answered."""
        text = latest_text(tracker)
        question = question_after_answer(text)
        if tracker.active_loop_name and question and plain_no(text):
            say(dispatcher, tracker, "form_left_for_question")
            left = [ActiveLoop(None), SlotSet("requested_slot", None)] + form_finished(tracker.active_loop_name)
            tracker.active_loop = {}
            return left + answer_from_kb(dispatcher, tracker, question) + [FollowupAction("action_listen")]
        if tracker.active_loop_name:
            from actions.forms import answer_side_question

            return answer_side_question(dispatcher, tracker)  # "not ours" rather than a ticket offer mid-form
        unsure = (tracker.latest_message.get("intent") or {}).get("confidence", 1.0) < UNSURE_NEW_QUESTION
        if tracker.get_slot("pending_offer") == "kb_feedback" and plain_no(text) and not is_question(text) and unsure:
            # "nope. also the duplicates have different file names", read as a new question: a no to the
            # article with more said; the next article or the search with that context, then a ticket
            from actions.escalation import kb_not_helpful

            return kb_not_helpful(dispatcher, tracker)
        # after action_switch_language: "mejor en inglés: ¿cómo …?" asks the question beside the switch
        beside = question_beside_switch(text) if requested_language(text) else None
        return answer_from_kb(dispatcher, tracker, beside)


#: A question that follows on from the previous one ("y cómo lo guardo en PDF normal?", "and in Excel?").
FOLLOW_ON = re.compile(r"^\W*(?:y|and|e|pero|but|also|tambi[eé]n|and what about|y si|what about|y para|and for)\b",
                       re.IGNORECASE)


def narrower_questions(query: str, tracker: Tracker) -> List[str]:
    """Other readings of a question no article answered as it was written: its last question
    alone ("jaja vale era broma. ¡Hola! una duda: ¿se pueden escanear papeles con el móvil?"),
    and a follow-on question with the previous one before it ("y cómo lo guardo en PDF normal,
    sin la A?" after a question about PDF/A). Tried in this order; none when there are none."""
    tries: List[str] = []
    question = question_after_answer(query)
    if question and question != query and not question_leans_back(question):
        tries.append(question)
    previous = tracker.get_slot("kb_query")
    if previous and previous != query and FOLLOW_ON.match(query) and not tracker.active_loop_name:
        tries.append(f"{previous} {query}")
    return tries


def previous_articles(tracker: Tracker) -> List[str]:
    """The articles shown for the previous question ("¿cómo creo un usuario?"), which a follow-on
    question ("¿y cómo le doy solo permisos de lectura?") does not ask for again."""
    return [article for article in (tracker.get_slot("kb_tried") or []) if article]


def new_article_for_follow_on(kb, again, previous: List[str], own_lean):
    """A follow-on question searched together with the previous one may find the previous one's
    article first only because the previous words weigh most ("¿cómo creo un usuario? ¿y cómo le
    doy solo permisos de lectura?" -> create-user). When the follow-on on its own leaned to
    another article (`own_lean`, too weak alone to be answered) and the joined search ranks that
    same article next, the follow-on asks about it: it answers. Otherwise the joined search's
    answer stands (for "y cómo lo guardo en PDF normal?" the export article is right again)."""
    if again.article is None or own_lean is None or not same_as_any(kb, again.article.id, previous):
        return again
    if same_as_any(kb, own_lean.id, previous):
        return again
    if again.next_article is not None and kb.same_article(again.next_article.id, own_lean.id):
        return dataclasses.replace(again, article=again.next_article)
    return again


def written_in(tracker: Tracker) -> Optional[str]:
    """The language the customer writes in when answers go in another one they asked for
    ("contesta en inglés", then Spanish questions): the query is searched as Spanish and the
    English version is shown. None otherwise (the reply language is the query's)."""
    if not tracker.get_slot("language_preference"):
        return None
    from actions.language_slot import message_language

    return message_language(tracker)


def with_opening_hours(kb, found, query: str, language: str, tracker: Tracker):
    """`found`, or the opening-hours article when the question asks when the team is open
    ("¿a qué hora cerráis hoy?", "what are your opening hours?") and the search abstained or
    ranked another article first (short, colloquial questions score low against the article,
    and "horario de soporte" matches the support-levels article's words). The article is the
    knowledge base's own (`bot.kb.opening_hours`); without one, `found` stands and the caller
    answers from the business-hours calendar (`hours_without_article`)."""
    if not asks_opening_hours(query):
        return found
    try:
        article_id = opening_hours_article(kb, language)
        shown = kb.retell(article_id, query, language, written_in(tracker)) if article_id else None
    except Exception as exc:  # noqa: BLE001 - the search's own answer stands
        logger.error("Knowledge base retell failed: %s", type(exc).__name__)
        return found
    if shown is None:
        return found
    if found.article is not None and found.article.id == shown.id:
        shown = found.article
    return dataclasses.replace(found, article=with_hours_passage(kb, shown))


#: A clock time in an article's text: "9:00", "18:00", "9.00".
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def with_hours_passage(kb, shown):
    """`shown` quoting its section that gives the hours (the one with the most clock times), for a
    question about when the team is open: "¿cuándo abre el soporte?" quoted the article's passage on
    checking a ticket, "¿tenéis soporte técnico hoy para el escáner?" its channels (review of hours17).
    `shown` as it is when no section of it names a time."""
    best, most = None, 0
    for index, passage in enumerate(kb.passages):
        if passage.get("article_id") != shown.id:
            continue
        count = len(_CLOCK.findall(passage.get("text") or ""))
        if count > most:
            best, most = index, count
    if best is None or best == shown.passage_index:
        return shown
    return dataclasses.replace(shown, passage=kb.answer_text(best), passage_index=best)


def hours_without_article(kb, query: str, language: str) -> bool:
    """True when the question asks when the team is open and no article tells it: the hours
    then come from the business-hours calendar the callbacks are booked in, never from an
    article about something else."""
    if not asks_opening_hours(query):
        return False
    try:
        return opening_hours_article(kb, language) is None
    except Exception as exc:  # noqa: BLE001 - the search's own answer stands
        logger.error("Knowledge base search failed: %s", type(exc).__name__)
        return False


def say_hours_beside(dispatcher: CollectingDispatcher, tracker: Tracker, query: str, language: str) -> None:
    """The hours section of the opening-hours article (or the calendar's hours), said before the
    problem told beside the hours question is answered."""
    try:
        kb = knowledge_base()
        article_id = opening_hours_article(kb, language)
        shown = kb.retell(article_id, query, language, written_in(tracker)) if article_id else None
    except Exception as exc:  # noqa: BLE001 - the calendar's hours stand in
        logger.error("Knowledge base retell failed: %s", type(exc).__name__)
        shown = None
    if shown is None:
        say_opening_hours(dispatcher, tracker)
        return
    dispatcher.utter_message(text=format_answer(with_hours_passage(kb, shown), language))


def say_opening_hours(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The team's hours from the business-hours calendar, for a knowledge base without an article on them."""
    from actions.messages import describe_hours, zone_city
    from actions.services import case_service

    calendar = case_service().calendar
    say(dispatcher, tracker, "opening_hours_from_calendar",
        hours=describe_hours(calendar.opening_hours, language_of(tracker)), city=zone_city(calendar.timezone))


def answer_from_kb(dispatcher: CollectingDispatcher, tracker: Tracker, query: Optional[str] = None,
                   abstain: str = "kb_abstain") -> List[EventType]:
    """Answer `query` (the latest message when None) from the knowledge base: the passage and
    link, then "did it help?" outside a form; the form's own question follows inside one.
    `abstain` is the message said when no article answers (a side question inside a form
    gets a short "not something I can help with" rather than a ticket offer)."""
    if query is None:
        latest = tracker.latest_message.get("text")
        query = question_after_acknowledgement(latest) or latest
    query = normalise(query)
    language = language_of(tracker)
    in_form = bool(tracker.active_loop_name)
    level_events = [] if in_form else [SlotSet("support_level", 0)]
    if asks_about_suspicious_call(query):  # "me llaman diciendo que son de PaperOffice, ¿es fraude?": a warning
        say(dispatcher, tracker, "suspicious_call")
        return []
    if asks_caller_number(query):  # how our call shows on their phone: the contact article lists channels
        say(dispatcher, tracker, "caller_number")
        return []
    if not has_words(query) or query.startswith("/"):
        query = tracker.get_slot("kb_query") or ""
    beside = problem_beside_hours(query)
    if beside:
        # "is support open today? my DATEV export keeps failing": the hours, then the problem (review of hours17)
        say_hours_beside(dispatcher, tracker, query, language)
        query = beside
    try:
        kb = knowledge_base()
    except (KBIndexError, OSError) as exc:
        logger.error("Knowledge base unavailable: %s", exc)
        say(dispatcher, tracker, "kb_abstain")
        return level_events + [SlotSet("kb_article_id", None), SlotSet("pending_offer", "ticket")]
    try:
        found = kb.answer(query, language, query_language=written_in(tracker))
    except Exception as exc:  # noqa: BLE001 - the customer gets "no article", never a silent turn
        logger.error("Knowledge base answer failed: %s", type(exc).__name__)
        say(dispatcher, tracker, "kb_abstain")
        return level_events + [SlotSet("kb_article_id", None), SlotSet("pending_offer", "ticket")]
    if hours_without_article(kb, query, language):
        say_opening_hours(dispatcher, tracker)
        if in_form:
            dispatcher.utter_message(response="utter_continue_form")
        return level_events + [SlotSet("kb_article_id", None), SlotSet("kb_query", query), SlotSet("kb_tried", [])]
    found = with_opening_hours(kb, found, query, language, tracker)
    # "and does PaperOffice run on Linux?" that no article covers: joined with the previous question
    # it found the previous article again (bot.kb.platforms)
    # only when the article found was turned away for that system: "¡Hola! una duda: ¿funciona en
    # Windows 11?" found nothing at first and its narrower question finds the installation article
    # (then no retry), and a retry's article answers a platform question only when it names that system:
    # "and will PaperOffice work on Linux?" joined with the password question found the password article
    platform_asked = bool(getattr(found, "platform_uncovered", False))
    asked_systems = asked_platforms(query, getattr(kb, "product_words", ()) or ())
    if found.article is None and not platform_asked:
        previous_query = tracker.get_slot("kb_query") or ""
        for retry in narrower_questions(query, tracker):
            follow_on = bool(previous_query) and retry.startswith(previous_query + " ")
            previous = previous_articles(tracker) if follow_on else []
            try:
                again = kb.answer(retry, language, shown=previous or None, query_language=written_in(tracker))
            except Exception as exc:  # noqa: BLE001 - the first reading's "no article" stands
                logger.error("Knowledge base answer failed: %s", type(exc).__name__)
                break
            again = new_article_for_follow_on(kb, again, previous, found.next_article)
            if again.article is not None and asked_systems and hasattr(kb, "names_platform") \
                    and not kb.names_platform(again.article.id, asked_systems):
                continue  # an article that never names the system asked about does not answer it
            if again.article is not None:
                found, query = again, retry
                break
    if found.article is None:
        say(dispatcher, tracker, abstain)
        events = [SlotSet("kb_article_id", None), SlotSet("kb_query", query), SlotSet("kb_tried", [])]
        if not in_form:
            events.append(SlotSet("pending_offer", "ticket"))
        return level_events + events
    article_id = found.article.id
    dispatcher.utter_message(text=format_answer(found.article, language))
    events = [SlotSet("kb_article_id", article_id), SlotSet("kb_query", query), SlotSet("kb_tried", [article_id])]
    if in_form:
        dispatcher.utter_message(response="utter_continue_form")
    else:
        say(dispatcher, tracker, "kb_feedback")
        events.append(SlotSet("pending_offer", "kb_feedback"))
    return level_events + events


def offer_next_article(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """After "no, it did not help": show the next best article once; None when there is none."""
    query = tracker.get_slot("kb_query")
    tried = list(tracker.get_slot("kb_tried") or [])
    if not query or len(tried) != 1:
        return None
    language = language_of(tracker)
    try:
        kb = knowledge_base()
    except (KBIndexError, OSError):
        return None
    offered = kb.answer(query, language, shown=tried, query_language=written_in(tracker)).next_article
    if offered is None:
        return None
    say(dispatcher, tracker, "kb_next_article")
    dispatcher.utter_message(text=format_answer(offered, language))
    say(dispatcher, tracker, "kb_feedback_last")  # a second no offers a ticket (escalation.offer_kb_ticket)
    return [SlotSet("kb_article_id", offered.id), SlotSet("kb_tried", tried + [offered.id]),
            SlotSet("pending_offer", "kb_feedback")]


#: Articles tried before a refined search stops: after that a person is the better way.
MAX_TRIED_FOR_REFINED = 2


def refined_article(dispatcher: CollectingDispatcher, tracker: Tracker, context: str) -> Optional[List[EventType]]:
    """After "no, it did not help" that adds context ("tampoco. Es que los dos equipos están en
    red"): the question asked again with that context, and an article not shown yet when the
    search now answers it; None when it does not (the next article or the ticket offer follows).
    The context alone is searched too, but its answer counts only when it ranks among the first
    few for the question with the context: "uso la versión 12 en Windows 7" alone would drop the
    topic asked about. At most a third article comes before the ticket offer."""
    query = tracker.get_slot("kb_query")
    tried = list(tracker.get_slot("kb_tried") or [])
    if not query or not tried or len(tried) > MAX_TRIED_FOR_REFINED:
        return None
    language = language_of(tracker)
    combined = f"{query} {context}"
    try:
        kb = knowledge_base()
        found = kb.answer(combined, language, shown=tried, query_language=written_in(tracker))
        if found.article is None or same_as_any(kb, found.article.id, tried):
            found = kb.answer(context, language, shown=tried, query_language=written_in(tracker))
            if found.article is None or same_as_any(kb, found.article.id, tried):
                return None
            near = kb.search(combined, k=ON_TOPIC_RANKS, language=language).results
            if not same_as_any(kb, found.article.id, [hit.id for hit in near]):
                return None
    except (KBIndexError, OSError) as exc:
        logger.error("Knowledge base unavailable: %s", exc)
        return None
    say(dispatcher, tracker, "kb_refined_article")
    dispatcher.utter_message(text=format_answer(found.article, language))
    say(dispatcher, tracker, "kb_feedback_last")
    return [SlotSet("kb_article_id", found.article.id), SlotSet("kb_tried", tried + [found.article.id]),
            SlotSet("kb_query", combined), SlotSet("pending_offer", "kb_feedback")]


#: How far down the question-with-context ranking the context's own answer may stand and still be on topic.
ON_TOPIC_RANKS = 3


def same_as_any(kb: Any, article_id: str, others: List[str]) -> bool:
    """True when `article_id` or another language's version of it is among `others` (the articles
    already shown: the same answer again is no new help; or the first few of a ranking)."""
    return any(kb.same_article(article_id, other) for other in others)


def retell_answer(dispatcher: CollectingDispatcher, tracker: Tracker, asked_in: Optional[str]) -> List[EventType]:
    """After "¿me lo puedes decir en español?" following an article: the same answer again in the
    language now in use (the article's version in it, else the original with its title), and
    "did it help?" again. Nothing when no article answer is waiting for its feedback."""
    article_id = tracker.get_slot("kb_article_id")
    if tracker.active_loop_name or not article_id or tracker.get_slot("pending_offer") != "kb_feedback":
        return []
    language = language_of(tracker)
    try:
        shown = knowledge_base().retell(article_id, tracker.get_slot("kb_query") or "", language, asked_in)
    except (KBIndexError, OSError) as exc:
        logger.error("Knowledge base unavailable: %s", exc)
        return []
    if shown is None:
        return []
    dispatcher.utter_message(text=format_answer(shown, language))
    say(dispatcher, tracker, "kb_feedback")
    return [SlotSet("kb_article_id", shown.id), SlotSet("pending_offer", "kb_feedback")]


def kb_context(tracker: Tracker) -> str:
    """The question and the articles tried, as a ticket description."""
    tried = tracker.get_slot("kb_tried") or []
    query = tracker.get_slot("kb_query") or ""
    if language_of(tracker) == "en":
        return f"Question: {query}\nArticles tried: {', '.join(tried) or 'none'}"
    return f"Pregunta: {query}\nArtículos consultados: {', '.join(tried) or 'ninguno'}"
