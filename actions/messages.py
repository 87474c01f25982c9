"""What the custom actions say, in Spanish and English.

Rule-level replies (greeting, goodbye…) live in domain.yml as responses with an
English variation; everything an action or a form prompt says lives here: whole
messages in MESSAGES, and the small vocabularies they are built from (statuses,
priorities, categories, level names, weekdays…) in LABELS. So the wording of a
language sits in one file and `rasa data validate` sees no unused responses.
Placeholders are filled with str.format.
"""

from __future__ import annotations

import logging
import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from bot.cases.service import CaseError

logger = logging.getLogger(__name__)

Button = Tuple[str, str, str]  # (Spanish title, English title, payload)
YES_NO: List[Button] = [("Sí", "Yes", "/affirm"), ("No", "No", "/deny")]

MESSAGES: Dict[str, Dict[str, Any]] = {
    "form_left_for_question": {
        "es": "De acuerdo, lo dejamos aquí: no he creado nada. Sobre tu pregunta:",
        "en": "OK, let's leave it there: I haven't created anything. About your question:",
    },
    "withdraw_case_offer": {
        "es": "Ahora mismo no hay nada a medias. Sí sigue abierto el caso {case_id} ({subject}). ¿Quieres que lo cancele?",
        "en": "Nothing is in progress right now, but case {case_id} ({subject}) is still open. Shall I cancel it?",
        "buttons": [("Sí, cancélalo", "Yes, cancel it", "/affirm"), ("No, déjalo", "No, keep it", "/deny")],
    },
    "case_withdrawn": {
        "es": "Hecho: he cancelado el caso {case_id}. Si vuelve a pasar, escríbeme. ¿Te ayudo con otra cosa?",
        "en": "Done: case {case_id} is cancelled. If it happens again, just write. Can I help with anything else?",
    },
    "case_kept": {
        "es": "De acuerdo, el caso {case_id} sigue abierto. ¿Te ayudo con otra cosa?",
        "en": "OK, case {case_id} stays open. Can I help with anything else?",
    },
    "nothing_to_cancel": {
        "es": "No hay nada en curso que cancelar. ¿En qué te ayudo?",
        "en": "There is nothing in progress to cancel. How can I help?",
    },
    "story_in_call": {
        "es": "Gracias por contármelo; el técnico lo verá contigo en la llamada.",
        "en": "Thanks for telling me; the technician will go through it with you on the call.",
    },
    "details_for_open_case": {
        "es": "Tomo nota. Tu caso {case_id} ya está abierto: si quieres añadir algo más, responde al correo que te enviaremos.",
        "en": "Noted. Your case {case_id} is already open: to add anything else, reply to the e-mail we send you.",
    },
    "answer_yes_or_no": {
        "es": "Para seguir necesito un sí o un no.",
        "en": "To go on I need a yes or a no.",
    },
    # A question about prices asked inside a form (the articles hold no prices).
    "price_question": {
        "es": "No tengo precios en la base de conocimientos: los precios y presupuestos los da el equipo comercial, y puedes pedírselos en un ticket cuando terminemos con esto.",
        "en": "I don't have prices in the knowledge base: prices and quotes come from the sales team, and you can ask them in a ticket once we've finished here.",
    },
    # A question about this product asked inside a form that no article answers: where it can still be asked.
    "side_question_no_article": {
        "es": "No tengo ningún artículo que responda a eso; cuando terminemos con esto puedo abrirte un ticket con la pregunta.",
        "en": "I don't have an article that answers that; once we've finished here I can open a ticket with your question.",
    },
    "side_question_no_article_callback_form": {
        "es": "No tengo ningún artículo que responda a eso; pregúntaselo al técnico en la llamada.",
        "en": "I don't have an article that answers that; ask the technician on the call.",
    },
    "side_question_no_article_ticket_form": {
        "es": "No tengo ningún artículo que responda a eso; si quieres, añádelo a la descripción y el equipo te lo contesta.",
        "en": "I don't have an article that answers that; if you like, add it to the description and the team will answer it.",
    },
    "side_question_no_article_sla_case_form": {
        "es": "No tengo ningún artículo que responda a eso; si quieres, añádelo a la descripción del caso y el experto te lo contesta.",
        "en": "I don't have an article that answers that; if you like, add it to the case's description and the expert will answer it.",
    },
    "side_question_outside": {
        "es": "Con eso no puedo ayudarte: solo atiendo el soporte de PaperOffice.",
        "en": "I can't help with that: I only handle PaperOffice support.",
    },
    # A question about the request itself ("¿cuánto suele tardar?", "will I get a copy?"), per form.
    "next_steps_ticket_form": {
        "es": "Cuando lo abra te doy aquí el número del ticket y el equipo te contesta por correo; la primera respuesta llega en un máximo de 8 horas hábiles.",
        "en": "Once it is open you get the ticket number here and the team answers you by e-mail; the first answer comes within 8 business hours.",
    },
    "next_steps_callback_form": {
        "es": "En cuanto reservemos la llamada te doy aquí el número del caso y un técnico te llama a la hora acordada.",
        "en": "As soon as the call is booked you get the case number here, and a technician calls you at the agreed time.",
    },
    # the number our call shows is the operator's doing: no number is promised here
    "caller_number": {
        "es": "El técnico te llama desde la línea de soporte. El número que ves depende del operador: "
              "puede salir como número fijo o como oculto, así que contesta a la hora acordada aunque no lo reconozcas.",
        "en": "The technician calls you from our support line. The number you see depends on the phone operator: "
              "it may show as a landline or as a private number, so please pick up at the agreed time even if you don't recognise it.",
    },
    # a call that may not be ours (someone claiming to be us, a password asked for): a warning, never "answer anyway"
    "suspicious_call": {
        "es": "Nunca te pedimos la contraseña, ni por teléfono ni por ningún otro medio. No la des: "
              "cuelga y escríbenos por este chat para comprobarlo.",
        "en": "We never ask for your password, by phone or any other way. Don't give it: "
              "hang up and contact us through this chat so we can check.",
    },
    "next_steps_sla_case_form": {
        "es": "Con un contrato válido el caso tiene los plazos de tu contrato según la prioridad; te doy aquí su número y sus plazos, y las respuestas te llegan por correo.",
        "en": "With a valid contract the case gets your contract's response times for its priority; you get its number and due times here, and the answers by e-mail.",
    },
    "next_steps_vendor_case_form": {
        "es": "Si me das tu permiso, abro el caso y se lo paso al fabricante; te escribimos por correo en un máximo de 16 horas hábiles.",
        "en": "If you agree, I raise the case and pass it on to the maker; we write to you by e-mail within 16 business hours.",
    },
    "next_steps_case_status_form": {
        "es": "Con el número del caso y tu correo te digo al momento en qué estado está.",
        "en": "With the case number and your e-mail I tell you its status straight away.",
    },
    "form_cancelled": {
        "es": "De acuerdo, lo he cancelado y no he guardado nada. ¿Te ayudo con otra cosa?",
        "en": "OK, I cancelled it and saved nothing. Can I help with something else?",
    },
    "own_database_is_level_3": {
        "es": "Un problema con la base de datos de PaperOffice, con contrato de soporte, lo lleva nuestro equipo especializado (nivel 3), no un fabricante externo: no paso nada a terceros. Abro un caso con tu contrato.",
        "en": "A problem with PaperOffice's database under a support contract is handled by our own specialist team (level 3), not an outside vendor: nothing is passed to a third party. I'll open a case under your contract.",
    },
    "call_to_ticket": {
        "es": "De acuerdo, sin llamada: no he reservado nada. Te abro un ticket y te respondemos por escrito.",
        "en": "All right, no call: nothing is booked. I'll open a ticket and we'll answer you in writing.",
    },
    "form_declined": {
        "es": "De acuerdo, lo dejamos así: no he creado nada. ¿Te ayudo con otra cosa?",
        "en": "OK, we'll leave it there: I haven't created anything. Can I help with anything else?",
    },
    "something_went_wrong": {
        "es": "Lo siento, ahora mismo no puedo guardar tu solicitud y no se ha creado nada. Inténtalo de nuevo en unos minutos.",
        "en": "Sorry, I can't save your request right now and nothing was created. Please try again in a few minutes.",
    },
    "form_deferred": {
        "es": "De acuerdo, lo dejamos aquí: no he creado nada. Cuando quieras seguir, dímelo y retomamos donde lo dejamos.",
        "en": "OK, let's leave it here: nothing was created. When you want to carry on, just tell me and we'll pick up where we left off.",
    },
    "suggestion_thanks": {
        "es": "¡Gracias por la sugerencia! La paso tal cual al equipo de producto, que revisa todas las propuestas. (No abro un ticket: no hace falta que esperes respuesta.)",
        "en": "Thanks for the suggestion! I'm passing it on as it is to the product team, who review every proposal. (I'm not opening a ticket: no need to wait for a reply.)",
    },
    "rating_ask": {
        "es": "¿Qué tal te hemos atendido? Toca del 1 (mal) al 5 (muy bien), o escribe la nota con un comentario, p. ej. «4, muy rápido».",
        "en": "How did we do? Tap 1 (poor) to 5 (very good), or type the score with a comment, e.g. “4, very quick”.",
        # `inform` with a `rating` entity: numbers are data, and the NLU needs no rating intent
        "buttons": [(str(n), str(n), '/inform{"rating": "%d"}' % n) for n in range(1, 6)],
    },
    "rating_thanks": {
        "es": "¡Gracias por tu valoración! Si quieres contarnos por qué, escribe la nota con un comentario (p. ej. «4, muy rápido»); si no, dime en qué más te ayudo.",
        "en": "Thanks for rating us! If you'd like to tell us why, type the score with a comment (e.g. “4, very quick”); otherwise, tell me what else I can do for you.",
    },
    "rating_thanks_with_comment": {
        "es": "¡Gracias por tu valoración y tu comentario! Se lo paso al equipo.",
        "en": "Thanks for your rating and your comment! I'm passing them on to the team.",
    },
    "rating_comment_thanks": {
        "es": "Gracias, he añadido tu comentario a la valoración.",
        "en": "Thanks, I've added your comment to the rating.",
    },
    "how_can_i_help": {
        "es": "Gracias. ¿En qué puedo ayudarte?",
        "en": "Thanks. How can I help you?",
    },
    "form_left_goodbye": {
        "es": "De acuerdo, lo dejamos aquí: no he creado nada. Si más adelante quieres seguir, escríbeme. ¡Hasta pronto!",
        "en": "OK, let's leave it here: nothing was created. If you want to carry on later, just write to me. Goodbye!",
    },
    "later_is_fine": {
        "es": "De acuerdo, sin problema. Aquí estaré cuando quieras seguir.",
        "en": "OK, no problem. I'll be here when you want to carry on.",
    },
    "contract_number_where": {
        "es": "El número de contrato de soporte empieza por SC- seguido de cifras (por ejemplo SC-1001). Viene en el contrato de soporte y en el correo que lo confirmó; si no lo tienes a mano, pídeselo a quien gestiona el contrato en tu empresa. Y si no tenéis contrato, dímelo: un técnico puede llamarte.",
        "en": "Your support contract number starts with SC- followed by digits (for example SC-1001). It is on the support contract and in the e-mail that confirmed it; if you don't have it at hand, ask whoever manages the contract at your company. And if you have no contract, just say so: a technician can call you.",
    },
    "take_your_time": {
        "es": "Claro, sin prisa.",
        "en": "Sure, take your time.",
    },
    "not_understood_in_form": {
        "es": "No he entendido eso como {what}.",
        "en": "I didn't understand that as {what}.",
    },
    "form_way_out": {
        "es": "Si prefieres, puedes escribir «cancelar» o pedir hablar con una persona.",
        "en": "If you prefer, you can type “cancel” or ask to talk to a person.",
        "buttons": [("Cancelar", "Cancel", "/cancel"), ("Hablar con una persona", "Talk to a person", "/request_human")],
    },
    "language_switched": {
        "es": "De acuerdo, seguimos en español.",
        "en": "Sure, let's continue in English.",
    },
    "languages_we_speak": {
        "es": "Lo siento, no puedo atenderte en {asked}: solo hablo español e inglés. Sigo en español; si prefieres inglés, dímelo.",
        "en": "Sorry, I can't help you in {asked}: I only speak Spanish and English. I'll carry on in English; if you'd rather use Spanish, just say so.",
    },
    "resume_offer": {
        "es": "¿Retomamos tu solicitud donde la dejamos?",
        "en": "Shall we pick up your request where we left it?",
        "buttons": [("Sí", "Yes", "/affirm"), ("No", "No", "/deny")],
    },
    "service_unavailable": {
        "es": "Lo siento, ahora mismo no puedo atender tu mensaje. Lo he guardado y seguiré donde lo dejamos en cuanto vuelva a funcionar: escríbeme de nuevo en un par de minutos.",
        "en": "Sorry, I can't handle your message right now. I've kept it and will carry on where we left off as soon as I'm working again: please write again in a couple of minutes.",
    },
    "message_too_long": {
        "es": "Tu mensaje es demasiado largo (más de {limit} caracteres) y no lo he leído. Escríbelo más corto, por favor; si es un registro o un error largo, cuéntame lo esencial.",
        "en": "Your message is too long (over {limit} characters), so I didn't read it. Please send a shorter one; for a long log or error, tell me the essentials.",
    },
    "rate_limited": {
        "es": "Estás enviando mensajes muy deprisa. Espera unos segundos y vuelve a escribirme.",
        "en": "You're sending messages very quickly. Please wait a few seconds and write again.",
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
        "es": "¿Sobre qué es la consulta: facturación, actualización, licencia / edición u otra cosa?",
        "en": "What is the request about: billing, an update, your licence / edition, or something else?",
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
    "value_does_not_fit": {
        "es": "Eso no responde a mi pregunta, así que no lo he guardado.",
        "en": "That doesn't answer my question, so I haven't kept it.",
    },
    "description_too_short": {
        "es": "Necesito un poco más de detalle (al menos unas palabras) para que el equipo pueda ayudarte.",
        "en": "I need a little more detail (at least a few words) so the team can help you.",
    },
    # What a form's question means, with an example, for a customer who did not understand it.
    "help_requester_name": {
        "es": "Un técnico te llamará por teléfono; necesito saber por quién preguntar. Escríbeme tu nombre, por ejemplo «Marta Ruiz».",
        "en": "A technician will phone you, so I need to know who to ask for. Just write your name, for example “Marta Ruiz”.",
    },
    "help_phone": {
        "es": "Necesito el número al que te llamará el técnico, por ejemplo «612 345 678» o «+34 612 345 678».",
        "en": "I need the number the technician should call, for example “+44 7700 900123” or “612 345 678”.",
    },
    "help_callback_slot": {
        "es": "Dime qué día y a qué hora te viene bien la llamada, dentro del horario de soporte; por ejemplo «mañana a las 10».",
        "en": "Tell me which day and time suit you for the call, within support hours; for example “tomorrow at 10am”.",
    },
    "help_email": {
        "es": "Necesito tu correo electrónico para enviarte las respuestas del caso, por ejemplo «marta@empresa.es».",
        "en": "I need your e-mail address to send you the answers on this case, for example “marta@company.com”.",
    },
    "help_contract_id": {
        "es": "Es el número de vuestro contrato de soporte; suele empezar por SC, por ejemplo «SC-1234». Si no tenéis contrato, dímelo.",
        "en": "It is your support contract's number; it usually starts with SC, for example “SC-1234”. If you have no contract, just say so.",
    },
    "help_priority": {
        "es": "Dime cuánto os urge: crítica (no podéis trabajar), alta, normal o baja. Por ejemplo «alta».",
        "en": "Tell me how urgent it is: critical (you cannot work), high, normal or low. For example “high”.",
    },
    "help_description": {
        "es": "Cuéntame con tus palabras qué ocurre o qué necesitas, por ejemplo «al escanear, el OCR no reconoce el texto».",
        "en": "Tell me in your own words what happens or what you need, for example “when I scan, OCR recognises no text”.",
    },
    "help_ticket_category": {
        "es": "Es el tema del ticket, para pasarlo a quien corresponde: facturación, actualización, licencia u otro. Por ejemplo «facturación».",
        "en": "It is the ticket's topic, so the right team gets it: billing, update, licence or other. For example “billing”.",
    },
    "help_vendor": {
        "es": "Es el programa de otro fabricante que falla junto con PaperOffice, por ejemplo «DATEV» o «Microsoft Outlook».",
        "en": "It is the other maker's program that fails together with PaperOffice, for example “DATEV” or “Microsoft Outlook”.",
    },
    "help_case_id": {
        "es": "Es el número que te dimos al abrir el caso, por ejemplo «T-000042».",
        "en": "It is the number you were given when the case was opened, for example “T-000042”.",
    },
    "help_yes_no": {
        "es": "Solo necesito un sí o un no: «sí» para seguir, «no» para dejarlo.",
        "en": "I just need a yes or a no: “yes” to go ahead, “no” to leave it.",
    },
    "value_corrected": {
        "es": "Entendido, lo cambio.",
        "en": "Got it, I've changed that.",
    },
    "description_added": {
        "es": "Lo añado a la descripción.",
        "en": "I've added that to the description.",
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
    "confirm_callback": {
        "es": "Voy a reservar esta llamada:\n- Nombre: {name}\n- Teléfono: {phone}\n- Cuándo: {slot} (hora de {timezone})\n¿La reservo?",
        "en": "I'm going to book this call:\n- Name: {name}\n- Phone: {phone}\n- When: {slot} ({timezone} time)\nShall I book it?",
        "buttons": YES_NO,
    },
    "callback_window": {
        "es": "Las llamadas se reservan en franjas de {minutes} minutos: el técnico te llamará entre las {start} y las {end}.",
        "en": "Calls are booked in {minutes}-minute slots: the technician will call you between {start} and {end}.",
    },
    "confirm_sla_case": {
        "es": "Voy a abrir este caso de soporte:\n- Contrato: {contract_id}\n- Correo: {email}\n- Prioridad: {priority}\n- Descripción: {description}\n¿Lo abro?",
        "en": "I'm going to open this support case:\n- Contract: {contract_id}\n- E-mail: {email}\n- Priority: {priority}\n- Description: {description}\nShall I open it?",
        "buttons": YES_NO,
    },
    "callback_not_booked": {
        "es": "Entendido, no he reservado ninguna llamada. Si quieres otra hora u otro teléfono, pídeme la llamada de nuevo. ¿Te ayudo con otra cosa?",
        "en": "Understood, I have not booked any call. If you want another time or number, just ask for the call again. Can I help with something else?",
    },
    "sla_case_not_filed": {
        "es": "Entendido, no he abierto el caso. ¿Te ayudo con otra cosa?",
        "en": "Understood, I did not open the case. Can I help with something else?",
    },
    "callback_form_confirm_explained": {
        "es": "Si me dices que sí, reservo la llamada y un técnico te llama a esa hora; si me dices que no, no se reserva nada.",
        "en": "If you say yes, I book the call and a technician calls you at that time; if you say no, nothing is booked.",
    },
    "sla_case_form_confirm_explained": {
        "es": "Si me dices que sí, abro el caso con estos datos bajo tu contrato y el equipo responde en los plazos de tu prioridad; si me dices que no, no se crea nada.",
        "en": "If you say yes, I open the case with these details under your contract and the team answers within your priority's times; if you say no, nothing is created.",
    },
    "ticket_not_created": {
        "es": "Entendido, no he abierto el ticket. ¿Te ayudo con otra cosa?",
        "en": "Understood, I did not open the ticket. Can I help with something else?",
    },
    "ask_requester_name": {
        "es": "Para la llamada, ¿cuál es tu nombre?",
        "en": "For the call, what is your name?",
    },
    "invalid_requester_name": {
        "es": "Escríbeme solo tu nombre, por ejemplo «Marta Ruiz».",
        "en": "Please type just your name, for example “Mary Jones”.",
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
        "es": "No he entendido el día o la hora. Prueba con «mañana a las 10», «el jueves que viene por la tarde» o «15/12 a las 10».",
        "en": "I didn't understand the day or time. Try “tomorrow 3pm”, “next Tuesday at 10:30 am” or “December 3rd at 9”.",
    },
    "callback_time_past": {
        "es": "Esa hora ya ha pasado o está demasiado cerca para organizar la llamada. Las próximas franjas libres son: {alternatives}.",
        "en": "That time is already past, or too soon to arrange the call. The next free slots are: {alternatives}.",
    },
    "callback_time_closed": {
        "es": "A esa hora estamos cerrados: atendemos {hours} (hora de Madrid). Las franjas libres más cercanas son: {alternatives}.",
        "en": "We are closed at that time: our hours are {hours} (Madrid time). The nearest free slots are: {alternatives}.",
    },
    "callback_day_closed": {
        "es": "El {day} estamos cerrados todo el día: atendemos {hours} (hora de Madrid). Las franjas libres más cercanas son: {alternatives}.",
        "en": "We are closed all day on {day}: our hours are {hours} (Madrid time). The nearest free slots are: {alternatives}.",
    },
    "callback_free_slots": {
        "es": "Las franjas libres más cercanas son: {alternatives}.",
        "en": "The nearest free slots are: {alternatives}.",
    },
    "opening_hours_from_calendar": {
        "es": "Atendemos {hours} (hora de {city}), salvo festivos. Este asistente responde a cualquier hora.",
        "en": "Our hours are {hours} ({city} time), except public holidays. This assistant answers at any time.",
    },
    "callback_time_full": {
        "es": "Esa franja ya está completa. Las franjas libres más cercanas son: {alternatives}.",
        "en": "That slot is already full. The nearest free slots are: {alternatives}.",
    },
    "callback_time_taken": {
        "es": "Alguien acaba de reservar esa franja. Las franjas libres más cercanas son: {alternatives}.",
        "en": "Someone has just booked that slot. The nearest free slots are: {alternatives}.",
    },
    "ask_callback_time_again": {
        "es": "¿Cuál te viene bien? También puedes escribirme otro día y hora.",
        "en": "Which one suits you? You can also type another day and time.",
    },
    "callback_booked": {
        "es": "Reservado: {case_id}. Un técnico te llamará al {phone} el {slot} (hora de {timezone}).",
        "en": "Booked: {case_id}. A technician will call you on {phone} on {slot} ({timezone} time).",
    },
    "contract_explained": {
        "es": "Un contrato de soporte es un acuerdo aparte de la licencia del programa: da acceso a especialistas (nivel 3) con tiempos de respuesta garantizados. La licencia sola no lo incluye.",
        "en": "A support contract is an agreement separate from the program licence: it gives access to specialists (level 3) with guaranteed response times. A licence alone doesn't include one.",
    },
    "no_contract_offer": {
        "es": "Sin contrato de soporte no puedo abrir un caso de nivel 3, pero un técnico puede llamarte y ayudarte (nivel 2). ¿Quieres que te llamemos?",
        "en": "Without a support contract I can't raise a level-3 case, but a technician can call you and help (level 2). Would you like a call?",
        "buttons": YES_NO,
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
    "priority_explained": {
        "es": "La prioridad dice cuánto te afecta y fija los plazos de tu contrato (primera respuesta, en horas laborables):\n{lines}",
        "en": "The priority says how much it affects you and sets your contract's targets (first response, in business hours):\n{lines}",
    },
    "priority_line": {
        "es": "• {priority}: {meaning}{target}",
        "en": "• {priority}: {meaning}{target}",
    },
    "priority_target": {
        "es": " (primera respuesta en {hours} h, resolución en {resolution} h)",
        "en": " (first response within {hours} h, resolution within {resolution} h)",
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
        "es": "{vendor} es un producto de terceros que no mantenemos nosotros. Para que te ayude su fabricante tendría que pasarle tu caso: la descripción del problema, el nombre del producto y tu correo electrónico, nada más. ¿Estás de acuerdo? Si aún no lo sabes, dime «todavía no» y lo decides luego.",
        "en": "{vendor} is a third-party product we don't maintain. For its maker to help you I would have to pass your case on to them: the description of the problem, the product name and your e-mail address, nothing else. Do you agree? If you're not sure yet, say “not yet” and decide later.",
        "buttons": [("Sí, de acuerdo", "Yes, I agree", "/affirm"), ("No", "No", "/deny"),
                    ("Todavía no", "Not yet", "/defer")],
    },
    "ticket_confirm_explained": {
        "es": "Si me dices que sí, abro el ticket con estos datos y el equipo te contesta por correo; si me dices que no, no se crea nada.",
        "en": "If you say yes, I open the ticket with these details and the team answers you by e-mail; if you say no, nothing is created.",
    },
    "vendor_sharing_explained": {
        "es": "Al proveedor externo le pasaríamos solo la descripción del problema que me des, el nombre del producto y tu correo electrónico para que te conteste. Nada de tus documentos ni de tu cuenta, y nada sin tu sí.",
        "en": "We would pass the external vendor only the description of the problem you give me, the product name and your e-mail address so that they can reply. None of your documents or account data, and nothing without your yes.",
    },
    "vendor_consent_later": {
        "es": "De acuerdo, no paso nada a terceros por ahora y no he creado ningún caso. Cuando lo hayas consultado, dime «adelante» y seguimos.",
        "en": "OK, nothing goes to a third party for now and no case was created. Once you've checked, just say “go ahead” and we'll continue.",
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
        "es": "«{value}» no es un número de caso. Tiene esta forma: T-000123 o simplemente 123.",
        "en": "“{value}” is not a case number. It looks like T-000123, or just 123.",
    },
    # "¿cuánto tardáis en contestar?" with no case of this conversation to look up: the targets, and how to ask about a case.
    "response_times": {
        "es": "Un ticket recibe la primera respuesta en un máximo de {hours} horas hábiles ({opening}); una llamada se hace a la hora que reserves, y con contrato de soporte rigen los plazos del contrato. Si ya tienes un caso, dime su número y el correo con el que lo abriste y te digo cómo va.",
        "en": "A ticket gets its first answer within {hours} business hours ({opening}); a call happens at the time you book, and with a support contract its own targets apply. If you already have a case, tell me its number and the e-mail it was opened with and I'll tell you how it's going.",
    },
    "call_cannot_move": {
        "es": "Tu llamada {case_id} está reservada para el {when}. No puedo cambiarle la hora desde aquí; si no te viene bien, puedo cancelarla y luego reservas otra para cuando te venga mejor. ¿La cancelo?",
        "en": "Your call {case_id} is booked for {when}. I can't move it from here; if that time doesn't suit you, I can cancel it and you can then book another for a better time. Shall I cancel it?",
        "buttons": [("Sí, cancélala", "Yes, cancel it", "/affirm"), ("No, déjala", "No, keep it", "/deny")],
    },
    "case_due_callback": {
        "es": "Te llamaremos el {when}.",
        "en": "We will call you on {when}.",
    },
    "case_due_first_response": {
        "es": "Primera respuesta prevista como tarde el {when}.",
        "en": "First response due by {when} at the latest.",
    },
    "case_status": {
        "es": "El caso {case_id} ({subject}) está {status}. {due_text}",
        "en": "Case {case_id} ({subject}) is {status}. {due_text}",
    },
    "email_not_on_file": {
        "es": "Lo siento, desde este chat no veo los datos de tu compra ni tu correo. Escríbemelo aquí, por favor, y lo usamos para el caso.",
        "en": "Sorry, from this chat I can't see your purchase details or your e-mail. Please type it here and we'll use it for the case.",
    },
    "status_lookup_later": {
        "es": "De acuerdo. Cuando tengas el número del caso y el correo con el que se abrió, escríbemelos aquí y lo miro.",
        "en": "All right. When you have the case number and the e-mail it was opened with, write them here and I'll look it up.",
    },
    "status_lookup_private": {
        "es": "Lo siento, por seguridad solo puedo dar el estado de un caso a quien da su número y el correo con el que se abrió. Si lo abrió otra persona, ella puede consultarlo o darte esos datos.",
        "en": "Sorry, for security I can only give a case's status to someone who gives its number and the e-mail it was opened with. If someone else opened it, they can check it or give you those details.",
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
        "es": "¡Me alegro de que te sirviera!",
        "en": "Glad it helped!",
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
    "kb_feedback_last": {
        "es": "¿Te sirvió este?",
        "en": "Did this one help?",
        "buttons": YES_NO,
    },
    "kb_ticket_offer_no_article": {
        "es": "Siento no tener un artículo que lo responda. ¿Quieres que abra un ticket con tu pregunta? Así la revisa una persona.",
        "en": "Sorry I have no article that answers it. Would you like me to open a ticket with your question? A person will then look into it.",
        "buttons": YES_NO,
    },
    "kb_ticket_offer": {
        "es": "Siento no haber dado con la respuesta. ¿Quieres que abra un ticket con tu pregunta y los artículos que probaste? Así lo revisa una persona.",
        "en": "Sorry I couldn't find the answer. Would you like me to open a ticket with your question and the articles you tried? A person will then look into it.",
        "buttons": YES_NO,
    },
    "call_offer_declined": {
        "es": "De acuerdo, no reservo ninguna llamada: no he creado nada. Si más adelante la necesitas, dímelo. ¿Te ayudo con otra cosa?",
        "en": "OK, I won't book a call: nothing has been created. If you need one later, just tell me. Can I help with anything else?",
    },
    "ticket_offer_declined": {
        "es": "De acuerdo, no abro nada. Si más adelante lo necesitas, dímelo. ¿Te ayudo con otra cosa?",
        "en": "OK, I won't open anything. If you need it later, just tell me. Can I help with anything else?",
    },
    "kb_abstain": {
        "es": "No tengo ningún artículo que responda a eso. Puedo abrir un ticket con tu pregunta o pasarte con una persona.",
        "en": "I don't have an article that answers that. I can open a ticket with your question or pass you to a person.",
        "buttons": [
            ("Abrir un ticket", "Open a ticket", "/affirm"),
            ("Hablar con una persona", "Talk to a person", "/request_human"),
        ],
    },
    # A "no, it did not help" that added context, and the search with it found another article.
    "kb_refined_article": {
        "es": "Con lo que me cuentas, quizá te sirva este artículo:",
        "en": "With what you've told me, this article may help:",
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


#: Small vocabularies messages are built from: LABELS[table][language][key].
LABELS: Dict[str, Dict[str, Dict[Any, str]]] = {
    #: Languages the assistant does not speak, by code (bot.answers.OTHER_LANGUAGE_NAMES).
    "other_language": {
        "es": {"fr": "francés", "de": "alemán", "it": "italiano", "pt": "portugués", "ca": "catalán", "eu": "euskera",
               "gl": "gallego", "nl": "neerlandés", "zh": "chino", "ja": "japonés", "ru": "ruso", "ar": "árabe",
               "pl": "polaco"},
        "en": {"fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese", "ca": "Catalan", "eu": "Basque",
               "gl": "Galician", "nl": "Dutch", "zh": "Chinese", "ja": "Japanese", "ru": "Russian", "ar": "Arabic",
               "pl": "Polish"},
    },
    "case_status": {
        "es": {"open": "abierto", "scheduled": "programado", "in_progress": "en curso", "waiting": "a la espera",
               "closed": "cerrado", "cancelled": "cancelado"},
        "en": {"open": "open", "scheduled": "scheduled", "in_progress": "in progress", "waiting": "waiting",
               "closed": "closed", "cancelled": "cancelled"},
    },
    "priority": {
        "es": {"critical": "crítica", "high": "alta", "normal": "normal", "low": "baja"},
        "en": {"critical": "critical", "high": "high", "normal": "normal", "low": "low"},
    },
    #: What each priority means, for "¿qué diferencia hay entre alta y crítica?".
    "priority_meaning": {
        "es": {"critical": "nadie puede trabajar o el servicio está parado", "high": "una parte importante del trabajo "
               "está bloqueada y no hay alternativa", "normal": "molesta, pero se puede seguir trabajando",
               "low": "una consulta o algo que puede esperar"},
        "en": {"critical": "nobody can work or the service is down", "high": "an important part of the work is "
               "blocked with no workaround", "normal": "annoying, but work can go on",
               "low": "a question or something that can wait"},
    },
    "ticket_category": {
        "es": {"billing": "facturación", "update": "actualización", "licence": "licencia / edición", "other": "otro"},
        "en": {"billing": "billing", "update": "update", "licence": "licence / edition", "other": "other"},
    },
    "level": {
        "es": {1: "ticket (nivel 1)", 2: "llamada de un técnico (nivel 2)", 3: "caso con contrato de soporte (nivel 3)",
               4: "caso con el proveedor externo (nivel 4)", 5: "una persona del equipo"},
        "en": {1: "ticket (level 1)", 2: "callback from a technician (level 2)",
               3: "case under your support contract (level 3)", 4: "case with the external vendor (level 4)",
               5: "a person from the team"},
    },
    "contract_problem": {
        "es": {"unknown": "No encuentro el contrato «{id}».", "expired": "El contrato {id} ha caducado.",
               "inactive": "El contrato {id} no está activo."},
        "en": {"unknown": "I can't find contract “{id}”.", "expired": "Contract {id} has expired.",
               "inactive": "Contract {id} is not active."},
    },
    #: What a form was asking for, as "I didn't understand that as {what}" needs it.
    "slot": {
        "es": {"email": "un correo electrónico", "ticket_category": "un tema de la lista",
               "description": "una descripción del problema", "ticket_confirmed": "un sí o un no",
               "case_confirmed": "un sí o un no",
               "requester_name": "un nombre", "phone": "un número de teléfono", "callback_slot": "un día y una hora",
               "contract_id": "un número de contrato", "priority": "una prioridad",
               "vendor": "el nombre de un producto o fabricante", "vendor_consent": "un sí o un no",
               "case_id": "un número de caso"},
        "en": {"email": "an e-mail address", "ticket_category": "one of the topics",
               "description": "a description of the problem", "ticket_confirmed": "a yes or a no",
               "case_confirmed": "a yes or a no",
               "requester_name": "a name", "phone": "a phone number", "callback_slot": "a day and time",
               "contract_id": "a contract number", "priority": "a priority",
               "vendor": "the name of a product or vendor", "vendor_consent": "a yes or a no",
               "case_id": "a case number"},
    },
    #: Button titles for the likeliest intents when the bot asks to rephrase.
    "intent": {
        "es": {"ask_howto": "Una pregunta sobre cómo usar el programa",
               "open_ticket": "Abrir un ticket (facturas, actualizaciones, licencias)",
               "request_callback": "Que me llame un técnico", "request_sla_support": "Soporte especializado con contrato",
               "request_vendor_support": "Un problema con un producto de terceros",
               "request_human": "Hablar con una persona", "ticket_status": "El estado de un caso",
               "not_solved": "La respuesta no me sirvió", "cancel": "Cancelar"},
        "en": {"ask_howto": "A question on how to use the program",
               "open_ticket": "Open a ticket (invoices, updates, licences)",
               "request_callback": "A call from a technician", "request_sla_support": "Specialist support under contract",
               "request_vendor_support": "A problem with a third-party product", "request_human": "Talk to a person",
               "ticket_status": "The status of a case", "not_solved": "The answer did not help", "cancel": "Cancel"},
    },
    "weekday_long": {
        "es": {0: "lunes", 1: "martes", 2: "miércoles", 3: "jueves", 4: "viernes", 5: "sábado", 6: "domingo"},
        "en": {0: "Monday", 1: "Tuesday", 2: "Wednesday", 3: "Thursday", 4: "Friday", 5: "Saturday", 6: "Sunday"},
    },
    #: Joining words for lists of hours ("de lunes a jueves de 9:00 a 14:00 y de 15:00 a 18:00").
    "hours": {
        "es": {"days": "de {first} a {last}", "day": "el {first}", "span": "de {start} a {end}", "and": " y ",
               "sep": "; "},
        "en": {"days": "{first} to {last}", "day": "{first}", "span": "{start}–{end}", "and": " and ", "sep": "; "},
    },
    #: Stand-ins for a placeholder whose slot is still empty.
    "placeholder": {
        "es": {"vendor": "Ese producto"},
        "en": {"vendor": "That product"},
    },
    "handoff_note": {
        "es": {"no_agent": "El cliente pidió hablar con una persona y no había agentes conectados."},
        "en": {"no_agent": "The customer asked for a person and no agent was online."},
    },
    "kb_context": {
        "es": {"question": "Pregunta", "tried": "Artículos consultados", "none": "ninguno"},
        "en": {"question": "Question", "tried": "Articles tried", "none": "none"},
    },
}


def label(table: str, key: Any, language: str) -> str:
    """One word of a vocabulary in `language` (the key itself when the table lacks it)."""
    return LABELS[table][language].get(key, str(key))


def zone_city(zone: Any) -> str:
    """The city of a time zone as people say it: "Madrid" for Europe/Madrid, "New York" for America/New_York."""
    return str(zone).rsplit("/", 1)[-1].replace("_", " ")


def format_day(day: dt.date, language: str) -> str:
    """A day as a person reads it, e.g. "lunes 07/12" or "Monday 07/12": the weekday in full,
    so that nobody has to decode "mar" (martes? marzo?) in a booking."""
    return f"{label('weekday_long', day.weekday(), language)} {day:%d/%m}"


def format_slot(slot: dt.datetime, language: str) -> str:
    """A slot as a person reads it, e.g. "lunes 30/11 10:00" or "Monday 30/11 10:00"."""
    return f"{label('weekday_long', slot.weekday(), language)} {slot:%d/%m %H:%M}"


def describe_hours(opening_hours: Dict[int, List[Tuple[dt.time, dt.time]]], language: str) -> str:
    """Opening hours in words: "de lunes a jueves de 09:00 a 14:00 y de 15:00 a 18:00; el viernes de 09:00 a 15:00"."""
    words = LABELS["hours"][language]
    groups: List[Tuple[List[int], List[Tuple[dt.time, dt.time]]]] = []
    for day in sorted(opening_hours):
        spans = opening_hours[day]
        if groups and groups[-1][1] == spans and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], spans))
    parts = []
    for days, spans in groups:
        first, last = label("weekday_long", days[0], language), label("weekday_long", days[-1], language)
        when = (words["days"] if len(days) > 1 else words["day"]).format(first=first, last=last)
        times = words["and"].join(words["span"].format(start=f"{a:%H:%M}", end=f"{b:%H:%M}") for a, b in spans)
        parts.append(f"{when} {times}")
    return words["sep"].join(parts)

def render(key: str, language: str, **values: Any) -> str:
    """The text of message `key` in `language`, with its placeholders filled."""
    template = MESSAGES[key][language]
    if not values:
        return template
    text = template.format(**values)
    first = text.split(" ", 1)[0]
    if template.startswith("{") and first.islower():  # "terminal server es un producto…" opens a sentence
        text = text[0].upper() + text[1:]
    return text


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
