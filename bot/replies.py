"""What a reply to a yes/no question says: yes, no, or neither (a hesitation).

At a confirmation ("¿Lo abro?") people rarely type a bare "sí": they laugh, apologise,
say it twice or add what to do ("jajaja vale, perdona. Sí, mándalo", "ok, go ahead and
open it"). The intent model reads such messages as anything from `affirm` to `defer`, so
the forms read the words themselves: a clear yes or no anywhere in the reply is the
answer, a hesitation ("hmm, maybe") is neither, and words that postpone ("later", "not
yet", "let me check") are a deferral. Pure functions over the text; the forms decide what
to do with the result (actions/forms.py).
"""

from __future__ import annotations

import re
from typing import List, Optional

from bot.text import normalise, strip_accents

#: Laughter and interjections that carry no answer: "jajaja", "haha", "hmm", "uf".
_NOISE = re.compile(r"\b(?:(?:j[aeiou]){2,}j?|(?:h[aeiou]){2,}h?|lol|xd|h+m+|m{2,}|u+f+|e+h+|a+h+|o+h+)\b")
#: Words that open a clause without answering it ("venga, sí", "bueno, vale", "ahora sí").
_OPENERS = re.compile(r"^(?:(?:bueno|pues|venga|entonces|ahora|then|well|so|right|perdona|perdon|sorry|oye"
                      r"|mira|vale|ok|okay|ya|y|and)\s+)+")
#: A clause that is a yes by itself, possibly with courtesy after it ("sí, por favor", "yes please").
_YES_CLAUSE = re.compile(
    r"^(?:s[ií]|yes|yeah|yep|yup|ok|okay|okey|vale|listo|claro(?: que s[ií])?|de acuerdo|adelante|perfecto|perfect"
    r"|correcto|correct|exacto|exactly|sure|of course|por supuesto|dale|venga|confirmo|confirmado|confirmed"
    r"|confirm|go ahead|please do|do it|hazlo|right|fine|great|genial|estupendo|sounds good|me parece bien"
    r"|(?:that'?s|thats|that is|it'?s|todo|all|everything(?:'s| is)?)\s*(?:all\s+)?(?:right|correct|fine|good|ok|bien|correcto)"
    r"|(?:as[ií]\s+)?est[aá] bien|eso es|eso mismo|justo eso|that'?s the one|perfecto as[ií])"
    r"(?:\s+(?:por favor|porfa|porfavor|please|gracias|thanks|thank you|claro|then|entonces|pues|s[ií]|perfecto"
    r"|perfect|genial|great|fine|vale|ok|okay|correcto|correct|adelante|(?:that'?s|it'?s) (?:fine|right|correct|ok)))*$")
#: Words anywhere that ask to go on with what was proposed ("mándalo", "open it", "book it").
_GO_ON = re.compile(
    r"\b(?:[aá]bre(?:lo|la)|abr(?:e|id|an|a)(?:lo|la|los)|[aá]br(?:an|a)(?:lo|la)|m[aá]nd(?:a|ad|en|e)(?:lo|la)"
    r"|env[ií](?:a|ad|en|e)(?:lo|la)|p[aá]s(?:a|ad|en|e)(?:lo|la|selo)|reserv(?:a|ad|en|e)(?:lo|la)"
    r"|cr[eé](?:a|ad|en|e)(?:lo|la)|tr[aá]m[ií]t(?:a|alo|elo)|procede|adelante|confirmo|confirmado"
    r"|go ahead|open it|book it|send it|file it|raise it|pass it on|submit it|do it|please do|proceed"
    r"|you can (?:send|share|pass|forward|open|book)|confirm(?:ed)?)\b")
#: A clause that is a no by itself ("no", "no, gracias", "mejor no", "nope").
_NO_CLAUSE = re.compile(
    r"^(?:no|nope|nah|mejor no|better not|para nada|de ninguna manera|no way|not really|en absoluto)"
    r"(?:\s+(?:gracias|thanks|thank you|por favor|please|hace falta|es necesario|need|necesito))*$")
