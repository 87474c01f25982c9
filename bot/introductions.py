"""Clauses that frame a message without telling its problem: a greeting, the customer introducing
themselves ("Soy Marta de Construcciones López", "I'm John from Acme"), or a contract number the
case keeps in its own field. A case's description leaves them out (bot/answers.py `case_description`);
a clause that also tells something ("soy el administrador y no puedo entrar") is never one."""

from __future__ import annotations

import re
from typing import Collection

from bot.text import strip_accents
from bot.validation import CONTRACT_ID, normalise_contract_id

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?|\d+", re.UNICODE)

#: Greeting words: a clause of only these greets ("hola, buenas", "good morning").
_GREETING = frozenset("""
hola holi buenas buenos buen dia dias tardes noches hey hi hello hallo good morning afternoon evening there
saludos que tal how are you all equipo team
""".split())

#: What opens an introduction: "soy…", "me llamo…", "les escribe…", "I'm…", "we are…".
_OPENER = re.compile(
    r"^(?:soy|somos|me llamo|mi nombre es|nos llamamos|les escribe|os escribe|te escribe|le escribe|les habla"
    r"|os habla|le habla|escribo (?:de parte de|desde|en nombre de)|escribimos desde"
    r"|i'?m|i am|this is|my name is|we are|we'?re|writing from|i'?m writing from|here is)\b\s*",
    re.IGNORECASE)

#: Words an introduction is made of besides names: articles, prepositions, roles, kinds of firm.
_INTRO_WORDS = frozenset("""
de del la el los las y e un una unos con en desde para from at the a an of and for in with on
administrador administradora admin administrator sysadmin responsable gerente encargado encargada contable
contador contadora director directora jefe jefa tecnico tecnica informatico informatica propietario propietaria
duena dueno socio socia secretario secretaria administrativo administrativa recepcionista usuario usuaria
empleado empleada trabajador trabajadora cliente clientes it ti sistemas manager owner accountant assistant head
office user customer employee partner ceo cto cfo coo lead support soporte compras purchasing finance finanzas
contabilidad administracion accounting sales ventas departamento department area
empresa compania gestoria asesoria despacho oficina tienda bufete firma negocio autonomo autonoma estudio
taller clinica consulta academia agencia inmobiliaria farmacia colegio escuela ayuntamiento
small little tiny pequena pequeno mediana mediano familiar family firm company business shop team equipo
practice agency studio school store startup
personas people employees empleados trabajadores usuarios users
sl s.l. s.l sa s.a. s.a ltd ltd. inc inc. gmbh llc slu cb
""".split())

#: Words a clause that only states the contract is made of ("Tenemos contrato SC-1001", "our contract is SC-1002").
_CONTRACT_WORDS = frozenset("""
tenemos tengo contrato contratos de soporte nuestro nuestra mi el la es un una con numero n nº no id codigo
plan gold silver oro plata y
we have i our my contract support the is a an with number no id plan gold silver and
""".split())


#: Product words, ours and third parties' ("PaperOffice", "NAS Synology", "Terminal Server"): a clause
#: naming one tells the setup, a fact the case needs, not who writes.
_PRODUCT_WORDS = frozenset("""
paperoffice windows outlook excel word office microsoft google gmail synology qnap nas mysql mariadb sql server
terminal rds citrix remote desktop escritorio remoto dropbox onedrive sharepoint pdf ocr datev sage escaner
scanner plus pro edition edicion version licencia license licence servidor red network vpn mac linux
""".split())
#: Problem words: "no puedo", "error", "falla": a clause that tells the problem is never only an introduction.
_PROBLEM_WORDS = frozenset("""
no not error errores fallo falla fallan falla problema problemas puedo cannot can't cant getting issue issues
problem problems crash crashes bug funciona works working arranca abre guarda
""".split())


def _words(clause: str) -> list[str]:
    return _WORD.findall(clause)


def shouted_or_title_case(text: str) -> bool:
    """True for a text written all in capitals or with every word capitalised ("HOLA, SOY MARTA Y NO
    PUEDO ENTRAR", "I am Getting An Error"): there a capital is no sign of a name."""
    words = [word for word in _words(text) if not word.isdigit()]
    if len(words) < 3:
        return False
    return all(word.isupper() for word in words if len(word) > 1) or all(word[0].isupper() for word in words)


