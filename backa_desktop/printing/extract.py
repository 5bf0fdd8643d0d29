"""Registerutdrag: everything stored about one child, and who read or changed it.

Answers an access request (GDPR art. 15; the log extract PDL 8 kap. 5 § gives a patient).
It is a letter to a family: every record in words (the forms' own labels, people and units by
name), who wrote it and when, and a reference the family can quote when asking for a
correction; then the log, one sentence per event, in time order.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.platypus import Flowable, Paragraph, Spacer

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

STAFF_SIZE = 9.5
CONFIDENTIAL = (
    "Registerutdrag. Innehåller personuppgifter och ska lämnas endast till den som begärt det."
)


_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|\+00:00)$")


def _when(value: str) -> str:
    """A stored UTC moment as Swedish local date and minute, which a family reads easily."""
    match = _ISO.match(value)
    if not match:
        return value
    moment = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}+00:00")
    try:
        moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    except ZoneInfoNotFoundError:  # no time zone data: say it is UTC rather than guess
        return f"{match.group(1)} kl. {match.group(2)[:5]} UTC"
    return moment.strftime("%Y-%m-%d kl. %H:%M")


def render_register_extract(doc: RegisterExtractDocument) -> bytes:
    s = make_styles(STAFF_SIZE)
    story: list[Flowable] = [Paragraph("Registerutdrag", s.h1)]
    head = [("Barn", doc.child_name)]
    if doc.child_identity_number:
        head.append(("Personnummer", doc.child_identity_number))
    if doc.organisation:
        head.append(("Personuppgiftsansvarig", doc.organisation))
    if doc.requested_by:
        head.append(("Begärt av", doc.requested_by))
    if doc.requested_on:
        head.append(("Begäran mottagen", iso(doc.requested_on)))
    if doc.prepared_by:
        head.append(("Sammanställt av", doc.prepared_by))
    story.append(key_value_table(head, s, label_width=0.3))
    story.append(Spacer(1, 6))
    greeting = f"Till {doc.requested_by}" if doc.requested_by else "Till vårdnadshavarna"
    story.append(Paragraph(text(greeting), s.body))
    story.append(Paragraph(text(
        f"Du har bett att få veta vilka uppgifter vi har om {doc.child_name}. Här är allt som "
        f"finns i Backa Desktop den {iso(doc.printed_on)}: först uppgifterna, en del i taget "
        "med den dag de skrevs in och vem som skrev dem, sedan en lista över vem som har läst, "
        "ändrat eller skrivit ut dem. Om något är fel kan du be oss rätta det."
    ), s.body))
    for note in doc.notes:
        story.append(Paragraph(text(note), s.body))

    story.append(Paragraph("Det här har vi antecknat", s.h2))
    for record in doc.records:
        story += _record(record, s)

    if doc.audit:
        log = [[_when(a.at), " ".join(p for p in (a.actor, a.action, a.record) if p)
                + (f" ({a.unit})" if a.unit else "") + (f", {a.device}" if a.device else "")]
               for a in doc.audit]
        story += section("Vem har läst eller ändrat uppgifterna", [grid_table(
            ["När", "Vad som hände"], log, [0.24, 0.76], s)], s)
    else:
        story += section("Vem har läst eller ändrat uppgifterna",
                         [Paragraph("Ingen har läst eller ändrat uppgifterna.", s.body)], s)
    story.append(Spacer(1, 4))
    story.append(Paragraph(text(
        "Varje del har en referens längst ned. Ange den om du vill att något ska rättas, så "
        "hittar vi rätt uppgift."), s.small))
    frame = PageFrame(title=f"Registerutdrag – {doc.child_name}", printed_on=doc.printed_on,
                      footer=CONFIDENTIAL)
    return build_pdf(story, frame)


def _record(record: ExtractRecord, s: Styles) -> list[Flowable]:
    """One record: its title, when and by whom, its content in sections, its reference."""
    made = _when(record.created_at)[:10] if record.created_at else ""
    byline = ", ".join(p for p in (made, record.author) if p)
    changed = (record.updated_at and record.updated_at != record.created_at
               and f"ändrad senast {_when(record.updated_at)[:10]}")
    heading = record.type_label + (f" – {byline}" if byline else "")
    body: list[Flowable] = []
    if changed:
        body.append(Paragraph(text(changed), s.small))
    for part in record.sections:
        if part.heading:
            body.append(Paragraph(text(part.heading), s.cell_bold))
        if part.rows:
            # a form's short answers (a 1–5 rating, Ja/Nej) get a narrow column, as in the
            # summaries
            short = bool(part.heading) and all(len(r.value) <= 14 for r in part.rows)
            body.append(key_value_table([(r.label, r.value) for r in part.rows], s,
                                        label_width=0.75 if short else 0.34))
    if record.rows:
        body.append(key_value_table([(r.label, r.value) for r in record.rows], s,
                                    label_width=0.34))
    if not body:
        body.append(Paragraph("Inga uppgifter ifyllda.", s.small))
    body.append(Paragraph(text(f"Referens: {record.record_id}"), s.small))
    return section(heading, body, s)
