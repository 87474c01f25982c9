"""What a customer's reply says, read without the dialogue: names, problem descriptions,
case numbers, questions and requests tucked into a yes or no.

Forms use these to decide whether a message answers the question they asked (and so
fills the slot) or means something else (and is handled by what it means). They are
pure functions over text, so they are tested on their own.
"""

from __future__ import annotations

import re
from typing import Callable, Collection, List, Optional

from bot.names import looks_like_a_name, read_person_name  # noqa: F401  (read here by the forms)
from bot.text import ADDRESSES, normalise, split_sentences, strip_accents
from bot.validation import spelled_out_emails, without_spelled_emails

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)

#: Words that carry no detail about a problem: requests for help, fillers, function words.
_GENERIC_WORDS = set("""
a al algo alguien ante antes aqui as asi ayuda ayudar ayudame ayudarme bien buenas buenos como con consulta
consultas cosa cuestion de del dias duda dudas el ella ellos en entonces es esa ese eso esta estamos estan
este esto estoy favor gracias hay hola la las le les lo los me mi mis mucho muy necesitamos necesito nos
nuestra nuestro o os para pero poder podeis podria podrias por porfa porfavor pregunta preguntas problema
problemas que quiero quisiera se ser si sobre soporte su sus tambien te tema temas tengo tenemos tiene
tienen tu un una uno unos unas urgente ya y yo
about an and any anyone are as at be can could do does for from get got have having hello help hi how i
i'm im in is issue issues it its me my need needs of on or our please problem problems question questions
regarding some support that the there this to trouble urgent us want we with would you your
paperoffice programa program software
abrir abre abreme abrid crear caso casos ticket tickets incidencia solicitud llamada llamar llamadme llamen
tecnico contrato nivel proveedor favor gustaria like raise open create case call callback technician contract
level vendor someone somebody talk speak hablar persona person
sure it's that's there's here ok okay yes yeah thanks thank vale claro bueno pues mira oye correo email mail
e-mail address direccion reach contact contacto escribidme escribeme write contactar llamarme
""".split())

_QUESTION_START = re.compile(
    r"^\s*(?:¿\s*)?(?:(?:y|and|pero|but|oye|una\s+pregunta|espera|wait|antes|primero|first|por\s+cierto"
    r"|by\s+the\s+way|btw|ah|oh|ok|vale|hey)[,:;.!]?\s+)*(?:¿\s*)?"
    r"(?:como|donde|que|cual|cuales|cuando|cuanto|cuantos|por\s+que|puedo|puedes|se\s+puede|hay|existe"
    r"|how|where|what|which|when|why|can\s+i|can\s+you|could\s+i|is\s+there|is\s+it|are\s+there|do\s+i"
    r"|does|do\s+you|should\s+i)\b",
    re.IGNORECASE,
)
_CASE_WORDS = (r"(?:caso|ticket|incidencia|solicitud|n[uú]mero|n[uú]m\.?|nro\.?|n[º°]|no\.?|case|number|reference"
               r"|referencia|ref\.?|#)")
_BARE_NUMBER = re.compile(r"^\s*(?:(?:el|es|the|it'?s|is)\s+)*#?\s*(\d{1,9})\s*[.!]?\s*$", re.IGNORECASE)
#: A reply that ends on the number it gives: "sorry, typo - it's 100", "perdona, es el 42".
_NUMBER_AT_THE_END = re.compile(r"(?:^|[\s,;:.!-])(?:it'?s|is|es|era|was|the|el|sería|seria)\s+(?:el\s+|the\s+)?#?(\d{1,9})"
                                r"\s*[.!]?\s*$", re.IGNORECASE)
#: A clause that gives the number, with more after it: "creo que era el 3, con el correo …".
_NUMBER_IN_A_CLAUSE = re.compile(r"(?:^|[\s,;:.!-])(?:it'?s|is|es|era|was|sería|seria)\s+(?:el\s+|the\s+)?#?(\d{1,9})"
                                 r"\s*(?=[,;!]|\.(?:\s|$)|\s+(?:con|y|and|with)\b)", re.IGNORECASE)
_NUMBER_AFTER_CASE_WORD = re.compile(
    _CASE_WORDS + r"\s*[?:,.]?\s*(?:(?:es|is|it'?s|el|la|the|n[uú]mero|number|no\.?|n[º°]|nro\.?|de|of)\s*)*#?\s*"
    r"(\d{1,9})\b(?![/.:]\d)",  # "el ticket del 3/11" names a date, not case 3
    re.IGNORECASE)
#: A number standing as its own clause, maybe after an article ("abrí una incidencia, la 336, ¿sabéis
#: algo?", "the one I opened last week, 336"): a case number when the message is about a case.
_NUMBER_AS_CLAUSE = re.compile(
    r"(?:^|[,;:(]|\s-)\s*(?:(?:la|el|es|is|it'?s|the|one|number|n[uú]mero|n[º°]|no\.|nro\.?)\s*)*#?(\d{1,9})"
    r"\s*(?=[,;:.!?)]|-\s|$)", re.IGNORECASE)
#: Words that say the message is about a case the customer already has ("la incidencia", "the one I opened").
_ABOUT_A_CASE = re.compile(r"\b(?:casos?|tickets?|incidencias?|solicitud(?:es)?|cases?|requests?|referencias?"
                           r"|reference)\b|\bthe one (?:i|we) (?:opened|raised|logged|filed)"
                           r"|\b(?:el|la|lo) que (?:abr\w+|pus\w+|cre\w+)", re.IGNORECASE)
#: A customer saying they opened a case already ("abrí una incidencia", "I raised a ticket").
_OPENED_BEFORE = re.compile(
    r"\b(?:abr[ií]|abrimos|abristeis|abierto|abierta|puse|pusimos|cre[eé]|creamos|registr[eé]|registramos"
    r"|opened|raised|logged|filed|submitted)\b", re.IGNORECASE)
#: Asking how something is going ("¿sabéis algo?", "any news?", "how is it going").
_ASKS_FOR_NEWS = re.compile(
    r"\b(?:sab[eé]is algo|sabes algo|se sabe algo|novedad\w*|noticias|c[oó]mo (?:va|est[aá]|lo llev\w+)"
    r"|en qu[eé] (?:estado|punto)|estado|qu[eé] pasa con|respuesta|resuelt\w+|contestad\w+|mirad\w+"
    r"|any news|news|update|status|progress|where is it|how(?:'s| is) it going|heard anything|anything new"
    r"|resolved|answered|looked at)\b", re.IGNORECASE)
_TICKET = re.compile(r"\b(?:tickets?|incidencias?)\b", re.IGNORECASE)
_CALL = re.compile(
    r"\b(?:ll[aá]m(?:ame|adme|enme|eme|arme|adnos|ennos)|que\s+me\s+llam\w*|una\s+llamada|me\s+llam[eéaá]is"
    r"|me\s+(?:pod[eé]is|puede[ns]?|podr[ií]a[ns]?|podr[ií]ais)\s+llamar"
    r"|call\s+me|call\s+back|callback|a\s+call|phone\s+me|ring\s+me|un\s+t[eé]cnico|a\s+technician"
    # keeping the call the customer was booking: "ok then keep the call", "mejor sigo con la llamada"
    r"|(?:keep|prefer|stick\s+with|go\s+with|stay\s+with|back\s+to|continue\s+with|book)\s+(?:the|my)\s+(?:phone\s+)?call"
    r"|(?:mejor|prefiero|mant[eé]n\w*|sig\w*\s+con|me\s+quedo\s+con|vuelvo\s+a|volvamos\s+a|reserva\w*)\s+(?:con\s+)?la\s+llamada)\b",
    re.IGNORECASE)
_PERSON = re.compile(
    r"\b(?:una\s+persona|un\s+humano|un\s+agente|alguien\s+real|a\s+person|a\s+human|an\s+agent"
    r"|a\s+real\s+person|someone\s+real|real\s+human)\b", re.IGNORECASE)
#: A request to be called ("can someone call me about that as well?", "¿me podéis llamar también?"),
#: narrower than _CALL: "is a callback included?" asks about calls, it asks for none.
#: What may follow a call asked for as a thing when the call is from us: the end of the sentence, a
#: please, a time, who calls ("del soporte", "from support"), or what it is about; not a noun that
#: makes it a thing in the program ("call back numbers", "una llamada de seguimiento en el calendario",
#: "una llamada registrada") nor a call with someone else ("a call back with my client").
_EN_CALL_FOR_US = (r"(?=\s*(?:[?.!,;:]|$)|\s+(?:please|pls|from\s+(?:support|you|your|a|someone|the\s+(?:support|team|technician))"
                   r"|for\s+(?:me|us|this|that|today|tomorrow)|about|regarding|on|today|tomorrow|asap|as\s+soon|when|this"
                   r"|at|if|so|and|or|to\s+(?:discuss|talk|sort|fix|explain)|because|as|from\s+one)\b)")
_ES_CALL_FOR_US = (r"(?=\s*(?:[?.!,;:]|$)|\s+(?:de|del|con)\s+(?:soporte|support|un\s+tecnico|tecnico|alguien|vosotros|ustedes"
                   r"|vuestra|su|el\s+soporte|atencion|un\s+agente|una\s+persona|paperoffice|algun|alguno)\b"
                   r"|\s+(?:por\s+favor|porfa|para|hoy|manana|cuando|lo\s+antes|sobre|urgente|a\s+(?:este|mi|el)\s+"
                   r"|al\s+(?:numero|telefono|movil)|esta|este|en\s+cuanto|y|o|que|si|porque|por|ya|antes|despues|pronto"
                   r"|cuanto\s+antes)\b)")
_CALL_ME = re.compile(
    r"\b(?:call|ring|phone)\s+(?:me|us)\b|\bgive\s+(?:me|us)\s+a\s+(?:call|ring)\b|\bll[aá]m(?:ame|adme|enme|eme"
    r"|adnos|ennos)\b|\b(?:pod[eé]is|puedes|puede[ns]?|podr[ií]a[ns]?|podr[ií]ais|alguien|quiero|quisiera|necesito)"
    r"\s+(?:\w+\s+){0,2}llamar(?:me|nos)\b|\b(?:me|nos)\s+(?:pod[eé]is|puede[ns]?|podr[ií]a[ns]?|podr[ií]ais|pueden)\s+(?:\w+\s+)?llamar"
    r"|\bque\s+(?:me|nos)\s+llam\w*|\b(?:me|nos)\s+llam[aeáé]is\b|\bsomeone\s+(?:to\s+)?call\s+(?:me|us)\b"
    # someone of the team asked to call, the customer left implied: "can someone call about that as
    # well?", "¿puede alguien llamar por eso?", "que alguien me llame" (not "someone's call", nor the past)
    r"|\b(?:can|could|would|will|may)\s+(?:someone|somebody|anyone|one\s+of\s+you|a\s+technician|a\s+tech)"
    r"\s+(?:please\s+)?(?:call|ring|phone)\b(?!\s+(?:it|this|that|them)\b)"
    r"|\b(?:need|want|like|get)\s+(?:someone|somebody|a\s+technician)\s+to\s+(?:call|ring|phone)\b(?!\s+(?:it|this|that|them)\b)"
    r"|\balguien\s+(?:que\s+)?(?:me\s+|nos\s+)?(?:pueda\s+|podr[ií]a\s+)?llam(?:e|en|ar|ara)\b"
    # "marcar" is to phone in Latin America: "¿alguien nos puede marcar?", "márquenme", "que me marquen"
    r"|\b(?:me|nos)\s+(?:pod[eé]is|puede[ns]?|podr[ií]a[ns]?|podr[ií]ais|pueden)\s+(?:\w+\s+)?marcar\b"
    r"|\bmarca(?:rme|rnos)\b|\bm[aá]rquen(?:me|nos)\b|\bque\s+(?:me|nos)\s+marqu\w*"
    # a call asked for as a thing: "quería pedir una llamada del soporte", "necesitamos una llamada de un
    # técnico", "I'd like to request a call back", "can I book a call with support?"
    r"|\b(?:pedir|pido|pedimos|solicitar|solicito|reservar|agendar|concertar|quiero|queremos|quer[ií]a|quer[ií]amos"
    r"|quisiera|quisi[eé]ramos|necesito|necesitamos|me\s+gustar[ií]a|nos\s+gustar[ií]a)\s+(?:pedir\s+|solicitar\s+"
    rf"|reservar\s+|tener\s+)?una\s+llamada\b(?:{_ES_CALL_FOR_US})"
    rf"|\b(?:request|book|schedule|arrange|want|need|like|get)\s+(?:a\s+)?(?:phone\s+)?call\s*-?\s*back\b(?:{_EN_CALL_FOR_US})"
    r"|\b(?:request|book|arrange)\s+a\s+(?:phone\s+)?call\s+(?:with|from)\s+(?:support|you|your|a\s+technician|someone)\b",
    re.IGNORECASE)
#: Words that point back at what was just dealt with ("about that as well", "por eso también").
#: Only phrases that point back, or "as well"/"también" right by the call ("call me as well?"), never
#: words anywhere ("call me, the printer too is broken now").
_POINTS_BACK = re.compile(
    r"\b(?:about|regarding|on|for|with)\s+(?:that|this|it|the\s+same(?:\s+\w+)?)\s*(?:as\s+well|too|also)?\s*[?.!]*\s*$"
    r"|\b(?:por|sobre|de|con|para)\s+(?:eso|esto|lo\s+mismo)\b|\blo\s+mismo\b|\bthe\s+same\s+(?:thing|issue|problem|case)\b"
    r"|\b(?:call|ring|phone|llam\w*)\b[^,.;!?]{0,12}\b(?:as\s+well|too|also|tambi[eé]n)\s*[?.!]*\s*$"
    r"|\btambi[eé]n\s+(?:me|nos)\s+(?:\w+\s+)?llam", re.IGNORECASE)
