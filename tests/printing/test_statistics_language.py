"""The steering statistics in the print language: every heading, label and explanation from
the catalogue (Swedish and English), the numbers formatted per language, the CSV's machine
columns the same in every language. The report is built by hand here (the real store's
numbers are tested in tests/central/test_statistics.py); it is what the printing layer gets."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from backa_desktop.domain.needs import Need
from backa_desktop.domain.statistics import StatCell, StatisticsReport, StatTable, TableKind
from backa_desktop.printing.languages import CatalogueError, languages_for, load_catalogue
from backa_desktop.printing.statistics import render_statistics, statistics_csv
from tests.printing.pdfs import flat

PRINTED = date(2026, 7, 1)


def _report() -> StatisticsReport:
    def cells(*pairs: tuple[str, int | None]) -> list[StatCell]:
        return [StatCell(key=k, count=c) for k, c in pairs]

    lead = cells(("0-30", 6), ("31-90", None), ("91-", 7), ("not_yet", None))
    return StatisticsReport(
        period_from=date(2026, 1, 1), period_to=date(2026, 6, 30), units=[],
        generated_at="2026-07-01T08:00:00Z",
        tables=[
            StatTable(key="status", kind=TableKind.PARTITION, total=1234, cells=cells(
                ("upptackt", 1200), ("i_barnteam", 18), ("individuellt_barnteam", None),
                ("behov_uppfyllt", None))),
            StatTable(key="flow", kind=TableKind.LIST, cells=cells(
                ("none>upptackt", 40), ("upptackt>i_barnteam", 9))),
            StatTable(key="lead_decision", kind=TableKind.PARTITION, total=21, total_value=34.0,
                      cells=lead),
            StatTable(key="lead_plan", kind=TableKind.PARTITION, total=21, total_value=51.0,
                      cells=lead),
            StatTable(key="needs_flagged", kind=TableKind.SHARE, total=40, cells=cells(
                *[(n.value, 12 if i % 2 else None) for i, n in enumerate(Need)])),
            StatTable(key="effects", kind=TableKind.LIST, cells=[
                StatCell(key=Need.OMSORG.value, count=8, value=0.75),
                StatCell(key=Need.HALSA.value, count=None)]),
            StatTable(key="plans_follow_up", kind=TableKind.PARTITION, total=20, cells=cells(
                ("on_time", 10), ("overdue", 5), ("no_date", 5))),
            StatTable(key="reports", kind=TableKind.LIST, counts="reports", cells=cells(
                ("skickad", 6), ("aterkoppling", None))),
            StatTable(key="caseloads", kind=TableKind.PARTITION, counts="staff", total=9,
                      total_value=7.5, cells=cells(("1-5", 6), ("11-", None))),
        ],
    )


def _swedish_words() -> list[str]:
    """Every Swedish sentence and heading of the report, as the Swedish catalogue holds it
    (the model's named concepts, which English keeps, left out)."""
    sv, en = load_catalogue("sv"), load_catalogue("en")
    return [value.split("{")[0].strip() for key, value in sv.text.items()
            if key.startswith("statistics.")
            and value.split("{")[0].strip() not in en.text[key]
            and len(value.split("{")[0].strip()) > 3]


def test_the_statistics_report_prints_in_english_with_no_swedish_heading() -> None:
    english = flat(render_statistics(_report(), PRINTED, "en"))
    for heading in ("Backa barnet – statistics for steering and follow-up",
                    "Children by status at the end of the period", "Number of children",
                    "Lead times for children discovered during the period", "Median (days)",
                    "31–90 days", "91 days or more", "Needs not met according to",
                    "Number of Barnkontakts", "Mean number of children per Barnkontakt: 7.5.",
                    "Printed 2026-07-01", "Page 1 of", "Discovered → In a Barnteam",
                    "the whole municipality", "Total", "Care"):
        assert heading in english, heading
    # numbers as English writes them: a comma between thousands, a point before decimals
    assert "1,234" in english and "+0.75" in english
    swedish = _swedish_words()
    assert len(swedish) > 40
    for words in [*swedish, "Sida", "Utskriven", "Omsorg"]:
        assert not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", english), words

    default = flat(render_statistics(_report(), PRINTED))
    assert "Barn per status vid periodens slut" in default and "1 234" in default
    assert "+0,75" in default and "Sida 1 av" in default and "Omsorg" in default
    assert "Median (dagar)" in default and "91 dagar eller fler" in default


def test_the_csv_keeps_its_columns_and_keys_and_words_its_labels() -> None:
    def rows(lang: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(statistics_csv(_report(), lang)), delimiter=";"))

    sv, en = rows("sv"), rows("en")
    assert len(sv) == len(en)
    for s_row, e_row in zip(sv, en, strict=True):
        if len(s_row) == 7:  # table, heading, key, label, count, value, counts
            assert [s_row[i] for i in (0, 2, 4, 5, 6)] == [e_row[i] for i in (0, 2, 4, 5, 6)]
        else:
            assert s_row == e_row
    assert sv[3] == ["tabell", "rubrik", "kategori", "benamning", "antal", "varde", "raknar"]
    total = next(r for r in en if r and r[0] == "status" and r[2] == "total")
    assert total[1:5] == ["Children by status at the end of the period", "total", "Total", "1234"]
    hidden = next(r for r in en if r and r[0] == "status" and r[2] == "individuellt_barnteam")
    assert hidden[4] == ""


def test_a_language_without_the_statistics_texts_is_refused_by_name() -> None:
    assert [c.code for c in languages_for("statistics")] == ["sv", "en"]
    with pytest.raises(CatalogueError, match="Statistiken skrivs inte ut på språket 'so'"):
        render_statistics(_report(), PRINTED, "so")
    with pytest.raises(CatalogueError, match="finns inte"):
        statistics_csv(_report(), "xx")
