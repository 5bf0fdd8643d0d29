"""The steering group's statistics report: a PDF with charts and tables, and the same numbers
as CSV.

Input is only the anonymised `StatisticsReport` (counts per category, suppressed cells as
None), so nothing here can print more than the central store released. A suppressed cell is
printed as "–" with a footnote, and drawn as an empty bar marked "dolt", never as zero.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from backa_desktop.domain.needs import WHEEL_ORDER
from backa_desktop.domain.statistics import StatCell, StatisticsReport, StatTable
from backa_desktop.printing.fonts import BOLD, REGULAR
from backa_desktop.printing.languages import REFERENCE, Catalogue, CatalogueError, load_catalogue
from backa_desktop.printing.layout import (
    ACCENT,
    CONTENT_WIDTH,
    INK,
    MUTED,
    RULE,
    PageFrame,
    build_pdf,
    grid_table,
    make_styles,
    section,
    text,
)

STAFF_SIZE = 10
HIDDEN = "–"
SERIES = [colors.HexColor("#1d5c8f"), colors.HexColor("#e08a3c"), colors.HexColor("#5a9e6f")]

def statistics_catalogue(lang: str) -> Catalogue:
    """The `lang` catalogue, if it prints the statistics report (Swedish and English now)."""
    cat = load_catalogue(lang)
    if not cat.prints("statistics"):
        raise CatalogueError(f"Statistiken skrivs inte ut på språket '{lang}'.")
    return cat


_CATEGORY_KEYS = frozenset({
    "none", "upptackt", "i_barnteam", "individuellt_barnteam", "behov_uppfyllt",
    "not_yet", "on_time", "overdue", "no_date",
    "upprattad", "skickad", "mottagen", "aterkoppling",
})
"""Category keys with a word of their own in the catalogue (`statistics.category.*`)."""


def table_title(table_key: str, cat: Catalogue) -> str:
    """A table's heading in the print language; an unknown table by its key."""
    key = f"statistics.table.{table_key}"
    return cat.t(key) if key in cat.text else table_key


def cell_label(table_key: str, key: str, cat: Catalogue) -> str:
    """The words for a category key in the print language."""
    if ">" in key:
        before, after = key.split(">", 1)
        return f"{cell_label('status', before, cat)} → {cell_label('status', after, cat)}"
    for need in WHEEL_ORDER:
        if need.value == key:
            return cat.need_name(need)
    if key in _CATEGORY_KEYS:
        return cat.t(f"statistics.category.{key}")
    unit = "days" if table_key.startswith("lead_") else "children"
    if table_key.startswith("lead_") or table_key == "caseloads":
        if key.endswith("-"):
            return cat.t(f"statistics.{unit}_or_more", low=key[:-1])
        return cat.t(f"statistics.{unit}_range", range=key.replace("-", "–"))
    return key


def _short_bucket(key: str, cat: Catalogue) -> str:
    if key == "not_yet":
        return cat.t("statistics.category.not_yet")
    return f"{key[:-1]}+" if key.endswith("-") else key.replace("-", "–")


def _whole(value: int, cat: Catalogue) -> str:
    """A count with its thousands grouped as the language writes them (1 234 or 1,234)."""
    groups = f"{value:,}".split(",")
    shown = groups[0]
    for group in groups[1:]:
        shown = cat.t("statistics.digit_groups", left=shown, right=group)
    return shown


def _count(cell: StatCell | None, cat: Catalogue) -> str:
    return HIDDEN if cell is None or cell.count is None else _whole(cell.count, cat)


