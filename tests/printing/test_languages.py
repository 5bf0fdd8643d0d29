"""The family documents in every print language: complete catalogues, every glyph present,
text that reads back in logical order, shaped Arabic, and a page mirrored for right to left."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from backa_desktop.domain.needs import Need
from backa_desktop.domain.orosanmalan import OrosanmalanStatus
from backa_desktop.domain.plan import PlanActionStatus
from backa_desktop.printing import render
from backa_desktop.printing.languages import (
    REFERENCE,
    Catalogue,
    CatalogueError,
    available_languages,
    catalogue_dir,
    check_against,
    languages_for,
    load_catalogue,
)
from backa_desktop.printing.layout import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
)
from backa_desktop.printing.models import (
    ActionRow,
    ConsentSheetDocument,
    LeafletDocument,
    PlanDocument,
    ShareRow,
)
from tests.printing import samples
from tests.printing.i18n import (
    find_line,
    glyph_problems,
    missing_runs,
    poppler_text,
    shaping_problems,
    words,
)

# reportlab's frame pads its content 6 pt inside the page margins
LEFT = MARGIN_X + 6
RIGHT = PAGE_WIDTH - MARGIN_X - 6
LANGUAGES = sorted(p.stem for p in catalogue_dir().glob("*.yaml"))
DOCUMENTS = ["plan", "child", "consent", "leaflet"]
CASES = ["short", "long"]
LONG_GOAL = ("Jag vill kunna vara med de andra på rasten utan att vara rädd, och jag vill att "
             "de vuxna märker när någon är elak. ") * 6


def test_the_six_languages_and_swedish_are_there() -> None:
    assert {"sv", "ar", "so", "fa", "ti", "uk", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete(code: str) -> None:
    """Fails by language and key, like the UI catalogue test."""
    catalogue = load_catalogue(code)
    assert check_against(catalogue, load_catalogue(REFERENCE)) == []
    assert catalogue.translator.strip()
    if catalogue.rtl:
        assert catalogue.fonts.get("regular"), "a right-to-left script needs its font"


def test_a_catalogue_missing_a_key_fails_by_name(tmp_path: Path) -> None:
    for code in ("sv", "ar"):
        shutil.copy(catalogue_dir() / f"{code}.yaml", tmp_path / f"{code}.yaml")
    path = tmp_path / "ar.yaml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.strip().startswith("plan.contingency:")),
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"ar: saknar 'plan.contingency'"):
        load_catalogue("ar", tmp_path)
    assert [c.code for c in available_languages(tmp_path)] == ["sv"]


def test_the_documents_a_language_prints_decide_the_keys_it_needs(tmp_path: Path) -> None:
    """A language that lists a form summary needs the summary texts; a family language that
    does not list one is refused if it carries them (it would never print them)."""
    for code in ("sv", "en", "so"):
        shutil.copy(catalogue_dir() / f"{code}.yaml", tmp_path / f"{code}.yaml")
    assert [c.code for c in languages_for("talk", tmp_path)] == ["sv", "en"]
    assert [c.code for c in languages_for("leaflet", tmp_path)] == ["sv", "en", "so"]
    english = tmp_path / "en.yaml"
    english.write_text("\n".join(
        line for line in english.read_text(encoding="utf-8").splitlines()
        if not line.strip().startswith("summary.signed:")), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"en: saknar 'summary.signed'"):
        load_catalogue("en", tmp_path)
    somali = tmp_path / "so.yaml"
    somali.write_text(somali.read_text(encoding="utf-8").replace(
        "\ntext:\n", '\ntext:\n  summary.signed: "Saxiixan"\n', 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"so: okänd nyckel 'summary.signed'"):
        load_catalogue("so", tmp_path)
    somali.write_text(somali.read_text(encoding="utf-8").replace(
        "\ntext:\n", "\ndocuments: [leaflet, brev]\ntext:\n", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"okänt dokument brev"):
        load_catalogue("so", tmp_path)


def test_a_catalogue_with_a_wrong_placeholder_fails_by_name(tmp_path: Path) -> None:
    shutil.copy(catalogue_dir() / "sv.yaml", tmp_path / "sv.yaml")
    text = (catalogue_dir() / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "en.yaml").write_text(text.replace("{child}", "{barn}", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"en: 'plan.title' ska ha platshållarna"):
        load_catalogue("en", tmp_path)


def test_a_new_language_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in catalogue_dir().glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = (catalogue_dir() / "en.yaml").read_text(encoding="utf-8")
    text = text.replace("code: en", "code: nb").replace("native_name: English",
                                                         "native_name: Norsk")
    text = text.replace("swedish_name: engelska", "swedish_name: norska")
    text = text.replace("What {name} wants to get better", "Det {name} vil skal bli bedre")
    (tmp_path / "nb.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BACKA_PRINT_LANG_DIR", str(tmp_path))
    assert "nb" in [c.code for c in available_languages()]
    pdf = render(samples.plan(), lang="nb")
    assert "Det Åsa vil skal bli bedre" in poppler_text(pdf)


# -- documents ---------------------------------------------------------------------------


def _plan(case: str) -> PlanDocument:
    if case == "short":
        return samples.plan(3)
    doc = samples.plan(20)
    return doc.model_copy(update={
        "goals": [LONG_GOAL, *doc.goals],
        "reason": "\n\n".join([doc.reason] * 5),
        "actions": [*doc.actions, ActionRow(what=LONG_GOAL, who="Örjan Ström",
                                            status=PlanActionStatus.PLANERAD)],
        "child_view": LONG_GOAL,
    })


def _consent(case: str) -> ConsentSheetDocument:
    shares = [ShareRow(recipient="", what="", kind="upptackarkort", unit="Backaskolan"),
              ShareRow(recipient="", what="", kind="barnteam", unit="Backaskolan"),
              ShareRow(recipient="", what="", kind="individuellt", unit="BUP Ystad")]
    if case == "long":
        shares += [ShareRow(recipient=f"Enhet {i}", what="", kind="unit", unit=f"Enhet {i}")
                   for i in range(12)]
    return samples.consent_sheet().model_copy(update={"shares": shares})


def _leaflet(case: str) -> LeafletDocument:
    return LeafletDocument(printed_on=samples.TODAY,
                           barnkontakt=samples.BARNKONTAKT if case == "long" else None,
                           unit_name="Backaskolan")


def _expected(c: Catalogue, document: str, case: str) -> list[str]:
    """Catalogue strings each document prints with the sample data."""
    t = c.t
    needs = [c.need_name(n) for n in Need]
    common = [t("page.printed_on", date="2026-11-23")]
    if c.code != REFERENCE and document != "leaflet":
        common.append(t("quoted_note"))
    if document == "plan":
        return [
            *common, t("plan.title", child="Åsa Öberg"), t("plan.updated"),
            t("plan.intro", name="Åsa"),
            t("plan.why"), t("plan.compass"), t("plan.compass_intro", name="Åsa"),
            t("plan.goals", name="Åsa"), t("plan.actions"), t("plan.col_what"),
            t("plan.col_who"), t("plan.col_due"), t("plan.col_status"), t("status.pagaende"),
            t("status.klar"), t("status.planerad"), t("plan.views"),
            t("plan.child_says", name="Åsa"), t("plan.guardians_say"), t("plan.outcome"),
            t("plan.contingency"), t("plan.next_meeting"), t("plan.meeting_text"),
            t("plan.contacts"), t("role.barnkontakt"), t("role.barnkontakt_explained"),
            t("role.stodsamordnare"), t("role.stodsamordnare_explained"), t("label.name"),
            t("label.phone"), t("plan.responsibility"),
            t("plan.responsible", who="Ystads kommun, Backaskolan"), t("plan.earlier"),
            t("plan.col_notes"), t("compass.met"), t("compass.not_met"), t("compass.unknown"),
            t("compass.scale", rater="Åsa"), t("plan.footer"),
            *(needs if c.code != REFERENCE else []),
        ]
    if document == "child":
        return [
            *common, t("child.title", name="Åsa"), t("child.intro"), t("child.goals"),
            t("child.compass"), t("child.compass_intro"), t("child.compass_met"),
            t("child.compass_not_met"), t("child.compass_unknown"), t("child.actions"),
            t("child.col_what"), t("child.col_who"), t("child.col_when"), t("child.col_how"),
            t("child.status_pagaende"), t("child.status_klar"), t("child.status_planerad"),
            t("child.people"), t("child.talk_to", who="Lena Ängström (Rektor, Backaskolan)"),
            t("child.also_helps", who="Kalle Öst (Skolkurator, Backaskolan)"),
            t("child.phone", phone="0411-57 70 00"), t("child.next"),
            t("child.see_you_at", date="2027-01-15", place="Backaskolan, rum 12"),
            t("child.closing"),
        ]
    if document == "consent":
        rows = [t("share.upptackarkort_with", unit="Backaskolan"),
                t("share.upptackarkort_what"), t("share.upptackarkort_why"),
                t("share.barnteam_with", unit="Backaskolan"), t("share.barnteam_what"),
                t("share.barnteam_why"), t("share.individuellt_with"),
                t("share.individuellt_what"), t("share.individuellt_why")]
        if case == "long":
            rows += [t("share.unit_what"), t("share.unit_why")]
        return common + rows + [
            t("consent.title"), t("consent.about_heading"), t("consent.about"),
            t("consent.why_heading"), t("consent.why"), t("consent.shares_heading"),
            t("consent.col_with"), t("consent.col_what"), t("consent.col_why"),
            t("consent.rights_heading"), t("consent.right_voluntary"),
            t("consent.right_withdraw"), t("consent.right_extract"), t("consent.right_report"),
            t("consent.heading"), t("consent.agree"), t("consent.partial"),
            t("consent.guardian_named", number=1, name="Märta Öberg"),
            t("consent.child_party"), t("consent.sign"), t("consent.name_clear"),
            t("consent.staff"), t("consent.staff_collected"), t("consent.staff_kept"),
            t("consent.footer"),
        ]
    keys = [k for k in c.text if k.startswith("leaflet.") and k != "leaflet.your_contact"]
    if case == "long":
        keys.append("leaflet.your_contact")
    return common + [t(k) for k in keys] + needs + [
        c.need_description(n) for n in Need] + [t("role.barnkontakt"), t("role.stodsamordnare")]


# poppler emits the comma- or stop-separated clauses of one right-to-left line in reversed
# order (checked by eye: the page itself reads right), so a
# sentence wrapped over two lines may have another clause's words between its two halves;
# the words of each line still have to come in order.
PARAGRAPH_GAP = 30
TABLE_KEYS = ("status.", "plan.col_", "child.col_", "child.status_", "consent.col_", "share.",
              "label.", "plan.updated")


def _gap(catalogue: Catalogue, text: str) -> int:
    """Words allowed between two words of a string: a few for paragraphs and headings; more
    for text in table cells, whose wrapped lines poppler interleaves with the neighbouring
    columns' lines (and a row may continue after a page break)."""
    in_table = {catalogue.t(k) for k in catalogue.text
                if k.startswith(TABLE_KEYS) and "{" not in catalogue.text[k]}
    in_table |= {catalogue.need_description(n) for n in Need}
    in_table |= {catalogue.t("share.upptackarkort_with", unit="Backaskolan"),
                 catalogue.t("share.barnteam_with", unit="Backaskolan")}
    return 60 if text in in_table else PARAGRAPH_GAP


