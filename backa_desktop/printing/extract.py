"""Registerutdrag: everything stored about one child, and who read or changed it.

Answers an access request (GDPR art. 15; the log extract PDL 8 kap. 5 § gives a patient).
It is a letter to a family: every record in words (the forms' own labels, people and units by
name), numbered, with who wrote it and when; then the log, one sentence per event, in time
order. A family asking for a correction quotes the entry's heading (number, kind and date):
the kind and the date are how staff find the record in the child's timeline, and internal ids
mean nothing to a reader, so none is printed.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.platypus import Flowable, Paragraph, Spacer

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
from backa_desktop.printing.models import ExtractRecord, RegisterExtractDocument
from backa_desktop.printing.summaries import SHORT_ANSWER

STAFF_SIZE = 9.5


_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|\+00:00)$")


def _when(value: str, cat: Catalogue) -> str:
    """A stored UTC moment as the local date and minute in Sweden, which a family reads easily
    (said to be UTC when the time zone data is missing, rather than guessed)."""
    match = _ISO.match(value)
    if not match:
        return value
    moment = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}+00:00")
    try:
        moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    except ZoneInfoNotFoundError:
        return cat.t("reading.moment_utc", date=match.group(1), time=match.group(2)[:5])
    return cat.t("reading.moment", date=moment.strftime("%Y-%m-%d"),
                 time=moment.strftime("%H:%M"))


def render_register_extract(doc: RegisterExtractDocument, lang: str = REFERENCE) -> bytes:
    """The extract with its own words from the `lang` catalogue; the records arrive already
    worded in that language (services.documents.reading)."""
    cat = load_catalogue(lang)
    s = make_styles(STAFF_SIZE)
    story: list[Flowable] = [Paragraph(text(cat.t("extract.title")), s.h1)]
    head = [(cat.t("label.child"), doc.child_name)]
    if doc.child_identity_number:
        head.append((cat.t("label.identity"), doc.child_identity_number))
    if doc.organisation:
        head.append((cat.t("extract.controller"), doc.organisation))
    if doc.requested_by:
        head.append((cat.t("extract.requested_by"), doc.requested_by))
    if doc.requested_on:
        head.append((cat.t("extract.requested_on"), iso(doc.requested_on)))
    if doc.prepared_by:
        head.append((cat.t("extract.prepared_by"), doc.prepared_by))
    story.append(key_value_table(head, s, label_width=0.3))
    story.append(Spacer(1, 6))
    greeting = (cat.t("extract.greeting_named", name=doc.requested_by) if doc.requested_by
                else cat.t("extract.greeting"))
    story.append(Paragraph(text(greeting), s.body))
    story.append(Paragraph(text(cat.t("extract.intro", child=doc.child_name,
                                      date=iso(doc.printed_on))), s.body))
    for note in doc.notes:
        story.append(Paragraph(text(note), s.body))

    story.append(Paragraph(text(cat.t("extract.records")), s.h2))
    for number, record in enumerate(doc.records, start=1):
        story += _record(number, record, s, cat)

    if doc.audit:
        log = [[_when(a.at, cat), " ".join(p for p in (a.actor, a.action, a.record) if p)
                + (f" ({a.unit})" if a.unit else "") + (f", {a.device}" if a.device else "")]
               for a in doc.audit]
        story += section(cat.t("extract.log"), [grid_table(
            [cat.t("extract.col_when"), cat.t("extract.col_what")], log, [0.24, 0.76], s)], s)
    else:
        story += section(cat.t("extract.log"),
                         [Paragraph(text(cat.t("extract.no_log")), s.body)], s)
    story.append(Spacer(1, 4))
    story.append(Paragraph(text(cat.t("extract.reference_note")), s.small))
    frame = PageFrame(title=cat.t("extract.frame_title", child=doc.child_name),
                      printed_on=doc.printed_on, footer=cat.t("extract.footer"),
                      printed_template=cat.t("page.printed_on"),
                      page_template=cat.t("page.page_of"))
    return build_pdf(story, frame)


def _record(number: int, record: ExtractRecord, s: Styles, cat: Catalogue) -> list[Flowable]:
    """One record: its number, title, when and by whom, and its content in sections."""
    made = _when(record.created_at, cat)[:10] if record.created_at else ""
    byline = ", ".join(p for p in (made, record.author) if p)
    changed = (record.updated_at and record.updated_at != record.created_at
               and cat.t("extract.changed", date=_when(record.updated_at, cat)[:10]))
    heading = cat.t("extract.entry", number=number, title=record.type_label) + (
        f" – {byline}" if byline else "")
    body: list[Flowable] = []
    if changed:
        body.append(Paragraph(text(changed), s.small))
    for part in record.sections:
        if part.heading:
            body.append(Paragraph(text(part.heading), s.cell_bold))
        if part.rows:
            # a form's short answers (a 1–5 rating, Ja/Nej) get a narrow column, as in the
            # summaries
            short = bool(part.heading) and all(len(r.value) <= SHORT_ANSWER
                                               for r in part.rows)
            body.append(key_value_table([(r.label, r.value) for r in part.rows], s,
                                        label_width=0.72 if short else 0.34))
    if record.rows:
        body.append(key_value_table([(r.label, r.value) for r in record.rows], s,
                                    label_width=0.34))
    if not body:
        body.append(Paragraph(text(cat.t("extract.nothing")), s.small))
    return section(heading, body, s)
