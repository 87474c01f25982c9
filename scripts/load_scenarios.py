"""The conversations `scripts/bench_load.py` plays: ours, and the moodbot's.

Ours mix the routes a support queue sees, weighted towards knowledge-base questions:
questions in both languages (with "did it help?" answered yes and no, so the next-best
article is offered), a full ticket (filed in the database), a callback booking (filed),
nonsense that ends in the fallback, and a request for a person (hand-off; no agent is
signed in, so the assistant says so and offers a ticket). The moodbot's are the
conversations its stories cover.

Questions are drawn from pools with varied openings (100 Spanish, 100 English texts), so
that, as with real customers, most questions have not been seen just before: a cache of
recent embeddings must not make the numbers look better than they would be.
"""

from __future__ import annotations

from typing import Tuple

from load_generator import Script

ES_QUESTIONS = ("¿cómo hago una copia de seguridad?", "¿cómo creo un usuario nuevo?",
                "¿cómo cambio el idioma del programa?", "¿cómo escaneo documentos con mi escáner?",
                "¿cómo exporto facturas a DATEV?", "¿cómo busco documentos por fecha?",
                "¿cómo recupero un documento borrado de la papelera?", "¿cómo paso PaperOffice a un ordenador nuevo?",
                "¿cómo exporto un documento a PDF/A?", "¿qué bases de datos admite el programa?")
EN_QUESTIONS = ("how do I create a new user?", "how do I restore a backup?", "how can I change the program language?",
                "how do I reset my password?", "how do I export invoices to DATEV?", "how do I scan a document?",
                "how do I move PaperOffice to a new computer?", "which databases are supported?",
                "how do I export documents to PDF/A?", "how do I update to the latest version?")
ES_OPENINGS = ("", "hola, ", "buenas, ", "una duda: ", "perdona, ", "oye, ", "buenos días, ", "pregunta: ",
               "disculpa, ", "a ver, ")
EN_OPENINGS = ("", "hi, ", "hello, ", "quick question: ", "sorry, ", "hey, ", "good morning, ", "question: ",
               "excuse me, ", "so, ")
ES_ASKED = tuple(opening + question for opening in ES_OPENINGS for question in ES_QUESTIONS)
EN_ASKED = tuple(opening + question for opening in EN_OPENINGS for question in EN_QUESTIONS)

OURS: Tuple[Script, ...] = (
    Script("kb_es", ("hola", ES_ASKED, "sí, gracias", "adiós"), weight=3),
    Script("kb_en", (EN_ASKED, "no, that did not help", "thanks", "bye"), weight=2),
    Script("kb_es_short", (ES_ASKED, "gracias"), weight=2),
    Script("ticket", ("Tengo preguntas sobre una factura.", "ana@example.com",
                      "Me habéis cobrado dos veces la cuota de octubre", "sí", "gracias"), weight=1),
    Script("callback", ("My antivirus is blocking PaperOffice", "John Smith", "+34 612 345 678",
                        "next tuesday at 11am", "yes", "thanks"), weight=1),
    Script("fallback", ("asdfgh jkl", "qwrtp zxcvb", "zzzz qqqq"), weight=1),
    Script("handoff", ("quiero hablar con una persona", "no", "adiós"), weight=1),
)

MOODBOT: Tuple[Script, ...] = (
    Script("happy", ("hello", "I am great", "bye"), weight=3),
    Script("sad", ("hi", "I am sad", "yes", "bye"), weight=2),
    Script("sad_no", ("hey", "very unhappy", "no", "goodbye"), weight=2),
    Script("challenge", ("are you a bot?", "thanks", "bye"), weight=1),
)