#: Something else than what was dealt with: never pointing back.
_SOMETHING_ELSE = re.compile(r"\b(?:otr[oa]s?|different|new|nuev[oa]s?|another|else|distint[oa])\b", re.IGNORECASE)


#: A question about the call already asked for, at the start of the message or of a clause after
#: a greeting ("¿cuándo me llamáis?", "when will you call me?"); "llamadme cuando podáis" asks for one.
_WHEN_CALLED = re.compile(r"(?:^|[.;!?¿]\s*)\W*(?:(?:y|and|oye|hola|hi|hello|ok|vale)\W+)?"
                          r"(?:when|cuando|how long|cuanto (?:tiempo|tarda\w*)|what time|a que hora|at what time)\b")
#: A negation, a complaint or a past tense before the call ("no me llaméis", "please don't call me",
#: "no quiero que me llamen", "you said you'd call me and nobody did").
_NOT_CALLING = re.compile(r"\b(?:no|not|don'?t|do\s+not|never|nunca|nadie|nobody|rather\s+not)\s+(?:\w+\s+){0,3}$")
_CALL_PAST = re.compile(r"\b(?:said|told|promised|dijisteis|dijiste|dijeron|quedasteis|quedaron|prometisteis)\b"
                        r"|\b(?:nobody|no one|nadie)\b(?:\s+\w+){0,2}\s+(?:did|has|called|llamo|me ha llamado)\b")
#: "call me Ishmael": a name after "call me", not a request.
_CALL_ME_NAME = re.compile(r"\bcall\s+me\s+[A-Z][a-z]+\b(?<!Monday)(?<!Tuesday)(?<!Friday)(?<!Sunday)\b"
                           r"(?<!Wednesday)(?<!Thursday)(?<!Saturday)")


def asks_to_be_called(text: Optional[str]) -> bool:
    """True for a message that asks to be called, as a question or not; not a negated request,
    a complaint about a call that never came, nor a question about when the call will be."""
    original = normalise(text)
    folded = strip_accents(original.lower())
    if _WHEN_CALLED.search(folded) or _CALL_PAST.search(folded):
        return False  # "when will you call me?": about the call already asked for
    matches = [m for m in _CALL_ME.finditer(folded) if not _NOT_CALLING.search(folded[:m.start()])]
    if not matches:
        return False
    return any(not _CALL_ME_NAME.match(original, m.start()) for m in matches)


def points_back(text: Optional[str]) -> bool:
    """True for a request about what was just dealt with ("can someone call me about that as well?")."""
    folded = strip_accents(normalise(text))
    return bool(_POINTS_BACK.search(folded)) and not _SOMETHING_ELSE.search(folded)


#: Someone of the team, as a customer names them when asking to be put through ("alguien", "a real
#: person", "un agente"); a technician is left out: "hablar con un técnico" is often a call.
_SOMEONE = (r"(?:una\s+persona(?:\s+(?:real|de\s+verdad|humana|f[ií]sica))?|un\s+ser\s+humano|un\s+humano|alguien"
            r"|un\s+agente|un\s+operador[a]?|una\s+operadora|un\s+asesor[a]?|una\s+asesora|un\s+empleado|un\s+compa[nñ]ero"
            r"|(?:a|an)\s+(?:real\s+|live\s+|actual\s+|human\s+)?(?:person|human(?:\s+being)?|agent|operator|representative"
            r"|rep|staff\s+member|employee)|(?:someone|somebody|anyone)(?!'s|\s+else'?s)|a\s+member\s+of\s+(?:the\s+|your\s+)?(?:staff|team)"
            r"|(?:your|the|support|customer\s+service)\s+(?:staff|team|people)|a\s+human|humans?|customer\s+service"
            # "put me through to one of your people", "pásame con uno de vuestros técnicos"
            r"|one\s+of\s+(?:your|the)\s+(?:people|staff|team|agents|technicians|techs|engineers|colleagues|guys)"
            r"|one\s+of\s+you\b|(?:uno|una|alguno|alguna)\s+de\s+(?:vosotros|vosotras|ustedes"
            r"|vuestr[oa]s\s+(?:t[eé]cnicos|agentes|compa[nñ]er[oa]s|expert[oa]s|especialistas|asesor[ea]s))"
            r"|(?:the\s+)?support(?:\s+team)?\b|soporte\b|atenci[oó]n\s+al\s+cliente"
            # "el equipo" is also the computer: only the team named as yours or as support's
            r"|(?:vuestro|su)\s+equipo|(?:el\s+|al\s+)?equipo\s+de\s+(?:soporte|atenci[oó]n|asistencia|ayuda))")
#: An explicit request to be put through to a person: "quiero hablar con alguien", "pásame con una
#: persona", "can I talk to a real person?", "put me through to someone", "get me a human".
_ASKS_FOR_SOMEONE = re.compile(
    r"\b(?:hablar|hable|habl[aá]ramos|chatear|comunica(?:me|dme|rme|r)|contactar|que\s+me\s+atienda|me\s+atienda"
    r"|atend(?:er|ido)\s+por)\s+(?:con\s+|por\s+)?" + _SOMEONE +
    # putting through takes "con": "pásame con alguien", not "pasar el equipo a Windows 11"
    r"|\b(?:p[aá]s(?:a|ad|e|en|an)(?:me|nos)|(?:me|nos)\s+p[aá]s(?:as|ais|[eé]is|an|en|e|a)|pasar(?:me|nos)?"
    r"|pon(?:e|ed|ga|gan)?me|(?:me|nos)\s+pon(?:es|eis|[eé]is|en|e|a|ga|gan))\s+con\s+" + _SOMEONE +
    r"|\b(?:talk|speak|chat)\s+(?:to|with)\s+" + _SOMEONE +
    r"|\b(?:connect|transfer|put)\s+me\s+(?:through\s+)?(?:to|with)\s+" + _SOMEONE +
    r"|\b(?:get|give|find)\s+me\s+" + _SOMEONE +
    # "¿no hay nadie con quien pueda hablar?", "is there anyone I can talk to?": the "no" is part of the ask
    r"|\b(?:no\s+)?(?:hay|habra|tendreis|teneis)\s+(?:alguien|nadie|alguna\s+persona|una\s+persona)\s+con\s+quien"
    r"\s+(?:\w+\s+){0,2}(?:hablar|hable|comentarlo)"
    r"|\b(?:is|isn'?t)\s+there\s+(?:anyone|anybody|someone|somebody|a\s+(?:real\s+)?(?:person|human))\s+"
    r"(?:i\s+(?:can|could)\s+|to\s+)(?:talk|speak|chat)"
    # a clause that is only the person asked for: "human please", "un agente, por favor", "persona real ya"
    r"|(?:^|[.,;:!?¿¡]\s*)(?:(?:a|an|un|una)\s+)?(?:real\s+)?(?:human|person|persona|humano|humana|agent|agente"
    r"|operator|operador|operadora)(?:\s+(?:real|de\s+verdad))?\s*,?\s*(?:please|pls|plz|por\s+favor|porfa|ya|now)"
    r"\s*[.!?]*\s*$",
    re.IGNORECASE)
#: A negation just before the request ("no quiero hablar con nadie", "I don't need to talk to anyone").
_NOT_ASKING = re.compile(r"\b(?:no|not|don'?t|do\s+not|doesn'?t|never|nunca|nadie|nobody|rather\s+not"
                         # a complaint about one, not a request: "I didn't get a ticket number"
                         r"|didn'?t\s+(?:get|receive)|did\s+not\s+(?:get|receive)|haven'?t\s+(?:got|received)"
                         r"|no\s+(?:me\s+)?(?:ha|han)\s+(?:llegado|dado)|no\s+he\s+recibido"
                         r"|sin\s+(?:necesidad\s+de\s+)?)\s+(?:\w+\s+){0,3}$"
                         # done before, not asked for: "ya hablé con soporte", "tuve que contactar con soporte"
                         r"|\b(?:ya|tuve\s+que|tuvimos\s+que|he\s+tenido\s+que|hemos\s+tenido\s+que)\s+$",
                         re.IGNORECASE)
#: A call asked for with it ("hablar con alguien por teléfono"): that may be a callback, the classifier decides.
_BY_PHONE = re.compile(r"\b(?:tel[eé]fono|telef[oó]nic\w*|por\s+phone|phone|llam\w*|call\w*|ring)\b", re.IGNORECASE)


#: How or when the team can be reached ("¿cómo puedo contactar con soporte?"): the contact article's question.
_HOW_TO_REACH = re.compile(r"^\W*(?:(?:y|and|oye|hola|hi|hello)\W+)?(?:como|how|donde|where|cuando|when|en que horario"
                           r"|what time|a que hora)\b")


def asks_for_a_person(text: Optional[str]) -> bool:
    """True for an explicit request to be put through to a person, also beside a problem ("Can I
    talk to a real person? Our Plus licence was charged twice"); not a negated one ("no quiero
    hablar con nadie") nor one asking for a call ("que me llame alguien", "talk to someone by phone")."""
    folded = strip_accents(normalise(text).lower())
    if _BY_PHONE.search(folded) or _HOW_TO_REACH.match(folded):
        return False
    accented = normalise(text).lower()
    return any(not _NOT_ASKING.search(folded[:match.start()]) and not past_talk(accented, folded, match)
               for match in _ASKS_FOR_SOMEONE.finditer(folded))


def past_talk(accented: str, folded: str, match: "re.Match") -> bool:
    """True for "hablé con…" (past), which loses its accent to "hable" in the folded text."""
    return (len(accented) == len(folded) and folded.startswith("hable", match.start())
            and accented.startswith("hablé", match.start()))


_LANGUAGE_NAMES = {"en": r"ingl[eé]s|english|inglesa?", "es": r"espa[nñ]ol|castellano|spanish"}
_LANGUAGE_REQUEST_CUE = re.compile(
    r"\b(?:habla\w*|segui\w*|sigamos|continu\w*|escrib\w*|respond\w*|contesta\w*|cambi\w*|pasa\w*|prefer\w*"
    r"|mejor|por\s+favor|porfa|puedes|podemos|podr[ií]as|speak|talk|continue|switch|write|reply|answer|change"
    r"|please|can\s+we|could\s+you|can\s+you|let'?s|prefer|rather|only)\b",
    re.IGNORECASE,
)


_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[A-Za-z]{1,4}-?\d+\b|\+?\d[\d\s().-]*\d")


def words_of(text: Optional[str]) -> list[str]:
    """The words of `text`, lower-cased and without accents (e-mails, also spelled out ("laura arroba
    x punto es"), links, ids and numbers left out)."""
    return [strip_accents(word.lower())
            for word in _WORD.findall(_NOT_WORDS.sub(" ", without_spelled_emails(normalise(text))))]


#: A quantity with its unit ("5 usuarios", "3 a 6 puestos", "16%", "49 euros", "error 401" is an id):
#: it says exactly what is wanted or wrong, as much as a word does.
_QUANTITY = re.compile(r"(?<![\w@.+/:-])\d{1,4}(?:[.,]\d{1,2})?\s*(?:%|€|\$|(?=[^\W\d_]{3,}))", re.UNICODE)
_CONTACT_DATA = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\+?\d[\d\s().-]{6,}\d")
#: An error code, the most specific detail a problem can carry ("error 0x80070005", "código de error
#: 1603", "error #2003"): English tells a problem in fewer words, and "the update fails with error
#: 0x80070005" was asked to be described again.
_ERROR_CODE = re.compile(r"\b0x[0-9a-f]{4,}\b|\b(?:error|err|codigo|code)(?: de error| code)?\s*(?:n[o.º]\s*)?#?\s*"
                         r"[a-z]{0,3}-?\d{2,}\b", re.IGNORECASE)


def detail_words(text: Optional[str]) -> int:
    """How many words of `text` say something specific (not "tengo un problema con…");
    a quantity with its unit counts as one."""
    words = sum(1 for word in words_of(text) if word not in _GENERIC_WORDS and len(word) > 1)
    codes = 1 if _ERROR_CODE.search(strip_accents(normalise(text))) else 0
    return words + codes + len(_QUANTITY.findall(_CONTACT_DATA.sub(" ", normalise(text))))


def is_detailed_problem(text: Optional[str]) -> bool:
    """True for a message that describes a problem well enough to file it as it is.

    "Tengo preguntas sobre una factura" names a topic; "la factura de noviembre llegó
    duplicada" describes what happens, and a form should not ask to describe it again.
    """
    details = detail_words(text)
    return details >= 4 or (details >= 3 and len(normalise(text)) >= 40)


def is_description(text: Optional[str]) -> bool:
    """True for a reply that can stand as a problem description when one was asked for."""
    text = normalise(text)
    return len(text) >= 8 and detail_words(text) >= 2


def is_question(text: Optional[str]) -> bool:
    """True for a message phrased as a question ("¿dónde está la papelera?", "how do I…")."""
    text = normalise(text)
    return "?" in text or "¿" in text or bool(_QUESTION_START.match(strip_accents(text)))


_CONTRACT_WORD = re.compile(r"\bcontra(?:to|ct)s?\b", re.IGNORECASE)
_WHERE_TO_FIND = re.compile(
    r"\b(?:donde|where|encuentr\w*|busc\w*|localiz\w*|viene|aparece|figura|find|located|"
    r"how (?:do|can|would) (?:i|we) know|c[oó]mo (?:s[eé]|sabemos|lo s[eé]|puedo saber))\b",
    re.IGNORECASE)
