"""Information sheet for guardians with room for written consent.

Before a Barnteam or Individuellt barnteam, the family is told what will be shared with whom
and gives written consent (domain.md §1.9, §1.13, §1.16). The sheet says it in plain Swedish,
lists each share, says that consent is voluntary and can be withdrawn at any time, and leaves
space for each party to sign. It names no identity number except the child's.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from backa_desktop.printing.layout import (
    PageFrame,
    build_pdf,
    grid_table,
    key_value_table,
    make_styles,
    redact_identity_numbers,
    section,
    signature_block,
    text,
)
from backa_desktop.printing.models import ConsentSheetDocument

FAMILY_SIZE = 12.0
FOOTER = "Samtycket är frivilligt och kan återkallas när som helst."

ABOUT = (
    "Backa barnet är ett arbetssätt där förskola, skola, hälso- och sjukvård, socialtjänst och "
    "polis arbetar tillsammans för att barn ska få rätt stöd i rätt tid. Alla använder samma "
    "verktyg, Behovskompassen, för att prata om vad barnet behöver. Ni och ert barn är med och "
    "bestämmer hur stödet ska se ut."
)
WHY = (
    "Ibland behöver flera verksamheter prata med varandra för att kunna hjälpa ert barn. De "
    "får inte dela uppgifter om er med varandra utan ert samtycke. Därför frågar vi er."
)
RIGHTS = [
    "Det är frivilligt att samtycka. Ert barn får stöd även om ni säger nej, men det kan bli "
    "svårare för verksamheterna att samarbeta.",
    "Ni kan när som helst ändra er. Säg till er Barnkontakt. Från den dagen delas inga nya "
    "uppgifter.",
    "Ni har rätt att få veta vilka uppgifter som finns om ert barn och vem som har läst dem "
    "(registerutdrag).",
    "Personal som misstänker att ett barn far illa måste enligt lag alltid kontakta "
    "socialtjänsten. Det gäller oavsett samtycke.",
]


def render_consent_sheet(doc: ConsentSheetDocument) -> bytes:
    s = make_styles(FAMILY_SIZE)
    keep = doc.child_identity_number
    story: list[Flowable] = [Paragraph("Backa barnet – information och samtycke", s.h1)]
    head = [("Barn", doc.child_name)]
    if doc.child_identity_number:
        head.append(("Personnummer", doc.child_identity_number))
    if doc.unit_name:
        head.append(("Verksamhet", doc.unit_name))
    if doc.barnkontakt is not None:
        bk = doc.barnkontakt
        head.append(("Barnkontakt", ", ".join(p for p in (bk.name, bk.title, bk.phone) if p)))
    story.append(key_value_table(head, s, label_width=0.3))
    story += section("Vad är Backa barnet?", [Paragraph(text(ABOUT), s.body)], s)
    story += section("Varför frågar vi om samtycke?", [Paragraph(text(WHY), s.body)], s)

    rows = [
        [redact_identity_numbers(r.recipient, keep), redact_identity_numbers(r.what, keep),
         redact_identity_numbers(r.why, keep)]
        for r in doc.shares
    ]
    if rows:
        story += section("Det här delas, och med vem", [grid_table(
            ["Med vem", "Vilka uppgifter", "Varför"], rows, [0.28, 0.4, 0.32], s)], s)
    story += section("Era rättigheter", [Paragraph(f"•&nbsp;&nbsp;{text(r)}", s.body)
                                         for r in RIGHTS], s)

    story.append(Spacer(1, 6))
    story += section("Samtycke", [Paragraph(text(
        "Jag har fått information om Backa barnet och samtycker till att uppgifterna ovan delas "
        "med dem som står i tabellen."), s.body), Paragraph(text(
        "Vill ni bara samtycka till en del? Stryk då de rader i tabellen som ni inte samtycker "
        "till och skriv era initialer bredvid."), s.body)], s)
    names = list(doc.guardian_names)
    for i, party in enumerate(doc.signing_parties):
        caption = party
        if party.startswith("Vårdnadshavare") and i < len(names) and names[i]:
            caption = f"{party}: {names[i]}"
        story += [Spacer(1, 14), signature_block(caption, s, [
            "Datum och underskrift", "Namnförtydligande"])]
    story += [Spacer(1, 20), signature_block("Fylls i av personal", s, [
        "Samtycket inhämtat av (namn, datum)", "Det underskrivna samtycket förvaras i"])]
    frame = PageFrame(title="Backa barnet – samtycke", printed_on=doc.printed_on, footer=FOOTER,
                      subtitle=doc.child_name)
    return build_pdf(story, frame)
