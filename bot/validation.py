"""Validating what customers type for e-mail addresses, phone numbers and ids."""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Sequence

import phonenumbers
from email_validator import EmailNotValidError, validate_email as _validate_email

#: Regions tried, in order, for numbers written without a country code:
#: Spain first, then the Latin American countries we serve.
PHONE_REGIONS: Sequence[str] = ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "UY", "GT", "CR", "DO")

#: "T-000016", "t16", "T 16" (a space after T, CB or SLA; not after V, where "V 2" is a version).
CASE_ID = re.compile(r"\b(T|CB|SLA|V)(?:-|(?<![Vv])\s)?(\d{1,9})\b", re.IGNORECASE)
#: "SC-1001", "sc1001", "SC 1001", "sc_1001", "SC–1001", "SC#1001", "SC. 1001": how customers type a contract id.
CONTRACT_ID = re.compile(r"\bSC(?:\s?[-–—_.#:/]\s?|\s)?(\d{4,6})\b", re.IGNORECASE)
#: A country named beside a number ("07700 900123 UK", "un móvil de Francia"): its region is tried first.
COUNTRY_HINTS = (
    (re.compile(r"\b(?:uk|u\.k\.|united\s+kingdom|britain|british|england|reino\s+unido|brit[aá]nico|inglaterra)\b",
                re.IGNORECASE), "GB"),
    (re.compile(r"\b(?:ireland|irlanda)\b", re.IGNORECASE), "IE"),
    (re.compile(r"\b(?:france|francia)\b", re.IGNORECASE), "FR"),
    (re.compile(r"\b(?:germany|alemania|deutschland)\b", re.IGNORECASE), "DE"),
    (re.compile(r"\b(?:portugal)\b", re.IGNORECASE), "PT"),
    (re.compile(r"\b(?:italy|italia)\b", re.IGNORECASE), "IT"),
    # not "usa", the Spanish verb ("mi jefe usa este móvil")
    (re.compile(r"\b(?:u\.s\.a\.|united\s+states|estados\s+unidos|ee\.\s?uu\.)", re.IGNORECASE), "US"),
)


def country_hint(text: str) -> Optional[str]:
    """The region of a country named in `text`, else None."""
    return next((region for pattern, region in COUNTRY_HINTS if pattern.search(text or "")), None)


#: Something written like a phone number inside a sentence: "+44 7911 654321", "612-34-56-78".
PHONE_LIKE = re.compile(r"(?<![\w@.])(?:\+|00)?\d[\d \-().]{6,17}\d(?![\w@])")


#: An address spelled out against spam: "j.smith at acme dot com", "ana (arroba) gmail punto es".
_SPELLED_AT = r"(?:\s*[(\[{<]\s*(?:at|arroba)\s*[)\]}>]\s*|\s+(?:at|arroba)\s+)"
_SPELLED_DOT = r"(?:\s*[(\[{<]\s*(?:dot|punto)\s*[)\]}>]\s*|\s+(?:dot|punto)\s+|\.)"
SPELLED_EMAIL = re.compile(rf"(?<![\w.+-])([\w.+-]+){_SPELLED_AT}([\w-]+(?:{_SPELLED_DOT}[\w-]+)*{_SPELLED_DOT}[a-z]{{2,24}})\b",
                           re.IGNORECASE)


def _is_spelled_address(match: "re.Match") -> bool:
    """A plain " at " with real dots counts only when the name has a dot, digit, "_", "+" or "-"
    ("j.smith at acme.com"), so "look at paperoffice.com" is no address."""
    local = match.group(1)
    rest = match.group(0)[len(local):]
    spelled_dot = re.search(r"dot|punto", rest, re.IGNORECASE) is not None
    marked_at = re.search(r"arroba|[(\[{<]\s*at", rest, re.IGNORECASE) is not None
    return spelled_dot or marked_at or re.search(r"[._\d+-]", local) is not None


def spelled_out_emails(text: str) -> List[str]:
    """Addresses written out with "at"/"arroba" and "dot"/"punto", as written with @ and dots."""
    return [f"{match.group(1)}@{re.sub(_SPELLED_DOT, '.', match.group(2), flags=re.IGNORECASE)}"
            for match in SPELLED_EMAIL.finditer(text) if _is_spelled_address(match)]


def without_spelled_emails(text: str) -> str:
    """`text` with the addresses `spelled_out_emails` finds blanked out, and nothing else."""
    return SPELLED_EMAIL.sub(lambda match: " " if _is_spelled_address(match) else match.group(0), text)


