"""Barnets plan on paper: one version for the family, one for the child (7 years and up).

Written for reading at the kitchen table: plain words (klarspråk), large type, short headings
that say what the section answers, the compass as a picture, and a table of who does what by
when. Every fixed word comes from the print-language catalogue (`languages.py`), so the plan
can be handed over in the family's own language, mirrored for right-to-left scripts; what staff
and the family wrote (goals, the child's words, actions) is printed as written, and a line in
the family's language says so. It carries no identity number but the child's, and free text is
scrubbed of any other identity number a staff member may have typed.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.plan import PlanActionStatus
from backa_desktop.printing.compass import CompassTexts, compass_drawing, needs_in_wheel_order
from backa_desktop.printing.family_layout import (
    Page,
    Part,
    build_family_pdf_fitted,
    writer_for_code,
)
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.printing.layout import iso, redact_identity_numbers
from backa_desktop.printing.models import DEFAULT_NEED_LABELS, Contact, PlanDocument

FAMILY_SIZE = 13.5
CHILD_SIZE = 16.0

STATUS_KEYS: dict[PlanActionStatus, str] = {
    PlanActionStatus.PLANERAD: "planerad",
    PlanActionStatus.PAGAENDE: "pagaende",
    PlanActionStatus.KLAR: "klar",
    PlanActionStatus.AVBRUTEN: "avbruten",
}
COMPASS_KEYS: dict[NeedStatus, str] = {
    NeedStatus.UPPFYLLT: "met",
    NeedStatus.INTE_UPPFYLLT: "not_met",
    NeedStatus.VET_INTE: "unknown",
}


def _contact_rows(page: Page, contact: Contact) -> list[tuple[str, str]]:
    rows = [(page.t("label.name"), contact.name)]
    if contact.title or contact.unit:
        rows.append((page.t("label.works_as"),
                     ", ".join(p for p in (contact.title, contact.unit) if p)))
    if contact.phone:
        rows.append((page.t("label.phone"), contact.phone))
    if contact.email:
        rows.append((page.t("label.email"), contact.email))
    return rows


def _contacts(doc: PlanDocument, page: Page) -> list[Flowable]:
    flow: list[Flowable] = []
    s = page.s
    people = [
        (doc.barnkontakt, "role.barnkontakt", "role.barnkontakt_explained"),
        (doc.stodsamordnare, "role.stodsamordnare", "role.stodsamordnare_explained"),
    ]
    for contact, role, explanation in people:
        if contact is None:
            continue
        block: list[Flowable] = [page.p(page.t(role), s.cell_bold),
                                 page.p(page.t(explanation), s.small),
                                 page.key_value_table(_contact_rows(page, contact), 0.25),
                                 Spacer(1, 8)]
        flow.append(KeepTogether(block))
    for contact in doc.other_contacts:
        flow.append(KeepTogether([
            page.p(contact.role or page.t("role.contact"), s.cell_bold),
            page.key_value_table(_contact_rows(page, contact), 0.25),
            Spacer(1, 8),
        ]))
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


def _need_label(doc: PlanDocument, page: Page, need: Need) -> str:
    """The organisation's own label (forms/) in Swedish, the catalogue's in other languages."""
    if page.w.catalogue.code != REFERENCE:
        return page.w.catalogue.need_name(need)
    if doc.compass is not None:
        return doc.compass.label(need)
    return DEFAULT_NEED_LABELS[need]


def _compass(doc: PlanDocument, page: Page, *, child: bool, radius: float, size: float
             ) -> Flowable:
    assert doc.compass is not None
    view = doc.compass
    if child:  # status colours only: a radar with scales is too much for a seven-year-old
        view = view.model_copy(update={"raters": []})
    view = view.model_copy(update={"labels": {n: _need_label(doc, page, n) for n in Need}})
    prefix = "child.compass_" if child else "compass."
    words = {status: page.t(prefix + key) for status, key in COMPASS_KEYS.items()}
    texts = CompassTexts(writer=page.w, not_answered=page.t("compass.not_answered"),
                         scale=page.t("compass.scale", rater="{rater}"))
    drawing = compass_drawing(view, radius=radius, font_size=size, status_words=words,
                              texts=texts)
    drawing.hAlign = "CENTER"
    return drawing


def _quoted_note(page: Page) -> list[Flowable]:
    """In a translated document, staff's and the family's words stay in the language they were
    written in; the family is told so in their own language."""
    if page.w.catalogue.code == REFERENCE:
        return []
    return [Spacer(1, 4), page.note(page.t("quoted_note")), Spacer(1, 4)]


def family_plan_story(document: PlanDocument, lang: str = REFERENCE,
                      size: float = FAMILY_SIZE) -> Part:
    doc = _clean(document)
    page = Page(writer_for_code(lang), size)
    s, t = page.s, page.t
    name = doc.first_name
    story: list[Flowable] = [page.p(t("plan.title", child=doc.child_name), s.h1)]
    ident = [(t("label.child"), doc.child_name)]
    if doc.child_identity_number:
        ident.append((t("label.identity"), doc.child_identity_number))
    if doc.plan_updated_on:
        when = iso(doc.plan_updated_on)
        if doc.plan_version:
            when = t("plan.version", date=when, version=doc.plan_version)
        ident.append((t("plan.updated"), when))
    story.append(page.key_value_table(ident, 0.4))
    story.append(Spacer(1, 8))
    story.append(page.p(t("plan.intro", name=name)))
    story += _quoted_note(page)

    if doc.reason:
        story += page.section(t("plan.why"), page.paragraphs(doc.reason))

    goals: list[Flowable] = []
    if doc.goals:
        quotes = [page.p(f"”{g.strip()}”", s.quote, quoted=True) for g in doc.goals if g.strip()]
        goals = page.section(t("plan.goals", name=name), [KeepTogether(quotes)])

    actions: list[Flowable] = []
    if doc.actions:
        rows = [
            [a.what, _who(a.who, a.unit), iso(a.due_on, t("no_date")),
             t("status." + STATUS_KEYS[a.status])]
            for a in doc.actions
        ]
        header = [t("plan.col_what"), t("plan.col_who"), t("plan.col_due"), t("plan.col_status")]
        table = page.grid_table(header, rows, page.column_widths(
            header, rows, [0.40, 0.21, 0.18, 0.21]))  # what is to be done gets the room
        actions = page.section(t("plan.actions"), [table])

    if doc.compass is not None or doc.need_ids:
        body: list[Flowable] = []
        if doc.need_ids:
            labels = [_need_label(doc, page, n).lower() for n in needs_in_wheel_order(doc.need_ids)]
            body.append(page.p(t("plan.about", needs=t("list_separator").join(labels))))
        if doc.compass is not None:
            # the goals may go before the compass where they fill a page it cannot, and a
            # short table of actions with them where the whole of it fits there too
            story += page.picture_section(
                t("plan.compass"), [page.p(t("plan.compass_intro", name=name))],
                _compass(doc, page, child=False, radius=78, size=10.5), body, goals,
                actions)
            goals = actions = []
        else:
            story += page.section(t("plan.compass"), body)
    story += goals

    story += actions

    views: list[Flowable] = []
    for said, label in ((doc.child_view, t("plan.child_says", name=name)),
                        (doc.guardians_view, t("plan.guardians_say"))):
        if said:  # who says it is kept with the start of what they said
            quoted = page.paragraphs(said, s.quote)
            views.append(KeepTogether([page.p(label, s.cell_bold), *quoted[:1]]))
            views += quoted[1:]
    story += page.section(t("plan.views"), views)

    if doc.expected_outcome:
        story += page.section(t("plan.outcome"), page.paragraphs(doc.expected_outcome))
    if doc.contingency:
        story += page.section(t("plan.contingency"), page.paragraphs(doc.contingency))

    meeting = [(t("label.date"), iso(doc.next_meeting_on, t("later")))]
    if doc.next_meeting_place:
        meeting.append((t("label.place"), doc.next_meeting_place))
    story += page.section(t("plan.next_meeting"), [
        page.key_value_table(meeting, 0.25),
        Spacer(1, 6),
        page.p(t("plan.meeting_text")),
    ])

    story += page.section(t("plan.contacts"), _contacts(doc, page))

    responsibility: list[Flowable] = []
    if doc.responsible:
        responsibility.append(page.p(t("plan.responsible", who=doc.responsible)))
    if doc.participants:
        who = t("list_separator").join(doc.participants)
        responsibility.append(page.p(t("plan.participants", who=who)))
    story += page.section(t("plan.responsibility"), responsibility)

    if doc.follow_ups:
        rows = [[iso(m.held_on), m.notes] for m in doc.follow_ups]
        story += page.section(t("plan.earlier"), [
            page.grid_table([t("label.date"), t("plan.col_notes")], rows, [0.2, 0.8])
        ])

    return Part(writer=page.w, story=story, title=t("plan.frame_title", child=doc.child_name),
                footer=t("plan.footer"), metadata_title=_metadata_title(doc))


def child_plan_story(document: PlanDocument, lang: str = REFERENCE,
                     size: float = CHILD_SIZE) -> Part:
    """The child's own copy: fewer words, bigger type, "du" all through."""
    doc = _clean(document)
    page = Page(writer_for_code(lang), size)
    s, t = page.s, page.t
    name = doc.first_name
    story: list[Flowable] = [page.p(t("child.title", name=name), s.h1),
                             page.p(t("child.intro"))]
    story += _quoted_note(page)
    goals: list[Flowable] = []
    if doc.goals:
        # not kept together: below the compass a long wish starts on the page and goes on
        # overleaf (the heading has a few of its lines with it)
        goals = [CondPageBreak(s.h2.fontSize * 6), page.p(t("child.goals"), s.h2),
                 *(page.p(f"”{g.strip()}”", s.quote, quoted=True)
                   for g in doc.goals if g.strip())]

    if doc.compass is not None:
        # as in the family's plan: the goals go before the compass where the compass does
        # not fit below the opening, so the first page is not left a third empty
        story += page.picture_section(t("child.compass"), [page.p(t("child.compass_intro"))],
                                      _compass(doc, page, child=True, radius=88, size=12),
                                      followers=goals)
        goals = []
    story += goals

    open_actions = [a for a in doc.actions if a.status is not PlanActionStatus.AVBRUTEN]
    if open_actions:
        rows = [[a.what, a.who, iso(a.due_on, t("child.later")),
                 t("child.status_" + STATUS_KEYS[a.status])]
                for a in open_actions]
        header = [t("child.col_what"), t("child.col_who"), t("child.col_when"),
                  t("child.col_how")]
        story += page.section(t("child.actions"), [page.grid_table(
            header, rows, page.column_widths(header, rows, [0.32, 0.2, 0.2, 0.28]))])

    people: list[Flowable] = []
    for contact, key in ((doc.barnkontakt, "child.talk_to"),
                         (doc.stodsamordnare, "child.also_helps")):
        if contact is None:
            continue
        who = contact.name
        if contact.title or contact.unit:
            who += f" ({', '.join(p for p in (contact.title, contact.unit) if p)})"
        people.append(page.p(t(key, who=who)))
        if contact.phone:
            people.append(page.p(t("child.phone", phone=contact.phone)))
    story += page.section(t("child.people"), people)

    if doc.next_meeting_on is not None:
        when = doc.next_meeting_on.isoformat()
        sentence = (t("child.see_you_at", date=when, place=doc.next_meeting_place)
                    if doc.next_meeting_place else t("child.see_you", date=when))
        story += page.section(t("child.next"), [page.p(sentence)])
    story.append(Spacer(1, 12))
    story.append(page.p(t("child.closing"), s.cell_bold))
    return Part(writer=page.w, story=story, title=t("child.title", name=name),
                metadata_title=_metadata_title(doc))


