"""The languages family documents are printed in, and what the print dialog
preselects for a child."""

from __future__ import annotations

from backa_desktop.printing.languages import (
    REFERENCE,
    Catalogue,
    available_languages,
    languages_for,
)
from backa_desktop.services.documents.common import load_child
from backa_desktop.services.vault import Session


def print_languages() -> list[Catalogue]:
    """The languages family documents can be printed in (one catalogue file each)."""
    return available_languages()


def languages_for_kind(kind: str) -> list[Catalogue]:
    """The languages one kind of document can be printed in, Swedish first: each catalogue
    file lists the documents it prints, so adding a language to a document is data."""
    return languages_for(str(kind))


def language_choices() -> list[tuple[str, str]]:
    """(code, "Arabiska – العربية") for every print language, Swedish first: what a guardian's
    preferred language is chosen from."""
    return [(c.code, c.swedish_name.capitalize() + ("" if c.code == REFERENCE
                                                      else f" – {c.native_name}"))
            for c in print_languages()]


def family_language(session: Session, child_id: str) -> tuple[str | None, bool]:
    """The first guardian's preferred print language (if a catalogue exists for it) and
    whether any guardian needs an interpreter: what the print dialog preselects."""
    _, profile = load_child(session, child_id)
    codes = {c.code for c in print_languages()}
    lang = next((g.preferred_language for g in profile.guardians
                 if g.preferred_language and g.preferred_language in codes), None)
    return lang, any(g.interpreter_needed for g in profile.guardians)
