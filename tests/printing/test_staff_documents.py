"""Form summaries, the orosanmälan and the register extract, read back from real PDFs."""

from __future__ import annotations

import pytest

from backa_desktop.domain.needs import Need
from backa_desktop.printing import (
    render_form_summary,
    render_orosanmalan,
    render_register_extract,
)
from backa_desktop.printing.models import FORM_KIND_TITLES, SummaryRow, SummarySection
from tests.printing import samples
from tests.printing.pdfs import flat, page_fill, pages_text


@pytest.mark.parametrize("kind", ["upptackarkort", "samtal", "skattning"])
def test_form_summary_shows_every_answer_and_the_form_version(kind: str) -> None:
    pdf = render_form_summary(samples.summary(kind))
    text = flat(pdf)
    assert FORM_KIND_TITLES[kind] in text
    assert "Rasten på skolgården" in text
    for need in ("omsorg", "trygghet", "halsa", "fritid", "tillhorighet", "ansvar",
                 "respekteras", "utveckling"):
        assert f"Kommentar om {need}: säger ingenting." in text
    assert f"{kind}, version 1.0" in text and "ab12cd34ef56" in text
    assert "Sekretess" in text or "sekretess" in text
    assert ("skala 1–5" in text) is (kind == "skattning")


def test_a_summary_of_a_form_without_needs_draws_no_empty_compass() -> None:
    """Fem frågor (printed as a summary of its response) records no need: no compass
    without a single status or rating, but the answers as usual."""
    from backa_desktop.printing.models import CompassView

    with_needs = flat(render_form_summary(samples.summary("upptackarkort")))
    assert "Behovskompassen" in with_needs
    doc = samples.summary("samtal").model_copy(update={"compass": CompassView()})
    text = flat(render_form_summary(doc))
    assert "Behovskompassen" not in text and "Rasten på skolgården" in text


def test_orosanmalan_is_ready_to_send() -> None:
    pdf = render_orosanmalan(samples.orosanmalan())
    text = flat(pdf)
    assert "Anmälan till socialnämnden" in text
    assert "JA – barnet kan vara i akut fara" in text
    assert samples.CONCERN in text
    assert "2026-11-20" in text and "Blåmärke på armen." in text
    assert "Barnet är inte tryggt i hemmet" in text and "Trygghet" in text
    assert "socialtjänstlagen (2025:400)" in text
    assert "14 kap. 1 §" not in text
    assert "Örjan Ström" in text and "Lärare" in text and "0411-57 70 33" in text
    assert "Datum och underskrift" in text
    assert "Sekretess enligt offentlighets- och sekretesslagen" in text


def test_orosanmalan_without_acute_danger_says_no() -> None:
    doc = samples.orosanmalan().model_copy(update={"acute_danger": False})
    text = flat(render_orosanmalan(doc))
    assert "Akut fara: Nej" in text
    assert "akut fara" not in text.replace("Akut fara", "")


def test_register_extract_lists_records_and_every_audit_row_over_pages() -> None:
    doc = samples.extract(n_audit=80)
    pdf = render_register_extract(doc)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    text = flat(pdf)
    assert "Registerutdrag" in text and samples.CHILD_PNR in text
    # numbered entries a family can quote (number, kind, date); no internal ids
    assert "1. Barnets plan – 2026-09-01, Lena Ängström" in text and "2. Samtycke" in text
    assert "rec-plan" not in text and "rec-consent" not in text and "Referens" not in text
    assert "Någon att vara med på rasten." in text
    for i in range(80):  # one sentence per event: who, did what, to what
        assert f"Lena Ängström {'läste' if i % 2 else 'ändrade'} rec-{i}, dator 1" in text
    # local time (UTC+1 in November), to the minute
    assert "2026-11-01 kl. 11:00" in text
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page


def test_orosanmalan_has_no_empty_address_column_and_always_a_reporter_telephone() -> None:
    doc = samples.orosanmalan()
    text = flat(render_orosanmalan(doc))
    assert "Adress" not in text  # nobody's address is known: no empty column
    assert "Telefon 0411-57 70 33" in text
    with_address = doc.model_copy(update={"guardians": [
        doc.guardians[0].model_copy(update={"address": "Storgatan 1, Ystad"})]})
    assert "Storgatan 1, Ystad" in flat(render_orosanmalan(with_address))
    no_phone = doc.model_copy(update={"reporter": doc.reporter.model_copy(update={"phone": ""})})
    assert "Telefon ____" in flat(render_orosanmalan(no_phone))  # a line to write it on


