"""Validating what customers type for e-mail addresses, phone numbers and ids."""

from __future__ import annotations

import re
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


#: A number of a contract's length standing alone in a sentence ("es el 1002", "it's 1002 I think"): not
#: part of a longer number, a date, a version, an amount or a count of things.
_BARE_NUMBER = re.compile(
    r"(?<![\w.,:/€$#+-])(\d{4,6})(?![\w€$%]|[.,:/-]\d|\s*(?:€|eur\b|euros?\b|usd\b|d[oó]lares\b|dollars?\b|%"
    r"|(?:usuarios?|users?|puestos?|seats?|licencias?|licen[cs]es?|pcs?|equipos?|ordenadores|computers?|horas?|hours?"
    r"|minutos?|minutes?|[kmgt]b|p[aá]ginas?|pages?|registros?|records?|expedientes?|facturas?|invoices?|l[ií]neas?"
    r"|lines?|filas?|rows?|archivos?|files?|ficheros?|clientes?|customers?|empleados?|employees?|personas?|people)\b))",
    re.IGNORECASE)
#: Words right before a number that make it something else's: an error code, a version, an invoice, a year.
_NUMBER_OF_SOMETHING_ELSE = re.compile(
    r"\b(?:error|errores|code|c[oó]digo|codigo|versi[oó]n|version|v|build|factura|invoice|pedido|order|albar[aá]n"
    r"|ticket|caso|case|incidencia|licencia|licen[cs]e|serial|serie|cp|postal|ext|extensi[oó]n|puerto|port|pin|cuenta"
    r"|account|nif|cif|dni|cliente|customer|ref|referencia|reference|n[uú]mero\s+de\s+(?:cliente|factura|serie|pedido"
    r"|licencia)|(?:customer|invoice|order|serial|licen[cs]e|account)\s+(?:number|no\.?|#))"
    r"(?:\W{1,3}(?:is|es|era|was|number|n[uú]mero|no\.?|el|la|the|que|sale|says|dice|pone|shows|muestra)){0,2}\W{0,3}$",
    re.IGNORECASE)
#: Words before a year ("desde 2024", "in 2025"): a year, not a contract.
_BEFORE_A_YEAR = re.compile(r"\b(?:en|in|since|desde|de|del|year|a[nñ]o|from|hasta|until|till|of)\s+$", re.IGNORECASE)
#: Words that present the number given ("es el 1002", "el nuestro es 1001", "it's 1002", "number: 1002").
_PRESENTS_NUMBER = re.compile(r"(?:\b(?:es|son|sea|is|it'?s|its|was|era|n[uú]mero|number|no\.?|contrato|contract|nuestro"
                              r"|nuestra|ours|our|el|la|este|esta|this|that)|[:#])\W{0,3}$", re.IGNORECASE)


def contract_number_in_reply(text: Optional[str]) -> Optional[str]:
    """The contract a reply to "what is your contract number?" names, canonical ("SC-1002"): written
    with its prefix anywhere, or as a bare number of a contract's length inside a sentence ("vale, ya lo
    encontré en el mail de bienvenida, es el 1002", "el nuestro es 1001", "it's 1002 I think"). A number
    that is something else's (an error code, an amount, a count, a year, a phone, inside an address) is
    not one; of several numbers only the one presented as the answer ("es el …") is. Else None."""
    text = text or ""
    prefixed = normalise_contract_id(text)
    if prefixed:
        return prefixed
    plain = re.sub(r"\S+@\S+|https?://\S+|www\.\S+", " ", text)
    plain = re.sub(r"\+?\d[\d\s().-]{7,}\d", " ", plain)  # a phone number, however spaced
    found = []
    for match in _BARE_NUMBER.finditer(plain):
        before = plain[max(0, match.start() - 40):match.start()]
        number = match.group(1)
        if _NUMBER_OF_SOMETHING_ELSE.search(before):
            continue
        if len(number) == 4 and number[:2] in ("19", "20") and _BEFORE_A_YEAR.search(before):
            continue
        found.append((number, bool(_PRESENTS_NUMBER.search(before))))
    if len(found) > 1:
        found = [item for item in found if item[1]]
    return f"SC-{found[0][0]}" if len(found) == 1 else None