#: The question is about the contract's number, not the contract ("¿dónde firmo el contrato?").
_NUMBER_WORD = re.compile(r"\b(?:numero|num|nro|number|no|id|codigo|code|referencia|reference)\b")
#: Not having a contract, or getting one: the no-contract way ("no tengo el número a mano" is
#: not among them: the number is somewhere, just not here).
_GETTING_ONE = re.compile(
    r"\b(?:contrat(?:ar|amos|o uno)|compr\w*|buy|purchase|get one|sign up|consegu\w*|obten\w*|precio|price|cost\w*|"
    r"cuesta|vale un|no (?:tenemos|tengo|hay) (?:un |ningun\w* )?contrato|sin contrato|without (?:a |any )?contract|"
    r"(?:don'?t|do not|doesn'?t) have (?:a |any )?(?:support )?contract\b(?! number)|no contract)\b",
    re.IGNORECASE)


def asks_where_the_contract_number_is(text: Optional[str]) -> bool:
    """True for a question about finding one's support contract number ("¿dónde viene el número
    de contrato?", "where do I find my contract number?"), not for one about getting a contract
    ("¿dónde puedo contratar soporte?") nor for a message that gives the number."""
    folded = strip_accents(normalise(text).lower())
    return (is_question(text) and bool(_CONTRACT_WORD.search(folded)) and bool(_WHERE_TO_FIND.search(folded))
            and bool(_NUMBER_WORD.search(folded)) and not _GETTING_ONE.search(folded) and not re.search(r"\bsc-?\d", folded))


#: Asking what the contract asked for is ("¿qué es un contrato de soporte?", "what contract?"): only
#: as a question; "what does the contract cover?" asks about one the customer has.
_WHAT_CONTRACT = re.compile(
    r"\b(?:que|cual) (?:es |seria |significa )?(?:un |el |ese |eso (?:del? )?)?contrato|\bque contrato|a que contrato"
    r"|contrato de que|que (?:es|significa) eso (?:del? )?contrato"
    r"|what(?:'s| is| are)? (?:a |an |the |this |that |your )?(?:support |service )?contracts?\b(?! (?:cover|include|number))"
    r"|which contract|what do you mean (?:by |with )?(?:a |the )?(?:support )?contract")
#: Saying one does not know of any contract ("no sé si tenemos contrato", "never heard of a support contract").
_NO_IDEA_CONTRACT = re.compile(
    r"\bno se (?:que es|lo que es|si tenemos|si tengo|nada de)(?:\s+\w+){0,3}\s+contrato"
    r"|\b(?:don'?t|do not) know (?:what|if|whether) (?:a |the |we |i )?(?:support )?(?:contract|have)"
    r"|\bno idea what (?:a |the )?(?:support )?contract|never heard of (?:a |any )?(?:support )?contract")
#: Having the program's licence only ("solo compramos la licencia", "we only bought the licence").
_LICENCE = r"(?:la |una |el |the |a |our |una? )?(?:licencias?|licen[cs]es?|programa|software|program|paperoffice)\b"
_ONLY_LICENCE = re.compile(
    r"\b(?:solo|solamente|unicamente|just|only)\s+(?:\w+\s+)?(?:have|has|got|bought|purchased|paid for|use|tenemos"
    r"|tengo|compramos|compre|pagamos|pague|usamos|uso)\s+" + _LICENCE +
    r"|\b(?:solo|solamente|unicamente|just|only)\s+(?:la |una |the |a |our )?(?:licencias?|licen[cs]es?)\s*(?:[.,;!]|$)"
    r"|\b(?:licencias?|licen[cs]es?)\b(?:\s+\w+){0,2}\s+(?:y ya|nada mas|y punto|only|and that'?s (?:it|all)|nothing else)"
    r"|\b(?:compramos|compre|pagamos|we (?:bought|purchased|paid for)|i (?:bought|purchased|paid for))"
    r" (?:solo |just |only )?" + _LICENCE)
#: A contract named as something the customer has ("the licence and the support contract").
_NEGATED_CONTRACT = re.compile(r"\b(?:no|not|don'?t|sin|without|ningun\w*|any|que|cual|what\w*|which|heard of)\s+"
                               r"(?:\w+\s+){0,3}contra(?:to|ct)")
#: Going to look the number up ("let me check", "déjame mirar", "just a moment").
_FETCHING = re.compile(r"\b(?:let me (?:check|look|see|find)|i'?ll (?:check|look)|just a (?:moment|sec\w*|minute)"
                       r"|hold on|one (?:moment|sec\w*)|d[eé]jame (?:mirar|ver|buscar|comprobar)|voy a (?:mirar|buscar|ver)"
                       r"|un (?:momento|segundo|minuto)|espera\w*\s+que\s+(?:lo\s+)?(?:miro|busco))\b")


def asks_what_a_contract_is(text: Optional[str]) -> bool:
    """True for a reply to "your support contract number?" that shows the customer has none or
    does not know what it is: "what's a support contract? we only bought the licence", "¿qué
    contrato? solo tenemos la licencia", "no sé si tenemos contrato". Not a message with a number,
    one going to look it up ("let me check") nor one that names a contract the customer has."""
    folded = strip_accents(normalise(text).lower())
    if re.search(r"\bsc-?\s?\d", folded) or re.search(r"\d{3,}", folded) or _FETCHING.search(folded):
        return False
    about_the_number = re.search(r"\bcontra(?:to|ct)s?\s+(?:number|no|id|code|numero|num|nro)\b"
                                 r"|\b(?:numero|num|nro|codigo|number)\s+(?:de(?:l)?\s+)?contrato", folded)
    if not about_the_number and ((is_question(text) and _WHAT_CONTRACT.search(folded)) or _NO_IDEA_CONTRACT.search(folded)):
        return True
    if not _ONLY_LICENCE.search(folded):
        return False
    named = [m for m in _CONTRACT_WORD.finditer(folded)]
    # "¿contrato? solo compramos la licencia": a contract asked back about is not one the customer has
    return all(_NEGATED_CONTRACT.search(folded[:m.end()][-60:]) or folded[m.end():].lstrip().startswith("?")
               for m in named)


#: Words that deny having a contract, or say the one named no longer holds: "no tenemos contrato", "ya no
#: tenemos", "sin contrato", "el contrato caducó", "we don't have one", "we have no contract", "it expired";
#: not any "no" ("sí, es el 1001 y no sé si sigue vigente" has one).
_CONTRACT_DENIED = re.compile(
    r"\b(?:(?:ya\s+)?no|nunca)\s+(?:lo\s+|la\s+|le\s+)?(?:tenemos|tengo|tiene|tienen|hemos\s+tenido|hay)\b"
    r"(?!\s+(?:claro|clara|a\s+mano|aqui|delante|encima|el\s+numero|la\s+referencia))"
    r"|\b(?:sin|ningun\w*|no)\s+(?:\w+\s+)?contrat\w*|\bno\s+contract|\b(?:don'?t|do\s+not|doesn'?t|does\s+not"
    r"|haven'?t|have\s+not|never|no\s+longer)\s+(?:\w+\s+)?(?:have|got|had)\b|\bhave\s+no\b"
    r"|(?<!\bsi\s)(?<!\bif\s)(?<!\bwhether\s)\b(?:caduc\w*|vencio|vencido|expir\w*|cancelad\w*|cancelled|canceled)\b")


def denies_having_a_contract(text: Optional[str]) -> bool:
    """True when the words deny having a (valid) contract ("no tenemos contrato", "el contrato caducó, era el
    1003", "we don't have one"), so a number in them is not the contract given."""
    return bool(_CONTRACT_DENIED.search(strip_accents(normalise(text or "").lower())))


def asks_instead_of_answering(text: Optional[str]) -> bool:
    """True for a reply to a yes/no question that asks something instead ("hmm, what happens
    after I confirm?"), not for a yes or no that merely starts like a question ("ah vale, que
    sí, que lo abras": "que" opens many a Spanish answer)."""
    text = normalise(text)
    if "?" in text or "¿" in text:
        return True
    return is_question(text) and not re.search(r"\b(?:s[ií]|yes|no|vale|ok|okay)\b", strip_accents(text.lower()))


def read_case_number(text: Optional[str], asked: bool = False) -> Optional[int]:
    """A case number written without its prefix: "mi caso 42", "ticket nº 4711"; a bare
    "4711" only when the number was `asked` for. Phone-length numbers are not case numbers."""
    text = normalise(text)
    match = (_NUMBER_AFTER_CASE_WORD.search(text)
             or ((_BARE_NUMBER.match(text) or _NUMBER_AT_THE_END.search(text) or _NUMBER_IN_A_CLAUSE.search(text))
                 if asked else None)
             or (_NUMBER_AS_CLAUSE.search(text) if _ABOUT_A_CASE.search(strip_accents(text)) else None))
    if not match:
        return None
    digits = match.group(1)
    return int(digits) if len(digits) <= 7 else None


def asks_about_an_existing_case(text: Optional[str]) -> bool:
    """True for a message that names a case the customer already has and asks how it is going or
    says it was opened before: "soy ana@x.es, abrí una incidencia hace unos días, la 336, ¿sabéis
    algo?", "my case, number 77, any news?". A status question, not a request for a new case (nor
    one for a call or a person beside it)."""
    text = normalise(text)
    if read_case_number(text) is None or requested_follow_up(text) in ("callback", "human"):
        return False
    folded = strip_accents(text.lower())
    # a case word of ours must be there ("abrí la factura número 12 y no sale" names an invoice), not
    # a till receipt or its printer ("el ticket de caja, el 45, no se imprime")
    if not _ABOUT_A_CASE.search(_NOT_A_CASE.sub(" ", folded)):
        return False
    return bool(_ASKS_FOR_NEWS.search(folded) or _OPENED_BEFORE.search(folded))


#: How long until support answers, or when the customer hears back: "¿cuánto tardaréis en
#: contestarme?", "¿cuándo me contestará alguien?", "how long until someone gets back to me?",
#: "when will I hear back?". Replies and calls of people, never of the program ("¿cuánto tarda en
#: responder el programa?" names no one who answers).
_WHEN_ANSWERED = re.compile(
    # "¿cuánto tarda(n) en contestar(me)…?", "¿cuánto se tarda en contestar un ticket?": a reply or call of people
    r"\bcuanto (?:tiempo )?(?:se )?(?:tarda\w*|demora\w*)\b.{0,40}?\ben (?:contest|respond|llam|atend|escrib|decir)\w*"
    r"(?:me|nos|le|les\b| (?:a |el |la |los |las |un |una |mi |mis |nuestr\w+ )?(?:tickets?|casos?|incidencias?|consultas?"
    r"|correos?|solicitud\w*|peticion\w*))"
    # "¿cuánto tardáis?": "you" (the team) as the subject; "¿cuánto tarda una respuesta?"
    r"|\bcuanto (?:tiempo )?(?:tardais|tardareis|soleis tardar)\b"
    r"|\bcuanto (?:tiempo )?(?:tarda|tardara|suele tardar) (?:una |la )?(?:respuesta|contestacion|llamada)"
    r"|\ben cuanto tiempo (?:me |nos )?(?:contestais|respondeis|llamais|contestan|responden|me contestaran|me responderan)"
    # "¿cuándo me contestaréis / contestará alguien?": the future of people answering (not "cuando me llama un cliente")
    r"|\bcuando (?:me |nos )(?:contestar|responder|llamar|escribir|dir|avisar|dar)(?:a|an|eis|e|emos)\b"
    r"|\bcuando (?:me |nos )(?:contestais|respondeis|llamais|escribis|decis|avisais)\b"
    # "¿cuándo me atiende el servicio técnico?", "¿cuándo nos atienden?": the team as the subject (review of hours17)
    r"|\bcuando (?:me |nos )(?:atendeis|atendereis|atienden|atenderan|(?:atiende|atendera|contesta|contestara|responde"
    r"|respondera|llama|llamara) (?:el |la |alguien|algun|un |una )?(?:soporte|servicio|tecnic|agente|equipo|atencion"
    r"|alguien|persona)|(?:atiende|atendera)\s*(?:[?.!,]|$))"
    r"|\bcuando (?:sabre|sabremos|tendre|tendremos) (?:algo|respuesta|noticias)"
    r"|\bcuando (?:me |nos )?(?:va|van|vais) a (?:contestar|responder|llamar|escribir|decir)"
    # the time or day of the call already booked: "entonces, ¿a qué hora me llamáis?", "al final qué día me
    # llamáis?", "¿a qué hora me vais a llamar?", "¿cuándo es la llamada?", "¿para qué hora quedó la llamada?"
    r"|\b(?:a que hora|que dia|que hora|para que (?:dia|hora)|para cuando|a eso de que hora|sobre que hora) (?:me |nos )"
    r"(?:llamais|llamareis|llaman|llamaran|llamara|llama|(?:va|van|vais) a llamar|teneis que llamar)\b"
    r"|\b(?:cuando|a que hora|que dia|para cuando|para que (?:dia|hora)) (?:es|sera|era|quedo|queda|quedamos|tengo|esta) "
    r"(?:la |mi |nuestra )?(?:llamada|cita)(?: (?:entonces|exactamente|al final|por fin|conmigo))?\s*(?:[?.!,]|$)"
    # "how long until someone gets back to me?", "how soon can you reply?": someone of the team answering
    r"|\bhow (?:long|soon)\b.{0,50}?\b(?:hears? back|hear from (?:you|someone|somebody|anyone|support|the team))\b"
    r"|\bhow (?:long|soon)\b(?=.{0,50}\b(?:you|someone|somebody|anyone|support|team|they|technicians?|agents?"
    r"|tickets?|cases?|requests?)\b).{0,50}?\b(?:gets? back|reply|replies|answer\w*|respond\w*|response|call me|call us"
    r"|contact me|contact us)\b"
    r"|\bwhen (?:will|would|do|can|should) (?:i|we) (?:hear|get (?:a |an )?(?:reply|answer|response|call)"
    r"|expect (?:a |an )?(?:reply|answer|response|call|callback|to hear))"
    r"|\bwhen(?:'?s| is| will| would| does| do) (?:someone|somebody|anyone|you|they|support|the team)\b.{0,20}?"
    r"\b(?:gets? back|getting back|reply|answer|respond|call|contact|write|look at)"
    # the call already booked: "so when are you calling me then?", "what time will you call me?", "when's my call?"
    r"|\b(?:when|what time|what day|which day)(?: exactly)? (?:are|will|would|is|do) (?:you|someone|somebody|they|the technician"
    r"|your technician|the team)(?: guys)? (?:going to |gonna )?(?:call|ring|phone)(?:ing)? (?:me|us)\b"
    r"|\b(?:when|what time|what day)(?:'?s| is| was) (?:my|the|our) (?:call|callback|phone call|appointment)"
    r"(?: (?:then|exactly|again|booked|scheduled|with you))?\s*(?:[?.!,]|$)")


