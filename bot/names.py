"""Finding a person's name in what a customer writes, wherever it stands.

People give their details in one breath: "Hi, Daniel Okafor here, +44 7700 900456,
daniel@…", "Sure - Megan Doyle, +44 …", "aquí Jorge Ruiz de Talleres Ruiz, mi móvil…",
"de parte de Lucía Pérez". A name is read in three ways, most certain first:

1. after words that introduce one ("me llamo", "my name is", "soy", "I'm", "aquí", "les
   escribe") or before words that sign one off ("… here", "… al habla", "… speaking");
2. as a piece of its own in a list of contact details ("Megan Doyle, +44 …, megan@…"):
   two to four capitalised words beside a phone number or an e-mail address;
3. as the whole reply, when the name was asked for ("marta ruiz").

Greetings, yes-words, job titles, company and product names and the problem's own words
are never taken for a name, and a name stops where a company or a place begins ("Jorge
Ruiz de Talleres Ruiz" -> "Jorge Ruiz"). Pure functions over text, tested on their own.
"""

from __future__ import annotations

import re
from typing import List, Optional

from bot.text import normalise, strip_accents

NAME_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
MAX_NAME_WORDS = 4

#: Words that are never part of a person's name, whatever their case: replies, greetings,
#: times, contact words, job titles and everyday words that start many sentences.
NOT_NAMES = frozenset("""
si vale ok okay claro perfecto genial bueno buenas buenos hola gracias adios no nada nadie llamadme llamame
llamenme llamen llamad llama llamar llamada telefono movil numero correo email mail ahora luego despues manana
tarde tardes noche noches dia dias hoy cuando puedas puedo por favor porfa quiero necesito tengo prefiero mejor
cancelar cancela espera un una momento que es el la los las de del en con para sin ya aqui aca al habla hablas
saludos estimado estimada estimados cliente clienta administrador administradora admin usuario usuaria
responsable encargado encargada tecnico tecnica gerente jefe jefa director directora contable secretaria
yes yeah yep sure fine great thanks thank you hello hi hey dear bye call me please now later tomorrow today
phone number mobile cell when can i want need have prefer better cancel wait moment the a an of for with
without no nope not here speaking good morning afternoon evening customer user manager owner accountant
from at and or y o e mi my our nuestro nuestra your su tu it its this that just also tambien
lunes martes miercoles jueves viernes sabado domingo monday tuesday wednesday thursday friday saturday sunday
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre january february
march april june july august september october november december
oh ah eh uh um hmm mmm ay uy vaya pues anda ups oops oh-oh wow vale-vale sorry perdon perdona disculpa
new nuevo nueva back afraid glad happy sure not so very really busy confused lost stuck still looking trying
calling writing english spanish dutch german french italian portuguese british american irish scottish welsh
canadian mexican argentinian colombian chilean peruvian venezuelan chinese japanese indian polish romanian
russian swedish norwegian danish finnish belgian swiss austrian greek turkish moroccan brazilian foreign
ingles inglesa espanol espanola holandes holandesa aleman alemana frances francesa italiano italiana
portugues portuguesa britanico britanica americano americana irlandes irlandesa escoces mexicano mexicana
argentino argentina colombiano colombiana chileno chilena peruano peruana venezolano venezolana chino china
japones japonesa polaco polaca rumano rumana ruso rusa sueco sueca belga suizo suiza griego griega
marroqui brasileno brasilena extranjero extranjera name nombre contact contacto
antes primero primera first before pregunta question otra otro cosa thing rapido rapida quick oye listen look sorry perdone disculpe
""".split())

#: Words of company, product and place names: a run that holds one is not a person.
NOT_PERSON_WORDS = frozenset("""
paperoffice windows outlook excel word office microsoft google gmail whatsapp apple iphone android synology
qnap nas mysql mariadb sql server plus pro dropbox onedrive pdf ocr datev sage madrid barcelona time cet utc
gmt sl slu sa ltd limited gmbh inc llc plc corp co talleres taller gestoria asesoria consulting consultores
solutions soluciones group grupo abogados clinica hotel restaurante panaderia ferreteria construcciones
distribuciones servicios services systems sistemas tech digital logistics logistica company empresa oficina
studio estudio despacho support soporte team equipo ticket case caso contrato contract invoice factura
""".split())

