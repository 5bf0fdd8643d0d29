"""The family leaflet "Vad är Backa barnet?": one page that explains the model.

Modelled on the municipalities' own leaflet (seeds/004): Behovskompassen with the eight needs,
the Barnkontakt, Barnteam and Individuellt barnteam, the Stödsamordnare and Barnets plan, who
takes part, and the family's own Barnkontakt to call. The model's Swedish words stay in every
language, next to an explanation, because they are the words the family will hear at meetings.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from backa_desktop.domain.needs import WHEEL_ORDER
from backa_desktop.printing.family_layout import Page, Part, build_family_pdf, writer_for_code
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.printing.models import LeafletDocument

SIZE = 9.0


def leaflet_story(doc: LeafletDocument, lang: str = REFERENCE) -> Part:
    page = Page(writer_for_code(lang), SIZE)
    s, t = page.s, page.t
    catalogue = page.w.catalogue
    story: list[Flowable] = [page.p(t("leaflet.title"), s.h1), page.p(t("leaflet.tagline"),
                                                                       s.cell_bold)]
    if doc.barnkontakt is not None:
        bk = doc.barnkontakt
        parts = [bk.name, bk.title, bk.unit or doc.unit_name, bk.phone, bk.email]
        story += [Spacer(1, 4), page.note(
            t("leaflet.your_contact") + ": " + t("list_separator").join(p for p in parts if p)),
            Spacer(1, 2)]
    story += page.section(t("leaflet.how_heading"), [page.p(t("leaflet.how"))])
    needs = page.grid_table(
        None,
        [[catalogue.need_name(n), catalogue.need_description(n)] for n in WHEEL_ORDER],
        [0.24, 0.76], compact=True)
    story += page.section(t("leaflet.compass_heading"), [page.p(t("leaflet.compass")), needs])

    for heading, body in (("role.barnkontakt", "leaflet.barnkontakt"),
                          ("leaflet.team_heading", "leaflet.team"),
                          ("role.stodsamordnare", "leaflet.stodsamordnare"),
                          ("leaflet.plan_heading", "leaflet.plan")):
        story.append(KeepTogether([Spacer(1, 4), page.p(t(heading), s.cell_bold),
                                   page.p(t(body))]))
    story += page.section(t("leaflet.together_heading"), [page.p(t("leaflet.together"))])
    story += page.section(t("leaflet.units_heading"), [page.p(t("leaflet.units"), s.small)])
    return Part(writer=page.w, story=story, title=t("leaflet.title"),
                footer=t("leaflet.footer"))


def render_leaflet(doc: LeafletDocument, lang: str = REFERENCE, bilingual: bool = False
                   ) -> bytes:
    parts = [leaflet_story(doc, lang)]
    if bilingual and lang != REFERENCE:
        parts.append(leaflet_story(doc, REFERENCE))
    return build_family_pdf(parts, doc.printed_on.isoformat())
