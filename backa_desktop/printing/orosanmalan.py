"""The orosanmälan as a document ready to send to socialnämnden.

Laid out the way a receiving social services office reads a report: who the child is, whether
there is acute danger (first, and impossible to miss), the concern in the reporter's own words,
the dated observations, the signs of concern, who reports and how to reach them, and the law
the report is made under (the reference stored on the report, never a hard-coded paragraph).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from backa_desktop.printing.compass import needs_in_wheel_order
from backa_desktop.printing.fonts import REGULAR
from backa_desktop.printing.languages import REFERENCE, load_catalogue
from backa_desktop.printing.layout import (
    CONTENT_WIDTH,
    PageFrame,
    build_pdf,
    grid_table,
    iso,
    key_value_table,
    make_styles,
    paragraphs,
    section,
    signature_block,
    text,
)
from backa_desktop.printing.models import OrosanmalanDocument

STAFF_SIZE = 10.5
PHONE_BLANK = "_" * 28


def render_orosanmalan(doc: OrosanmalanDocument, lang: str = REFERENCE) -> bytes:
    """The report with its own words from the `lang` catalogue (Swedish unless the user picks
    another: social services read Swedish); what the reporter wrote is printed as written."""
    cat = load_catalogue(lang)
    t = cat.t
    s = make_styles(STAFF_SIZE)
    story: list[Flowable] = [
        Paragraph(text(t("concern.title")), s.h1),
        Paragraph(text(t("concern.subtitle")), s.body),
    ]
    danger = t("concern.danger_yes") if doc.acute_danger else t("concern.danger_no")
    box = Table(
        [[Paragraph(f"<b>{text(t('concern.acute_danger'))}</b> {text(danger)}", s.body)]],
        colWidths=[CONTENT_WIDTH],
    )
    box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BOX", (0, 0), (-1, -1), 1.4 if doc.acute_danger else 0.6,
         colors.HexColor("#b3261e") if doc.acute_danger else colors.HexColor("#b8c2cc")),
        ("BACKGROUND", (0, 0), (-1, -1),
         colors.HexColor("#fdecea") if doc.acute_danger else colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    story += [box, Spacer(1, 8)]
    story.append(key_value_table([
        (t("concern.to"), doc.recipient),
        (t("concern.created"), iso(doc.created_on)),
        (t("concern.sent"), iso(doc.sent_on, t("concern.not_sent"))),
        (t("concern.status"), doc.status or "–"),
        (t("concern.legal_reference"), doc.legal_reference),
    ], s, label_width=0.25))

    child = [(t("label.name"), doc.child_name)]
    if doc.child_identity_number:
        child.append((t("label.identity"), doc.child_identity_number))
    if doc.child_address:
        child.append((t("concern.address"), doc.child_address))
    story += section(t("concern.child"), [key_value_table(child, s, label_width=0.25)], s)

    if doc.guardians:
        # An address column only when an address is known: an empty column looks as if
        # something was forgotten. The relation column holds "Vårdnadshavare" unbroken.
        if any(g.address for g in doc.guardians):
            rows = [[g.relation, g.name, g.identity_number, g.phone, g.address]
                    for g in doc.guardians]
            head = [t("concern.col_relation"), t("label.name"), t("label.identity"),
                    t("label.phone"), t("concern.address")]
            widths = [0.2, 0.19, 0.2, 0.18, 0.23]
        else:
            rows = [[g.relation, g.name, g.identity_number, g.phone] for g in doc.guardians]
            head = [t("concern.col_relation"), t("label.name"), t("label.identity"),
                    t("label.phone")]
            widths = [0.2, 0.3, 0.25, 0.25]
        story += section(t("concern.guardians"), [grid_table(head, rows, widths, s)], s)

    story += section(t("concern.concern"), paragraphs(doc.concern, s.body), s)

    if doc.observations:
        rows = [[iso(o.observed_on), o.text]
                for o in sorted(doc.observations, key=lambda o: o.observed_on)]
        story += section(t("concern.observations"), [grid_table(
            [t("label.date"), t("concern.col_observed")], rows, [0.17, 0.83], s)], s)

    if doc.indicators:
        order = needs_in_wheel_order([i.need for i in doc.indicators if i.need is not None])
        ranked = sorted(doc.indicators,
                        key=lambda i: order.index(i.need) if i.need in order else len(order))
        rows = [[doc.need_labels.get(i.need, "") if i.need else "", i.text] for i in ranked]
        story += section(t("concern.indicators"), [grid_table(
            [t("concern.col_need"), t("concern.col_sign")], rows, [0.22, 0.78], s)], s)

    if doc.other_information:
        story += section(t("concern.other"), paragraphs(doc.other_information, s.body), s)

    r = doc.reporter
    reporter = [(t("label.name"), r.name)]
    if r.title:
        reporter.append((t("concern.position"), r.title))
    if r.unit:
        reporter.append((t("label.unit"), r.unit))
    # Social services call the reporter back: the number is always there, written by hand
    # when the directory has none.
    reporter.append((t("label.phone"), r.phone or PHONE_BLANK))
    if r.email:
        reporter.append((t("label.email"), r.email))
    # the reporter and the signature stay on one page
    # (a KeepTogether inside another never fits anywhere, so the signature's is unwrapped)
    signature = signature_block(t("concern.signature"), s,
                                [t("concern.sign"), t("concern.name_clear")])
    story.append(KeepTogether([
        Paragraph(text(t("concern.reporter")), s.h2),
        key_value_table(reporter, s, label_width=0.25),
        Spacer(1, 14),
        *(signature._content if isinstance(signature, KeepTogether) else [signature]),
    ]))
    frame = PageFrame(title=t("concern.title"), printed_on=doc.printed_on,
                      footer=t("concern.footer"), subtitle=doc.child_name,
                      printed_template=t("page.printed_on"), page_template=t("page.page_of"))
    return build_pdf(story, frame)