def normalise_email(text: Optional[str]) -> Optional[str]:
    """The normalised address when `text` is a valid e-mail address, else None.

    Only the syntax is checked (no DNS look-up): the bot must answer at once and
    may run without network. An address spelled out ("ana arroba gmail punto com") counts.
    """
    if not text:
        return None
    candidates = [text.strip()] + [token for token in text.split() if "@" in token] + spelled_out_emails(text)
    for candidate in candidates:
        try:
            result = _validate_email(candidate.strip("<>.,;:()[]\"'"), check_deliverability=False)
        except EmailNotValidError:
            continue
        return result.normalized.lower()
    return None


def normalise_phone(text: Optional[str], regions: Sequence[str] = PHONE_REGIONS,
                    hint: Optional[str] = None) -> Optional[str]:
    """The E.164 form of a Spanish or Latin American phone number, else None.

    "612 34 56 78" reads as Spanish; "+52 55 1234 5678" or "0052…" keep their country;
    a national number that is not Spanish is tried against the other regions in order.
    A country named beside the number ("07700 900123 UK") is tried first, and there a
    number of a possible length is taken as given, as with a country code.
    """
    if not text:
        return None
    hint = hint or country_hint(text)
    if hint:
        regions = [hint] + [region for region in regions if region != hint]
    raw = text.strip()
    if not re.search(r"\d{6}", re.sub(r"[\s().\-/]", "", raw)):
        return None
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    candidates = [None] if raw.startswith("+") else list(regions)
    # with its country code written out, or its country named, a number of a possible length
    # is taken as given: numbering plans change faster than the library (UK 07700 900xxx)
    trusted = (None, hint) if hint else (None,)
    tries = [(region, False) for region in candidates] + [(region, True) for region in candidates if region in trusted]
    for region, possible_will_do in tries:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or (possible_will_do and phonenumbers.is_possible_number(number)):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for region in regions:  # a number inside a sentence: "llamadme al 612 34 56 78"
        for match in phonenumbers.PhoneNumberMatcher(raw, region):
            if phonenumbers.is_valid_number(match.number):
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return find_phone(raw, regions, hint)


def find_phone(text: str, regions: Sequence[str] = PHONE_REGIONS, hint: Optional[str] = None) -> Optional[str]:
    """The first phone number written inside a longer message, in E.164, else None.

    "I'm Hannah Berg, +44 7911 654321, hannah@…": each piece written like a number is read
    on its own, so that a number with its country code is kept even when the library's
    sentence matcher passes it over.
    """
    hint = hint or country_hint(text)
    for match in PHONE_LIKE.finditer(text or ""):
        piece = match.group(0).strip()
        if piece != (text or "").strip():
            found = normalise_phone(piece, regions, hint)
            if found:
                return found
    return None


def normalise_case_id(text: Optional[str]) -> Optional[str]:
    """A case id in its canonical form ("t-123" -> "T-000123"), else None."""
    match = CASE_ID.search(text or "")
    if not match:
        return None
    prefix, number = match.group(1).upper(), int(match.group(2))
    return f"{prefix}-{number:06d}"


def normalise_contract_id(text: Optional[str]) -> Optional[str]:
    """A contract id in its canonical form ("sc1001" -> "SC-1001"), else None."""
    match = CONTRACT_ID.search(text or "")
    return f"SC-{match.group(1)}" if match else None


#: A number of a contract's length standing alone: not part of a longer number, a date, a version or an amount.
_BARE_NUMBER = re.compile(r"(?<![\w.,:/€$#+-])(\d{4,6})(?![\w€$%]|[.,:/-]\d)")
#: Words that lead into the clause giving the number ("pero", "y creo que", "yes", "I think", "ya lo tengo").
_LEAD = (r"(?:(?:pero|y|and|but|so|pues|bueno|vale|ok|okay|si|yes|yeah|yep|ah|oh|well|entonces|then|mira|look|vaya"
         r"|h?m{2,}|hm+|e+h+|e+m+|u+h+|u+m+|a\s+ver|let'?s\s+see|let\s+me\s+see"  # hesitations: "hmm it's 1002"
         r"|creo\s+que|me\s+parece\s+que|supongo\s+que|i\s+think|i\s+believe|i\s+guess|probably|probablemente"
         r"|ya\s+lo\s+(?:he\s+)?(?:encontrado|encontre|tengo|vi|veo)|lo\s+tengo|found\s+it|got\s+it|here\s+it\s+is"
         r"|aqui\s+(?:esta|lo\s+tienes?))[\s,:-]+)*")
#: Who the number belongs to, when said: the contract itself ("el nuestro", "nuestro contrato", "the contract
#: number", "ours", "it") — no other noun ("el ticket que abrimos es el 4512" is a ticket's).
_OWNER = (r"(?:(?:el\s+)?(?:nuestro|mio)|ours|mine|it|that|this|eso|ese|este"
          r"|(?:el|nuestro|mi|the|our|my)\s+(?:numero(?:\s+(?:de|del)\s+contrato)?|contrato(?:\s+de\s+(?:soporte|servicio"
          r"|mantenimiento))?(?:\s+(?:numero|n[o.º°]+))?|(?:support\s+|service\s+)?contract(?:\s+(?:number|no\.?|id|\#))?"
          r"|number))")