def _number(value: float | None, cat: Catalogue, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return HIDDEN
    shown = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return shown.replace(".", cat.t("statistics.decimal_separator"))


# -- charts ----------------------------------------------------------------------------------


def _bars(
    labels: Sequence[str],
    series: Sequence[Sequence[int | None]],
    *,
    horizontal: bool,
    height: float,
    names: Sequence[str] = (),
    width: float = CONTENT_WIDTH,
    hidden: str,
) -> Drawing:
    """A bar chart; a hidden value is an empty bar and the word `hidden` ("dolt") at its
    place."""
    drawing = Drawing(width, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    label_room = 150 if horizontal else 0
    chart.x = label_room + 6
    chart.y = 18 if horizontal else 34
    chart.width = width - chart.x - 30 - (110 if names else 0)
    chart.height = height - chart.y - 12
    chart.data = [[v or 0 for v in values] for values in series]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = max([v or 0 for values in series for v in values] + [5])
    chart.valueAxis.valueMax = top * 1.15
    chart.valueAxis.valueStep = _step(top)
    chart.valueAxis.strokeColor = RULE
    chart.categoryAxis.strokeColor = RULE
    if horizontal:
        chart.categoryAxis.reverseDirection = True
        chart.categoryAxis.labels.textAnchor = "end"
        chart.categoryAxis.labels.dx = -4
    else:
        chart.categoryAxis.labels.angle = 0
        chart.categoryAxis.labels.dy = -6
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for k in range(len(series)):
        chart.bars[k].fillColor = SERIES[k % len(SERIES)]
        chart.bars[k].strokeColor = None
    drawing.add(chart)
    # "dolt" where a value is hidden, so an empty bar is never read as zero.
    groups = len(labels)
    for k, values in enumerate(series):
        for i, value in enumerate(values):
            if value is not None:
                continue
            if horizontal:
                band = chart.height / groups
                y = chart.y + chart.height - band * (i + 0.5) - (k - (len(series) - 1) / 2) * (
                    band / (len(series) + 1)
                )
                drawing.add(String(chart.x + 3, y - 3, hidden, fontName=REGULAR, fontSize=6.5,
                                   fillColor=MUTED))
            else:
                band = chart.width / groups
                x = chart.x + band * i + band * (k + 1) / (len(series) + 1)
                drawing.add(String(x, chart.y + 3, "–", fontName=BOLD, fontSize=8,
                                   fillColor=MUTED, textAnchor="middle"))
    if names:
        legend = Legend()
        legend.x = width - 105
        legend.y = height - 14
        legend.fontName = REGULAR
        legend.fontSize = 8
        legend.alignment = "right"
        legend.colorNamePairs = [(SERIES[k % len(SERIES)], name) for k, name in enumerate(names)]
        drawing.add(legend)
    return drawing


def _step(top: float) -> float:
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def needs_radar(table: StatTable, cat: Catalogue, size: float = 230) -> Drawing:
    """Behovskompassen as a radar: per need the share of children whose card flagged it,
    spokes in the wheel's order; a hidden need is marked "dolt" on its spoke."""
    drawing = Drawing(CONTENT_WIDTH, size)
    cx, cy, radius = CONTENT_WIDTH / 2, size / 2, size / 2 - 34
    total = table.total or 0
    shares = [
        c.count / total for c in table.cells if c.count is not None and total
    ]
    # The outer ring is the largest share rounded up to a quarter, so small shares show.
    top = min(1.0, max(0.25, math.ceil(max([*shares, 0.0]) * 4) / 4))
    for ring in (0.25, 0.5, 0.75, 1.0):
        drawing.add(Circle(cx, cy, radius * ring, fillColor=None, strokeColor=RULE,
                           strokeWidth=0.5))
        drawing.add(String(cx - 3, cy - radius * ring + 2, f"{round(ring * top * 100)} %",
                           fontName=REGULAR, fontSize=6, fillColor=MUTED, textAnchor="end"))
    points: list[float] = []
    for i, need in enumerate(WHEEL_ORDER):
        angle = math.pi / 2 - 2 * math.pi * i / len(WHEEL_ORDER)
        ex, ey = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        drawing.add(Line(cx, cy, ex, ey, strokeColor=RULE, strokeWidth=0.5))
        cell = table.cell(need.value)
        share = (cell.count / total) if cell and cell.count is not None and total else 0.0
        reach = radius * share / top
        points += [cx + reach * math.cos(angle), cy + reach * math.sin(angle)]
        lx, ly = cx + (radius + 14) * math.cos(angle), cy + (radius + 14) * math.sin(angle)
        side = math.cos(angle)
        anchor = "middle" if abs(side) < 0.3 else ("start" if side > 0 else "end")
        shown = (cat.t("statistics.hidden") if cell is None or cell.count is None
                 else f"{round(100 * share)} %")
        drawing.add(String(lx, ly, cat.need_name(need), fontName=BOLD, fontSize=7.5,
                           fillColor=INK, textAnchor=anchor))
        drawing.add(String(lx, ly - 9, shown, fontName=REGULAR, fontSize=7, fillColor=MUTED,
                           textAnchor=anchor))
    drawing.add(Polygon(points, fillColor=colors.Color(0.11, 0.36, 0.56, alpha=0.25),
                        strokeColor=ACCENT, strokeWidth=1.2))
    return drawing


# -- the document ------------------------------------------------------------------------------


def _period_text(report: StatisticsReport, cat: Catalogue) -> str:
    where = (", ".join(report.units) if report.units
             else cat.t("statistics.whole_municipality"))
    return cat.t("statistics.period_range", start=report.period_from.isoformat(),
                 end=report.period_to.isoformat(), where=where)


def _counts_word(counts: str, cat: Catalogue) -> str:
    key = f"statistics.counts.{counts}"
    return cat.t(key) if key in cat.text else counts


def _table_rows(
    table: StatTable, cat: Catalogue, value_header: str = ""
) -> tuple[list[str], list[list[str]]]:
    header = ["", cat.t("statistics.count", what=_counts_word(table.counts, cat))]
    if value_header:
        header.append(value_header)
    rows = []
    for cell in table.cells:
        row = [cell_label(table.key, cell.key, cat), _count(cell, cat)]
        if value_header:
            row.append(_number(cell.value, cat, 2, sign=True))
        rows.append(row)
    if table.total is not None or table.kind != "list":
        total = [
            cat.t("statistics.total"),
            HIDDEN if table.total is None else _whole(table.total, cat),
        ]
        if value_header:
            total.append("")
        rows.append(total)
    return header, rows


def render_statistics(report: StatisticsReport, printed_on: date, lang: str = REFERENCE) -> bytes:
    """The report with its words from the `lang` catalogue; a language that does not list
    `statistics` among its documents is refused by name, as the other printouts are."""
    cat = statistics_catalogue(lang)
    s = make_styles(STAFF_SIZE)
    hidden = cat.t("statistics.hidden")

    def title_of(key: str) -> str:
        return table_title(key, cat)

    story: list[Flowable] = [
        Paragraph(text(cat.t("statistics.title")), s.h1),
        Paragraph(text(cat.t("statistics.period", period=_period_text(report, cat))), s.body),
        Paragraph(text(cat.t("statistics.anonymised", min_cell=report.min_cell)), s.small),
    ]

    def table_of(key: str, value_header: str = "", widths: Sequence[float] = ()) -> list[Flowable]:
        table = report.table(key)
        if table is None:
            return []
        header, rows = _table_rows(table, cat, value_header)
        w = list(widths) or ([0.6, 0.4] if not value_header else [0.5, 0.25, 0.25])
        return [grid_table(header, rows, w, s), Spacer(1, 6)]

    status = report.table("status")
    if status is not None:
        labels = [cell_label("status", c.key, cat) for c in status.cells]
        chart = _bars(labels, [[c.count for c in status.cells]], horizontal=True, height=110,
                      hidden=hidden)
        story += section(title_of("status"), [chart, Spacer(1, 4), *table_of("status")], s)
    story += section(title_of("flow"), table_of("flow"), s)

    leads = [report.table(k) for k in ("lead_decision", "lead_plan", "lead_follow_up")]
    present = [t for t in leads if t is not None]
    if present:
        names = [cat.t("statistics.to_decision"), cat.t("statistics.to_plan"),
                 cat.t("statistics.to_follow_up")][: len(present)]
        chart = _bars(
            [_short_bucket(c.key, cat) for c in present[0].cells],
            [[c.count for c in t.cells] for t in present],
            horizontal=False,
            height=170,
            names=names,
            hidden=hidden,
        )
        rows = [
            [cell_label(t0.key, c.key, cat), *[_count(t.cell(c.key), cat) for t in present]]
            for t0 in present[:1]
            for c in t0.cells
        ]
        rows.append(
            [cat.t("statistics.total"),
             *[HIDDEN if t.total is None else _whole(t.total, cat) for t in present]]
        )
        rows.append(
            [cat.t("statistics.median_days"), *[_number(t.total_value, cat, 0) for t in present]]
        )
        width = 0.58 / len(present)
        story += section(
            cat.t("statistics.leads"),
            [
                KeepTogether([
                    Paragraph(text(cat.t("statistics.leads_intro")), s.small),
                    chart,
                ]),
                Spacer(1, 4),
                grid_table([cat.t("statistics.days"), *names], rows,
                           [0.42] + [width] * len(present), s),
            ],
            s,
        )

    needs = report.table("needs_flagged")
    if needs is not None:
        story += section(
            title_of("needs_flagged"),
            [
                KeepTogether([
                    Paragraph(text(cat.t("statistics.needs_intro")), s.small),
                    needs_radar(needs, cat),
                ]),
                *table_of("needs_flagged"),
            ],
            s,
        )

    effects = report.table("effects")
    if effects is not None:
        values = [c.value if c.count is not None else None for c in effects.cells]
        drawing = _effects_chart(
            [cell_label("effects", c.key, cat) for c in effects.cells], values, cat)
        story += section(
            title_of("effects"),
            [
                KeepTogether([
                    Paragraph(text(cat.t("statistics.effects_intro")), s.small),
                    drawing,
                ]),
                *table_of("effects", cat.t("statistics.change")),
            ],
            s,
        )
    story += section(title_of("plans_follow_up"), table_of("plans_follow_up"), s)
    story += section(title_of("reports"), table_of("reports"), s)
    caseloads = report.table("caseloads")
    if caseloads is not None:
        labels = [cell_label("caseloads", c.key, cat) for c in caseloads.cells]
        chart = _bars(labels, [[c.count for c in caseloads.cells]], horizontal=False, height=130,
                      hidden=hidden)
        mean = Paragraph(text(cat.t("statistics.mean_caseload",
                                    mean=_number(caseloads.total_value, cat))), s.body)
        # a small section kept whole: its table alone on a last page reads as nobody's
        story += section(title_of("caseloads"),
                         [KeepTogether([chart, mean, *table_of("caseloads")])], s)
    frame = PageFrame(
        title=cat.t("statistics.header"),
        printed_on=printed_on,
        footer=cat.t("statistics.footer", min_cell=report.min_cell),
        subtitle=_period_text(report, cat),
        printed_template=cat.t("page.printed_on"),
        page_template=cat.t("page.page_of"),
    )
    return build_pdf(story, frame)


def _effects_chart(
    labels: Sequence[str], values: Sequence[float | None], cat: Catalogue
) -> Drawing:
    """Mean change per need as bars left (worse) or right (better) of zero."""
    height = 20 + 16 * len(labels)
    drawing = Drawing(CONTENT_WIDTH, height)
    zero = 150 + (CONTENT_WIDTH - 170) / 2
    scale = (CONTENT_WIDTH - 170) / 2 / max([abs(v) for v in values if v is not None] + [1.0])
    drawing.add(Line(zero, 4, zero, height - 4, strokeColor=MUTED, strokeWidth=0.8))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = height - 18 - 16 * i
        drawing.add(String(146, y + 2, label, fontName=REGULAR, fontSize=7.5, fillColor=INK,
                           textAnchor="end"))
        if value is None:
            drawing.add(String(zero + 4, y + 2, cat.t("statistics.hidden"), fontName=REGULAR,
                               fontSize=7, fillColor=MUTED))
            continue
        width = value * scale
        drawing.add(Rect(min(zero, zero + width), y, abs(width), 10, strokeColor=None,
                         fillColor=SERIES[0] if value >= 0 else SERIES[1]))
        drawing.add(String(zero + width + (4 if value >= 0 else -4), y + 2,
                           _number(value, cat, 2, sign=True), fontName=REGULAR, fontSize=7,
                           fillColor=INK, textAnchor="start" if value >= 0 else "end"))
    return drawing


def statistics_csv(report: StatisticsReport, lang: str = REFERENCE) -> str:
    """One line per cell: table, category key, label in the print language, count (empty
    when hidden), value; plus a total line per table. UTF-8 with ; as separator (Swedish
    spreadsheets). The column names, keys and numbers are for machines and stay the same in
    every language (as in the log review's CSV); only the heading and label columns are
    words."""
    cat = statistics_catalogue(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["period_fran", "period_till", "omrade"])
    writer.writerow(
        [report.period_from.isoformat(), report.period_to.isoformat(), ", ".join(report.units)]
    )
    writer.writerow([])
    writer.writerow(["tabell", "rubrik", "kategori", "benamning", "antal", "varde", "raknar"])
    for table in report.tables:
        title = table_title(table.key, cat)
        for cell in table.cells:
            writer.writerow([
                table.key,
                title,
                cell.key,
                cell_label(table.key, cell.key, cat),
                "" if cell.count is None else cell.count,
                "" if cell.value is None else cell.value,
                table.counts,
            ])
        if table.total is not None or table.kind != "list":
            writer.writerow([
                table.key,
                title,
                "total",
                cat.t("statistics.total"),
                "" if table.total is None else table.total,
                "" if table.total_value is None else table.total_value,
                table.counts,
            ])
    return out.getvalue()