#: A no in words anywhere ("no lo abras", "don't send it", "prefiero que no").
_NO_WORDS = re.compile(
    r"\bno\s+(?:me\s+|lo\s+|la\s+|se\s+lo\s+|les\s+)?(?:abras|abr[aá]is|abran|mandes|mand[eé]is|env[ií]es|pases"
    r"|compartas|compart[aá]is|compartan|reserves|hace falta|quiero|gracias)\b"
    r"|\b(?:don'?t|do not)\s+(?:open|send|share|pass|book|file|want|need)\b"
    r"|\b(?:prefiero|mejor)\s+que\s+no\b|\brather not\b|\bno thanks\b|\bno,\s*thank")
#: Not an answer yet: "maybe", "no sé", "not sure", "igual sí, igual no".
_HESITATION = re.compile(
    r"\b(?:maybe|perhaps|possibly|quiz[aá]s?|tal vez|a lo mejor|puede que|puede ser|no s[eé]|ni idea|no idea"
    r"|not sure|unsure|no estoy segur[oa]|i guess|i suppose|supongo|i don'?t know|dunno|depende|it depends)\b")
#: Words that put the answer off ("luego", "not yet", "let me check with…").
_POSTPONE = re.compile(
    r"\b(?:later|luego|despu[eé]s|m[aá]s tarde|otro d[ií]a|otro momento|not yet|todav[ií]a no|a[uú]n no|ahora no"
    r"|not now|de momento no|por ahora no|lo pienso|lo pensar[eé]|me lo pienso|think about it|think it over"
    r"|come back|get back to you|vuelvo|volver[eé]|te (?:digo|escribo) (?:algo|luego|ma[nñ]ana)"
    r"|tengo que (?:consultar|preguntar|mirar|hablar|revisar|comprobar)|have to (?:check|ask|talk)"
    r"|need to (?:check|ask|talk)|check with|hablarlo con|consultarlo|(?:le|les) (?:pregunto|consulto)"
    r"|i will ask|i'?ll ask (?:my|our|the|him|her|them)"
    # "ok, pero primero lo consulto con mi jefe", "vale, antes lo hablo con mi socio": an "ok" that
    # only acknowledges, the decision put off until someone else is asked
    # Only "primero"/"antes" with the consulting still to come puts it off: "sí, ábrelo, que yo lo comento
    # con mi jefe" is a yes with a remark beside it, and "sí, antes hablamos con el proveedor y nos dijeron
    # que os lo pasáramos" tells what was done (a past "-ron" after it), "I'll talk to IT tomorrow first
    # thing" is no "first".
    r"|(?:primero|antes) (?:lo |le |les |tengo que |debo |necesito |quiero |hay que )?(?:consult|habl|coment|pregunt|revis)"
    r"(?:o|ar|arlo|arle|arles|amos)\b(?!.{0,60}\b\w+(?:aron|ieron|eron)\b)"
    r"|lo (?:consulto|hablo|comento|pregunto|reviso) (?:con [\w ]{1,30}? )?(?:antes|primero)"
    r"|(?:consultarlo|hablarlo|comentarlo|preguntarlo) (?:con [\w ]{1,30}? )?(?:antes|primero)"
    r"|(?:tengo|tenemos|necesito|debo|hay) (?:que )?(?:comentarlo|preguntarlo|comentarle|preguntarle)"
    r"|(?:let me|i'?ll|i need to|i have to|i must|i want to) (?:check|ask|talk|run it by|clear it with|speak)\b.{0,40}"
    r"\bfirst(?! thing))\b")
#: A reason that makes a no final: nothing is needed ("no hace falta", "solo quería saber si era
#: normal", "I'll figure it out"); unlike "todavía no, lo consulto con IT", nothing is to be resumed.
_NO_NEED = re.compile(
    r"\b(?:no (?:me )?hace falta|no (?:es|era|sera) necesario|no (?:lo )?necesito|ya no (?:lo )?necesito"
    r"|no need|not needed|not necessary|(?:i|we) don'?t need (?:it|one|that|a ticket|a call|anything)"
    r"|sol(?:o|amente) (?:quer[ií]a|quer[ií]amos|era para|es para|pregunt\w*) ?(?:saber|preguntar|consultar|comprobar"
    r"|confirmar|entender)?|(?:era|es) (?:solo |por )?curiosidad"
    r"|(?:just|only) (?:wanted|want|needed|meant|asking|checking|curious|wondering)"
    r"|(?:i|we) (?:just|only) (?:wanted|want|needed|was asking|was wondering)"
    r"|(?:i'?ll|i will|we'?ll|let me) (?:figure|work|sort) (?:it|this|that) out|(?:i'?ll|i will) manage"
    r"|(?:i'?ll|i will) (?:try|look|check|have (?:a|another) look)(?: at it| into it)?(?: by)? (?:myself|on my own)"
    r"|(?:ya )?(?:lo|me lo) (?:miro|busco|reviso|intento|apa[nñ]o|arreglo|resuelvo) yo"
    r"|(?:ya )?me (?:las )?apa[nñ]o|ya me arreglo|me busco la vida|lo (?:miro|busco|intento) por mi cuenta"
    r")\b")