#: A call's words inside a when-question: "¿a qué hora me llamáis?", "when's my call?" (not a written answer).
_CALL_WORDS = re.compile(r"\b(?:llam\w*|call\w*|ring\w*|phone\w*|cita|appointment)\b")


def asks_when_called(text: Optional[str]) -> bool:
    """True for a when-question (`asks_when_answered`) about a call: "¿a qué hora me llamáis?",
    "when is my call?". With no call booked it asks for one (review of hours17)."""
    if not asks_when_answered(text):
        return False
    found = _WHEN_ANSWERED.search(strip_accents(normalise(text).lower()))
    return found is not None and bool(_CALL_WORDS.search(found.group(0)))


#: A booked call asked to be moved: "can you move it to Friday?", "¿la podemos pasar al jueves?", "el lunes
#: no puedo", "can we do another day?", "¿se puede cambiar la hora?" (review of hours17).
_MOVES_A_CALL = re.compile(
    r"\b(?:move|moving|reschedul\w*|postpone|push)\s+(?:it|the\s+call|my\s+call|that|this)\b"
    r"|\b(?:change|changing)\s+(?:the\s+|my\s+)?(?:time|day|date|call|appointment)\b"
    r"|\b(?:another|a\s+different|other)\s+(?:day|time|date)\b"
    r"|\b(?:can'?t|cannot|can\s+not|won'?t\s+be\s+able\s+to)\s+(?:make|do|take)\s+(?:it|that|the\s+call)\b"
    r"|\b(?:i'?m|we'?re|i\s+am|we\s+are)\s+(?:not\s+available|busy|away|out)\s+(?:then|on|that|at)\b"
    r"|\b(?:pasar|mover|cambiar|aplazar|retrasar|adelantar|atrasar)(?:la|lo)?\s+(?:a|al|para|la\s+hora|el\s+dia"
    r"|la\s+llamada|la\s+cita|de\s+dia|de\s+hora)\b"
    r"|\b(?:la|lo)\s+(?:podemos|podeis|puedes|puede|pueden|podriais|podrias)\s+(?:pasar|mover|cambiar|aplazar|retrasar"
    r"|adelantar|atrasar)\b"
    r"|\b(?:otro|otra)\s+(?:dia|hora|momento|fecha)\b"
    r"|\b(?:no\s+puedo|no\s+podemos|no\s+me\s+viene\s+bien|no\s+me\s+va\s+bien|no\s+estoy|no\s+estare)\b"
    r"\s+(?:(?:el|ese|este|esta|a)\s+)?(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|esa\s+hora|ese\s+dia|a\s+esa|entonces)\b"
    r"|\b(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|a\s+esa\s+hora|ese\s+dia)\s+no\s+"
    r"(?:puedo|podemos|me\s+viene|me\s+va|estoy|estare)\b(?=\s*(?:[?.!,;]|$|\s+(?:bien|porque|pero|ir|estar|atender"
    r"|coger|hablar)\b))")


def asks_to_move_call(text: Optional[str]) -> bool:
    """True when the message asks to move a booked call to another time or says its time does not
    suit ("when is my call? can you move it to Friday?", "¿qué día me llamáis? el lunes no puedo")."""
    return bool(_MOVES_A_CALL.search(strip_accents(normalise(text).lower())))


def asks_when_answered(text: Optional[str]) -> bool:
    """True for a question about how long until support answers or calls ("¿cuánto tardaréis en
    contestarme?", "how long until someone gets back to me?"): about the service's timing, not a
    request for a person now, whatever the classifier read from "alguien"/"someone"."""
    text = normalise(text)
    folded = strip_accents(text.lower())
    found = _WHEN_ANSWERED.search(folded)
    if not is_question(text) or found is None:
        return False
    # a request for a person beside it ("¿cuándo me contestará alguien? pásame con una persona") is one:
    # the question's own words ("cuándo…") would hide it from asks_for_a_person
    question_end = folded.find("?", found.end())
    rest = folded[:found.start()] + " " + (folded[question_end + 1:] if question_end >= 0 else "")
    return not asks_for_a_person(text) and not asks_for_a_person(rest)


#: "¿y para buscar una factura por la fecha?", "and to find an invoice by its date?": a follow-on how-to
#: that names only what the customer wants to do, opening with "para"/"to" and a verb.
_PURPOSE_QUESTION = re.compile(
    r"^\W*(?:(?:y|e|and|pero|but|vale|ok|okay|ah|oh|genial|perfecto|gracias|thanks)\W+){0,3}"
    r"(?:para\s+(?!ser\b|ir\b)[a-z]+(?:ar|er|ir)(?:lo|la|los|las|le|les|me|se|nos)?\b"
    r"|to\s+(?!be\b|the\b|a\b|an\b|my\b|me\b|you\b|whom?\b|what\b|which\b|when\b|where\b|honest\b)[a-z]{2,}\b)")


def asks_how_to_do(text: Optional[str]) -> bool:
    """True for a follow-on question that only says what the customer wants to do ("¿y para buscar
    una factura por la fecha?", "and to export it?"): a how-to, however its nouns read ("factura"
    made it a ticket request)."""
    text = normalise(text)
    folded = strip_accents(text.lower())
    return is_question(text) and bool(_PURPOSE_QUESTION.match(folded)) and requested_follow_up(text) is None


#: "Ticket" used for a receipt or a printer, not a support case.
_NOT_A_CASE = re.compile(r"\btickets?\s+(?:de\s+(?:caja|compra|gasolinera|venta|parking|restaurante)|printer|impresora)\b"
                         r"|\b(?:impresora|printer)\s+de\s+tickets?\b|\breceipt\b", re.IGNORECASE)


#: The words a customer introduces themselves with ("hola, os escribo desde …", "this is …, hi").
_INTRODUCTION_WORDS = set("""
hola holi buenas buenos dias tardes noches hey hi hello hallo there morning afternoon evening good
soy somos es os te les escribo escribe escribimos escribiendo desde de del con mi nuestro correo email e-mail mail
direccion address es is this i i'm im am we we're here from writing write my our aqui al habla saludos un saludo
""".split())
_GREETING_WORD = re.compile(r"\b(?:hola|holi|buen[oa]s|hey|hi|hello|hallo|morning|afternoon|evening|saludos)\b")


def introduces_only(text: Optional[str]) -> bool:
    """True for a greeting or introduction that only gives an address ("hola, os escribo desde
    facturacion@autoescuela.es", "hello there, this is accounts@bakery.co.uk"): the words inside the
    address ("facturacion") ask for nothing."""
    text = normalise(text)
    if "@" not in text and not spelled_out_emails(text):
        return False
    rest = strip_accents(ADDRESSES.sub(" ", without_spelled_emails(text)).lower())
    words = _WORD.findall(rest)
    return all(word in _INTRODUCTION_WORDS for word in words)


def greets(text: Optional[str]) -> bool:
    """True when the message opens with or holds a greeting word ("hola", "buenos días", "hello")."""
    return bool(_GREETING_WORD.search(strip_accents(normalise(text).lower())))


def requested_follow_up(text: Optional[str]) -> Optional[str]:
    """What a yes/no reply asks for besides: "ticket", "callback", "human", or None.

    "sí, pero ábreme un ticket" is not "yes, it helped": it asks for a ticket.
    """
    text = normalise(text)
    folded = strip_accents(text.lower())
    person = any(not _NOT_ASKING.search(folded[:m.start()]) for m in _PERSON.finditer(folded))
    if person or asks_for_a_person(text):
        return "human"
    # "no hace falta ticket", "no quiero que me llaméis": a negated request asks for nothing
    if any(not _NOT_ASKING.search(text[:m.start()]) for m in _CALL.finditer(text)):
        return "callback"
    if any(not _NOT_ASKING.search(text[:m.start()]) for m in _TICKET.finditer(text)):
        return "ticket"
    return None


#: The language a request points at: "(seguir) en inglés", "in English", "al español", "switch to English".
_LANGUAGE_TARGET = re.compile(r"\b(?:en|in|al|a|to|into|con|with)\s+(?:el\s+|idioma\s+|lengua\s+)?(" +
                              "|".join(_LANGUAGE_NAMES.values()) + r")\b")
#: ...or a language asked for with a please: "sorry, English please, I only know a bit of Spanish".
_LANGUAGE_PLEASE = re.compile(r"\b(" + "|".join(_LANGUAGE_NAMES.values()) +
                              r")\s*,?\s+(?:please|pls|plz|por\s+favor|porfa)\b")
#: Something of the program whose language can be set: a question about it is a how-to, not a request to the chat.
_PROGRAM_OBJECT = re.compile(
    r"\b(?:programa|program|software|paperoffice|aplicacion|app|application|interfaz|interface|menus?|pantalla"
    r"|screen|ocr|teclado|keyboard|instalador|installer|documentos?|documents?|plantillas?|templates?|windows"
    r"|opciones|options|settings|ajustes|configuracion|corrector|spell\w*|dictionary|diccionario)\b")
#: Words that address the conversation itself ("¿me hablas en inglés?", "reply in English").
_ADDRESSES_CHAT = re.compile(
    r"\b(?:chat|conversaci\w*|convers\w*|habl\w*|segui\w*|sigamos|continu\w*|respond\w*|contesta\w*|escrib\w*"
    r"|speak|talk|reply|answer|write|carry on|go on|contigo|with you|nos entendemos)\b")


def _language_of_name(name: str) -> Optional[str]:
    return next((code for code, names in _LANGUAGE_NAMES.items() if re.fullmatch(names, name)), None)


#: A language's name used of something else: "el IVA español", "a Spanish company", "Spanish VAT".
#: Spanish puts the adjective after its noun, English before; a name after a preposition, an
#: article or a verb of speaking ("en español", "al inglés", "habla inglés") is the language itself.
_ADJECTIVE_ES = re.compile(
    r"\b(?!(?:en|al|a|el|del|de|idioma|lengua|habla\w*|hablar|sigamos|seguir|segui\w*|continu\w*|escrib\w*|"
    r"respond\w*|contesta\w*|pasa\w*|cambia\w*|prefier\w*|castellano|mejor|solo|only|in|to|into|speak|y|o|u|no)\b)"
    r"[a-z]{2,}\s+(espanol(?:es|as)?|espanola|ingles(?:es|as)?|inglesa)\b")
_ADJECTIVE_EN = re.compile(
    r"\b(spanish|english)\s+(?!(?:please|pls|por|language|speaker|speakers|speaking|agent|person|someone|support|"
    r"too|instead|now|only|if|from|and|or|then|again|thanks|thank|por|porfa|is|would|will|for|with)\b)[a-z]{2,}")


def speaks_of_a_language(text: Optional[str]) -> bool:
    """True when `text` names a language as a language ("en inglés", "do you speak Spanish?",
    "otro idioma"), not only as an adjective of something else ("el IVA español", "Spanish VAT")."""
    folded = _ADJECTIVE_EN.sub(" ", _ADJECTIVE_ES.sub(" ", strip_accents(normalise(text).lower())))
    names = "|".join(_LANGUAGE_NAMES.values())
    return bool(re.search(rf"\b(?:{names}|idiomas?|language|languages|lengua)\b", folded))


_NAMES_ANY = r"(ingl[eé]s|english|espa[nñ]ol|castellano|spanish)"
#: A language the customer says they do not (well) speak: "I don't speak Spanish", "no hablo
#: inglés", "my Spanish is not good". It is a request for the other language, never for the named one.
_NOT_SPOKEN = re.compile(
    r"\b(?:(?:i\s+)?(?:don'?t|do\s+not|doesn'?t|does\s+not|can'?t|cannot|can\s+not)\s+(?:really\s+)?(?:speak|understand|read|write|talk)"
    r"(?:\s+(?:much|any|good|very\s+well|well|a\s+word\s+of))?"
    r"|(?:i'?m|i\s+am)\s+not\s+(?:good|fluent|great)\s+(?:at|in|with)"
    r"|no\s+(?:hablo|entiendo|leo|escribo|domino|manejo|se|s[eé]|hablamos|entendemos|habla|hablan|entiende|entienden"
    r"|sabe|saben)(?:\s+(?:bien|mucho|nada\s+de|casi))?(?:\s+el)?"
    r")\s+" + _NAMES_ANY + r"\b"
    r"|\b(?:my|mi)\s+" + _NAMES_ANY + r"\s+(?:is\s*n'?t|is\s+not|is\s+(?:bad|poor|terrible|weak|limited|rusty)"
    r"|no\s+es\s+(?:bueno|muy\s+bueno|gran\s+cosa)|es\s+(?:malo|muy\s+malo|flojo|limitado|b[aá]sico|muy\s+b[aá]sico))")


def _not_spoken(folded: str) -> tuple[set[str], str]:
    """The languages `folded` says the customer does not speak, and the text without those phrases."""
    named = set()
    for match in _NOT_SPOKEN.finditer(folded):
        name = match.group(1) or match.group(2)
        named.add(_language_of_name(name))
    named.discard(None)
    return named, _NOT_SPOKEN.sub(" ", folded)