def test_orosanmalan_reporter_and_signature_share_a_page() -> None:
    doc = samples.orosanmalan().model_copy(update={"concern": samples.CONCERN * 30})
    pages = pages_text(render_orosanmalan(doc))
    assert len(pages) >= 2
    [page] = [p for p in pages if "Anmälare" in p.replace("Anmälarens", "")]
    assert "Datum och underskrift" in page and "Örjan Ström" in page


def test_skattning_summary_has_means_per_need_and_no_half_empty_first_page() -> None:
    statements = [SummaryRow(label=f"Barnet har en trygg vuxen att vända sig till, i förskolan "
                                   f"och hemma, påstående {i}.", value="4") for i in range(6)]
    doc = samples.summary("skattning").model_copy(update={"sections": [
        SummarySection(heading=need.value.upper(), need=need, rows=statements) for need in Need
    ]})
    pdf = render_form_summary(doc)
    text = flat(pdf)
    assert "Medelvärde per behov" in text
    assert doc.compass is not None
    raters = doc.compass.raters
    assert all(r.rater in text for r in raters)
    for need in raters[0].scores:
        shown = ["–" if (v := r.scores.get(need)) is None else f"{v:.1f}".replace(".", ",")
                 for r in raters]
        assert " ".join([doc.compass.label(need), *shown]) in text
    # no page but the last is left half empty by a section that would not fit
    assert all(fill > 0.75 for fill in page_fill(pdf)[:-1]), page_fill(pdf)


def test_a_long_section_splits_over_pages_inside_the_margins() -> None:
    """A table split over pages keeps its place: the rows on the next page start where the
    rows before them did, and no table runs past the page's right rule."""
    from backa_desktop.printing.layout import MARGIN_X, PAGE_WIDTH
    from tests.printing.i18n import lines

    statements = [f"Påstående nummer {i} om barnets vardag" for i in range(1, 61)]
    doc = samples.summary("skattning").model_copy(update={"sections": [
        SummarySection(heading="Ansvar", rows=[
            SummaryRow(label=label, value="5 – Stämmer helt") for label in statements])]})
    pdf = render_form_summary(doc)
    found = [line for line in lines(pdf) if line.words[:2] == ["påstående", "nummer"]]
    assert len(found) == len(statements)
    assert len({line.page for line in found}) > 1
    starts = {round(line.x_min, 1) for line in found}
    assert max(starts) - min(starts) < 0.5, starts
    assert min(starts) > MARGIN_X + 6  # inside reportlab's frame, not left of the text
    right = PAGE_WIDTH - MARGIN_X
    assert all(line.x_max <= right for line in found)


@pytest.mark.parametrize("before", [6, 12, 18, 24])
def test_a_long_staff_table_repeats_its_header_only_where_a_page_begins(before: int) -> None:
    """A row taller than the room left on a page starts where the rows before it end and
    continues on the next page; the header is repeated there, at the top, never a second time
    in the middle of the page the table started on."""
    from backa_desktop.printing.models import ObservationRow

    short = [ObservationRow(observed_on=samples.TODAY, text=f"Kort iakttagelse nummer {i}.")
             for i in range(before)]
    tall = ObservationRow(observed_on=samples.TODAY,
                          text=" ".join(["Åsa kom till skolan utan jacka och sa att hon inte "
                                         "hade ätit frukost."] * 40))
    doc = samples.orosanmalan().model_copy(update={
        "concern": "\n\n".join([samples.CONCERN] * 12), "observations": [*short, tall]})
    header = "Vad anmälaren har sett eller hört"
    pages = [[line.strip() for line in page.splitlines()]
             for page in pages_text(render_orosanmalan(doc))]
    with_table = [page for page in pages if any(header in line for line in page)]
    assert len(with_table) >= 2  # the table does run over pages
    for page in with_table:
        assert sum(header in line for line in page) == 1, page
    text = flat(render_orosanmalan(doc))
    assert "Kort iakttagelse nummer 0." in text and text.count("hade ätit frukost") == 40
