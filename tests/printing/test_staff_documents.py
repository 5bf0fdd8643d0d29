"""Form summaries, the orosanmälan and the register extract, read back from real PDFs."""

from __future__ import annotations

import pytest

from backa_desktop.printing import (
    render_form_summary,
    render_orosanmalan,
    render_register_extract,
)
from backa_desktop.printing.models import FORM_KIND_TITLES
from tests.printing import samples
from tests.printing.pdfs import flat, pages_text


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
    assert "Referens: rec-plan" in text and "Referens: rec-consent" in text
    assert "Någon att vara med på rasten." in text
    for i in range(80):  # one sentence per event: who, did what, to what
        assert f"Lena Ängström {'läste' if i % 2 else 'ändrade'} rec-{i}, dator 1" in text
    # local time (UTC+1 in November), to the minute
    assert "2026-11-01 kl. 11:00" in text
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
