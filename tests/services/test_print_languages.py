"""The family's language through the service layer and `backa print`: a real encrypted folder,
the real command in a subprocess, the PDF read back with poppler."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from backa_desktop.central.merge import Version, merge
from backa_desktop.domain.bodies import validate_body
from backa_desktop.domain.needs import Need
from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.domain.plan import BarnetsPlan
from backa_desktop.domain.records import RecordType
from backa_desktop.printing.languages import catalogue_dir
from backa_desktop.services import workflow
from backa_desktop.services.children import save_child
from backa_desktop.services.documents import (
    DocumentError,
    DocumentKind,
    family_language,
    languages_for_kind,
    print_document,
)
from tests.printing.i18n import missing_runs, poppler_text, words
from tests.services.workflow_helpers import PASSPHRASE, Folder, filled, make_folder, registry
from tests.store.helpers import backa_process as _backa
from tests.store.helpers import make_cli_folder

OLD_CHILD = {
    "given_names": "Sixten", "family_name": "Testsson", "identity": "201701012385",
    "birth_date": "2017-01-01", "guardians": [{"name": "Åsa Testsson", "relation": "mamma"}],
}


def test_guardian_language_fields_are_optional_and_checked() -> None:
    old = ChildProfile.model_validate(OLD_CHILD)  # a record from before the fields existed
    assert old.guardians[0].preferred_language is None
    assert not old.guardians[0].interpreter_needed
    new = Guardian(name="Åsa", preferred_language="ti", interpreter_needed=True)
    assert new.model_dump(mode="json")["preferred_language"] == "ti"
    for bad in ("arabiska", "AR", "a r"):
        try:
            Guardian(name="Åsa", preferred_language=bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted as a language code")


def test_central_store_takes_and_merges_the_new_fields() -> None:
    """The server validates bodies with the same models and merges top-level fields."""
    with_language = {**OLD_CHILD, "guardians": [
        {"name": "Åsa Testsson", "relation": "mamma", "preferred_language": "so",
         "interpreter_needed": True}]}
    assert validate_body(RecordType.CHILD, with_language)["guardians"][0][
        "preferred_language"] == "so"
    elsewhere = {**OLD_CHILD, "unit_id": "u2"}  # another laptop moved the child meanwhile
    outcome = merge(base=OLD_CHILD, history=[Version(elsewhere, "laptop-b")],
                    incoming=with_language, incoming_device="laptop-a")
    assert outcome.conflicts == []
    assert outcome.fields["unit_id"] == "u2"
    assert outcome.fields["guardians"][0]["interpreter_needed"] is True


def test_print_in_the_family_language_and_audit_it(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "f")
    with folder.vault.unlock(PASSPHRASE) as s:
        record = s.repo.get(folder.child)
        assert record is not None
        profile = ChildProfile.model_validate(record.body)
        save_child(s, profile.model_copy(update={"guardians": [
            Guardian(name="Åsa Testsson", preferred_language="ti", interpreter_needed=True)]}),
            folder.child)
        assert family_language(s, folder.child) == ("ti", True)
        result = print_document(s, DocumentKind.LEAFLET, folder.child, tmp_path / "l.pdf",
                                lang="ti", bilingual=True)
        text = poppler_text(result.path.read_bytes())
        assert "Backa barnet እንታይ እዩ?" in text and "Vad är Backa barnet?" in text
        assert "Berit Barnkontakt" in text  # the family's own Barnkontakt to call
        event = [e for e in s.audit.events(child_id=folder.child) if e.action == "print"][-1]
        assert json.loads(event.detail) == {"document": "leaflet", "lang": "ti",
                                            "bilingual": True}
        try:
            print_document(s, DocumentKind.CARD, folder.child, tmp_path / "c.pdf", lang="ar")
        except DocumentError as exc:
            assert "skrivs inte ut på språket 'ar'" in str(exc) and "sv, en" in str(exc)
        else:
            raise AssertionError("a staff document was printed in Arabic")
        assert not (tmp_path / "c.pdf").exists()


def test_backa_print_lang_bilingual_and_unreviewed_warning(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    make_cli_folder(folder, "demo-backa-fras", name="Demo Användare", demo=True)
    assert _backa(folder, "demo", "--children", "60").returncode == 0
    from backa_desktop.services.vault import Vault

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    try:
        with Vault(folder).unlock("demo-backa-fras") as s:
            row = s.db.query(
                "SELECT c.identity FROM children c JOIN records r"
                " ON r.child_id = c.record_id AND r.type = 'plan' LIMIT 1"
            )[0]
    finally:
        del os.environ["PYTHON_KEYRING_BACKEND"]
    identity = str(row[0])

    out = tmp_path / "plan-ar.pdf"
    done = _backa(folder, "print", "plan", identity, "--lang", "ar", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "inte granskad" in done.stderr and "arabiska" in done.stderr
    assert {"خطة", "الطفل"} <= set(words(poppler_text(out.read_bytes())))

    both = tmp_path / "consent.pdf"
    done = _backa(folder, "print", "consent-sheet", identity, "--lang", "so", "--bilingual",
                  "--out", str(both))
    assert done.returncode == 0, done.stderr
    text = " ".join(poppler_text(both.read_bytes()).split())
    assert "Backa barnet – macluumaad iyo oggolaansho" in text
    assert "Backa barnet – information och samtycke" in text

    swedish = _backa(folder, "print", "leaflet", identity, "--out", str(tmp_path / "sv.pdf"))
    assert swedish.returncode == 0 and "OBS" not in swedish.stderr

    staff = _backa(folder, "print", "card", identity, "--lang", "ar", "--out",
                   str(tmp_path / "card.pdf"))
    assert staff.returncode == 2 and "skrivs inte ut på språket 'ar'" in staff.stderr
    english = tmp_path / "card-en.pdf"
    done = _backa(folder, "print", "card", identity, "--lang", "en", "--out", str(english))
    assert done.returncode == 0, done.stderr
    text = " ".join(poppler_text(english.read_bytes()).split())
    assert "Upptäckarkort (discovery card) – summary" in text and "Filled in by" in text
    assert "Is the child's need met?" in text and "sammanfattning" not in text
    unknown = _backa(folder, "print", "plan", identity, "--lang", "xx", "--out",
                     str(tmp_path / "xx.pdf"))
    assert unknown.returncode == 2 and "finns inte" in unknown.stderr
    assert not (tmp_path / "xx.pdf").exists() and not (tmp_path / "card.pdf").exists()

    # a language added as files only is printable and listed by the CLI
    extra = tmp_path / "langs"
    extra.mkdir()
    for path in catalogue_dir().glob("*.yaml"):
        shutil.copy(path, extra / path.name)
    text_en = (catalogue_dir() / "en.yaml").read_text(encoding="utf-8")
    (extra / "nb.yaml").write_text(text_en.replace("code: en", "code: nb").replace(
        "swedish_name: engelska", "swedish_name: norska"), encoding="utf-8")
    os.environ["BACKA_PRINT_LANG_DIR"] = str(extra)
    try:
        listed = _backa(folder, "print", "--help")
        added = _backa(folder, "print", "plan", identity, "--lang", "nb", "--out",
                       str(tmp_path / "nb.pdf"))
    finally:
        del os.environ["BACKA_PRINT_LANG_DIR"]
    assert "nb (norska)" in " ".join(listed.stdout.split())
    assert added.returncode == 0 and "norska" in added.stderr


def _signed(folder: Folder, form_id: str, overrides: dict[str, object]) -> None:
    definition = registry().get(form_id)
    response = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                      overrides=overrides)
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.sign_form(s, definition, response)


def test_form_summaries_print_in_english_with_the_forms_english_labels(tmp_path: Path) -> None:
    """The language of a printout is the user's choice: the summary's own words from the
    English catalogue, the questions, options and need names from the form's translation;
    what staff wrote stays as written."""
    folder = make_folder(tmp_path / "f")
    _signed(folder, "samtal_7_12", {"omsorg.egna_ord@child": "Mamma lagar mat."})
    _signed(folder, "skattning", {"skattare": folder.upptackare,
                                  "arbetskollega": folder.colleague})
    forms = registry()
    with folder.vault.unlock(PASSPHRASE) as s:
        assert [c.code for c in languages_for_kind(DocumentKind.TALK)] == ["sv", "en"]
        for kind in (DocumentKind.OROSANMALAN, DocumentKind.EXTRACT):
            assert [c.code for c in languages_for_kind(kind)] == ["sv", "en"]
        talk = print_document(s, DocumentKind.TALK, folder.child, tmp_path / "talk-en.pdf",
                              lang="en", registry=forms)
        text = " ".join(poppler_text(talk.path.read_bytes()).split())
        assert "Talk with a child aged 7–12 – summary" in text
        assert "Filled in by Ulla Upptäckare" in text and "Status Signed" in text
        assert "Are there adults who care about you and help you when you need it?" in text
        assert "(The child)" in text and "Mamma lagar mat." in text
        assert "CARE" in text and "Printed " in text and "Page 1 of" in text
        for swedish in ("sammanfattning", "Ifyllt av", "Barnet", "Vårdnadshavare", "Sida 1",
                        "Finns det vuxna"):
            assert swedish not in text, swedish
        event = [e for e in s.audit.events(child_id=folder.child) if e.action == "print"][-1]
        assert json.loads(event.detail)["lang"] == "en"

        rating = print_document(s, DocumentKind.RATING, folder.child, tmp_path / "r-en.pdf",
                                lang="en", registry=forms)
        text = " ".join(poppler_text(rating.path.read_bytes()).split())
        assert "Rating form for staff – summary" in text
        assert "home environment" in text
        assert "Together with Kalle Kollega" in text and "(scale 1–5)" in text
        assert "Barnet har en hemmiljö" not in text and "skala" not in text

        # the family plan's compass names the talk's respondents in the print language, a
        # guardian by the name in the child's profile
        s.repo.create(RecordType.PLAN, BarnetsPlan(
            child_id=folder.child, reason="Fiktiv.", need_ids=[Need.OMSORG],
            responsible_huvudman="Ystads kommun", responsible_unit_id=folder.unit,
        ).model_dump(mode="json"), child_id=folder.child)
        plan = print_document(s, DocumentKind.PLAN, folder.child, tmp_path / "plan-en.pdf",
                              lang="en", registry=forms)
        text = " ".join(poppler_text(plan.path.read_bytes()).split())
        assert "The child (scale 1–5)" in text and "Åsa Testsson (scale 1–5)" in text
        assert "Guardian 1" not in text
        assert "Ulla Upptäckare and Kalle Kollega (scale 1–5)" in text
        both = print_document(s, DocumentKind.PLAN, folder.child, tmp_path / "plan-2.pdf",
                              lang="en", bilingual=True, registry=forms)
        text = " ".join(poppler_text(both.path.read_bytes()).split())
        assert "Barnet (skala 1–5)" in text  # the Swedish half keeps Swedish rater names

        swedish = print_document(s, DocumentKind.TALK, folder.child, tmp_path / "talk-sv.pdf",
                                 registry=forms)
        text = " ".join(poppler_text(swedish.path.read_bytes()).split())
        assert "Barnsamtal 7-12 år – sammanfattning" in text and "Ifyllt av" in text
        assert "Finns det vuxna" in text and "Talk with" not in text


def test_a_card_summary_asks_about_the_guardians_by_name(tmp_path: Path) -> None:
    """The Upptäckarkort's questions name the guardian from the child's profile, in Swedish
    and in English; the second guardian, who has no name on file, keeps the number."""
    folder = make_folder(tmp_path / "f")
    _signed(folder, "upptackarkort", {"vh2.informerad": False})
    forms = registry()
    with folder.vault.unlock(PASSPHRASE) as s:
        for lang, named, numbered in (
            ("sv", "Är Åsa Testsson informerad om att du gör ett Upptäckarkort?",
             "Är vårdnadshavare 2 informerad om att du gör ett Upptäckarkort?"),
            ("en", "Has Åsa Testsson been told that you are making an Upptäckarkort?",
             "Has guardian 2 been told that you are making an Upptäckarkort?"),
        ):
            card = print_document(s, DocumentKind.CARD, folder.child,
                                  tmp_path / f"card-{lang}.pdf", lang=lang, registry=forms)
            text = " ".join(poppler_text(card.path.read_bytes()).split())
            assert named in text and numbered in text
            assert "{vardnadshavare" not in text


def test_a_family_plans_compass_legend_holds_no_swedish(tmp_path: Path) -> None:
    """A guardian without a name on file, the child and a co-rated Skattning are named in the
    family's language in every language that prints the plan, not as "Vårdnadshavare 1"."""
    folder = make_folder(tmp_path / "f")
    _signed(folder, "samtal_7_12", {})
    _signed(folder, "skattning", {"skattare": folder.upptackare,
                                  "arbetskollega": folder.colleague})
    forms = registry()
    with folder.vault.unlock(PASSPHRASE) as s:
        record = s.repo.get(folder.child)
        assert record is not None
        profile = ChildProfile.model_validate(record.body)
        save_child(s, profile.model_copy(update={"guardians": []}), folder.child)
        s.repo.create(RecordType.PLAN, BarnetsPlan(
            child_id=folder.child, reason="Fiktiv.", need_ids=[Need.OMSORG],
            responsible_huvudman="Ystads kommun", responsible_unit_id=folder.unit,
        ).model_dump(mode="json"), child_id=folder.child)
        family = [c for c in languages_for_kind(DocumentKind.PLAN) if c.code not in ("sv", "en")]
        assert {c.code for c in family} >= {"so", "ar", "fa", "ti", "uk"}
        for cat in family:
            plan = print_document(s, DocumentKind.PLAN, folder.child,
                                  tmp_path / f"plan-{cat.code}.pdf", lang=cat.code,
                                  registry=forms)
            text = poppler_text(plan.path.read_bytes())
            document = words(text)
            for key in ("compass.rater.child", "compass.rater.guardian_1",
                        "compass.rater.guardian_2"):
                legend = cat.t("compass.scale", rater=cat.t(key))
                assert not missing_runs(legend, document), (cat.code, legend)
            together = cat.t("compass.scale", rater=cat.t(
                "compass.and", first="Ulla Upptäckare", second="Kalle Kollega"))
            assert not missing_runs(together, document), (cat.code, together)
            # the Swedish words of the legend (the plan's name, "Barnets plan", stays Swedish)
            for swedish in ("vårdnadshavare", "barnet", "skala", "och"):
                assert swedish not in document, (cat.code, swedish)
