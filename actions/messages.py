"""What the custom actions say, in Spanish and English.

Rule-level replies (greeting, goodbye…) live in domain.yml as responses with an
English variation; everything an action or a form prompt says lives here, so the
wording of a language sits in one table and `rasa data validate` sees no unused
responses. Placeholders are filled with str.format.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from bot.cases.service import CaseError

logger = logging.getLogger(__name__)

Button = Tuple[str, str, str]  # (Spanish title, English title, payload)
YES_NO: List[Button] = [("Sí", "Yes", "/affirm"), ("No", "No", "/deny")]

MESSAGES: Dict[str, Dict[str, Any]] = {
    "form_cancelled": {
        "es": "De acuerdo, lo he cancelado y no he guardado nada. ¿Te ayudo con otra cosa?",
        "en": "OK, I cancelled it and saved nothing. Can I help with something else?",
    },
    "something_went_wrong": {
        "es": "Lo siento, ahora mismo no puedo guardar tu solicitud y no se ha creado nada. Inténtalo de nuevo en unos minutos.",
        "en": "Sorry, I can't save your request right now and nothing was created. Please try again in a few minutes.",
    },
    "empty_message": {
        "es": "No he recibido ningún texto. Escribe tu pregunta, por favor.",
        "en": "I didn't receive any text. Please type your question.",
    },
    "ask_email": {
        "es": "¿Cuál es tu correo electrónico?",
        "en": "What is your e-mail address?",
    },
    "invalid_email": {
        "es": "«{value}» no parece un correo válido. Escríbelo así: nombre@empresa.com",
        "en": "“{value}” doesn't look like a valid e-mail address. Please write it like name@company.com",
    },
    "ask_ticket_category": {
        "es": "¿Sobre qué es la consulta?",
        "en": "What is the request about?",
        "buttons": [
            ("Facturación", "Billing", "/inform{\"ticket_category\":\"billing\"}"),
            ("Actualización", "Update", "/inform{\"ticket_category\":\"update\"}"),
            ("Licencia / edición", "Licence / edition", "/inform{\"ticket_category\":\"licence\"}"),
            ("Otro", "Other", "/inform{\"ticket_category\":\"other\"}"),
        ],
    },
    "invalid_category": {
        "es": "Elige una de las opciones: facturación, actualización, licencia u otro.",
        "en": "Please choose one of the options: billing, update, licence or other.",
    },
    "ask_description": {
        "es": "Descríbeme brevemente qué necesitas o qué ocurre.",
        "en": "Please describe briefly what you need or what is happening.",
    },
    "description_too_short": {
        "es": "Necesito un poco más de detalle (al menos unas palabras) para que el equipo pueda ayudarte.",
        "en": "I need a little more detail (at least a few words) so the team can help you.",
    },
    "confirm_ticket": {
        "es": "Voy a abrir este ticket:\n- Correo: {email}\n- Tema: {category}\n- Descripción: {description}\n¿Lo abro?",
        "en": "I'm going to open this ticket:\n- E-mail: {email}\n- Topic: {category}\n- Description: {description}\nShall I open it?",
        "buttons": YES_NO,
    },
    "ticket_created": {
        "es": "Hecho: he abierto el ticket {case_id}. Recibirás la primera respuesta en {email} como tarde el {due}.",
        "en": "Done: I opened ticket {case_id}. You will get a first answer at {email} by {due} at the latest.",
    },
    "ticket_not_created": {
        "es": "Entendido, no he abierto el ticket. ¿Te ayudo con otra cosa?",
        "en": "Understood, I did not open the ticket. Can I help with something else?",
    },
    "ask_requester_name": {
        "es": "Para la llamada, ¿cuál es tu nombre?",
        "en": "For the call, what is your name?",
    },
    "ask_phone": {
        "es": "¿A qué teléfono te llamamos? (por ejemplo 612 34 56 78 o +52 55 1234 5678)",
        "en": "Which phone number should we call? (for example +34 612 34 56 78)",
    },
    "invalid_phone": {
        "es": "No reconozco «{value}» como teléfono. Escríbelo con prefijo si no es español, por ejemplo +52 55 1234 5678.",
        "en": "I can't read “{value}” as a phone number. Please include the country code, for example +34 612 34 56 78.",
    },
    "ask_callback_time": {
        "es": "¿Cuándo te viene bien que te llamemos? Por ejemplo «mañana a las 10» o «el lunes por la tarde».",
        "en": "When would you like us to call? For example “tomorrow 3pm” or “next monday afternoon”.",
    },
    "invalid_callback_time": {
        "es": "No he entendido el día o la hora. Prueba con «mañana a las 10» o «el lunes por la tarde».",
        "en": "I didn't understand the day or time. Try “tomorrow 3pm” or “monday afternoon”.",
    },
    "callback_slot_refused": {
        "es": "{reason} Próximas franjas libres: {alternatives}. ¿Cuál prefieres?",
        "en": "{reason} Next free slots: {alternatives}. Which one do you prefer?",
    },
    "callback_booked": {
        "es": "Reservado: {case_id}. Un técnico te llamará al {phone} el {slot} (hora de {timezone}).",
        "en": "Booked: {case_id}. A technician will call you on {phone} on {slot} ({timezone} time).",
    },
    "ask_contract_id": {
        "es": "Este tipo de consulta la atiende nuestro equipo especializado con contrato de soporte. ¿Cuál es tu número de contrato? (por ejemplo SC-1001)",
        "en": "Our specialist team handles this under a support contract. What is your contract number? (for example SC-1001)",
    },
    "invalid_contract": {
        "es": "{reason} Sin un contrato válido no puedo abrir un caso SLA, pero un técnico puede llamarte (nivel 2). Escribe otro número de contrato o pide una llamada.",
        "en": "{reason} Without a valid contract I can't raise an SLA case, but a technician can call you (level 2). Type another contract number or request a callback.",
        "buttons": [
            ("Pedir una llamada", "Request a callback", "/request_callback"),
            ("Cancelar", "Cancel", "/cancel"),
        ],
    },
    "sla_no_contract": {
        "es": "No he podido validar un contrato de soporte. ¿Quieres que en su lugar te llame un técnico?",
        "en": "I couldn't validate a support contract. Would you like a technician to call you instead?",
        "buttons": YES_NO,
    },
    "ask_priority": {
        "es": "¿Qué prioridad tiene?",
        "en": "What priority is it?",
        "buttons": [
            ("Crítica: nadie puede trabajar", "Critical: nobody can work", "/inform{\"priority\":\"critical\"}"),
            ("Alta", "High", "/inform{\"priority\":\"high\"}"),
            ("Normal", "Normal", "/inform{\"priority\":\"normal\"}"),
            ("Baja", "Low", "/inform{\"priority\":\"low\"}"),
        ],
    },
    "invalid_priority": {
        "es": "Elige una prioridad: crítica, alta, normal o baja.",
        "en": "Please choose a priority: critical, high, normal or low.",
    },
    "sla_created": {
        "es": "Caso {case_id} abierto con el contrato {contract_id}, prioridad {priority}. Primera respuesta como tarde el {first_due}; resolución prevista como tarde el {resolution_due} (horario laboral).",
        "en": "Case {case_id} raised under contract {contract_id}, priority {priority}. First response by {first_due} at the latest; resolution target {resolution_due} (business hours).",
    },
    "ask_vendor": {
        "es": "¿De qué producto o proveedor externo se trata? (por ejemplo NAS Synology, servidor MySQL, Windows Terminal Server)",
        "en": "Which third-party product or vendor is it? (for example Synology NAS, MySQL server, Windows Terminal Server)",
    },
    "ask_vendor_consent": {
        "es": "{vendor} es un producto de terceros que no mantenemos nosotros. Para ayudarte tendría que pasar tu caso, con tu descripción y tu correo, a ese proveedor externo. ¿Estás de acuerdo?",
        "en": "{vendor} is a third-party product we don't maintain. To help you I would have to pass your case, with your description and e-mail, to that external party. Do you agree?",
        "buttons": YES_NO,
    },
    "vendor_created": {
        "es": "Caso {case_id} abierto y derivado a {vendor} con tu consentimiento. Te escribiremos a {email} como tarde el {due}.",
        "en": "Case {case_id} raised and handed to {vendor} with your consent. We will write to {email} by {due} at the latest.",
    },
    "vendor_declined": {
        "es": "De acuerdo: no he pasado nada a terceros y no se ha creado ningún caso. Si cambias de opinión, vuelve a pedírmelo.",
        "en": "OK: nothing was passed to a third party and no case was created. If you change your mind, just ask again.",
    },
    "ask_case_id": {
        "es": "¿Cuál es el número del caso? (por ejemplo T-000123)",
        "en": "What is the case number? (for example T-000123)",
    },
    "invalid_case_id": {
        "es": "«{value}» no es un número de caso. Tiene esta forma: T-000123, CB-000123, SLA-000123 o V-000123.",
        "en": "“{value}” is not a case number. It looks like T-000123, CB-000123, SLA-000123 or V-000123.",
    },
    "case_status": {
        "es": "El caso {case_id} ({subject}) está {status}. {due_text}",
        "en": "Case {case_id} ({subject}) is {status}. {due_text}",
    },
    "case_not_found": {
        "es": "No encuentro ningún caso con ese número y ese correo. Comprueba los dos datos; si el caso se abrió con otro correo, escríbeme con ese.",
        "en": "I can't find a case with that number and that e-mail. Please check both; if the case was opened with another address, use that one.",
    },
    "no_agent_online": {
        "es": "Ahora mismo no hay ningún agente conectado. {back} Puedo abrir un ticket con toda esta conversación para que una persona te responda por correo. ¿Lo abro?",
        "en": "No agent is online right now. {back} I can open a ticket with this whole conversation so that a person answers you by e-mail. Shall I open it?",
        "buttons": YES_NO,
    },
    # -- hand-off to a person (issue 9) ------------------------------------------------------
    "agents_back": {
        "es": "El equipo vuelve el {when} (hora de {timezone}).",
        "en": "The team is back on {when} ({timezone} time).",
    },
    "agents_busy": {
        "es": "Es horario de atención, pero todo el equipo está ocupado.",
        "en": "It is within opening hours, but the whole team is busy.",
    },
    "handoff_queued": {
        "es": "Te paso con una persona del equipo. Eres el número {position} en la cola; te responderá aquí mismo en cuanto pueda, y ya tendrá todo lo que me has contado.",
        "en": "I'm passing you to a person from the team. You are number {position} in the queue; they will answer you right here as soon as they can, with everything you told me.",
    },
    "handoff_joined": {
        "es": "{agent}, del equipo de soporte, se ha unido a la conversación.",
        "en": "{agent} from the support team has joined the conversation.",
    },
    "handoff_released": {
        "es": "Vuelves a hablar con el asistente virtual. ¿Te ayudo con algo más?",
        "en": "You are talking to the virtual assistant again. Can I help with anything else?",
    },
    "handoff_not_taken": {
        "es": "Lo siento, ahora nadie del equipo puede atenderte. Puedo abrir un ticket con toda esta conversación para que una persona te responda por correo. ¿Lo abro?",
        "en": "Sorry, nobody from the team can take this right now. I can open a ticket with this whole conversation so that a person answers you by e-mail. Shall I open it?",
        "buttons": YES_NO,
    },
    "fallback_to_person": {
        "es": "Sigo sin entenderte, lo siento.",
        "en": "I still don't understand, sorry.",
    },
    "escalate": {
        "es": "Entendido, lo paso al siguiente nivel de soporte: {level_name}. Ya tengo lo que me has contado.",
        "en": "Understood, I'm moving this up to the next support level: {level_name}. I already have what you told me.",
    },
    "glad_it_helped": {
        "es": "¡Me alegro de que te sirviera! ¿Algo más?",
        "en": "Glad it helped! Anything else?",
    },
    "offer_declined": {
        "es": "De acuerdo. ¿Te ayudo con otra cosa?",
        "en": "OK. Can I help with something else?",
    },
    "kb_feedback": {
        "es": "¿Te sirvió?",
        "en": "Did this help?",
        "buttons": YES_NO,
    },
    "kb_abstain": {
        "es": "No tengo ningún artículo que responda a eso. Puedo abrir un ticket con tu pregunta o pasarte con una persona.",
        "en": "I don't have an article that answers that. I can open a ticket with your question or pass you to a person.",
        "buttons": [
            ("Abrir un ticket", "Open a ticket", "/affirm"),
            ("Hablar con una persona", "Talk to a person", "/request_human"),
        ],
    },
    "kb_next_article": {
        "es": "Vaya. Quizá te sirva este otro artículo:",
        "en": "Sorry about that. Maybe this other article helps:",
    },
    "ask_rephrase": {
        "es": "No estoy seguro de haberte entendido. ¿Te refieres a alguna de estas opciones? Si no, dímelo con otras palabras.",
        "en": "I'm not sure I understood. Do you mean one of these? If not, please say it in other words.",
    },
    "fallback_offer": {
        "es": "Sigo sin entenderte, lo siento. Puedo abrir un ticket con lo que me has escrito o pasarte con una persona.",
        "en": "I still don't understand, sorry. I can open a ticket with what you wrote or pass you to a person.",
        "buttons": [
            ("Abrir un ticket", "Open a ticket", "/affirm"),
            ("Hablar con una persona", "Talk to a person", "/request_human"),
        ],
    },
}


def render(key: str, language: str, **values: Any) -> str:
    """The text of message `key` in `language`, with its placeholders filled."""
    template = MESSAGES[key][language]
    return template.format(**values) if values else template


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str,
        buttons: Optional[List[Dict[str, str]]] = None, **values: Any) -> None:
    """Send message `key` in the conversation's language, with its buttons (or `buttons`)."""
    language = language_of(tracker)
    column = 1 if language == "en" else 0
    if buttons is None:
        buttons = [{"title": b[column], "payload": b[2]} for b in MESSAGES[key].get("buttons", [])]
    dispatcher.utter_message(text=render(key, language, **values), buttons=buttons or [])


def say_nothing_was_saved(dispatcher: CollectingDispatcher, tracker: Tracker, what: str,
                          error: Exception) -> None:
    """Log why `what` failed (a CaseError's code, else the error's class; never customer
    data) and tell the customer that nothing was created."""
    reason = error.code if isinstance(error, CaseError) else error.__class__.__name__
    logger.error("%s: %s", what, reason)
    say(dispatcher, tracker, "something_went_wrong")