#: Lower-case words that sit inside a surname: "María de la Fuente", "Kees van der Berg".
PARTICLES = frozenset({"de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "le", "i", "y"})

#: "and" between two surnames ("Jordi Puig i Vidal", "José Ortega y Gasset"): only after a first name and a surname.
SURNAME_JOINERS = frozenset({"i", "y"})

#: Capitalised particles inside a name ("Fatima El Amrani", "Lucas De Smet"), never a name's first word.
CAPITAL_PARTICLES = frozenset({"el", "al", "de", "del", "la", "le", "van", "von", "da", "di", "du", "bin", "ben",
                               "abu"})

#: "me llamo…" introduces a name even in lower case.
STRONG_INTRO = re.compile(
    r"(?:\bme\s+llamo|\bmi\s+nombre\s+es|\bmy\s+name\s+is|\bmy\s+name'?s|(?:^|(?<=[.!?,;:]\s)|\bthe\s+)name(?:['’]s|\s+is)|\bnombre\s*:|\bname\s*:"
    r"|\bde\s+parte\s+de|\bpreguntad\s+por|\bpregunten\s+por|\bpreguntar\s+por|\bask\s+for)\s+",
    re.IGNORECASE)
#: "soy…", "I'm…", "aquí…" introduce only a capitalised name ("soy administrador" is a job).
WEAK_INTRO = re.compile(
    r"(?:\bsoy|\bi['’]?m|\bi\s+am|\bthis\s+is|\bhabla|\baqu[ií]|\b(?:le|les|te|os)\s+(?:escribe|saluda)"
    r"|\bsaludos\s+de|\bregards,?|\bsaludos,)\s+",
    re.IGNORECASE)
#: "it's…" answers "what is your name?" only with a capitalised name, even when one was asked
#: for ("it's urgent" is no name).
IT_IS = re.compile(r"\bit(?:['’]s|\s+is)\s+", re.IGNORECASE)
#: Words that follow a name and sign it: "Daniel Okafor here", "Jorge Ruiz al habla".
SIGN_OFF = re.compile(r"\s+(?:here|speaking|al\s+habla|por\s+aqu[ií])\b", re.IGNORECASE)
#: Where a list of details breaks into pieces: commas, semicolons, dashes, sentence ends.
PIECE_BREAK = re.compile(r"[,;:\n()]|\s[-–—]\s|(?<=[^\W\d_]{2})[.!?](?:\s|$)|[¡!¿?]")
EMAIL = re.compile(r"[\w.%+-]+@[\w.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w@])(?:\+|00)?\d[\d \-().]{6,17}\d(?![\w@])")


def _folded(word: str) -> str:
    return strip_accents(word.lower()).replace("’", "'")


def _is_stop(word: str) -> bool:
    folded = _folded(word)
    return folded in NOT_NAMES or folded in NOT_PERSON_WORDS


def _title(name: str) -> str:
    """"marta ruiz" -> "Marta Ruiz"; names already capitalised ("McDonald", "de la Fuente") stay."""
    if any(ch.isupper() for ch in name):
        return name
    return " ".join(part[:1].upper() + part[1:] for part in name.split())


def _take_name(words: List[str], any_case: bool) -> List[str]:
    """The name at the start of `words`: up to four name words and the particles between them.

    It stops at a word that is no name (a greeting, a title, a company word), at a
    lower-case word unless `any_case`, and where a company or a place begins: after two
    words, "de" + a capitalised word ("Jorge Ruiz de Talleres Ruiz") is not a surname.
    """
    kept: List[str] = []
    index = 0
    while index < len(words) and sum(1 for w in kept if _folded(w) not in PARTICLES) < MAX_NAME_WORDS:
        word = words[index]
        folded = _folded(word)
        if kept and folded in PARTICLES and word.islower():
            run = index
            while run < len(words) and _folded(words[run]) in PARTICLES and words[run].islower():
                run += 1
            if run >= len(words) or not words[run][:1].isupper() or _is_stop(words[run]):
                break
            if len(kept) >= 2 and run == index + 1 and folded == "de":
                break  # "Jorge Ruiz de Talleres Ruiz", "Ana Gil de Valencia": what follows is no surname
            if folded in SURNAME_JOINERS and (len(kept) < 2 or run != index + 1):
                break  # "Ana y Pedro", "Marta Ruiz y Mañana": no pair of surnames
            kept.extend(words[index:run])
            index = run
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        inner_particle = (kept and word[:1].isupper() and folded in CAPITAL_PARTICLES
                          and following[:1].isupper() and not _is_stop(following))
        if not re.fullmatch(NAME_WORD, word) or (_is_stop(word) and not inner_particle):
            break
        if not (word[:1].isupper() or any_case):
            break
        kept.append(word)
        index += 1
    while kept and _folded(kept[-1]) in PARTICLES:
        kept.pop()
    return kept


def _words(text: str) -> List[str]:
    """The words of `text` up to the first mark that ends a name (comma, digit, '@', …)."""
    head = re.split(r"[^\w\s'’-]|\d|_", text, maxsplit=1)[0]
    return head.split()


def _introduced(text: str, asked: bool) -> Optional[str]:
    """A name after "me llamo", "soy", "I'm", "aquí"…, the earliest in the text."""
    intros = ([(m, True) for m in STRONG_INTRO.finditer(text)]
              + [(m, asked) for m in WEAK_INTRO.finditer(text)]
              + [(m, False) for m in IT_IS.finditer(text)])
    for match, any_case in sorted(intros, key=lambda item: item[0].start()):
        kept = _take_name(_words(text[match.end():]), any_case=any_case)
        if kept:
            return " ".join(kept)
    return None


def _signed(text: str) -> Optional[str]:
    """A name before "here", "speaking", "al habla": "Hi, Daniel Okafor here"."""
    for match in SIGN_OFF.finditer(text):
        before = re.split(r"[^\w\s'’-]|\d", text[:match.start()])[-1].split()
        for start in range(max(0, len(before) - MAX_NAME_WORDS - 2), len(before)):
            kept = _take_name(before[start:], any_case=False)
            if kept and len(kept) == len(before) - start:
                return " ".join(kept)
    return None


def _email_names(text: str) -> List[str]:
    """The name-like parts of the e-mail addresses in `text` ("megan.doyle@…" -> ["megan", "doyle"])."""
    parts: List[str] = []
    for address in EMAIL.findall(text):
        parts.extend(p for p in re.split(r"[._+-]", _folded(address.split("@")[0])) if len(p) >= 2)
    return parts


def _listed(text: str) -> Optional[str]:
    """A name given as one piece of a list of contact details ("Sure - Megan Doyle, +44 …").

    Two to four capitalised words standing alone beside a phone number or an e-mail
    address; one word only when an e-mail address of the message spells it.
    """
    if not (EMAIL.search(text) or PHONE.search(text)):
        return None
    pieces = [piece.strip() for piece in PIECE_BREAK.split(text)]
    in_email = _email_names(text)
    for index, piece in enumerate(pieces):
        contact = PHONE.search(piece) or EMAIL.search(piece)
        own_contact = bool(contact and contact.start() > 0 and not piece[contact.end():].strip(" .!"))
        if own_contact:  # "Carmen Lozano 622 100 457": the name, then its number in the same piece
            piece = piece[:contact.start()].strip()
        words = piece.split()
        while words and _folded(words[0]) in NOT_NAMES:
            words = words[1:]  # "Sure Megan Doyle", "Yes Megan Doyle": the opening reply is not the name
        if not words or len(words) > MAX_NAME_WORDS + 2:
            continue
        kept = _take_name(words, any_case=False)
        if len(kept) != len(words):
            continue
        spelled = any(_folded(word) in in_email for word in kept)
        beside = [pieces[i] for i in (index - 1, index + 1) if 0 <= i < len(pieces)]
        near_contact = own_contact or any(EMAIL.search(p) or PHONE.search(p) for p in beside)
        if (len([w for w in kept if _folded(w) not in PARTICLES]) >= 2 and (near_contact or spelled)) or (
                spelled and near_contact):
            return " ".join(kept)
    return None


def _bare(text: str) -> Optional[str]:
    """The whole reply as a name ("marta ruiz", "Peter O'Brien, 612…"), for when one was asked."""
    bare = re.split(r"[,;:.!?()]|\s(?:y|and|e|mi|my|tel|tlf|movil|móvil|phone)\s|\d", text, maxsplit=1)[0]
    words = bare.strip(" .,!¡").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or not all(re.fullmatch(NAME_WORD, w) for w in words):
        return None
    if any(_is_stop(w) for w in words) and _take_name(words, any_case=True) != words:
        return None  # a reply word, unless it is a particle inside the name ("Pieter de Vries")
    return " ".join(words)


def read_person_name(text: Optional[str], asked: bool = False) -> Optional[str]:
    """The person's name in `text` ("Soy Marta Ruiz, mi móvil…" -> "Marta Ruiz"), else None.

    Introduced, signed or listed names are read anywhere in the message; a bare reply
    ("marta ruiz") only when the name was `asked` for. Replies such as "sí, llamadme" or
    "tomorrow at 10" are never names.
    """
    text = normalise(text)
    if not text:
        return None
    name = _introduced(text, asked) or _signed(text) or _listed(text)
    if not name and asked:  # "marta ruiz"; "llamadme mañana, Ana Gil": one piece of the reply is the name
        name = _bare(text) or next((found for piece in PIECE_BREAK.split(text) if piece and (found := _bare(piece))),
                                   None)
    return _title(name) if name else None


#: Someone else named to take the call: "my colleague Anna", "mi compañera Laura Gil", "nuestro técnico Pedro".
OTHER_PERSON = re.compile(
    r"\b(?:my|our|mi|nuestr[oa])\s+(?:colleague|co-?worker|partner|boss|manager|assistant|technician|admin|"
    r"compa[nñ]er[oa]|jef[ea]|soci[oa]|secretari[oa]|t[eé]cnic[oa]|administrador[a]?|encargad[oa])\s+",
    re.IGNORECASE)


def colleague_named(text: Optional[str]) -> Optional[str]:
    """The capitalised name after "my colleague", "mi compañera"… ("actually my colleague Anna will
    take the call" -> "Anna"), else None: at a call's read-back, the person to call instead."""
    text = normalise(text)
    for match in OTHER_PERSON.finditer(text or ""):
        kept = _take_name(_words(text[match.end():]), any_case=False)
        if kept:
            return " ".join(kept)
    return None


def looks_like_a_name(text: Optional[str]) -> bool:
    """"Samuel Whitaker": capitalised words that are not everyday words, whatever the intent classifier says."""
    words = normalise(text).strip(" .,!").split()
    return (1 <= len(words) <= MAX_NAME_WORDS and all(re.fullmatch(NAME_WORD, w) and w[0].isupper() for w in words)
            and not any(_is_stop(w) for w in words))