def requested_language(text: Optional[str]) -> Optional[str]:
    """The language an explicit request asks for ("¿podemos seguir en inglés?" -> "en"), else None.

    "Can we continue in English? My Spanish isn't great" names two languages: the one the
    request points at wins. "¿Cómo cambio el programa a español?" asks about the program's
    own setting (a how-to), not for the chat to change language: None.
    """
    not_spoken, folded = _not_spoken(strip_accents(normalise(text).lower()))
    folded = _ADJECTIVE_EN.sub(" ", _ADJECTIVE_ES.sub(" ", folded))  # "Spanish VAT", "el IVA español": no request
    found = [code for code, names in _LANGUAGE_NAMES.items() if re.search(rf"\b(?:{names})\b", folded)]
    if not found:
        if len(not_spoken) == 1:  # "sorry, I don't speak Spanish": the other one
            return "en" if not_spoken.pop() == "es" else "es"
        return None
    if _about_program(folded):
        return None  # the program's language, the OCR's, the keyboard's…: a question for the knowledge base
    if len(found) > 1:
        targets = {_language_of_name(match.group(1))
                   for pattern in (_LANGUAGE_TARGET, _LANGUAGE_PLEASE) for match in pattern.finditer(folded)}
        targets.discard(None)
        if len(targets) != 1:
            return None
        found = list(targets)
    short_request = len(folded.split()) <= 4
    if not short_request and not _asked_where_named(folded):
        return None  # "my colleague started this chat in Spanish - how do I…?": a report, the question is another
    if short_request or _LANGUAGE_REQUEST_CUE.search(folded) or "?" in folded:
        return found[0]
    return None


#: Where a message breaks into clauses for the language request: sentence ends and dashes.
_LANGUAGE_CLAUSE_BREAK = re.compile(r"(?<=[.;!?])\s+|\s[-–—]\s")
#: A language said to have been used ("mi compañero empezó en español", "the customer wrote in English"):
#: a report of what happened, not a request for what comes next.
_REPORTED_USE = re.compile(r"\b(?:wrote|written|started|began|spoke|said|escribio|escribi|empezo|empece|comenzo"
                           r"|hablo|dijo|puso|mando|sent)\b")
_ANY_LANGUAGE = re.compile(r"\b(?:" + "|".join(_LANGUAGE_NAMES.values()) + r")\b")


def _asked_where_named(folded: str) -> bool:
    """True when a clause that names a language asks for it: a cue, a question mark or a target
    ("…in English please") in that same clause, and it is not a report of a language used before."""
    for clause in _LANGUAGE_CLAUSE_BREAK.split(folded):
        if not _ANY_LANGUAGE.search(clause):
            continue
        targeted = _LANGUAGE_TARGET.search(clause) or _LANGUAGE_PLEASE.search(clause)
        if _REPORTED_USE.search(clause) and not (targeted and _LANGUAGE_REQUEST_CUE.search(_REPORTED_USE.sub(" ", clause))):
            continue  # "el cliente me escribió en inglés"; not "he wrote in Spanish, reply in English please"
        if _LANGUAGE_REQUEST_CUE.search(clause) or "?" in clause or targeted:
            return True
    return False


def about_program_language(text: Optional[str]) -> bool:
    """True for a question about the program's own language setting ("¿cómo cambio el
    programa a español?", "how do I set the OCR to English"), which the knowledge base answers."""
    # "…que no habla español" tells who will use it, it does not address the chat
    return _about_program(_not_spoken(strip_accents(normalise(text).lower()))[1])


_NAMES_LANGUAGE = re.compile(r"\b(?:idioma|language|lengua|" + "|".join(_LANGUAGE_NAMES.values()) + r")\b")


def _about_program(folded: str) -> bool:
    """True when a clause of `folded` that names a language (or "idioma") also names something of
    the program and does not address the chat: "¿cómo cambio el programa a español?". The
    program's words in another clause ("mejor en español: ¿puedo escanear con la app…?") make
    no question about its language setting."""
    pieces = _PIECES.findall(folded) or [folded]
    return any(_NAMES_LANGUAGE.search(piece) and _PROGRAM_OBJECT.search(piece) and not _ADDRESSES_CHAT.search(piece)
               for piece in pieces)


#: A yes that opens the reply and stands alone ("Sí, …", "vale.", "ok"): "si hace falta…" is an if.
_YES_FIRST = re.compile(
    r"^(?:s[ií]|yes|yeah|yep|vale|ok(?:ay)?|claro|de acuerdo|adelante|sure|of course|por supuesto)"
    r"(?=\s*(?:[,.!;:]|$))|^go ahead\b",
    re.IGNORECASE)
_PASS_ON = re.compile(
    r"\b(?:pod[eé]is|puedes|puede|pueden|podeis)\s+(?:pas|envi|mand|compart|reenvi)\w*"
    r"|\b(?:p[aá]s|env[ií]|m[aá]nd|compart[ií])\w*selo\b"
    r"|\b(?:pas|envi|mand|compart|reenvi)(?:adle|adles|ale|ales|iadle|iadles|idle|idles)\b"  # "pasadles la información"
    r"|\b(?:pas|envi|mand|reenvi)adlo\b|\bcompartidlo\b"  # "vale, enviadlo al fabricante"
    r"|\b(?:p[aá]sa|env[ií]a|m[aá]nda|comp[aá]rte)(?:le|les)\b"
    r"|[:;]\s*(?:s[ií]|yes)(?=\s*(?:[,.!;]|$))"  # "lo he pensado mejor: sí, …"
    r"|\b(?:go ahead|you can (?:send|share|pass|forward)|you may (?:send|share|pass|forward)|send it|share it"
    r"|pass it on)\b"
    r"|(?:[,;:]\s*|\b(?:y|and)\s+)(?:s[ií],?\s+)?adelante\b",  # "ya lo he consultado y sí, adelante"
    re.IGNORECASE)
#: Anything that refuses, postpones or hedges: consent must be unambiguous, so these win.
_REFUSAL = re.compile(
    r"^(?:no|nope|todav[ií]a no|a[uú]n no|not yet|mejor no|better not)\b"
    r"|\bno (?:lo |se lo |les )?(?:pas|envi|mand|compart)"
    r"|\b(?:don'?t|do not|didn'?t|not yet|rather not|no need|never|nunca|todav[ií]a no|a[uú]n no|que no)\b"
    r"|\b(?:pero antes|antes lo|antes de|primero|but first|first)\b"
    # a cancellation or the customer doing it themselves: "go ahead and cancel", "olvídalo, se lo paso yo mismo"
    r"|\b(?:cancel\w*|anul\w*|olvid\w*|forget|stop|d[eé]jalo|myself|yo mism[oa]|ya no|dice que no|prefiere que no"
    r"|no (?:est[aá]|estamos|estoy) de acuerdo|says no|disagree\w*)\b"
    r"|\b(?:se lo|lo|te lo|os lo)\s+(?:paso|env[ií]o|mando)\s+yo\b|\bpuedo\s+(?:pas|mand|envi)\w*\s+yo\b",
    re.IGNORECASE)


def _decided_by_last_sentence(text: str, agrees) -> Optional[bool]:
    """What the last of several sentences decides: "we'll never fix this alone. ok, you can pass
    it on to QNAP" agrees, "Sí. No, espera, mejor no" refuses, whatever came before; None when it
    decides nothing or the reply is one sentence."""
    sentences = [part.strip(" ¡!¿?.,") for part in split_sentences(text, ends=".!;") if part.strip(" ¡!¿?.,")]
    if len(sentences) < 2:
        return None
    if _REFUSAL.search(sentences[-1]):
        return False
    return True if agrees(sentences[-1]) else None


def _agrees(text: str) -> bool:
    return bool(text) and not _REFUSAL.search(text) and bool(_YES_FIRST.search(text) or _PASS_ON.search(text))


def _says_pass_it_on(text: str) -> bool:
    return bool(text) and not _REFUSAL.search(text) and bool(_PASS_ON.search(text))


def gives_consent(text: Optional[str]) -> bool:
    """True for a reply that agrees to passing the case on ("Sí, podéis pasarlo. Mi correo
    es …", "ya lo hablé con él, podéis enviarlo"), even when it also carries data."""
    if is_question(text):
        return False  # "Ok, ¿qué datos les pasaríais?" asks before agreeing
    text = normalise(text)
    decided = _decided_by_last_sentence(text, _agrees)
    return decided if decided is not None else _agrees(text.strip(" ¡!¿?.,"))


def asks_to_pass_on(text: Optional[str]) -> bool:
    """True when a reply says in words to pass the case on ("pásaselo", "go ahead and send it"),
    which a bare "sí" to another question does not."""
    if is_question(text):
        return False
    text = normalise(text)
    decided = _decided_by_last_sentence(text, _says_pass_it_on)
    return decided if decided is not None else _says_pass_it_on(text)


_PLAIN_NO = re.compile(r"^(?:no|nope|no,? gracias|no thanks)\b(?![\s,]*(?:todav[ií]a|a[uú]n|yet|de momento|por ahora|for now|lo s[eé]|s[eé]\b|estoy segur|sure|problem|hay problema|worries|me importa))",
                       re.IGNORECASE)


def plain_no(text: Optional[str]) -> bool:
    """True for a reply that opens with a plain no ("no thanks", "no, gracias"), not a
    "not yet" (which postpones) and not a no to something else later in the sentence."""
    return bool(_PLAIN_NO.search(normalise(text).strip(" ¡!¿?.,")))


#: Words after a comma that start another sentence of a reply ("sí, me sirvió, y otra cosa…").
_NEXT_SENTENCE_WORDS = ("y", "and", "pero", "but", "otra cosa", "another thing", "also", "tambi[eé]n")


def _reply_sentences(text: Optional[str]) -> List[str]:
    """The sentences of a reply: after . ! ? ;, before an opening ¿, and before "y", "pero", "but"… after a comma."""
    return split_sentences(normalise(text), ends=".!?;", opening_question="spaced", comma_before=_NEXT_SENTENCE_WORDS)


def question_after_answer(text: Optional[str]) -> Optional[str]:
    """The question that follows a yes or no in the same message ("sí, me sirvió. Y otra
    cosa, ¿cómo le doy permisos?" -> "¿cómo le doy permisos?"), or None when there is none.
    The first sentence is the answer; a question must come after it."""
    parts = _reply_sentences(text)
    for index, part in enumerate(parts[1:], start=1):
        if is_question(part) and detail_words(part) >= 1:
            return " ".join(parts[index:])
    return None


#: An object pronoun that stands for something named before the question ("¿cómo lo instalo?",
#: "how do I install it?").
_POINTER = re.compile(r"\blo\b(?! que)|\b(?:como|donde|cuando|puedo|podemos|puede|no|ya|y)\s+(?:la|los|las)\s"
                      r"|\w{2,}(?:ar|er|ir)(?:lo|la|los|las)\b|\b(?:it|them|this|that|esto|eso)\b")
#: Words of a question that say nothing of its topic.
_QUESTION_FRAME = frozenset("""como donde cuando cual que puedo podemos se puede hay how where when which what can could
do does did i we you to the el la los las lo un una y and pero but it them this that esto eso""".split())
#: Topic words a question needs to be searched without what came before it.
STANDALONE_TOPIC_WORDS = 3


def question_leans_back(question: Optional[str]) -> bool:
    """True for a short question whose object is a pronoun for something told before it
    ("tenemos macbooks con chip M2, ¿cómo lo instalo?" -> "¿cómo lo instalo?"): searched alone
    it has lost its topic, and an article about installing anything answered it."""
    folded = strip_accents(normalise(question or "")).lower()
    if not _POINTER.search(folded):
        return False
    topic = [word for word in re.findall(r"[a-z0-9]{2,}", folded) if word not in _QUESTION_FRAME]
    return len(topic) < STANDALONE_TOPIC_WORDS


#: A first sentence that only acknowledges ("vale.", "ok,", "bueno.", "perfecto, gracias."), before a question.
_ACKNOWLEDGEMENT = re.compile(
    r"^(?:s[ií]|yes|yeah|vale|ok(?:ay|ey)?|bueno|pues|genial|perfecto|perfect|great|claro|de acuerdo|entendido|"
    r"got it|i see|ya veo|alright|all right|gracias|thanks|thank you)(?:[\s,]+(?:gracias|thanks|pues|entonces|then))?$",
    re.IGNORECASE)


def question_after_acknowledgement(text: Optional[str]) -> Optional[str]:
    """The question of "vale. ¿cómo busco un documento por su fecha?" without its "vale.": the
    acknowledgement says nothing about the topic, but its words weigh on the search's answer-or-
    abstain signals (there, 0.62 "abstain" with it, 0.09 without). None when the message does
    not open with an acknowledgement sentence followed by a question."""
    parts = _reply_sentences(text)
    if len(parts) < 2 or not _ACKNOWLEDGEMENT.match(parts[0].strip(" ¡!¿?.,;:").strip()):
        return None
    if question_after_answer(text) is None:
        return None
    return " ".join(parts[1:])  # all that follows: "vale. la impresora no imprime. ¿qué hago?" keeps its topic


_YES_OPENING = re.compile(
    r"^(?:s[ií]|yes|yeah|yep|vale|ok(?:ay)?|claro|perfecto|perfect|genial|great|de acuerdo)"
    r"(?=\s*(?:[,.!;:]|$|gracias|muchas|mil|thanks|thank|por favor|please|me\s|it\s|that\s|claro|perfecto))"
    r"|^(?:me (?:ha )?(?:sirvi[oó]|ayud\w*)|(?:it|that|this) (?:helped|worked))\b", re.IGNORECASE)


def opens_with_yes(text: Optional[str]) -> bool:
    """True for a reply whose first words say yes ("sí, gracias", "yes that helped, thanks")."""
    return bool(_YES_OPENING.search(normalise(text).strip(" ¡!¿?.,"))) and not plain_no(text)


