"""Barnets plan on paper: one version for the family, one for the child (7 years and up).

Written for reading at the kitchen table: plain Swedish (klarspråk), large type, short
headings that say what the section answers, the compass as a picture, and a table of who does
what by when. It carries no identity number but the child's, and free text is scrubbed of any
other identity number a staff member may have typed.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from backa_desktop.domain.needs import Need
from backa_desktop.domain.plan import ACTION_STATUS_LABELS, PlanActionStatus
from backa_desktop.printing.compass import (
    CHILD_STATUS_WORDS,
    compass_drawing,
    needs_in_wheel_order,
)
from backa_desktop.printing.layout import (
    PageFrame,
    Styles,
    build_pdf,
    grid_table,
    iso,
    key_value_table,
    make_styles,
    paragraphs,
    redact_identity_numbers,
    section,
    text,
)
from backa_desktop.printing.models import DEFAULT_NEED_LABELS, Contact, PlanDocument

FAMILY_SIZE = 13.5
CHILD_SIZE = 16.0

CHILD_STATUS_LABELS: dict[PlanActionStatus, str] = {
    PlanActionStatus.PLANERAD: "Ska göras",
    PlanActionStatus.PAGAENDE: "Görs nu",
    PlanActionStatus.KLAR: "Klart",
    PlanActionStatus.AVBRUTEN: "Blev inte av",
}

FAMILY_FOOTER = "Barnets plan är er familjs papper. Förvara den så att ingen obehörig läser den."


def _contact_rows(contact: Contact) -> list[tuple[str, str]]:
    rows = [("Namn", contact.name)]
    if contact.title or contact.unit:
        rows.append(("Arbetar som", ", ".join(p for p in (contact.title, contact.unit) if p)))
    if contact.phone:
        rows.append(("Telefon", contact.phone))
    if contact.email:
        rows.append(("E-post", contact.email))
    return rows


def _contacts(doc: PlanDocument, styles: Styles, *, child: bool) -> list[Flowable]:
    flow: list[Flowable] = []
    people = [
        (doc.barnkontakt, "Barnkontakt",
         "Barnkontakten är den ni alltid kan vända er till med frågor om planen."),
        (doc.stodsamordnare, "Stödsamordnare",
         "Stödsamordnaren håller ihop stödet från de olika verksamheterna."),
    ]
    for contact, role, explanation in people:
        if contact is None:
            continue
        block: list[Flowable] = [Paragraph(text(contact.role or role), styles.cell_bold)]
        if not child:
            block.append(Paragraph(text(explanation), styles.small))
        block.append(key_value_table(_contact_rows(contact), styles, label_width=0.25))
        block.append(Spacer(1, 8))
        flow.append(KeepTogether(block))
    for contact in doc.other_contacts:
        block = [Paragraph(text(contact.role or "Kontakt"), styles.cell_bold),
                 key_value_table(_contact_rows(contact), styles, label_width=0.25),
                 Spacer(1, 8)]
        flow.append(KeepTogether(block))
    return flow


def _clean(doc: PlanDocument) -> PlanDocument:
    """Every free-text field scrubbed of identity numbers other than the child's."""
    keep = doc.child_identity_number

    def scrub(value: str) -> str:
        return redact_identity_numbers(value, keep=keep)

    return doc.model_copy(
        update={
            "reason": scrub(doc.reason),
            "goals": [scrub(g) for g in doc.goals],
            "child_view": scrub(doc.child_view),
            "guardians_view": scrub(doc.guardians_view),
            "expected_outcome": scrub(doc.expected_outcome),
            "contingency": scrub(doc.contingency),
            "next_meeting_place": scrub(doc.next_meeting_place),
            "responsible": scrub(doc.responsible),
            "participants": [scrub(p) for p in doc.participants],
            "actions": [
                a.model_copy(update={"what": scrub(a.what), "who": scrub(a.who),
                                     "unit": scrub(a.unit)})
                for a in doc.actions
            ],
            "follow_ups": [
                m.model_copy(update={"notes": scrub(m.notes),
                                     "participants": [scrub(p) for p in m.participants]})
                for m in doc.follow_ups
            ],
        }
    )