#: Going to the third party oneself ("hmm ok, I'll just contact WD support myself", "ya hablo yo con el
#: fabricante"): a no to passing the case on, unless a case is asked for or it is done besides
#: ("we will contact the vendor directly as well, open the ticket").
_THIRD_PARTY_MYSELF = re.compile(
    r"\b(?:i'?ll|i will|we'?ll|we will) (?:just )?(?:contact|call|email|e-mail|ring|phone|write to|get in touch with"
    r"|reach out to) (?:the |their )?(?:\w+ )?(?:support|manufacturer|vendor|supplier|them) (?:myself|ourselves|directly)\b"
    r"|\b(?:ya )?(?:contacto|hablo|escribo|llamo) yo (?:mism[oa] )?(?:con|a|al) (?:el |la )?(?:fabricante|proveedor)\b")
_ASKS_FOR_A_CASE = re.compile(r"\b(?:ticket|case|caso|open|abr[ie]\w*)\b")
#: Doing it oneself besides what is offered ("we will contact the vendor directly as well") is no no.
_AS_WELL = re.compile(r"\b(?:as well|too|also|tambien|ademas)\b")
#: The customer will get in touch with the bot's team their own way ("ya llamaré yo", "I'll call you
#: myself", "ya os llamo yo"); not with someone else ("ya le escribiré yo al informático", "ya me
#: pondré en contacto con mi jefe", "ya le llamaremos al cliente").
_ELSEWHERE = r"(?!(?:\s+(?:yo|nosotros))?\s+(?:al|a|con|para)\s+(?!vosotros|ti\b|usted|soporte))"
_CONTACT_MYSELF = re.compile(
    r"\bya (?:os |te )?(?:llamare|llamaremos|escribire|escribiremos|contactare|contactaremos)\b" + _ELSEWHERE +
    r"|\b(?:ya )?(?:os |te )?(?:llamare|llamo|llamamos|llamaremos|escribire|escribo|contactare|contacto)"
    r" (?:yo|nosotros)\b" + _ELSEWHERE +
    r"|\b(?:prefiero|preferimos|mejor) (?:llamar|escribir|contactar)(?:os|te)? (?:yo|nosotros)\b" + _ELSEWHERE +
    r"|\bya (?:me|nos) (?:pondre|pondremos|pongo|ponemos) en contacto\b(?!\s+con\s+(?!vosotros|soporte|usted))"
    r"|\bya (?:os |te )?contacto yo\b" + _ELSEWHERE +
    r"|\b(?:i'?ll|i will|we'?ll|we will|i'?d rather|we'?d rather) (?:call|phone|ring|email|e-mail|write to|contact"
    r"|reach out to|get in touch with|give) (?:you|support|you guys)? ?(?:a call |a ring )?(?:myself|ourselves"
    r"|later myself)\b|\b(?:i'?ll|i will|we'?ll|we will) (?:get in touch|reach out|call in|phone in) (?:myself|ourselves)\b")
#: A yes opening the reply ("sí, mañana a las 10; ya le escribiré yo…", "vale, llamadme").
_LEADING_YES = re.compile(r"^\W*(?:s[ií]|yes|yeah|yep|yup|ok|okay|okey|vale|claro|sure|de acuerdo|perfecto|venga|dale"
                          r"|of course|por supuesto)\b(?!\s*,?\s*(?:no|not)\b)")
#: "Give me a moment, I'll look it up": the customer is fetching what was asked.
_FETCHING = re.compile(
    r"\b(?:hang on|hold on|one moment|just a (?:sec|second|moment|minute)|give me a (?:sec|second|moment|minute)"
    r"|let me (?:ask|check|look|find|see|get|dig|grab|fetch|pull)|i'?ll (?:ask|check|look|find|dig|grab|fetch)"
    r"|un momento|un segundo|espera"
    r"|d[eé]jame (?:mirar|preguntar|buscar|ver|consultar)|voy a (?:mirar|preguntar|buscar|consultar)"
    r"|lo (?:busco|miro|pregunto|consulto)|ahora te lo (?:digo|paso)|enseguida te lo)\b")
