"""Summaries of an Upptäckarkort, a Samtal and a Skattning, for staff and the child's file.

The answers arrive as label/value rows grouped in sections (usually one per need), so the
layout does not depend on how each form is defined; the form id, version and content hash are
printed because an answer is only meaningful with the wording it was given under.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from backa_desktop.domain.needs import CARD_ORDER, NeedStatus
from backa_desktop.printing.compass import CompassTexts, compass_drawing
from backa_desktop.printing.family_layout import writer_for
from backa_desktop.printing.languages import REFERENCE, Catalogue, load_catalogue
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
from backa_desktop.printing.models import FormSummaryDocument

STAFF_SIZE = 10.5
# The longest answer that still counts as short: a rating with its anchor ("1 – Stämmer inte
# alls", "5 – Completely true") fits the narrow value column on one line.
SHORT_ANSWER = 22


def _means_table(doc: FormSummaryDocument, s: Styles, cat: Catalogue) -> Flowable:
    """One row per need, one column per rater (or pair of raters): the 1–5 mean the compass
    draws, as numbers a reader can quote; "–" where every answer was "vet ej"."""
    assert doc.compass is not None
    raters = doc.compass.raters
    rows = [
        [doc.compass.label(need)]
        + [_mean(r.scores.get(need), cat) for r in raters]
        for need in CARD_ORDER
    ]
    value_width = min(0.25, 0.6 / len(raters))
    return grid_table([cat.t("summary.need"), *[r.rater for r in raters]], rows,
                      [1 - value_width * len(raters), *[value_width] * len(raters)], s)


def _mean(value: float | None, cat: Catalogue) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", cat.t("summary.decimal_separator"))


def render_form_summary(doc: FormSummaryDocument, lang: str = REFERENCE) -> bytes:
    """The summary with its own words from the `lang` catalogue; the rows arrive already in
    that language (the service reads the form's translation)."""
    cat = load_catalogue(lang)
    s = make_styles(STAFF_SIZE)
    title = doc.title or cat.t(f"summary.kind.{doc.kind}")
    story: list[Flowable] = [Paragraph(text(title), s.h1)]
    head: list[tuple[str, str]] = [(cat.t("label.child"), doc.child_name)]
    if doc.child_identity_number:
        head.append((cat.t("label.identity"), doc.child_identity_number))
    head.append((cat.t("label.date"), iso(doc.answered_on)))
    if doc.author:
        head.append((cat.t("summary.filled_in_by"),
                     doc.author + (f", {doc.unit}" if doc.unit else "")))
    if doc.co_author:
        head.append((cat.t("summary.together_with"), doc.co_author))
    if doc.status:
        head.append((cat.t("summary.status"), doc.status))
    head.extend((r.label, r.value) for r in doc.header_rows)
    if doc.form_id:
        form = (cat.t("summary.form_version", form=doc.form_id, version=doc.form_version)
                if doc.form_version else doc.form_id)
        if doc.form_hash:
            form = cat.t("summary.form_content", form=form, hash=doc.form_hash[:12])
        head.append((cat.t("summary.form"), form))
    story.append(key_value_table(head, s, label_width=0.28))

    # a form that records no need (Fem frågor) draws no empty compass
    if doc.compass is not None and (doc.compass.statuses or doc.compass.raters):
        words = {NeedStatus.UPPFYLLT: cat.t("compass.met"),
                 NeedStatus.INTE_UPPFYLLT: cat.t("compass.not_met"),
                 NeedStatus.VET_INTE: cat.t("compass.unknown")}
        texts = CompassTexts(writer=writer_for(cat), not_answered=cat.t("compass.not_answered"),
                             scale=cat.t("compass.scale", rater="{rater}"))
        drawing = compass_drawing(doc.compass, radius=80, font_size=9, status_words=words,
                                  texts=texts)
        drawing.hAlign = "CENTER"
        story += section(cat.t("summary.compass"), [Spacer(1, 4), drawing], s)
        if doc.compass.raters:
            story += section(cat.t("summary.means"), [_means_table(doc, s, cat)], s)

    for part in doc.sections:
        rows = [(r.label, r.value) for r in part.rows]
        # Short answers (a 1–5 rating with its anchor, "1 – Stämmer inte alls"; Ja/Nej) get
        # a narrow column, so a statement reads on one or two lines instead of five, and every
        # need of a rating is laid out alike.
        short = all(len(value) <= SHORT_ANSWER for _, value in rows)
        body: list[Flowable] = (
            [key_value_table(rows, s, label_width=0.72 if short else 0.4)] if rows
            else [Paragraph(text(cat.t("summary.no_answers")), s.small)]
        )
        # The heading moves to the next page only when its first rows would not fit; a
        # section's table splits between pages instead of leaving half a page empty.
        story += [CondPageBreak(STAFF_SIZE * 7), Paragraph(text(part.heading), s.h2), *body]
    frame = PageFrame(title=title, printed_on=doc.printed_on, footer=cat.t("summary.confidential"),
                      subtitle=doc.child_name, printed_template=cat.t("page.printed_on"),
                      page_template=cat.t("page.page_of"))
    return build_pdf(story, frame)