def _who(row_who: str, unit: str) -> str:
    return f"{row_who}\n{unit}" if unit else row_who


def render_family_plan(document: PlanDocument) -> bytes:
    doc = _clean(document)
    s = make_styles(FAMILY_SIZE)
    name = doc.first_name
    story: list[Flowable] = [
        Paragraph(text(f"Barnets plan för {doc.child_name}"), s.h1),
    ]
    ident = [("Barn", doc.child_name)]
    if doc.child_identity_number:
        ident.append(("Personnummer", doc.child_identity_number))
    if doc.plan_updated_on:
        version = f" (version {doc.plan_version})" if doc.plan_version else ""
        ident.append(("Planen ändrades senast", f"{iso(doc.plan_updated_on)}{version}"))
    story.append(key_value_table(ident, s, label_width=0.4))
    story.append(Spacer(1, 8))
    story.append(Paragraph(text(
        f"I planen står det vi har kommit överens om för att {name} ska må bra och utvecklas. "
        "Planen är gemensam för alla som hjälper till, oavsett var de arbetar. "
        "Ni kan alltid säga vad ni tycker om planen och be om ändringar."
    ), s.body))

    if doc.reason:
        story += section("Varför har vi en plan?", paragraphs(doc.reason, s.body), s)

    if doc.compass is not None or doc.needs:
        body: list[Flowable] = []
        if doc.compass is not None:
            body.append(Paragraph(text(
                "Behovskompassen visar åtta saker som alla barn behöver. Färgen visar hur det "
                "ser ut för " + name + " just nu."
            ), s.body))
            drawing = compass_drawing(doc.compass, radius=78, font_size=10.5)
            drawing.hAlign = "CENTER"
            body.append(drawing)
        if doc.needs:
            labels = [_need_label(doc, n) for n in needs_in_wheel_order(doc.needs)]
            body.append(Paragraph(text("Planen handlar om: " + ", ".join(labels) + "."), s.body))
        story += section("Behovskompassen", body, s)

    if doc.goals:
        goals = [Paragraph(text(f"”{g.strip()}”"), s.quote) for g in doc.goals if g.strip()]
        story += section(f"Det här vill {name} ska bli bättre", [KeepTogether(goals)], s)

    if doc.actions:
        rows = [
            [a.what, _who(a.who, a.unit), iso(a.due_on, "Inget datum"),
             ACTION_STATUS_LABELS[a.status]]
            for a in doc.actions
        ]
        table = grid_table(["Vad ska göras", "Vem gör det", "Klart senast", "Läge"], rows,
                           [0.37, 0.27, 0.19, 0.17], s)
        story += section("Vem gör vad och när?", [table], s)

    views: list[Flowable] = []
    if doc.child_view:
        views.append(Paragraph(text(f"{name} säger:"), s.cell_bold))
        views += paragraphs(doc.child_view, s.quote)
    if doc.guardians_view:
        views.append(Paragraph(text("Vårdnadshavarna säger:"), s.cell_bold))
        views += paragraphs(doc.guardians_view, s.quote)
    story += section("Vad tycker ni?", views, s)

    if doc.expected_outcome:
        story += section("Vad hoppas vi blir bättre?", paragraphs(doc.expected_outcome, s.body), s)
    if doc.contingency:
        story += section("Om det inte går som vi tänkt", paragraphs(doc.contingency, s.body), s)

    meeting = [("Datum", iso(doc.next_meeting_on, "Bestäms senare"))]
    if doc.next_meeting_place:
        meeting.append(("Plats", doc.next_meeting_place))
    story += section("Nästa möte", [
        key_value_table(meeting, s, label_width=0.25),
        Spacer(1, 6),
        Paragraph(text("Då går vi igenom planen tillsammans och ser vad som har hänt."), s.body),
    ], s)

    contacts = _contacts(doc, s, child=False)
    story += section("Här når ni oss", contacts, s)

    responsibility: list[Flowable] = []
    if doc.responsible:
        responsibility.append(Paragraph(text(
            f"Huvudansvar för att planen hålls ihop: {doc.responsible}."), s.body))
    if doc.participants:
        responsibility.append(Paragraph(text(
            "De som har gjort planen tillsammans: " + ", ".join(doc.participants) + "."), s.body))
    story += section("Vem ansvarar?", responsibility, s)

    if doc.follow_ups:
        rows = [[iso(m.held_on), m.notes] for m in doc.follow_ups]
        story += section("Tidigare möten", [
            grid_table(["Datum", "Det här kom vi fram till"], rows, [0.2, 0.8], s)
        ], s)

    frame = PageFrame(title=f"Barnets plan – {doc.child_name}", printed_on=doc.printed_on,
                      footer=FAMILY_FOOTER)
    return build_pdf(story, frame)


