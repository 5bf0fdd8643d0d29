"""Child search terms and FTS5 queries.

A nurse types part of a first name, a surname, the last four digits or the start of the
identity number, in any order. We index each child as a bag of word tokens (names folded of
diacritics, so "asa" finds "Åsa") plus several spellings of the identity number (12 and 10
digits, birth date, last four), and query every typed token as a prefix. Everything stays
inside the encrypted database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[\w]+", re.UNICODE)


def identity_terms(identity: str) -> list[str]:
    digits = re.sub(r"\D", "", identity)
    if len(digits) == 12:
        return [digits, digits[2:], digits[:8], digits[2:8], digits[-4:]]
    # reservnummer and other forms: index as typed (alphanumeric, case folded)
    cleaned = re.sub(r"[^0-9A-Za-z]", "", identity).lower()
    return [cleaned] if cleaned else []


def child_terms(
    given_names: str, family_name: str, identity: str, earlier: Iterable[str] = ()
) -> str:
    """`earlier`: numbers the child had before (its identity history): search finds the
    child by them too."""
    numbers = [identity, *earlier]
    return " ".join([given_names, family_name, *(t for n in numbers for t in identity_terms(n))])


def match_expression(text: str) -> str | None:
    """Turn what was typed into an FTS5 MATCH expression, or None when nothing searchable.

    Separators inside an identity number ("170101-2393") are dropped so it matches the
    10-digit token; every token becomes a quoted prefix query, so no user input can inject
    FTS5 syntax.
    """
    text = re.sub(r"(?<=\d)[-+](?=\d)", "", text)
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    return " ".join(f'"{token.replace(chr(34), "")}"*' for token in tokens[:8])