#: The customer does not understand what is asked ("sorry I still don't get it", "no entiendo qué me pides").
_CONFUSED = re.compile(
    r"\b(?:(?:still\s+)?(?:don'?t|do not|didn'?t|did not)\s+(?:get|understand|follow|know what you)"
    r"|not sure what you (?:mean|want|need)|what do you (?:mean|want|need)|what does that mean|what(?:'s| is) that for"
    r"|(?:i'?m|i am) (?:confused|lost)|you lost me|no (?:te |lo )?(?:entiendo|comprendo|pillo|sigo)|no me entero"
    r"|que me pides|que (?:quieres|necesitas) (?:exactamente|que te (?:diga|de|ponga))|que quieres decir"
    r"|a que te refieres|que (?:tengo|debo) (?:que )?(?:poner|escribir|contestar|responder))\b")
#: A negation and the few words it covers ("don't send it", "no lo abras"): not a request to go on.
_NEGATED = re.compile(r"\b(?:don'?t|do not|not|never|nunca|no)\s+(?:\w+\s+){0,2}\w+")
#: Words that acknowledge rather than agree when a question follows them.
_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "okey", "vale", "right", "fine", "great", "genial", "perfecto", "perfect",
                               "estupendo", "bueno", "de acuerdo", "claro"})
#: The questions in a reply ("¿…?" or a sentence ending in "?").
_QUESTIONS = re.compile(r"¿[^?]*\?|[^.!?¿]*\?")
_CLAUSE_BREAK = re.compile(r"[.,;:!?¡¿()\n]+|\s+-\s+|\s+(?:y|and|pero|but)\s+")


def _folded(text: Optional[str]) -> str:
    return _NOISE.sub(" ", strip_accents(normalise(text).lower()))


def _sentence_parts(folded: str) -> List[str]:
    """The message cut at punctuation and dashes only, spaces tidied ("espera, mejor cancela. …")."""
    return [" ".join(part.split()) for part in re.split(r"[.,;:!…()\n]+|\s+-\s+", folded) if part.strip()]


def _clauses(folded: str) -> List[str]:
    """The reply cut at punctuation and conjunctions, each without its opening fillers."""
    clauses = []
    for part in _CLAUSE_BREAK.split(folded):
        part = " ".join(part.split())
        stripped = _OPENERS.sub("", part + " ").strip() if part not in ("vale", "ok", "okay", "venga") else part
        if stripped or part:
            clauses.append(stripped or part)
    return clauses


def hesitates(text: Optional[str]) -> bool:
    """True for a reply that neither agrees nor refuses yet ("hmm, maybe", "no sé")."""
    return bool(_HESITATION.search(_folded(text)))


def postpones(text: Optional[str]) -> bool:
    """True for a reply that puts the decision off ("later", "todavía no", "let me check with IT")."""
    return bool(_POSTPONE.search(_folded(text)))


def fetching(text: Optional[str]) -> bool:
    """True for "hang on, let me ask her" / "un momento, lo busco": what was asked is on its way."""
    return bool(_FETCHING.search(_folded(text)))


def read_yes_no(text: Optional[str]) -> Optional[bool]:
    """True for a clear yes, False for a clear no, None for neither or both.

    A yes or no may sit anywhere among laughter, apologies and courtesy ("jajaja vale,
    perdona. Sí, mándalo"; "No thanks."); a hesitation or a deferral is no answer.
    """
    folded = _folded(text)
    if yes_with_own_contact(text):
        return None  # "sí claro, te llamo yo si no me pillas": unsure what the yes is to
    if declines(text) and not _GO_ON.search(_NEGATED.sub(" ", folded)):
        return False  # "no, de momento no, solo quería saber si era normal": a no with its reason
    if not folded.strip() or _HESITATION.search(folded) or _POSTPONE.search(folded):
        return None
    asked = "?" in folded
    folded = _QUESTIONS.sub(" ", folded)  # "what happens after I confirm?" confirms nothing
    clauses = _clauses(folded)
    if asked:  # "ok, ¿qué les pasaríais?": an acknowledgement before a question is no yes
        clauses = [clause for clause in clauses if clause not in _ACKNOWLEDGEMENTS]
    yes = any(_YES_CLAUSE.match(clause) for clause in clauses) or bool(_GO_ON.search(_NEGATED.sub(" ", folded)))
    no = any(_NO_CLAUSE.match(clause) for clause in clauses) or bool(_NO_WORDS.search(folded))
    if yes == no:
        return None
    return yes