def _need_label(doc: PlanDocument, need: Need) -> str:
    if doc.compass is not None:
        return doc.compass.label(need).lower()
    return DEFAULT_NEED_LABELS[need].lower()


def render_child_plan(document: PlanDocument) -> bytes:
    """The child's own copy: fewer words, bigger type, "du" all through."""
    doc = _clean(document)
    s = make_styles(CHILD_SIZE)
    name = doc.first_name
    story: list[Flowable] = [
        Paragraph(text(f"Min plan – {name}"), s.h1),
        Paragraph(text(
            "Här står det vad du och de vuxna runt dig har bestämt. "
            "Planen ska hjälpa dig att må bra."
        ), s.body),
    ]
    if doc.goals:
        story += section("Det här vill jag", [KeepTogether([
            Paragraph(text(f"”{g.strip()}”"), s.quote) for g in doc.goals if g.strip()
        ])], s)

    if doc.compass is not None:
        # Status colours only: a radar with scales is too much for a seven-year-old.
        simple = doc.compass.model_copy(update={"raters": []})
        drawing = compass_drawing(simple, radius=88, font_size=12,
                                  status_words=CHILD_STATUS_WORDS)
        drawing.hAlign = "CENTER"
        story += section("Min kompass", [
            Paragraph(text("Kompassen visar åtta saker som alla barn behöver."), s.body),
            drawing,
        ], s)

    open_actions = [a for a in doc.actions if a.status is not PlanActionStatus.AVBRUTEN]
    if open_actions:
        rows = [[a.what, a.who, iso(a.due_on, "Senare"), CHILD_STATUS_LABELS[a.status]]
                for a in open_actions]
        story += section("Så här hjälper vi dig", [
            grid_table(["Vad", "Vem", "När", "Hur går det"], rows, [0.36, 0.22, 0.22, 0.2], s)
        ], s)

    people: list[Flowable] = []
    for contact, sentence in ((doc.barnkontakt, "Du kan alltid prata med {who}."),
                              (doc.stodsamordnare, "{who} hjälper också till.")):
        if contact is None:
            continue
        who = contact.name
        if contact.title or contact.unit:
            who += f" ({', '.join(p for p in (contact.title, contact.unit) if p)})"
        people.append(Paragraph(text(sentence.format(who=who)), s.body))
        if contact.phone:
            people.append(Paragraph(text(f"Telefon: {contact.phone}"), s.body))
    story += section("Vuxna du kan prata med", people, s)

    if doc.next_meeting_on is not None:
        story += section("Nästa gång vi träffas", [
            Paragraph(text(f"Vi ses {doc.next_meeting_on.isoformat()}"
                           + (f", {doc.next_meeting_place}" if doc.next_meeting_place else "")
                           + ". Då pratar vi om hur det går."), s.body),
        ], s)
    story.append(Spacer(1, 12))
    story.append(Paragraph(text("Du får alltid säga vad du tycker. Det du säger är viktigt."),
                           s.cell_bold))

    frame = PageFrame(title=f"Min plan – {name}", printed_on=doc.printed_on)
    return build_pdf(story, frame)