#: Clause breaks of a reply: punctuation, and "y"/"and"/"pero"/"but" between clauses.
#: Clause breaks; a dot or colon only before a space or the end ("ana.garcia@gmail.com", "14.2", "10:30" stay whole).
_REPLY_CLAUSES = re.compile(r"(?:[.:]+(?=\s|$)|[,;!?¡¿\n])+|\s+(?:y|and|pero|but)\s+", re.IGNORECASE)
#: A clause that only says how the customer wants to be answered ("prefiero por escrito", "by e-mail").
_CHANNEL_PREFERENCE = re.compile(
    r"\b(?:prefiero|prefer\w*|mejor|rather|better)\b.{0,25}\b(?:escrito|correo|e-?mail|mail|writing|llamada|phone"
    r"|tel[eé]fono|ticket)\b|\b(?:por|by|in)\s+(?:escrito|correo|e-?mail|mail|writing)\b", re.IGNORECASE)


def problem_part(text: Optional[str]) -> str:
    """What a message tells about the problem once its yes/no, its refusal and its requests are
    left out: "no gracias, prefiero por escrito, abridme un ticket" tells nothing (""), while
    "sí, ábreme un ticket: la factura de noviembre llegó duplicada" tells the invoice. A request
    for a ticket, a yes/no or a refusal is never a description."""
    from bot.replies import declines, read_yes_no  # replies reads words only; no import circle

    kept = []
    for clause in _REPLY_CLAUSES.split(normalise(text)):
        clause = clause.strip()
        if not clause:
            continue
        reply = (requested_follow_up(clause) or _CHANNEL_PREFERENCE.search(clause) or read_yes_no(clause) is not None
                 or declines(clause) or plain_no(clause))
        if reply and detail_words(_ANYWAY.sub(" ", clause)) < _DETAILS_BESIDE_A_REPLY:
            continue  # "abridme un ticket", "no gracias"; not "quiero un ticket para cambiar el CIF de…"
        kept.append(clause)
    return ", ".join(kept)


#: Where a case's description breaks into clauses that can be left out: sentence ends, colons,
#: semicolons, line breaks, and a comma right after a leading request ("I need a ticket, …").
_DESCRIPTION_BREAK = re.compile(r"(?:[.;!?]+(?=\s|$)|:(?=\s|$)(?!\s*(?:[\w.+-]+@|\+?\d))|\n|,(?=\s))+")
#: The words of a clause that only gives contact data ("mi correo es ana@x.es", "my mobile is 612…").
#: Words that make contact data the customer's own: "mi correo es…", "my number is…", "contact: …".
_OWN_CONTACT = frozenset({"mi", "my", "contacto", "contact", "soy", "escribidme", "i'm", "im"})
_CONTACT_WORDS = frozenset("""
mi my correo email e-mail mail es is soy i'm im am i telefono movil phone mobile number numero contacto contact
me puedes podeis escribir escribidme write at a en el the address direccion y and o or tel tlf here aqui
""".split())


def _contact_only(clause: str) -> bool:
    """True for "mi correo es ana@x.es" or "my number is 612 345 678": contact data and its words."""
    if not _CONTACT_DATA.search(clause):
        return False
    rest = strip_accents(_CONTACT_DATA.sub(" ", without_spelled_emails(clause)).lower())
    words = _WORD.findall(rest)
    # "es facturacion@empresa.es" may name the mailbox that fails: only "mi correo es…" gives the customer's own
    return bool(_OWN_CONTACT.intersection(words)) and all(word in _CONTACT_WORDS for word in words)


#: What joins a request to its reason: "quiero abrir un ticket porque…", "necesito que me llaméis ya
#: que…", "I'd like a callback because…". "since" and "as" only as "because": not "since the update",
#: "as soon as", "as well"; "como" only after a comma. A bare "que" only after a verb (below); "para
#: que…" is the request's purpose and stays.
_REASON_JOIN = re.compile(
    r"\s*,?\s+(?:porque|por que|ya que|because|cause|since|as|(?<=,)\s*como|que)\s+"
    r"(?!(?:soon|well|usual|possible|a|an|of|yesterday|today|last|this|then|monday|tuesday|wednesday|thursday"
    r"|friday|the\s+(?:update|upgrade|last|new|latest|morning|weekend|migration|installation)|\d)\b)",
    re.IGNORECASE)
#: The word before a bare "que" that makes it a reason: an imperative with its pronoun ("llamadme que…",
#: "ábreme que…", "llámenme, que…"); after a noun ("el ticket que…", "una llamada que…") "que" is relative.
_VERB_BEFORE_QUE = re.compile(r"(?:ad|ed|id|a|e|en|an)(?:me|nos)\W*$")


#: The word that joined a request dropped before a comma to its reason ("llámenme, que…", "call me, because…").
_LEADING_REASON_WORD = re.compile(r"^\s*(?:que|porque|ya que|because|since)\s+(?=\S)", re.IGNORECASE)


def reason_after_request(clause: str) -> Optional[str]:
    """The reason of "Quiero abrir un ticket porque la factura llegó duplicada" ("la factura llegó
    duplicada"), or None when the clause is not a request followed by its reason ("necesito un
    ticket para cambiar el CIF" and "…para que me expliquen…" keep their purpose; "la factura que
    llegó…" asks for nothing; "reabrir el ticket que cerrasteis ayer" is a relative clause)."""
    for join in _REASON_JOIN.finditer(clause):
        request, reason = clause[:join.start()], clause[join.end():]
        bare_que = join.group(0).strip(" ,").lower() == "que"
        if bare_que and (not _VERB_BEFORE_QUE.search(strip_accents(request.lower()))
                         or re.search(r"\bpara\W*$", request, re.IGNORECASE)):
            continue  # "un ticket que diga…", "una llamada que me explique…": the request itself
        if requested_follow_up(request) and problem_part(request) == "" and is_description(reason):
            return reason
    return None


def case_description(text: Optional[str], known_ids: Collection[str] = ()) -> str:
    """The problem of a message as a case's description: "quiero abrir un ticket: la factura de
    octubre tiene mal el CIF. mi correo es ana@x.es" -> "La factura de octubre tiene mal el CIF."
    Left out: clauses that only greet or introduce the customer ("Soy Marta de Construcciones
    López"), state a contract the case holds in its own field (`known_ids`) or give an address or a
    phone; a leading clause that only asks for the ticket or call, and the request before its reason
    ("Quiero abrir un ticket porque …"). The text itself when nothing that describes a problem would
    be left."""
    from bot.introductions import continues_introduction, frames_only

    text = normalise(text)
    pieces = []  # (clause, separator after it)
    position = 0
    for match in _DESCRIPTION_BREAK.finditer(text):
        pieces.append((text[position:match.start()], match.group(0)))
        position = match.end()
    pieces.append((text[position:], ""))
    kept, introduced = [], False
    for clause, mark in pieces:
        framing = frames_only(clause, known_ids, text) or (introduced and continues_introduction(clause, text))
        introduced = framing
        if not framing and not _contact_only(clause):
            kept.append((clause, mark))
    dropped = False
    while kept and (not kept[0][0].strip() or problem_part(kept[0][0]) == ""):
        kept.pop(0)  # "quiero abrir un ticket:", "I need a ticket,"
        dropped = True
    if dropped and kept:  # "llámenme, que el escáner no guarda": the reason without its "que"
        kept[0] = (_LEADING_REASON_WORD.sub("", kept[0][0]), kept[0][1])
    if kept:
        reason = reason_after_request(kept[0][0].strip())
        if reason:
            kept[0] = (reason, kept[0][1])
    told = "".join(clause + mark for clause, mark in kept).strip(" ,;:")
    if not told or not is_description(told) or told == text.strip():
        return text
    return told[0].upper() + told[1:]


#: A question in a message: "¿…?" or a sentence ending in "?".
_QUESTION_PART = re.compile(r"¿[^?]*\??|[^.!?¿]*\?")
#: Words that open what is added beside an answer: "y además…", "also…", "por cierto…".
_ADDED = re.compile(r"^(?:(?:y|and|pero|but|e)\s+)?(?:adem[aá]s|tambi[eé]n|also|besides|plus|por cierto|btw|by the way"
                    r"|otra cosa|aparte|encima)?[\s,:]*", re.IGNORECASE)
#: A dash between clauses: "high - actually make it critical".
_DASH = re.compile(r"\s+[-–—]+\s+")
#: What the added part of a later answer must say to be more of the problem.
_ADDED_DETAILS = 3


#: A clause that only says how serious or urgent it is ("no es nada grave la verdad", "it's not a big
#: deal honestly", "no corre ninguna prisa"): why the value, never more of the problem.
_ONLY_HOW_SERIOUS = re.compile(
    r"^\W*(?:(?:pero|but|y|and|pues|bueno|well|aunque|though)\s+)?(?:(?:la verdad(?: es que)?|honestly|really"
    r"|sinceramente|tbh|de momento|por ahora|for now)\s*,?\s+)?"
    r"(?:no\s+es\s+(?:nada\s+|muy\s+|tan\s+)?(?:grave|urgente|importante|serio|critico|para tanto)"
    r"|es\s+(?:muy\s+|bastante\s+|algo\s+)?(?:grave|urgente|importante|serio|critico)"
    r"|no\s+(?:nos\s+|me\s+)?corre\s+(?:ninguna\s+|mucha\s+|tanta\s+)?prisa|(?:no\s+)?(?:hay|tengo|tenemos)\s+"
    r"(?:ninguna\s+|mucha\s+)?prisa|sin\s+prisa|puede\s+esperar|nada\s+(?:grave|urgente|serio)"
    r"|(?:it'?s|it\s+is|this\s+is|that'?s)\s+(?:not\s+|really\s+|very\s+|quite\s+)*(?:a\s+)?(?:big\s+deal|urgent"
    r"|serious|critical|important|pressing)|(?:no|not\s+a)\s+(?:big\s+deal|rush|hurry)|(?:it\s+)?can\s+wait"
    r"|nothing\s+(?:serious|urgent))"
    r"(?:\s*,?\s*(?:la verdad|honestly|really|de momento|por ahora|for now|tbh|then|eh|vaya|pero bueno|at all))*\W*$")


def detail_beside_answer(text: Optional[str], answer: re.Pattern,
                         names_value: Optional[Callable[[str], bool]] = None) -> str:
    """What a form's later answer tells about the problem beyond the value asked for: "alta, y además
    desde ayer también falla el backup nocturno" -> "Desde ayer también falla el backup nocturno"
    (`answer` matches the value at a clause's start: "alta", "prioridad alta porque"; a short clause
    `names_value` accepts only says the value again: "nadie puede trabajar" for critical). "" for a
    plain value, a yes/no, a correction ("alta, no, perdón, crítica") or a question beside it."""
    from bot.introductions import continues_introduction, frames_only

    kept: List[str] = []
    introduced = False
    text = _QUESTION_PART.sub(" . ", normalise(text))
    for clause in _REPLY_CLAUSES.split(_DASH.sub(", ", text)):
        clause = _ADDED.sub("", answer.sub("", clause.strip(" -–—"), count=1).strip(" -–—")).strip()
        framing = bool(clause) and (frames_only(clause) or (introduced and continues_introduction(clause)))
        introduced = framing
        if framing:
            continue  # "soy Marta de Talleres Ruiz": who writes, personal data, no problem detail
        if not clause or detail_words(clause) < 2 or not problem_part(clause):
            continue
        if names_value and names_value(clause) and detail_words(clause) <= _ADDED_DETAILS:
            continue  # "estamos parados", "no corre prisa": why the value, not more of the problem
        if _ONLY_HOW_SERIOUS.match(strip_accents(clause.lower())):
            continue  # "no es nada grave la verdad", "it's not a big deal": why the value, no problem detail
        kept.append(clause)
    told = ", ".join(kept)
    if not is_description(told) or detail_words(told) < _ADDED_DETAILS:
        return ""
    return told[0].upper() + told[1:]


#: A request or reply clause with this many specific words also tells the problem.
_DETAILS_BESIDE_A_REPLY = 3
#: Words that only insist on a request ("ábreme un ticket de todas formas", "raise one anyway"): no detail.
_ANYWAY = re.compile(r"\b(?:de todas (?:formas|maneras)|de todos modos|igualmente|igual|aun asi|aún así|en cualquier caso"
                     r"|anyway|anyhow|all the same|as well|too|also|regardless|just in case|por si acaso)\b",
                     re.IGNORECASE)


#: The assistant as the subject or object: "eres…", "pareces…", "are you…", "you sound like…",
#: "¿hablo con una máquina?", "am I talking to a bot?".
_ABOUT_THE_BOT = re.compile(
    r"\b(?:eres|pareces|suenas|pareceis|sois|estas hecho|you are|you'?re|are you|r u|you sound|you seem|you look"
    r"|you write like|escribes como|hablas como|respondes como|contestas como"
    r"|(?:estoy )?habl(?:o|ando) con (?:un|una|el|la|alguien)|estoy chateando con|chateo con"
    r"|am i (?:talking|speaking|chatting|writing) (?:to|with)|is this (?:a|an) (?:bot|robot|machine|ai|human|person|real)"
    r"|es esto un|esto es un (?:bot|robot))\b")
#: What such a remark says the assistant is or seems.
_BOT_NATURE = re.compile(
    r"\b(?:robot|bot|chatbot|maquina|machine|ia|ai|inteligencia artificial|artificial|humano|humana|human"
    r"|persona|person|real|de verdad|de carne y hueso|automatico|automatica|automated|automatic|program)\b")