def confused(text: Optional[str]) -> bool:
    """True for "sorry I still don't get it" / "no entiendo qué me pides": the question
    asked is not understood (the form explains it and asks again)."""
    return bool(_CONFUSED.search(_folded(text)))


def declines_for_now(text: Optional[str]) -> bool:
    """True for "no thanks, I'll check with my boss which number we have": a no to what was
    offered, with the rest put off (read_yes_no sees only the deferral and answers None)."""
    folded = _folded(text)
    return bool(re.match(r"\s*(?:no|nope|nah)[\s,.!]+(?:thanks|thank you|gracias|muchas gracias)\b", folded)) and (
        bool(_POSTPONE.search(folded)) or bool(_FETCHING.search(folded)))


def declines(text: Optional[str]) -> bool:
    """True for a no with the reason that nothing is needed ("no, de momento no, solo quería
    saber si era normal", "no hace falta", "I'll figure it out"): what was offered or started is
    declined for good, not put off (nothing is kept to resume)."""
    folded = _folded(text)
    if _THIRD_PARTY_MYSELF.search(folded) and not _ASKS_FOR_A_CASE.search(folded) and not _AS_WELL.search(folded):
        return True
    return bool(_NO_NEED.search(folded)) or (bool(_CONTACT_MYSELF.search(folded)) and not _LEADING_YES.match(folded))


def yes_with_own_contact(text: Optional[str]) -> bool:
    """True for a yes with a clause saying the customer will get in touch themselves ("sí claro,
    te llamo yo si no me pillas"): neither a clear yes nor a no."""
    folded = _folded(text)
    return bool(_LEADING_YES.match(folded)) and bool(_CONTACT_MYSELF.search(folded))


#: "Tampoco", "no me ha servido", "that didn't help either": what an article did not do.
_NOT_HELPED = re.compile(
    r"^(?:no,? )?(?:tampoco|neither|nor (?:this|that) one)\b|\bno (?:me )?(?:ha |han )?(?:servido|sirvi[oy]|sirve|ayudado)\b"
    r"|\b(?:didn'?t|did not|doesn'?t|does not) help\b|\b(?:not|wasn'?t|isn'?t) (?:helpful|it|what i (?:need|want)\w*)\b"
    r"|\bno (?:era|es) (?:eso|lo que (?:buscaba|necesito|necesitaba|quer[ií]a))\b|\beither\W*$")


def not_helped(text: Optional[str]) -> bool:
    """True for "tampoco, no me ha servido" / "that didn't help either" after an article."""
    return bool(_NOT_HELPED.search(_folded(text)))


#: "Not yet" standing alone as a clause ("espera… todavía no, …"), not "todavía no funciona".
_NOT_YET_ALONE = re.compile(r"^(?:\w+ )?(?:todavia|aun|not yet|de momento|por ahora|ahora mismo|ahora) no$|^not yet$"
                            r"|^(?:no|nope),? (?:todavia|aun|not yet|de momento|por ahora)(?: no)?$")
#: Someone else is asked first about what was put to the customer: "lo hablo con él", "déjame
#: consultarlo con mi jefe", "check with our IT guy", "run it by our accountant". Alone, a deferral.
_ASKS_SOMEONE_FIRST = re.compile(
    r"\b(?:lo|la|los|las|esto|eso) (?:hablo|consulto|comento|pregunto)(?: (?:con|a|al|primero|antes|internamente)\b|$)"
    r"|\b(?:lo|la|los|las|esto|eso) (?:miro|reviso|compruebo|confirmo) (?:con|al)\b"
    r"|(?:hablar|consultar|comentar|preguntar)(?:lo|la|los|las)"
    r"(?: (?:con|a|al|primero|antes|internamente)\b|$)"
    r"|\bcheck (?:with|first with) (?:my|our|the|him|her|them)\b|\b(?:run|running) (?:it|this|that) (?:by|past)\b"
    r"|\bconfirm (?:it |this |that )?with (?:my|our|him|her|them)\b"
    r"|\b(?:le|les) (?:pregunto|consulto)(?: (?:a|al)\b|$)"  # "le pregunto a mi jefe"
    r"|\b(?:let me|i need to|i have to|i'?ll|i will|i must) ask (?:my|our) \w+(?: \w+)?(?: first)?$")