RENDER: dict[str, Callable[[str, str], bytes]] = {
    "plan": lambda case, lang: render(_plan(case), lang=lang),
    "child": lambda case, lang: render(_plan(case), lang=lang, child_version=True),
    "consent": lambda case, lang: render(_consent(case), lang=lang),
    "leaflet": lambda case, lang: render(_leaflet(case), lang=lang),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_document_reads_back_in_every_language(lang: str, document: str, case: str) -> None:
    catalogue = load_catalogue(lang)
    pdf = RENDER[document](case, lang)
    assert glyph_problems(pdf) == []
    raw = poppler_text(pdf)
    # the page body without header and footer, so a paragraph continued on the next page
    # reads on without the page furniture in between
    body = words(poppler_text(pdf, "-x", "0", "-y", str(int(MARGIN_TOP - 4)), "-W", "600",
                              "-H", str(int(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM + 8))))
    everything = words(raw)
    missing = {text[:60]: runs for text in _expected(catalogue, document, case)
               if (runs := missing_runs(text, body, _gap(catalogue, text)))
               and missing_runs(text, everything, _gap(catalogue, text))}
    assert missing == {}
    if catalogue.script == "arabic":
        # a ZWNJ (Persian می‌) is a deliberate break in the join; the bidi step drops the
        # invisible character itself, so words written with one are left out of this check
        texts = [*catalogue.text.values(), *(n.name for n in catalogue.needs.values()),
                 *(n.description for n in catalogue.needs.values())]
        exempt = {"".join(words(w)) for text in texts for w in text.split() if "\u200c" in w}
        assert shaping_problems(raw, exempt) == []
        assert any(0xFB50 <= ord(ch) <= 0xFEFF for ch in raw), "drawn as presentation forms"


def test_what_staff_wrote_stays_as_written_in_its_own_direction() -> None:
    pdf = render(_plan("short"), lang="ar")
    text = poppler_text(pdf)
    for goal in samples.plan().goals:
        assert goal in text  # a Swedish goal on an Arabic page reads left to right, unchanged
    line = find_line(pdf, "Åsa har berättat att hon ofta är ensam på rasterna.")
    assert abs(line.x_min - LEFT) < 1  # a left-to-right quote starts at the left


def test_dates_and_numbers_read_left_to_right_inside_arabic() -> None:
    pdf = render(_plan("short"), lang="ar")
    text = poppler_text(pdf)
    assert "2026-11-23" in text and "2027-01-15" in text and "0411-57 70 00" in text
    assert "23-11-2026" not in text


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_headings_start_at_the_right_margin(lang: str) -> None:
    catalogue = load_catalogue(lang)
    for document, heading in (("plan", "plan.why"), ("plan", "plan.next_meeting"),
                              ("consent", "consent.rights_heading"),
                              ("leaflet", "leaflet.how_heading")):
        pdf = RENDER[document]("short", lang)
        line = find_line(pdf, catalogue.t(heading))
        assert abs(line.x_max - RIGHT) < 1, (heading, line)
        assert line.x_min > PAGE_WIDTH / 2 - 60, (heading, line)


@pytest.mark.parametrize("lang", ["sv", "so", "ti", "uk"])
def test_left_to_right_headings_start_at_the_left_margin(lang: str) -> None:
    catalogue = load_catalogue(lang)
    for document, heading in (("plan", "plan.why"), ("consent", "consent.rights_heading")):
        pdf = RENDER[document]("short", lang)
        line = find_line(pdf, catalogue.t(heading))
        assert abs(line.x_min - LEFT) < 1, (heading, line)


def test_right_to_left_tables_are_mirrored() -> None:
    """The first column (what is done) is at the right, the status at the left."""
    catalogue = load_catalogue("ar")
    pdf = render(_plan("short"), lang="ar")
    what = find_line(pdf, catalogue.t("plan.col_what"))
    status = find_line(pdf, catalogue.t("plan.col_status"))
    assert what.y_min == pytest.approx(status.y_min, abs=2)
    assert what.x_max > status.x_max + 200


def test_bilingual_print_has_the_family_version_then_the_swedish_one() -> None:
    pdf = render(_plan("short"), lang="ti", bilingual=True)
    pages = poppler_text(pdf).split("\f")
    ti = load_catalogue("ti")
    first = [i for i, p in enumerate(pages) if ti.t("plan.why") in p]
    swedish = [i for i, p in enumerate(pages) if "Varför har vi en plan?" in p]
    assert first and swedish and first[0] < swedish[0]
    assert "Sida 1 av" in pages[swedish[0] - 1] or "Sida 1 av" in pages[swedish[0]]
    assert ti.t("page.page_of", page=1, pages=3) in pages[0]


def test_a_character_no_font_has_is_printed_as_a_replacement_not_dropped() -> None:
    """reportlab drops a character its font lacks; a Thai goal (no bundled Thai font) is
    printed as U+FFFD instead, so the reader sees that something is missing."""
    doc = samples.plan().model_copy(update={"goals": ["ฉันอยากเล่นฟุตบอล 2027"]})
    pdf = render(doc, lang="ar")
    assert glyph_problems(pdf) == []
    assert "\ufffd" * 17 + " 2027" in poppler_text(pdf)


def test_the_coverage_check_can_fail() -> None:
    pdf = render(_plan("short"), lang="ar")
    fonts = {name: set() for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique",
                                      "NotoSansArabic-Regular", "NotoSansArabic-Bold")}
    assert glyph_problems(pdf, fonts)


