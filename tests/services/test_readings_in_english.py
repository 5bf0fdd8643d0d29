"""Records, the register extract and the orosanmälan in English, from a real encrypted folder:
every label, type title and value label comes from the English print catalogue and the forms'
English translation, and the Swedish default stays as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from backa_desktop.domain.forms import localize_form
from backa_desktop.domain.needs import Need
from backa_desktop.printing.languages import Catalogue, load_catalogue
from backa_desktop.services.documents import DocumentError, DocumentKind, render_document
from backa_desktop.services.documents.reading import reading_catalogue
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.vault import Session
from tests.printing.pdfs import flat
from tests.services.reading_helpers import (
    CONCERN,
    SNAKE,
    TODAY,
    make_records,
    read_as_shown,
    shown_labels,
    swedish_only,
)
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder, registry


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return make_folder(tmp_path / "data")


@pytest.fixture
def session(folder: Folder) -> Iterator[Session]:
    with folder.vault.unlock(PASSPHRASE) as s:
        yield s


@pytest.fixture
def forms() -> FormRegistry:
    return registry()


def test_every_kind_of_record_reads_in_english_with_no_swedish_label(
    session: Session, folder: Folder, forms: FormRegistry
) -> None:
    ids = make_records(session, folder, forms)
    swedish = swedish_only(forms)
    readings = {name: read_as_shown(session, getattr(ids, name), forms, "en")
                for name in ("decision", "consent", "plan", "card")}
    for name, reading in readings.items():
        labels = shown_labels(reading)
        assert labels, name
        assert [label for label in labels if label in swedish] == [], name
        assert [label for label in labels if SNAKE.search(label)] == [], name

    def rows(name: str) -> dict[str, str]:
        return {r.label: r.value for part in readings[name].sections for r in part.rows}

    assert readings["decision"].title == "Decision: Barnteam (child team)"
    decision = rows("decision")
    assert decision["Reasons"] == "Vi samlar barnteamet kring Sixten."  # as written
    assert decision["Feedback to the person who noticed"] == "Kalle Kollega"
    assert decision["Follow-up"] == "2027-01-15"
    consent = rows("consent")
    assert consent["Who"] == "Åsa Testsson"  # guardian 1, by name
    assert consent["How"] == "In writing"
    assert consent["Covers"] == "The Barnteam (child team)"
    assert consent["Obtained by"] == "Berit Barnkontakt"
    plan = rows("plan")
    assert plan["Needs"] == "Safety, Belonging"
    assert plan["Participant 1"] == "Åsa Testsson"
    card = readings["card"]
    assert card.title == localize_form(forms.get("upptackarkort"), "en").title
    assert "Signing" in [part.heading for part in card.sections]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} at \d{2}:\d{2}", rows("card")["Signed"])


def test_the_swedish_reading_is_unchanged(session: Session, folder: Folder,
                                          forms: FormRegistry) -> None:
    ids = make_records(session, folder, forms)
    decision = read_as_shown(session, ids.decision, forms, "sv")
    assert decision.title == "Beslut: Barnteam"
    assert "Besked till upptäckaren" in shown_labels(decision)
    card = read_as_shown(session, ids.card, forms, "sv")
    assert card.title == forms.get("upptackarkort").title and "Signering" in shown_labels(card)


def test_a_ui_language_whose_catalogue_does_not_print_the_extract_reads_in_swedish() -> None:
    """The record window follows the UI language only where a catalogue has the words."""
    assert reading_catalogue("so").code == "sv"
    assert reading_catalogue("xx").code == "sv"
    assert reading_catalogue("en").code == "en"


def _not_in(text: str, cat: Catalogue, other: Catalogue, prefix: str) -> list[str]:
    """The catalogue's texts under `prefix` found in the PDF, leaving out those the other
    language also uses (the model's Swedish terms stay in English: "Barnets plan")."""
    used = " ".join(other.text.values())
    return [v for k, v in cat.text.items() if k.startswith(prefix) and "{" not in v
            and len(v) > 6 and v not in used and v in text]


def test_register_extract_in_english(session: Session, folder: Folder,
                                     forms: FormRegistry) -> None:
    ids = make_records(session, folder, forms)
    pdf = render_document(session, DocumentKind.EXTRACT, folder.child, today=TODAY,
                          registry=forms, lang="en", requested_by="Åsa Testsson",
                          include_orosanmalan=True)
    text = flat(pdf)
    en, sv = load_catalogue("en"), load_catalogue("sv")
    for key in ("extract.title", "extract.records", "extract.log", "extract.col_when",
                "extract.col_what", "extract.reference_note", "extract.secrecy_note",
                "label.child", "extract.requested_by", "reading.type.consent",
                "reading.field.motivation", "reading.field.obtained_by",
                "reading.enum.consent_type.skriftligt", "reading.type.orosanmalan",
                "reading.field.concern_indicator_ids", "reading.signing"):
        assert en.t(key) in text, key
    assert en.t("extract.greeting_named", name="Åsa Testsson") in text
    assert en.t("extract.frame_title", child="Sixten Testsson") in text
    assert en.t("page.printed_on", date="2026-11-23") in text
    assert "Decision: Barnteam (child team)" in text
    assert "Ulla Upptäckare entered a decision" in text  # the log in English sentences
    assert ids.decision not in text and "Reference:" not in text  # no internal ids
    assert re.search(r"\b\d+\. Decision: Barnteam \(child team\) – 2026-", text)
    assert localize_form(forms.get("upptackarkort"), "en").title in text
    assert not SNAKE.search(text), SNAKE.search(text)
    # the law a report is made under is printed as stored (its Swedish name)
    law = str(session.repo.require(ids.report).body["legal_reference"])
    assert law in text
    text = text.replace(law, "")
    assert _not_in(text, sv, en, "extract.") == []
    assert _not_in(text, sv, en, "reading.") == []
    assert " kl. " not in text and "Referens" not in text
    # what the staff wrote stays as written
    assert CONCERN in text and "Vi samlar barnteamet kring Sixten." in text


def test_register_extract_in_swedish_is_unchanged(session: Session, folder: Folder,
                                                  forms: FormRegistry) -> None:
    ids = make_records(session, folder, forms)
    text = flat(render_document(session, DocumentKind.EXTRACT, folder.child, today=TODAY,
                                registry=forms))
    assert "Registerutdrag" in text and "Det här har vi antecknat" in text
    assert "Beslut: Barnteam" in text and "Ulla Upptäckare skrev in Beslut" in text
    assert ids.decision not in text and "Referens" not in text and " kl. " in text
    assert re.search(r"\b\d+\. Beslut: Barnteam – 2026-", text)
    assert _not_in(text, load_catalogue("en"), load_catalogue("sv"), "extract.") == []
    assert not SNAKE.search(text)


def test_orosanmalan_in_english_and_swedish_by_default(session: Session, folder: Folder,
                                                      forms: FormRegistry) -> None:
    make_records(session, folder, forms)
    en, sv = load_catalogue("en"), load_catalogue("sv")
    text = flat(render_document(session, DocumentKind.OROSANMALAN, folder.child, today=TODAY,
                                registry=forms, lang="en"))
    for key in ("concern.title", "concern.subtitle", "concern.acute_danger",
                "concern.danger_no", "concern.to", "concern.created", "concern.not_sent",
                "concern.legal_reference", "concern.child", "concern.guardians",
                "concern.col_relation", "concern.concern", "concern.indicators",
                "concern.col_need", "concern.col_sign", "concern.reporter",
                "concern.status.upprattad", "concern.sign", "concern.name_clear",
                "label.identity", "label.phone", "concern.footer"):
        assert en.t(key) in text, key
    need_names = {en.need_name(n) for n in Need}
    assert any(name in text for name in need_names)  # the sign's need, in English
    assert CONCERN in text  # the reporter's own words, as written
    assert not SNAKE.search(text)
    assert _not_in(text, sv, en, "concern.") == []

    swedish = flat(render_document(session, DocumentKind.OROSANMALAN, folder.child,
                                   today=TODAY, registry=forms))
    assert "Anmälan till socialnämnden" in swedish and "Akut fara" in swedish
    assert _not_in(swedish, en, sv, "concern.") == []


def test_orosanmalan_and_extract_are_refused_in_a_language_that_does_not_list_them(
    session: Session, folder: Folder, forms: FormRegistry
) -> None:
    make_records(session, folder, forms)
    for kind in (DocumentKind.OROSANMALAN, DocumentKind.EXTRACT):
        with pytest.raises(DocumentError, match="sv, en"):
            render_document(session, kind, folder.child, today=TODAY, registry=forms,
                            lang="so")


def test_backa_print_warns_about_a_draft_as_fits_who_reads_the_printout() -> None:
    from backa_desktop.cli_print import unreviewed_warning

    extract = unreviewed_warning("en", "extract")
    assert extract and "engelska" in extract and "innan familjen får den" in extract
    concern = unreviewed_warning("en", "concern")
    assert concern and "inte granskad" in concern and "familjen" not in concern
    assert unreviewed_warning("so", "extract") is None  # refused, with its own message
    assert unreviewed_warning("sv", "concern") is None  # the reference needs no review