#: Asking or talking to someone, which is a deferral only beside a "not yet" or an "I'll come back":
#: "not yet, I need to ask my boss", but "I need to speak to the billing team about a double
#: charge" is a request and "let me talk to the manager" asks for a person.
_TALKS_TO_SOMEONE = re.compile(
    r"\b(?:le|les) comento\b|tengo que (?:hablar|consultar|preguntar|comentar)\w* (?:con|a|al)\b"
    r"|\b(?:ask|talk to|speak to|speak with) (?:my|our|the|him|her|them)\b|\b(?:have|need) to (?:check|ask)\b"
    r"|\blet me (?:check|ask)\b")
#: I come back later: "ya os escribo", "te digo algo", "get back to you", "I'll let you know".
_COMES_BACK = re.compile(
    r"\b(?:ya|luego|despues|mas tarde|manana|pronto|en cuanto (?:\w+ ){1,4})?\s*(?:te|os|le|les|se lo) "
    r"(?:digo|escribo|aviso|confirmo|comento|contesto|respondo|dire|escribire|avisare|confirmare)"
    r"(?: (?:algo|luego|despues|mas tarde|manana|pronto|en cuanto \w+|cuando \w+)){0,2}$"
    r"|\b(?:get back to (?:you|u)|come back to (?:you|u)|let (?:you|u) know|write (?:back|again)|come back"
    r"|(?:i'?ll|i will|we'?ll|we will) (?:write back|write again|reply|be back|message you|text you)\b"
    r"|vuelvo a escribir|os vuelvo|te vuelvo|vuelvo luego|vuelvo mas tarde|escribo luego|escribo mas tarde)")
#: A problem told, not a decision put off ("todavía no funciona", "not yet received the invoice").
_PROBLEM_WORDS = re.compile(
    r"\b(?:funciona\w*|work\w*|arranca|abre|carga|llega\w*|recib\w*|received|arrived|error\w*|falla\w*|sale"
    r"|aparece\w*|imprime|sincroniza\w*|instala\w*|activa\w*|deja)\b")


#: What tells a fault, not a plan: a failure, a crash, a stop, something lost or doubled ("el escáner
#: dejó de funcionar después de actualizar", "the app crashes when opening the database").
_TELLS_PROBLEM = re.compile(
    r"\b(?:error\w*|fall(?:a|an|o|aba|ando|ado|ida)\w*|fail\w*|crash\w*|cuelg\w*|colg\w*|bloque\w*|congel\w*"
    r"|freez\w*|corrup\w*|dej[oa] de|ha dejado de|stopped|no (?:me )?(?:funciona|arranca|abre|carga|deja|va|sale|aparece"
    r"|imprime|escanea|sincroniza|guarda|importa|exporta|encuentr\w*|veo|llega\w*)"
    r"|no (?:me )?puedo (?:entrar|abrir|acceder|iniciar|escanear|imprimir|importar|exportar|guardar|instalar)|se (?:cierra|cae|apaga|borra)"
    r"|(?:doesn'?t|does not|won'?t|can'?t|cannot|isn'?t|aren'?t|didn'?t) (?:work|start|open|load|print|scan|sync|save"
    r"|import|export|find|see|show|run|connect|appear|arrive|respond)\w*|broken|duplicad\w*|duplicat\w*|twice"
    r"|perd\w*|lost|desaparec\w*|disappear\w*|lent[oa]s?|slow\w*|olvid\w*|forgot\w*)\b")


def tells_a_problem(text: Optional[str]) -> bool:
    """True for a message that tells a fault ("luego os mando el log, el programa se cuelga al abrir la
    base de datos"): whatever "later" it holds, it is no goodbye; "no thanks, I'll try later" is."""
    return bool(_TELLS_PROBLEM.search(_folded(text)))