def _metadata_title(doc: PlanDocument) -> str:
    """The PDF's title for a child with protected identity: the programme's name, in every
    language, instead of the child's (a saved file's title shows in a viewer's window)."""
    return "Backa barnet" if doc.protected_identity else ""


def _parts(make: object, document: PlanDocument, lang: str, bilingual: bool) -> list[Part]:
    assert callable(make)
    parts = [make(document, lang)]
    if bilingual and lang != REFERENCE:
        parts.append(make(document, REFERENCE))
    return parts


FIT_SCALES = (0.93, 0.87)
"""Smaller reading sizes (factors) tried when a plan would end in a page with a line or two
on it: the family's 13.5 pt becomes 12.5 pt, then 11.7 pt, the child's 16 pt 14.9 pt, then
13.9 pt; still large type."""


def _fitted(story: Callable[..., Part], size: float, document: PlanDocument, lang: str,
            bilingual: bool) -> bytes:
    def parts(scale: float) -> list[Part]:
        def make(doc: PlanDocument, code: str) -> Part:
            return story(doc, code, size=size * scale)

        return _parts(make, document, lang, bilingual)

    return build_family_pdf_fitted(parts, document.printed_on.isoformat(), FIT_SCALES)


def render_family_plan(document: PlanDocument, lang: str = REFERENCE,
                       bilingual: bool = False) -> bytes:
    return _fitted(family_plan_story, FAMILY_SIZE, document, lang, bilingual)


def render_child_plan(document: PlanDocument, lang: str = REFERENCE,
                      bilingual: bool = False) -> bytes:
    return _fitted(child_plan_story, CHILD_SIZE, document, lang, bilingual)
