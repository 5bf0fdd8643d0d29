"""Summaries of an Upptäckarkort, a Samtal and a Skattning, for staff and the child's file.

The answers arrive as label/value rows grouped in sections (usually one per need), so the
layout does not depend on how each form is defined; the form id, version and content hash are
printed because an answer is only meaningful with the wording it was given under.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from backa_desktop.domain.needs import CARD_ORDER
from backa_desktop.printing.compass import compass_drawing
from backa_desktop.printing.layout import (
    PageFrame,
    Styles,
    build_pdf,
    grid_table,
    iso,
    key_value_table,
    make_styles,
    section,
    text,
)
from backa_desktop.printing.models import FORM_KIND_TITLES, FormSummaryDocument

STAFF_SIZE = 10.5
CONFIDENTIAL = (
    "Innehåller uppgifter som kan omfattas av sekretess (OSL). Lämnas inte ut utan prövning."
)


def _means_table(doc: FormSummaryDocument, s: Styles) -> Flowable:
    """One row per need, one column per rater (or pair of raters): the 1–5 mean the compass
    draws, as numbers a reader can quote; "–" where every answer was "vet ej"."""
    assert doc.compass is not None
    raters = doc.compass.raters
    rows = [
        [doc.compass.label(need)]
        + [_mean(r.scores.get(need)) for r in raters]
        for need in CARD_ORDER
    ]
    value_width = min(0.25, 0.6 / len(raters))
    return grid_table(["Behov", *[r.rater for r in raters]], rows,
                      [1 - value_width * len(raters), *[value_width] * len(raters)], s)


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def render_form_summary(doc: FormSummaryDocument) -> bytes:
    s = make_styles(STAFF_SIZE)
    title = doc.title or FORM_KIND_TITLES[doc.kind]
    story: list[Flowable] = [Paragraph(text(title), s.h1)]
    head: list[tuple[str, str]] = [("Barn", doc.child_name)]
    if doc.child_identity_number:
        head.append(("Personnummer", doc.child_identity_number))
    head.append(("Datum", iso(doc.answered_on)))
    if doc.author:
        head.append(("Ifyllt av", doc.author + (f", {doc.unit}" if doc.unit else "")))
    if doc.co_author:
        head.append(("Tillsammans med", doc.co_author))
    if doc.status:
        head.append(("Status", doc.status))
    head.extend((r.label, r.value) for r in doc.header_rows)
    if doc.form_id:
        form = f"{doc.form_id}, version {doc.form_version}" if doc.form_version else doc.form_id
        if doc.form_hash:
            form += f" (innehåll {doc.form_hash[:12]})"
        head.append(("Formulär", form))
    story.append(key_value_table(head, s, label_width=0.28))

    if doc.compass is not None:
        drawing = compass_drawing(doc.compass, radius=80, font_size=9)
        drawing.hAlign = "CENTER"
        story += section("Behovskompassen", [Spacer(1, 4), drawing], s)
        if doc.compass.raters:
            story += section("Medelvärde per behov", [_means_table(doc, s)], s)

    for part in doc.sections:
        rows = [(r.label, r.value) for r in part.rows]
        # Short answers (a 1–5 rating, Ja/Nej) get a narrow column, so a statement reads on
        # one or two lines instead of five.
        short = all(len(value) <= 14 for _, value in rows)
        body: list[Flowable] = (
            [key_value_table(rows, s, label_width=0.8 if short else 0.4)] if rows
            else [Paragraph("Inga svar.", s.small)]
        )
        # The heading moves to the next page only when its first rows would not fit; a
        # section's table splits between pages instead of leaving half a page empty.
        story += [CondPageBreak(STAFF_SIZE * 7), Paragraph(text(part.heading), s.h2), *body]
    frame = PageFrame(title=title, printed_on=doc.printed_on, footer=CONFIDENTIAL,
                      subtitle=doc.child_name)
    return build_pdf(story, frame)