#: Words that ask to be put through, not about what the assistant is.
_WANTS_SOMEONE = re.compile(
    r"\b(?:quiero|quisiera|queria|necesito|prefiero|preferiria|puedo|podria|pod[eé]is|puedes|pasa\w*|pase\w*"
    r"|hay alguien|hay alguna|con quien|want|wanna|need|prefer|can i|could i|may i|put me|transfer|connect"
    r"|is there|get me|let me|talk to|speak to|speak with|talk with|hablar|habla con|comunicar)\b")
#: A person named in a clause of its own beside the remark: "you are a bot, human please",
#: "eres un robot. una persona", "bot? agent!".
_PERSON_WORDS = re.compile(r"\b(?:humano|humana|human|persona|person|agente|agent|operador|operator|alguien|someone"
                           r"|somebody|tecnico|technician)\b")


def talks_about_the_bot(text: Optional[str]) -> bool:
    """True for a remark or question about what the assistant is ("pareces una persona de
    verdad", "you sound like a real person", "¿eres un robot?"), not a request to be put
    through to a person ("quiero hablar con una persona de verdad", "is there a real person I
    can talk to?")."""
    folded = strip_accents(normalise(text or "").lower())
    if len(folded.split()) > 14 or _WANTS_SOMEONE.search(folded):
        return False
    clauses = [part for part in re.split(r"[.,;:!¡?¿…()\n]+|\s+-\s+", folded) if part.strip()]
    if any(_PERSON_WORDS.search(clause) and not _ABOUT_THE_BOT.search(clause) for clause in clauses):
        return False
    return bool(_ABOUT_THE_BOT.search(folded) and _BOT_NATURE.search(folded))


#: The pieces of a message: a request to switch language and what comes with it.
_PIECES = re.compile(r"[^:.!?¿¡]+[?]?")


def question_beside_switch(text: str) -> Optional[str]:
    """The question a message that asks to change language also asks, or None."""
    pieces = [piece.strip() for piece in _PIECES.findall(text or "") if piece.strip()]
    questions = [piece for piece in pieces
                 if requested_language(piece) is None and is_question(piece) and len(piece.split()) >= 4]
    return " ".join(questions) or None


#: The team's opening hours asked about: "¿a qué hora cerráis hoy?", "¿abrís los sábados?", "¿cuál es
#: vuestro horario de soporte?", "what are your opening hours?", "are you open on Fridays?". The verb
#: is said to the team (second person, or "they" with a when-word before it) and a time or day is
#: asked with it, so a product's own opening and closing ("¿por qué se cierra el programa?", "¿cómo
#: abro un documento?", "open a ticket") and a schedule in the product ("horario de las copias de
#: seguridad") are not caught.
_TEAM_OPENS = r"(?:abr[ei]s|abren|cerrais|cierran|atendeis|atienden|trabajais|estais|estan|empezais|terminais|acabais)"
#: The same verbs that ask it alone, with no time word before them ("¿abrís los sábados?", "¿cuándo atendéis?").
_TEAM_OPENS_BARE = r"(?:abris|abren|cerrais|cierran|atendeis|atienden|trabajais|estais\s+abiertos)"
#: When a when-word asks it, the verb ends the question or a day or time follows: "¿cuándo abrís?",
#: "¿qué días atendéis por la tarde?", not "¿cuándo abren el ticket?" nor "¿cuándo estáis disponibles…?".
_DAY_OR_TIME = (r"(?:hoy|manana|sabados?|domingos?|festivos?|fines?\s+de\s+semana|el\s+fin\s+de\s+semana|en\s+agosto"
                r"|en\s+navidad|por\s+la\s+(?:tarde|manana)|a\s+mediodia|los\s+(?:lunes|martes|miercoles|jueves|viernes)"
                r"|el\s+(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo))\b")
#: Hours said to be someone else's: "horario de atención de Movistar", "opening hours of the bank".
_NOT_ANOTHERS = r"(?!\s+(?:de|del|de\s+la|en)\s+(?!(?:soporte|paperoffice|vosotros|ustedes|atencion)\b))"
#: The support team named as the one that opens ("el soporte", "el servicio técnico", "atención al
#: cliente", "la oficina"), for the third person: "¿a qué hora abre el soporte los viernes?".
#: "soporte" and "soporte técnico" taken whole: "soporte técnico de Microsoft" never backs off to "soporte"
#: so that "técnico" hides the "de Microsoft" that makes it another company's (review of hours17).
_SUPPORT_WORD = r"soporte(?:\s+tecnico\b|(?!\s+tecnico\b))"
#: Someone's own office or desk is not ours: "mi oficina cierra el viernes" (review of hours17).
_NOT_OWN = r"(?<!\bmi\s)(?<!\bmis\s)(?<!\btu\s)(?<!\bsu\s)(?<!\bnuestra\s)(?<!\bnuestro\s)(?<!\bnuestras\s)"
_SUPPORT_DESK = (_NOT_OWN + r"(?:(?:el|la|las|vuestr[oa]s?)\s+)?(?:" + _SUPPORT_WORD + r"|servicio\s+tecnico"
                 r"|servicio\s+de\s+(?:soporte|atencion(?:\s+al\s+cliente)?)|atencion\s+al\s+cliente|oficinas?"
                 r"|helpdesk|help\s+desk|hotline|centro\s+de\s+soporte|linea\s+de\s+soporte)\b")
#: The team's own opening verbs in the third person singular, and being open.
_DESK_OPENS = (r"(?:abre|cierra|atiende|trabaja|empieza|termina|acaba|funciona"
               r"|esta\s+(?:abiert[oa]|disponible|operativ[oa]))")
#: Support to be had ("¿hasta qué hora tenéis soporte hoy?", "¿hay atención al cliente los sábados?").
#: Having or giving support, said to the team or of it.
_HAVE = r"(?:teneis|tienen|tiene|hay|dais|dan|ofreceis|ofrecen)"
_SUPPORT_HAD = (_HAVE + r"\s+(?:el\s+)?(?:" + _SUPPORT_WORD +
                r"|servicio\s+tecnico|atencion(?:\s+al\s+cliente)?|asistencia)\b")
#: The same in English, of our support only: "until what time is your support open today?", "what
#: time does support close?", "is the help desk open on Saturdays?" (never "Dropbox support").
_EN_DESK = (r"(?:(?:your|the|paperoffice(?:'?s)?)\s+)?(?:support|help\s*desk|customer\s+(?:service|support)|service\s+desk"
            r"|hotline|office)(?:\s+(?:team|line|desk))?")
_EN_DAY_OR_TIME = (r"(?:today|tonight|tomorrow|now|this\s+(?:week|weekend|morning|afternoon|evening|\w+day)|at\s+the\s+weekend|on\s+(?:the\s+)?weekends?|weekends?"
                   r"|(?:on\s+)?(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)"
                   r"|(?:on|during|over)\s+(?:the\s+)?(?:holidays?|bank\s+holidays?|christmas|lunch(?:time)?)"
                   r"|in\s+the\s+(?:evening|morning|afternoon)|(?:until|till)\s+(?!\d{4}\b)\w+)\b")
_OPENING_HOURS = re.compile(
    r"\b(?:a|hasta|desde)\s+que\s+hora\s+(?:\w+\s+)?" + _TEAM_OPENS + r"\b(?!\s+(?:el|la|los|las|un|una)\s+(?!"
    + _DAY_OR_TIME + r"|soporte\b|servicio\s+tecnico|chat\b))"
    # "¿a qué hora abre el soporte de PaperOffice los viernes?", "¿hasta qué hora está abierta la oficina?"
    r"|\b(?:(?:a|hasta|desde)\s+que\s+hora|cuando|que\s+dias?)\s+(?:(?!(?:me|nos|te|le|les)\b)\w+\s+)?" + _DESK_OPENS + r"\s+(?:\w+\s+)?"
    + _SUPPORT_DESK + _NOT_ANOTHERS +
    # "¿atiende el soporte en Navidad?", "¿abre la oficina los sábados?"
    r"|^\W*(?:(?:y|oye|hola|pero|por\s+cierto)\W+)*" + _DESK_OPENS + r"\s+" + _SUPPORT_DESK + r"\s+(?:\w+\s+)?" + _DAY_OR_TIME +
    # "¿el soporte abre los sábados?", "¿el servicio técnico de PaperOffice cierra en agosto?"
    r"|\b" + _SUPPORT_DESK + r"(?:\s+de\s+paperoffice)?\s+(?:\w+\s+)?" + _DESK_OPENS + r"\s+(?:\w+\s+)?" + _DAY_OR_TIME
    # "¿hasta qué hora tenéis soporte hoy?", "¿a qué hora hay soporte?", "¿tenéis soporte los sábados?"
    + r"|\b(?:a|hasta|desde)\s+que\s+hora\s+(?:\w+\s+)?" + _SUPPORT_HAD + _NOT_ANOTHERS
    + r"|\b" + _SUPPORT_HAD + r"\s+(?:\w+\s+)?" + _DAY_OR_TIME
    # "until what time is your support open today?", "when does the help desk close?", "how late is support open?"
    + r"|\b(?:what\s+time|(?:until|till|til)\s+(?:what\s+time|when)|how\s+late|when)\s+(?:is|does|do|are)\s+"
    + _EN_DESK + r"\s+(?:open|close|closed|opening|closing|available|staffed|start|finish)\b"
    # "is support open on Saturdays?", "is the help desk staffed at the weekend?", "do you have support on Sundays?"
    + r"|\bis\s+" + _EN_DESK + r"\s+(?:open|staffed|available\s+" + _EN_DAY_OR_TIME + r")"
    + r"|\b(?:do\s+you\s+(?:guys\s+)?(?:have|offer|provide)|is\s+there)\s+(?:any\s+)?" + _EN_DESK
    + r"\s+(?:available\s+)?" + _EN_DAY_OR_TIME +
    r"|\b(?:opening|closing)\s+times?\b(?!\s+(?:of|at|for|in)\s+(?!(?:paperoffice|support|you)\b))"
    r"|\b(?:cuando|que\s+dias?)\s+(?:(?!(?:me|nos|te|le|les)\b)\w+\s+)?" + _TEAM_OPENS_BARE +
    r"(?:\s*[?!.]|\s*$|\s+" + _DAY_OR_TIME + r")"
    r"|\b" + _TEAM_OPENS_BARE + r"\s+(?:\w+\s+)?" + _DAY_OR_TIME +
    r"|\bhorarios?\s+(?:de\s+)?(?:atencion|soporte|apertura|oficina|servicio|trabajo|del\s+soporte|del\s+servicio)\b"
    + _NOT_ANOTHERS +
    r"|\b(?:vuestro|su|tu)\s+horario\b(?!\s+(?:de|del|de\s+la)\s)|\bel\s+horario\s*(?:[?!.]|$)"
    r"|\b(?:que|en\s+que|cual\s+es\s+el)\s+horario\s+(?:" + _HAVE + r"|atendeis|atienden|atiende|trabajais)\b"
    r"|\b(?:opening|office|business|support|working)\s+hours\b(?!\s+(?:of|at|for|in)\s+(?!(?:paperoffice|support|you)\b))"
    r"|\bhours\s+of\s+(?:operation|business)\b"
    r"|\bwhat\s+are\s+your\s+hours\b|\b(?:what\s+time|when)\s+do\s+you\s+(?:guys\s+)?(?:open|close|start|finish)\b"
    r"|\bare\s+you\s+(?:guys\s+)?open\b(?!\s+to\b)|\bwhen\s+are\s+you\s+(?:guys\s+)?open\b"
    r"|\buntil\s+when\s+are\s+you\b|\bhow\s+late\s+are\s+you\b")


#: Not the desk's hours (review of hours17): how long a version or product is supported ("¿cuándo acaba el
#: soporte para la versión 2019?", "when does support start for version 15?", "is your support open
#: source?"), and a how-to in the program that names an office's hours ("¿cómo hago que PaperOffice sepa
#: que la oficina cierra los viernes?").
_NOT_DESK_HOURS = re.compile(
    r"\b(?:versions?|version(?:es)?|releases?|editions?|edicion(?:es)?|open[\s-]+source|codigo\s+abierto"
    r"|end\s+of\s+life|fin\s+de\s+vida|ciclo\s+de\s+vida|lifecycle|life\s+cycle)\b"
    r"|\b(?:como|how)\s+(?:hago|hacer|puedo|podria|consigo|configuro|indico|marco|pongo|le\s+digo|do\s+i|can\s+i"
    r"|could\s+i|should\s+i|do\s+we|can\s+we|to)\b(?!\s+(?:\w+\s+)?" + r"(?:reach|contact|call|get\s+in\s+touch|llamar\w*|contactar\w*|localizar\w*|hablar|escribir\w*)\b)")


#: When another company's support desk is open: "¿a qué hora abre el soporte técnico de Microsoft?", "what
#: time does the help desk of my bank close?" (review of hours17): out of our scope.
_ANOTHERS_DESK_HOURS = re.compile(
    r"\b(?:(?:a|hasta|desde)\s+que\s+hora|cuando|que\s+dias?|horarios?|what\s+time|when|until\s+when|opening\s+hours"
    r"|hours)\b.{0,40}?\b(?:soporte(?:\s+tecnico)?|servicio\s+tecnico|atencion\s+al\s+cliente|support|help\s*desk"
    r"|customer\s+service)\s+(?:de|del|de\s+la|of|at|from)\s+(?!(?:paperoffice|vosotros|ustedes|you)\b)"
    r"(?:(?:el|la|los|las|mi|my|the)\s+)?(?!(?:mi|my|tu|su)\b)[a-z]\w+")


def asks_anothers_desk_hours(text: Optional[str]) -> bool:
    """True when the message asks when another company's support desk is open (not a version's support)."""
    folded = strip_accents(normalise(text).lower())
    return bool(_ANOTHERS_DESK_HOURS.search(folded)) and not _NOT_DESK_HOURS.search(folded)


