"""Information sheet for guardians with room for written consent.

Before a Barnteam or Individuellt barnteam, the family is told what will be shared with whom
and gives written consent (domain.md §1.9, §1.13, §1.16). The sheet says it in plain words, in
the family's language when a catalogue exists for it, lists each share, says that consent is
voluntary and can be withdrawn at any time, and leaves space for each party to sign. It names
no identity number except the child's.
"""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Spacer

from backa_desktop.printing.family_layout import Page, Part, build_family_pdf, writer_for_code
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.printing.layout import redact_identity_numbers
from backa_desktop.printing.models import ConsentSheetDocument, ShareRow

FAMILY_SIZE = 12.0
RIGHTS = ("consent.right_voluntary", "consent.right_withdraw", "consent.right_extract",
          "consent.right_report")
SHARE_KINDS = ("upptackarkort", "barnteam", "individuellt", "unit")


def _share(page: Page, row: ShareRow, keep: str | None) -> list[str]:
    """A standard share in the catalogue's words; anything else as written."""
    t = page.t
    if row.kind in ("upptackarkort", "barnteam"):
        cells = [t(f"share.{row.kind}_with", unit=row.unit), t(f"share.{row.kind}_what"),
                 t(f"share.{row.kind}_why")]
    elif row.kind == "individuellt":
        who = t("share.individuellt_with") + (f" ({row.unit})" if row.unit else "")
        cells = [who, t("share.individuellt_what"), t("share.individuellt_why")]
    elif row.kind == "unit":
        cells = [row.unit or row.recipient, t("share.unit_what"), t("share.unit_why")]
    else:
        cells = [row.recipient, row.what, row.why]
    return [redact_identity_numbers(c, keep) for c in cells]


def _party(page: Page, party: str, name: str) -> str:
    match = re.fullmatch(r"Vårdnadshavare (\d+)", party)
    if match:
        number = match.group(1)
        if name:
            return page.t("consent.guardian_named", number=number, name=name)
        return page.t("consent.guardian", number=number)
    if party == "Barnet":
        return page.t("consent.child_party")
    return party


def consent_story(doc: ConsentSheetDocument, lang: str = REFERENCE) -> Part:
    page = Page(writer_for_code(lang), FAMILY_SIZE)
    s, t = page.s, page.t
    keep = doc.child_identity_number
    story: list[Flowable] = [page.p(t("consent.title"), s.h1)]
    head = [(t("label.child"), doc.child_name)]
    if doc.child_identity_number:
        head.append((t("label.identity"), doc.child_identity_number))
    if doc.unit_name:
        head.append((t("label.unit"), doc.unit_name))
    if doc.barnkontakt is not None:
        bk = doc.barnkontakt
        head.append((t("role.barnkontakt"),
                     ", ".join(p for p in (bk.name, bk.title, bk.phone) if p)))
    story.append(page.key_value_table(head, 0.3))
    if lang != REFERENCE:
        story += [Spacer(1, 4), page.note(t("quoted_note"))]
    story += page.section(t("consent.about_heading"), [page.p(t("consent.about"))])
    story += page.section(t("consent.why_heading"), [page.p(t("consent.why"))])

    rows = [_share(page, r, keep) for r in doc.shares]
    if rows:
        story += page.section(t("consent.shares_heading"), [page.grid_table(
            [t("consent.col_with"), t("consent.col_what"), t("consent.col_why")], rows,
            [0.28, 0.4, 0.32])])
    story += page.section(t("consent.rights_heading"),
                          [page.p("•\u00a0\u00a0" + t(key)) for key in RIGHTS])

    story.append(Spacer(1, 6))
    story += page.section(t("consent.heading"), [page.p(t("consent.agree")),
                                                 page.p(t("consent.partial"))])
    names = list(doc.guardian_names)
    for i, party in enumerate(doc.signing_parties):
        name = names[i] if party.startswith("Vårdnadshavare") and i < len(names) else ""
        story += [Spacer(1, 14), page.signature_block(_party(page, party, name), [
            t("consent.sign"), t("consent.name_clear")])]
    story += [Spacer(1, 20), page.signature_block(t("consent.staff"), [
        t("consent.staff_collected"), t("consent.staff_kept")])]
    return Part(writer=page.w, story=story, title=t("consent.frame_title"),
                footer=t("consent.footer"), subtitle=doc.child_name)


def render_consent_sheet(doc: ConsentSheetDocument, lang: str = REFERENCE,
                         bilingual: bool = False) -> bytes:
    parts = [consent_story(doc, lang)]
    if bilingual and lang != REFERENCE:
        parts.append(consent_story(doc, REFERENCE))
    return build_family_pdf(parts, doc.printed_on.isoformat())
