"""The family's documents read back from real PDFs: Barnets plan (family and child version)
and the consent sheet. What a family takes home must hold the plan and must not hold anyone's
identity number but the child's, nor anything of a report of concern."""

from __future__ import annotations

import re

from backa_desktop.printing import render_child_plan, render_consent_sheet, render_family_plan
from tests.printing import samples
from tests.printing.pdfs import digits, flat, font_names, page_fill, pages_text

GUARDIAN_IDS = [re.sub(r"\D", "", p) for p in (samples.GUARDIAN_1_PNR, samples.GUARDIAN_2_PNR)]


def test_family_plan_holds_goals_actions_contacts_and_next_meeting() -> None:
    pdf = render_family_plan(samples.plan(n_actions=6))
    text = flat(pdf)
    assert "Barnets plan för Åsa Öberg" in text
    for goal in ("Jag vill ha någon att vara med på rasten.", "Jag vill börja spela fotboll igen."):
        assert goal in text
    for action in samples.plan(n_actions=6).actions:
        assert action.what in text
        assert action.who in text
        assert action.due_on is not None and action.due_on.isoformat() in text
    assert "Pågående" in text and "Klar" in text and "Planerad" in text
    for person in (samples.BARNKONTAKT, samples.STODSAMORDNARE):
        assert person.name in text and person.phone in text
    assert "lena.angstrom@exempel.se" in text
    assert "Nästa möte" in text and "2027-01-15" in text and "Backaskolan, rum 12" in text
    assert "Ystads kommun, Backaskolan" in text
    assert "Behovskompassen" in text
    for label in ("UTVECKLAS", "TRYGGHET", "TILLHÖRIGHET", "ANSVARSTAGANDE", "HÄLSA"):
        assert label in text
    assert "Vi bestämde att börja med kurator." in text


def test_family_plan_keeps_swedish_letters_and_uses_the_bundled_font() -> None:
    pdf = render_family_plan(samples.plan())
    text = flat(pdf)
    for word in ("Åsa Öberg", "Lena Ängström", "Pågående", "Läxhjälp", "Vårdnadshavarna",
                 "träffas", "Örjan Ström"):
        assert word in text
    fonts = font_names(pdf)
    assert any(name.endswith("+DejaVuSans") for name in fonts)
    assert any(name.endswith("+DejaVuSans-Bold") for name in fonts)


def test_family_plan_has_only_the_childs_identity_number() -> None:
    pdf = render_family_plan(samples.plan())
    assert samples.CHILD_PNR in flat(pdf)
    all_digits = digits(pdf)
    for guardian in GUARDIAN_IDS:
        assert guardian[2:] not in all_digits  # neither 12- nor 10-digit form
    assert "[personnummer borttaget]" in flat(pdf)


def test_every_page_has_header_date_and_page_x_of_y() -> None:
    pdf = render_family_plan(samples.plan(n_actions=20))
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert "Utskriven 2026-11-23" in page
        assert "Barnets plan – Åsa Öberg" in page


def test_child_version_uses_simpler_words_and_no_other_identity_numbers() -> None:
    pdf = render_child_plan(samples.plan())
    text = flat(pdf)
    assert "Min plan – Åsa" in text
    assert "Det här vill jag" in text and "Jag vill börja spela fotboll igen." in text
    assert "Så här hjälper vi dig" in text and "Görs nu" in text and "Klart" in text
    assert "Du kan alltid prata med Lena Ängström" in text
    assert "0411-57 70 00" in text
    assert "Vi ses 2027-01-15" in text
    all_digits = digits(pdf)
    for guardian in GUARDIAN_IDS:
        assert guardian[2:] not in all_digits
    assert "Personnummer" not in text
    assert "skala 1–5" not in text  # no radar for a seven-year-old


def test_consent_sheet_lists_shares_rights_and_signature_space() -> None:
    pdf = render_consent_sheet(samples.consent_sheet())
    text = flat(pdf)
    assert "Backa barnet – information och samtycke" in text
    assert "Barnteamet på Backaskolan" in text and "BUP Ystad" in text
    assert "frivilligt" in text and "när som helst ändra er" in text
    assert "Vårdnadshavare 1: Märta Öberg" in text and "Vårdnadshavare 2: Per Öberg" in text
    assert text.count("Datum och underskrift") >= 3
    assert "Det underskrivna samtycket förvaras i" in text
    all_digits = digits(pdf)
    for guardian in GUARDIAN_IDS:
        assert guardian[2:] not in all_digits


def test_guardian_documents_hold_nothing_of_an_orosanmalan() -> None:
    plan = samples.plan()
    for pdf in (render_family_plan(plan), render_child_plan(plan),
                render_consent_sheet(samples.consent_sheet())):
        text = flat(pdf).lower()
        assert "orosanmälan" not in text
        assert "anmälan till socialnämnden" not in text
        assert samples.CONCERN.lower() not in text


def test_plans_never_spend_a_page_on_a_line_or_two() -> None:
    """With 9–11 or 22–25 actions the family's plan used to end in a page holding only its
    last meeting row (the child's copy likewise at 9–10 and 21–22); at every length the last
    page now carries a real part of the plan."""
    for n in range(0, 26):
        doc = samples.plan(n_actions=n)
        for render in (render_family_plan, render_child_plan):
            pdf = render(doc)
            fills = page_fill(pdf)
            assert len(fills) == 1 or fills[-1] >= 0.25, (render.__name__, n, fills)
            text = flat(pdf)
            assert all(a.what in text for a in doc.actions if a.status.value != "avbruten")
        assert "Vi bestämde att börja med kurator." in flat(render_family_plan(doc))


def test_an_action_table_breaks_no_date_and_no_word() -> None:
    """The action's text gets the room: in the family's plan a long word
    ("idrottsomklädningsrummet") stays whole; in both plans a date stays on one line. (The
    child's plan keeps its wide status column: Somali's statuses are long words.)"""
    what = "Hon blir retad i idrottsomklädningsrummet. " * 3
    plan = samples.plan().model_copy(update={"actions": [
        a.model_copy(update={"what": what.strip()}) for a in samples.actions(3)]})
    for render in (render_family_plan, render_child_plan):
        lines = [line for page in pages_text(render(plan)) for line in page.splitlines()]
        assert [line for line in lines if "rummet" in line]
        assert not [line for line in lines if re.search(r"\d{4}-\d{2}-(\s|$)", line)], render
        if render is render_family_plan:
            assert [line for line in lines if "rummet" in line
                    and "idrottsomklädningsrummet" not in line] == []


def test_pdf_streams_are_compressed_without_ascii85() -> None:
    """The streams are deflated only: ASCII85 on top ran in Python (a sixth of a plan's
    render) and made the file larger; the text and the fonts read back as before."""
    pdf = render_family_plan(samples.plan())
    assert b"/ASCII85Decode" not in pdf and b"/FlateDecode" in pdf
    assert "Åsa Öberg" in flat(pdf)
    assert any(name.endswith("+DejaVuSans") for name in font_names(pdf))