def asks_opening_hours(text: Optional[str]) -> bool:
    """True when the message asks when the support team is open (the contact article's hours),
    in Spanish or English; see `_OPENING_HOURS` and `_NOT_DESK_HOURS` for what is left out."""
    folded = strip_accents(normalise(text).lower())
    return bool(_OPENING_HOURS.search(folded)) and not _NOT_DESK_HOURS.search(folded)


#: A problem or request told beside the hours question has at least this many words.
_BESIDE_HOURS_WORDS = 3


def problem_beside_hours(text: Optional[str]) -> str:
    """What a message that asks the opening hours tells besides ("is support open today? my DATEV
    export keeps failing" → "my DATEV export keeps failing"), or "" when it only asks the hours: the
    problem must not be lost behind the hours answer (review of hours17)."""
    sentences = split_sentences(text, opening_question="glued") or [text or ""]
    hours = [sentence for sentence in sentences if asks_opening_hours(sentence)]
    rest = [sentence for sentence in sentences if not asks_opening_hours(sentence)
            and len(re.findall(r"\w+", strip_accents(sentence.lower()))) >= _BESIDE_HOURS_WORDS
            and not _ONLY_POLITE.match(strip_accents(sentence.lower()))
            and not _ASKS_HOW_TO_REACH_US.search(strip_accents(sentence.lower()))]
    return " ".join(rest) if hours and rest else ""


#: A question how to reach the team ("¿También se puede llamar por teléfono?", "how do I reach you?"):
#: the contact article answers it with the hours, so it is no problem told beside them.
_ASKS_HOW_TO_REACH_US = re.compile(
    r"^\W*(?:(?:y|and|tambien|also|o|or)\W+)*(?:(?:se\s+(?:os\s+|les\s+)?puede|puedo|podemos|can\s+(?:i|we)|could\s+(?:i|we)"
    r"|is\s+it\s+possible\s+to)\s+(?:tambien\s+|also\s+)?(?:llamar\w*|contactar\w*|escribir\w*|call|phone|ring|reach|contact|email|write)"
    r"|(?:como|how)\s+(?:\w+\s+){0,2}(?:llamar\w*|contactar\w*|localizar\w*|reach|contact|call|get\s+in\s+touch))\b")


#: A sentence of thanks or a greeting only, told beside a question ("muchas gracias de antemano").
_ONLY_POLITE = re.compile(r"^\W*(?:(?:muchas|many|mil|thanks|thank|you|gracias|de|antemano|in|advance|hola|buenas|buenos"
                          r"|dias|tardes|hello|hi|good|morning|afternoon|un|saludo|saludos|regards|por|favor|please|vale|ok|okay|genial"
                          r"|perfecto|great|perfect|ya|funciona|funciono|works|worked|it|that|eso|esto|y|and|otra|otro|cosa"
                          r"|pregunta|another|thing|question|one|more|mas|cierto|by|the|way|oye|pues|bien|fine)\W*)+$")


#: What makes a sentence that names the hours ask for them: a question word or a verb of the team
#: being open ("¿cuál es vuestro horario?", "are you open…"), or asking to be told ("dime…").
_ASKS_FOR_HOURS = re.compile(
    r"\b(?:que|cual|cuales|cuando|hasta|desde|what|which|when|until|how\s+late|are\s+you|do\s+you|abris|abren"
    r"|cerrais|cierran|atendeis|atienden|trabajais|estais|teneis|tienen|hay|dime|decidme|digame|tell\s+me"
    r"|(?:queria|quisiera|quiero|necesito)\s+saber|i'?d\s+like\s+to\s+know|i\s+(?:want|need)\s+to\s+know"
    r"|abre|cierra|atiende|is\s+(?:there|your|the|support|customer)|have\s+support)\b")
#: What offers a time rather than asking one: "¿qué tal mañana en horario de oficina?", "how about…".
_OFFERS_A_TIME = re.compile(r"\b(?:que\s+tal|what\s+about|how\s+about|y\s+si|te\s+va|os\s+va|le\s+va|works?\s+for)\b")
#: A question this short that names the hours asks for them ("¿horario de atención?", "office hours?").
_BARE_HOURS_QUESTION_WORDS = 4


def asks_our_hours(text: Optional[str]) -> bool:
    """True when a sentence of the message asks when the team is open: it names the hours
    (`asks_opening_hours`), is a question or asks to be told, and asks for them, not offers a time
    in them ("mañana, en horario de oficina", "¿me llamáis en horario de oficina?", "fuera del
    horario de oficina el servidor se apaga" tell or offer; review of conv16)."""
    for sentence in split_sentences(text, opening_question="glued") or [text or ""]:
        folded = strip_accents(normalise(sentence).lower())
        if not asks_opening_hours(folded) or _OFFERS_A_TIME.search(folded):
            continue
        asks = bool(_ASKS_FOR_HOURS.search(folded))
        if (is_question(sentence) and (asks or len(re.findall(r"\w+", folded)) <= _BARE_HOURS_QUESTION_WORDS)) \
                or (asks and re.search(r"\b(?:dime|decidme|digame|tell\s+me|saber|know)\b", folded)):
            return True
    return False


#: Languages the assistant does not speak, by code: their names in Spanish, English and themselves
#: (folded: no accents, lower case).
OTHER_LANGUAGE_NAMES = {
    "fr": r"frances|french|francais", "de": r"aleman|german|deutsch", "it": r"italiano|italian",
    "pt": r"portugues|portuguese", "ca": r"catalan|catala", "eu": r"euskera|vasco|basque",
    "gl": r"gallego|galician", "nl": r"holandes|neerlandes|dutch", "zh": r"chino|chinese",
    "ja": r"japones|japanese", "ru": r"ruso|russian", "ar": r"arabe|arabic", "pl": r"polaco|polish",
}
_OTHER_NAMES = "|".join(OTHER_LANGUAGE_NAMES.values())
#: A request to the chat in another language: a verb of speaking or going on followed, within three
#: words, by the language ("¿podemos seguir en francés?", "can we speak German please?", "¿hablas
#: alemán?", "Parlez-vous français ?", "Sprechen Sie Deutsch?"), or the language alone with a please
#: ("en italiano por favor", "French please?").
#: Doing the chat itself in the language, with only pronouns and fillers between ("could we do this
#: in German instead?", "¿lo podemos hacer en portugués?", "¿me lo explicas en italiano?"); a noun
#: between ("export the invoices in German") makes it about something else.
_CHAT_FILLERS = (r"(?:this|it|that|me|us|all|everything|the|rest|of|esto|eso|lo|la|le|nos|te|todo|el|resto"
                 r"|conversation|conversacion|chat|instead|then|entonces|mejor|please|por|favor|ahora|now|from|here|aqui)")
#: The end of a clause after the language: nothing but a thanks, a please or an "instead".
_CLAUSE_END = (r"(?:\s+(?:instead|then|entonces|mejor|please|por favor|too|also|tambien|thanks|gracias|pls|porfa))*"
               r"\s*[?!.]*\s*$")
_OTHER_LANGUAGE_REQUEST = re.compile(
    r"\b(?:habl\w*|segui\w*|sigamos|continu\w*|escrib\w*|respond\w*|contest\w*|atend\w*|atiend\w*|speak\w*|talk\w*"
    r"|carry on|go on|write|writing|repl\w*|answer\w*|chat|switch\w*|parlez|parles|parler|sprechen|sprichst|parli|parla|falas?)\b"
    rf"(?:\s+\w+){{0,3}}?\s+(?:(?:en|in|al|to|into|a)\s+)?({_OTHER_NAMES})\b"
    rf"|^\W*(?:(?:en|in)\s+)?({_OTHER_NAMES})\s*,?\s*(?:please|pls|por\s+favor|porfa|s'?il\s+vous\s+plait|bitte)?\W*$"
    rf"|\b({_OTHER_NAMES})\s*,?\s+(?:please|pls|por\s+favor|porfa)\b"
    rf"|\b(?P<doing>do|doing|hac\w*|haz)\b(?:\s+{_CHAT_FILLERS})*\s+(?:en|in)\s+({_OTHER_NAMES})\b"
    r"|\b(?:explain\w*|explic\w*|help|ayud\w*|communicat\w*|comunic\w*|convers\w*|proceed|seguimos)\b"
    rf"(?:\s+{_CHAT_FILLERS})*\s+(?:en|in)\s+({_OTHER_NAMES})\b"
    # "is it possible in French?", "¿se puede en alemán?", "can we in Italian instead?": the whole
    # clause, so that nothing else is what is possible ("Is OCR possible in French?", "¿se puede en
    # alemán el OCR?")
    r"|^\W*(?:(?:y|and|pero|but|so|entonces|oye|vale|ok)\s+)?(?:(?:is|would)\s+(?:it|this|that)\s+(?:be\s+)?|es\s+)?"
    r"(?:possible|posible|se puede|can (?:we|you)|could (?:we|you)|podemos|podriamos|puedes|podrias|podeis)"
    rf"(?:\s+(?:it|this|lo|esto|eso|hacerlo|do it))?\s+(?:en|in)\s+({_OTHER_NAMES}){_CLAUSE_END}"
    # "do you offer support in French?", "¿hay soporte en alemán?", "¿tenéis atención en italiano?": the
    # support itself, no word between and none qualifying it ("is there OCR support in French?", "do
    # you support documents in German?", "¿tiene soporte en francés el OCR?")
    r"|(?:^\W*|\b(?:offer|offers|have|has|there|hay|teneis|tienen|tiene|ofrec\w*|any|some|get|dais|dan|daís|provide\w*"
    r"|with|con|a|an|un|una|the|el|la|es|is|de|your|vuestr[oa]|su)\s+)"
    r"(?:soporte|atencion|support|service|servicio|asistencia|assistance)\s+(?:en|in)\s+"
    rf"({_OTHER_NAMES}){_CLAUSE_END}"
    # "I'd prefer German", "prefiero en francés", "mejor en italiano"
    r"|\b(?:prefer\w*|prefier\w*|rather)\b(?:\s+(?:in|en|to|that|que|it|lo|we|you|talk|hablar|speak|it's|seguir))*"
    rf"\s+({_OTHER_NAMES})(?=\W*$|\s*,|\s+(?:if|please|por|instead|si|mejor|then|entonces|thanks|gracias)\b)"
    rf"|^\W*(?:mejor|better)\s+(?:en|in)\s+({_OTHER_NAMES})\b")
#: A how-question is about doing something, in the program ("how can I do this in French?").
_HOW_QUESTION = re.compile(r"\W*(?:how|como)\b")
#: Doing "it" in a language asks the chat only as a question or a request ("could we do this in German
#: instead?", "¿lo podemos hacer en portugués?", "do it in Italian please"), not as a statement.
_ASKS_THE_CHAT = re.compile(r"\?|\b(?:can|could|would|shall|may|let'?s|please|instead|pod\w*|pued\w*|quer\w*|quier\w*"
                            r"|prefer\w*|prefier\w*|vamos|por favor|haz|hazlo|hagamos|do it)\b")
#: A clause longer than this tells something (a customer's customer "habla francés"), it asks nothing of the chat.
_REQUEST_CLAUSE_WORDS = 7
#: Translating is another service (bot/scope.py), and a negation says what is not spoken.
_TRANSLATION = re.compile(r"\b(?:tradu\w*|translat\w*)\b")
_NOT_A_CHAT_REQUEST = re.compile(r"\b(?:tradu\w*|translat\w*|no|not|don'?t|doesn'?t|never|nunca)\b|n't\b")


def _clauses(text: Optional[str]) -> list[str]:
    """The clauses of a message, folded (no accents, lower case, hyphens as spaces)."""
    folded = strip_accents(normalise(text).lower()).replace("-", " ")
    return [piece.strip() for piece in _PIECES.findall(folded) if piece.strip()]


def requested_unsupported_language(text: Optional[str]) -> Optional[str]:
    """The code of a language the assistant does not speak that a short clause asks the chat to
    use ("¿podemos seguir en francés?" -> "fr", "Can we speak German please?" -> "de"), else None.

    A request for Spanish or English wins; a translation ("traduce … al alemán"), a clause that says
    what is not spoken, a question about the program's language and a longer clause that tells
    something ("mi cliente habla francés y necesita la factura…") are no such request.
    """
    if requested_language(text) is not None or about_program_language(text):
        return None
    for clause in _clauses(text):
        if len(clause.split()) > _REQUEST_CLAUSE_WORDS or _NOT_A_CHAT_REQUEST.search(clause):
            continue
        if _HOW_QUESTION.match(clause):
            continue  # "how can I do this in French?": a how-to about French, not the chat
        match = _OTHER_LANGUAGE_REQUEST.search(clause)
        if match and match.group("doing") and not _ASKS_THE_CHAT.search(clause):
            continue  # "hacemos todo en alemán", "we do everything in German here": says what they do
        if match:
            name = next(group for group in match.groups() if group and group != match.group("doing"))
            return next(code for code, names in OTHER_LANGUAGE_NAMES.items() if re.fullmatch(names, name))
    return None


def switch_request_clause(text: Optional[str]) -> Optional[str]:
    """The language ("es"/"en") a short clause of `text` asks the chat to switch to, when the
    message says more besides ("¿podemos seguir en español? el contrato es SC-1001", "can we
    continue in English? my email is …"), else None.

    Only a clause of a few words counts, and only one that is itself a request
    (`requested_language`): "mi cliente solo habla inglés y necesita la factura" tells something,
    "el IVA español" and "¿cómo cambio el programa a español?" ask for no switch.
    """
    if about_program_language(text) or _TRANSLATION.search(strip_accents(normalise(text).lower())):
        return None  # "Tradúceme al inglés: …" asks for a translation (bot/scope.py), not for the chat
    found = {requested_language(clause) for clause in _clauses(text)
             if len(clause.split()) <= _REQUEST_CLAUSE_WORDS}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