#: The clause up to the number, presenting it: "es el", "el nuestro es", "it's", "the contract number is",
#: "contrato nº", "número de contrato:" (not "no es el 1001": that one is denied).
_PRESENTED = re.compile(
    rf"{_LEAD}(?:(?:{_OWNER}\s*)?(?:es|era|seria|sera|deberia\s+ser|tiene\s+que\s+ser|is|was|would\s+be|should\s+be"
    r"|must\s+be|'s)|(?:el\s+)?(?:numero\s+(?:de|del)\s+contrato|contrato|contract(?:\s+number)?)(?:\s+(?:numero|number"
    r"|n[o.º°]+|\#))?\s*:?|(?:el\s+)?(?:numero|number)\s*:)\s*(?:el\s+|the\s+|(?:el\s+)?(?:numero|number|n[o.º°]+|\#)\s*)?$")
#: All that comes before a bare "1002" / "el 1002" said as the answer: leads only ("vale, el 1002", "sí, 1002").
_BARE_ANSWER = re.compile(rf"{_LEAD}(?:el\s+)?$")
#: A hedge or thanks after the number ("I think", "creo", "si no me equivoco", "gracias").
_HEDGE = (r"(?:[\s,.!]*(?:creo(?:\s+yo)?|me\s+parece|supongo|si\s+no\s+me\s+equivoco|i\s+think|i\s+believe|i\s+guess"
          r"|if\s+i'?m\s+not\s+mistaken|if\s+i\s+remember\s+(?:right|correctly)|gracias|thanks|thank\s+you|please"
          r"|por\s+favor|vale|ok))*")
#: What may follow the number in its clause: hedges, then the clause's end or a new clause ("es el 1002 y lo
#: firmamos en 2024"; not "es el 1002 o el 1003", "1200 al año").
_AFTER = re.compile(rf"{_HEDGE}\s*(?:$|[,.;:!?)]|(?:y|and|pero|but|porque|because|so|asi\s+que)\b)")
#: Nothing but hedges up to the end ("1002, creo", "1002 I think, thanks").
_HEDGES_ONLY = re.compile(rf"{_HEDGE}[\s.!?]*")
#: Where a clause begins: punctuation, or a dash between words (not a colon: "número de contrato: 1002").
_CLAUSE_BREAK = re.compile(r"[,.;!?¿¡()\n]|\s-\s")


def _plain(text: str) -> str:
    """Lower case without accents, addresses, links and phone numbers (blanked, positions kept)."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(char))
    blank = lambda match: " " * len(match.group(0))  # noqa: E731
    plain = re.sub(r"\S+@\S+|https?://\S+|www\.\S+", blank, plain)
    return PHONE_LIKE.sub(lambda match: blank(match) if normalise_phone(match.group(0)) else match.group(0), plain)


def contract_number_in_reply(text: Optional[str]) -> Optional[str]:
    """The contract a reply to "what is your contract number?" names, canonical ("SC-1002"): written
    with its prefix anywhere, or as a bare number of a contract's length that the reply presents as
    the answer: in a clause that says it IS the number ("vale, ya lo encontré en el mail de bienvenida,
    es el 1002", "el nuestro es 1001", "el contrato es 1002", "it's 1002 I think") with no other noun
    it could belong to ("el ticket que abrimos es el 4512", "the invoice it's on is 20931", "tenemos 3000
    documentos", "no es el 1001") and nothing but a hedge after it. Else None."""
    text = text or ""
    prefixed = normalise_contract_id(text)
    if prefixed:
        return prefixed
    plain = _plain(text)
    found = set()
    for match in _BARE_NUMBER.finditer(plain):
        if not _AFTER.match(plain, match.end()):
            continue
        breaks = [found_break.end() for found_break in _CLAUSE_BREAK.finditer(plain, max(0, match.start() - 120),
                                                                               match.start())]
        before = plain[breaks[-1] if breaks else max(0, match.start() - 120):match.start()].strip() + " "
        # "vale, el 1002", "sí, 1002", "ya lo tengo: 1002", "1002, creo": the number and nothing but leads and hedges
        lead = plain[:match.start()].strip(" ,.:;!?¿¡-")
        bare = (not lead or _BARE_ANSWER.fullmatch(lead + " ")) and _HEDGES_ONLY.fullmatch(plain, match.end())
        if bare or _PRESENTED.fullmatch(before):
            found.add(match.group(1))
    return f"SC-{found.pop()}" if len(found) == 1 else None
