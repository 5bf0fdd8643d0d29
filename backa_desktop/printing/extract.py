"""Registerutdrag: everything stored about one child, and who read or changed it.

Answers an access request (GDPR art. 15; the log extract PDL 8 kap. 5 § gives a patient).
Every record is printed with its id, revision, author and timestamps so the requester and the
organisation can point at the same entry; the audit rows follow in time order.
"""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph, Spacer

from backa_desktop.printing.layout import (
    PageFrame,
    build_pdf,
    grid_table,
    iso,
    key_value_table,
    make_styles,
    section,
    text,
)
from backa_desktop.printing.models import RegisterExtractDocument

STAFF_SIZE = 9.5
CONFIDENTIAL = (
    "Registerutdrag. Innehåller personuppgifter och ska lämnas endast till den som begärt det."
)


_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|\+00:00)$")


def _timestamp(value: str) -> str:
    """Stored UTC timestamps, shortened so a log row fits one line."""
    match = _ISO.match(value)
    return f"{match.group(1)} {match.group(2)}" if match else value


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
    head.append(("Antal poster", str(len(doc.records))))
    head.append(("Antal loggade händelser", str(len(doc.audit))))
    story.append(key_value_table(head, s, label_width=0.3))
    story.append(Spacer(1, 6))
    story.append(Paragraph(text(
        "Utdraget visar de uppgifter om barnet som finns i Backa Desktop på den dag det skrevs "
        "ut, och loggen över vem som har läst, ändrat, skrivit ut eller exporterat dem."
    ), s.body))
    for note in doc.notes:
        story.append(Paragraph(text(note), s.body))

    for i, record in enumerate(doc.records, start=1):
        meta: list[tuple[str, str]] = [("Post-id", record.record_id)]
        if record.revision is not None:
            meta.append(("Version", str(record.revision)))
        if record.created_at:
            meta.append(("Skapad (UTC)", _timestamp(record.created_at)))
        if record.updated_at and record.updated_at != record.created_at:
            meta.append(("Senast ändrad (UTC)", _timestamp(record.updated_at)))
        if record.author:
            meta.append(("Skapad av", record.author))
        rows = meta + [(r.label, r.value) for r in record.rows]
        story += section(f"{i}. {record.type_label}",
                         [key_value_table(rows, s, label_width=0.3)], s)

    if doc.audit:
        # Device ids are long; the log names them D1, D2 … and a key table follows.
        devices: dict[str, str] = {}
        for a in doc.audit:
            if a.device and a.device not in devices:
                devices[a.device] = f"D{len(devices) + 1}"
        log = [[_timestamp(a.at), a.actor, a.action, a.record,
                ", ".join(p for p in (a.unit, devices.get(a.device, "")) if p)]
               for a in doc.audit]
        story += section("Logg: vem har läst eller ändrat uppgifterna", [grid_table(
            ["Tidpunkt (UTC)", "Vem", "Vad", "Post", "Dator"], log,
            [0.22, 0.22, 0.2, 0.24, 0.12], s)], s)
        if devices:
            story += section("Datorer i loggen", [key_value_table(
                [(short, device) for device, short in devices.items()], s, label_width=0.12
            )], s)
    else:
        story += section("Logg", [Paragraph("Inga loggade händelser.", s.body)], s)
    frame = PageFrame(title=f"Registerutdrag – {doc.child_name}", printed_on=doc.printed_on,
                      footer=CONFIDENTIAL)
    return build_pdf(story, frame)
