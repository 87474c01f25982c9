"""Validating what customers type for e-mail addresses, phone numbers and ids."""

from __future__ import annotations

import re
from typing import Optional, Sequence

import phonenumbers
from email_validator import EmailNotValidError, validate_email as _validate_email

#: Regions tried, in order, for numbers written without a country code:
#: Spain first, then the Latin American countries we serve.
PHONE_REGIONS: Sequence[str] = ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "UY", "GT", "CR", "DO")

#: "T-000016", "t16", "T 16" (a space after T, CB or SLA; not after V, where "V 2" is a version).
CASE_ID = re.compile(r"\b(T|CB|SLA|V)(?:-|(?<![Vv])\s)?(\d{1,9})\b", re.IGNORECASE)
CONTRACT_ID = re.compile(r"\bSC-?(\d{4,6})\b", re.IGNORECASE)
#: Something written like a phone number inside a sentence: "+44 7911 654321", "612-34-56-78".
PHONE_LIKE = re.compile(r"(?<![\w@.])(?:\+|00)?\d[\d \-().]{6,17}\d(?![\w@])")


def normalise_email(text: Optional[str]) -> Optional[str]:
    """The normalised address when `text` is a valid e-mail address, else None.

    Only the syntax is checked (no DNS look-up): the bot must answer at once and
    may run without network.
    """
    if not text:
        return None
    candidates = [text.strip()] + [token for token in text.split() if "@" in token]
    for candidate in candidates:
        try:
            result = _validate_email(candidate.strip("<>.,;:()[]\"'"), check_deliverability=False)
        except EmailNotValidError:
            continue
        return result.normalized.lower()
    return None


def normalise_phone(text: Optional[str], regions: Sequence[str] = PHONE_REGIONS) -> Optional[str]:
    """The E.164 form of a Spanish or Latin American phone number, else None.

    "612 34 56 78" reads as Spanish; "+52 55 1234 5678" or "0052…" keep their country;
    a national number that is not Spanish is tried against the other regions in order.
    """
    if not text:
        return None
    raw = text.strip()
    if not re.search(r"\d{6}", re.sub(r"[\s().\-/]", "", raw)):
        return None
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    candidates = [None] if raw.startswith("+") else list(regions)
    for region in candidates:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and (phonenumbers.is_valid_number(number)
                                   or (region is None and phonenumbers.is_possible_number(number))):
            # with its country code written out, a number of a possible length is taken as
            # given: numbering plans change faster than the library (UK 07700 900xxx)
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for region in regions:  # a number inside a sentence: "llamadme al 612 34 56 78"
        for match in phonenumbers.PhoneNumberMatcher(raw, region):
            if phonenumbers.is_valid_number(match.number):
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return find_phone(raw, regions)


def find_phone(text: str, regions: Sequence[str] = PHONE_REGIONS) -> Optional[str]:
    """The first phone number written inside a longer message, in E.164, else None.

    "I'm Hannah Berg, +44 7911 654321, hannah@…": each piece written like a number is read
    on its own, so that a number with its country code is kept even when the library's
    sentence matcher passes it over.
    """
    for match in PHONE_LIKE.finditer(text or ""):
        piece = match.group(0).strip()
        if piece != (text or "").strip():
            found = normalise_phone(piece, regions)
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