def test_unshaped_arabic_is_caught() -> None:
    assert shaping_problems("\ufedd\ufee1")  # lam, meem both isolated: they must join
    assert shaping_problems("\ufe8e\ufee4")  # final alef, then a medial meem: alef ends joins
    assert shaping_problems("\ufedf\ufe8e\ufee3\ufeea") == []  # لامه: lam-alef, meem-heh


def test_swedish_is_unchanged_by_default() -> None:
    pdf = render(_plan("short"))
    assert "Barnets plan för Åsa Öberg" in poppler_text(pdf)
    assert date(2026, 11, 23).isoformat() in poppler_text(pdf)


def test_the_order_check_catches_unreordered_arabic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the bidi step (letters shaped but drawn in logical order, left to right), the
    text no longer reads back: the check is not satisfied by any PDF."""
    from backa_desktop.printing.script import Writer

    monkeypatch.setattr(Writer, "visual", lambda self, line, base="R": line)
    catalogue = load_catalogue("ar")
    pdf = render(_plan("short"), lang="ar")
    assert missing_runs(catalogue.t("plan.intro", name="Åsa"), words(poppler_text(pdf)))


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_long_unbroken_text_and_long_names_flow_on_in_any_script(lang: str) -> None:
    """A pasted run without spaces is broken every 60 characters and a table row longer than
    a page continues on the next, right to left as left to right."""
    doc = samples.plan().model_copy(update={
        "guardians_view": "y" * 3000 + " slut",
        "actions": [ActionRow(what="z" * 6000 + " klart", who="Örjan Ström")],
    })
    pdf = render(doc, lang=lang)
    text = poppler_text(pdf)
    assert "slut" in text and "klart" in text
    assert "".join(text.split()).count("z") == 6000  # nothing of it lost at a page break


def test_the_extract_and_the_orosanmalan_need_their_keys_where_listed(tmp_path: Path) -> None:
    """English lists the register extract and the orosanmälan, so it needs their words and
    the reading words; a family language that does not list them may not carry them."""
    for code in ("sv", "en", "ti"):
        shutil.copy(catalogue_dir() / f"{code}.yaml", tmp_path / f"{code}.yaml")
    assert [c.code for c in languages_for("extract", tmp_path)] == ["sv", "en"]
    assert [c.code for c in languages_for("concern", tmp_path)] == ["sv", "en"]
    english = tmp_path / "en.yaml"
    original = english.read_text(encoding="utf-8")
    for key in ("reading.enum.consent_type.skriftligt", "extract.intro", "concern.footer",
                "summary.respondent.child"):
        english.write_text("\n".join(line for line in original.splitlines()
                                     if not line.strip().startswith(f"{key}:")),
                           encoding="utf-8")
        with pytest.raises(CatalogueError, match=rf"en: saknar '{re.escape(key)}'"):
            load_catalogue("en", tmp_path)
    english.write_text(original, encoding="utf-8")
    shutil.copy(catalogue_dir() / "ar.yaml", tmp_path / "ar.yaml")
    arabic = tmp_path / "ar.yaml"
    arabic.write_text(arabic.read_text(encoding="utf-8").replace(
        "\ntext:\n", "\ndocuments: [plan, consent-sheet, leaflet, extract]\ntext:\n", 1),
        encoding="utf-8")
    # the staff documents have no right-to-left layout: refused by name, not printed broken
    with pytest.raises(CatalogueError, match=r"ar.yaml: documents: .*extract skrivs bara"):
        load_catalogue("ar", tmp_path)
    tigrinya = tmp_path / "ti.yaml"
    tigrinya.write_text(tigrinya.read_text(encoding="utf-8").replace(
        "\ntext:\n", '\ntext:\n  reading.yes: "እወ"\n', 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"ti: okänd nyckel 'reading.yes'"):
        load_catalogue("ti", tmp_path)


def test_the_reading_words_cover_every_record_type_field_value_and_log_action() -> None:
    """A new record type, field, enum value or audit action gets its words in the Swedish
    catalogue (and so in every language that prints the extract), or this fails by name."""
    from enum import Enum

    from backa_desktop.domain.records import RecordType
    from backa_desktop.services.documents.extract import AUDIT_ACTIONS
    from backa_desktop.services.documents.reading import (
        ENUM_TABLES,
        FIELD_ORDER,
        LABELS_BY_TYPE,
        NUMBERED,
    )

    text = load_catalogue(REFERENCE).text
    wanted = [f"reading.type.{t}" for t in RecordType]
    wanted += [f"extract.object.{t}" for t in RecordType
               if t not in (RecordType.CHILD, RecordType.FORM_RESPONSE)]
    wanted += [f"reading.field.{key}" for key in FIELD_ORDER]
    wanted += [f"reading.field.{t}.{key}" for t, key in LABELS_BY_TYPE]
    wanted += [f"reading.one.{key}" for key in NUMBERED]
    wanted += [f"reading.enum.{name}.{k.value if isinstance(k, Enum) else k}"
               for name, table in ENUM_TABLES.items() for k in table]
    wanted += [f"extract.action.{action}" for action in AUDIT_ACTIONS]
    wanted += [f"concern.status.{s.value}" for s in OrosanmalanStatus]
    assert [key for key in wanted if key not in text] == []