def defers_for_now(text: Optional[str]) -> bool:
    """True for a clear "not yet: I'll check with someone / get back to you" ("espera… todavía no,
    lo hablo con él y ya os escribo", "déjame consultarlo con mi jefe y te digo", "let me check
    with our IT guy first and get back to you", "aún no, lo hablo con el gerente"); not a pause
    before the answer ("espera, te doy el correo") nor a problem ("todavía no funciona")."""
    folded = _folded(text)
    if not folded.strip() or "?" in folded or _PROBLEM_WORDS.search(folded):
        return False
    clauses = _sentence_parts(folded)
    not_yet = any(_NOT_YET_ALONE.match(clause) for clause in clauses)
    # no split at ":": "te comento: el programa se cierra" introduces the problem
    back = any(_COMES_BACK.search(clause) for clause in re.split(r"[.,;!…()\n]+|\s+(?:y|and|pero|but)\s+", folded))
    if _ASKS_SOMEONE_FIRST.search(folded) or (_TALKS_TO_SOMEONE.search(folded) and (not_yet or back)):
        return True
    return (back and (not_yet or postpones(text) or len(folded.split()) <= 8)) or (not_yet and len(clauses) > 1)


#: "Eso es todo", "nada más", "that's all" as a whole clause: the customer has nothing more to say.
_THATS_ALL = re.compile(
    r"(?:(?:eso )?(?:es|era|seria) todo|nada mas|ya esta todo|(?:no|ya no) (?:necesito|quiero|hace falta) nada mas"
    r"|that'?s (?:all|it|everything)|that is (?:all|it|everything)|that(?:'?ll| will| would) be (?:all|it)"
    r"|nothing (?:else|more)|(?:i'?m|we'?re|i am|we are) (?:all )?(?:done|good|set)|all done)")
#: Words that may stand beside it in its clause or in the others: thanks, okay, goodbye, "for now".
_COURTESY_WORDS = frozenset(
    "vale ok okay okey bueno pues entonces perfecto genial gracias muchas muchisimas mil thanks thank you so much "
    "cheers great perfect fine well and y no nada un saludo saludos adios bye hasta luego pronto chao por ahora hoy "
    "de momento for now today then then pues nos vemos buen dia buenas tardes have a nice day good".split())


def says_thats_all(text: Optional[str]) -> bool:
    """True for "vale gracias, eso es todo", "ok thanks, that's all", "nada más, gracias": the
    customer is done. Only as a clause of its own beside courtesies: not "es todo muy lento",
    "nada más abrir el programa se cierra", "that's it, the scanner just stops", nor a question."""
    folded = _folded(text)
    if "?" in folded:
        return False
    clauses = _sentence_parts(folded)
    found = False
    for clause in clauses:
        match = _THATS_ALL.search(clause)
        rest = (clause[:match.start()] + " " + clause[match.end():]) if match else clause
        if any(word not in _COURTESY_WORDS for word in rest.split()):
            return False
        found = found or match is not None
    return found


#: A clause that only tells the bot to cancel: "espera, mejor cancela", "cancel it", "olvídalo".
_CANCEL_CLAUSE = re.compile(
    r"^(?:(?:espera|wait|hold on|vale|ok|okay|no|bueno|oye|mejor|better|pues|actually|en realidad|sabes que"
    r"|sabes qu[eé]|mira|look|sorry|perdona|perdon|please|por favor)\s+)*"
    r"(?:mejor\s+|better\s+|just\s+|please\s+)?"
    r"(?:cancela(?:lo|la|d|r|rlo|rla)?|cancel(?:a|e)?(?: it| that| this| everything| todo| eso)?|anula(?:lo|la|d|r)?"
    r"|olv[ií]da(?:lo|te)?|forget (?:it|about it)|d[eé]ja(?:lo)?(?: estar)?|never ?mind|stop(?: it)?)"
    r"(?:\s+(?:please|por favor|gracias|thanks|entonces|then|mejor))*$")


def asks_to_cancel(text: Optional[str]) -> bool:
    """True when a clause of the message only says to cancel ("espera, mejor cancela. acabo de
    ver que…", "forget it, I'll fix it myself"); not "quiero cancelar mi suscripción" (a request
    about an account) nor "no canceles" (a negation is no clause of its own)."""
    folded = _folded(text)
    if "?" in folded:
        return False
    clauses = _sentence_parts(folded)
    return any(_CANCEL_CLAUSE.match(clause) for clause in clauses)