def _tells_more(text: str) -> bool:
    """True when a clause names a product or tells a problem ("con un NAS Synology", "no puedo entrar")."""
    from bot import scope_vocabulary

    folded = [strip_accents(word.lower()).rstrip(".") for word in _words(text)]
    if set(folded) & (_PRODUCT_WORDS | _PROBLEM_WORDS):
        return True
    # a firm's kind ("asesoría", "gestoría") is an introduction's word even where a feature shares it
    return scope_vocabulary.vocabulary().feature_in([word for word in folded if word not in _INTRO_WORDS])


def greets_only(clause: str) -> bool:
    """True for "hola, buenas", "Buenos días", "hi there": a greeting and nothing else."""
    words = [strip_accents(word.lower()) for word in _words(clause)]
    return bool(words) and all(word in _GREETING for word in words)


def _names_or_intro_words(text: str, capitals_name: bool = True) -> bool:
    """True when every word is a capitalised name ("Marta", "Construcciones López") or an
    introduction's word ("de", "administrador", "small firm"), and no product or problem word is among
    them. `capitals_name` False (a text all in capitals or title case): a capital is no name."""
    words = _words(text)
    if not words or _tells_more(text):
        return False
    return all((capitals_name and word[0].isupper()) or strip_accents(word.lower()) in _INTRO_WORDS
               or strip_accents(word.lower()).rstrip(".") in _INTRO_WORDS for word in words)


def introduces_only(clause: str, whole_text: str = "") -> bool:
    """True for a clause that only says who writes: "Soy Marta de Construcciones López", "les
    escribe Pedro", "I'm John from Acme Ltd", "we are a small firm", "hola, soy el administrador";
    not "soy el administrador y no puedo entrar" (its other words tell the problem), not "Somos una
    gestoría con un NAS Synology" (the setup), and in a `whole_text` all in capitals or title case
    not "SOY MARTA Y NO PUEDO ENTRAR" (there a capital is no name)."""
    text = strip_accents(clause).strip(" ¡!¿?.,;:")
    for greeting in ("hola", "buenas", "buenos dias", "buenas tardes", "hello", "hi", "good morning"):
        if text.lower().startswith(greeting + " "):
            text = text[len(greeting):].lstrip(" ,")
            break
    opener = _OPENER.match(text)
    if not opener:
        return False
    return _names_or_intro_words(text[opener.end():], not shouted_or_title_case(whole_text or clause))


def continues_introduction(clause: str, whole_text: str = "") -> bool:
    """True for the rest of an introduction cut off by a comma: "de Talleres Ruiz", "la contable", "from Acme"."""
    text = strip_accents(clause).strip(" ¡!¿?.,;:")
    first = (_words(text) or [""])[0]
    return (first.lower() == first and first in _INTRO_WORDS
            and _names_or_intro_words(text, not shouted_or_title_case(whole_text or clause)))


def states_known_contract(clause: str, known_ids: Collection[str]) -> bool:
    """True for "Tenemos contrato SC-1001" or "our contract is SC-1002" when the case already
    holds that contract in its own field; another id, or a clause that says more, stays."""
    contract = normalise_contract_id(clause)
    known = {normalise_contract_id(known) for known in known_ids if known} - {None}
    if (contract and contract not in known) or not known:
        return False  # another id; or "we have a support contract" with no contract on the case yet
    rest = strip_accents(CONTRACT_ID.sub(" ", clause).lower())
    words = _words(rest)
    # "We have a support contract." names no id: it is the contract the case holds
    return (contract is not None or any(word in ("contrato", "contract") for word in words)) \
        and all(word in _CONTRACT_WORDS for word in words)


def frames_only(clause: str, known_ids: Collection[str] = (), whole_text: str = "") -> bool:
    """A greeting, an introduction or a known contract: a clause that tells no problem (`whole_text`:
    the message the clause comes from, read for its capitals)."""
    return greets_only(clause) or introduces_only(clause, whole_text) or states_known_contract(clause, known_ids)
