"""Fictional view-models for the printing tests (test-series identity numbers only)."""

from __future__ import annotations

from datetime import date

from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.plan import PlanActionStatus
from backa_desktop.printing.models import (
    ActionRow,
    AuditRow,
    CompassView,
    ConsentSheetDocument,
    Contact,
    ExtractRecord,
    FormSummaryDocument,
    IndicatorRow,
    MeetingRow,
    ObservationRow,
    OrosanmalanDocument,
    PersonRow,
    PlanDocument,
    RaterScores,
    RegisterExtractDocument,
    ShareRow,
    SummaryRow,
    SummarySection,
)

CHILD_PNR = "20170101-2385"
GUARDIAN_1_PNR = "198501012382"
GUARDIAN_2_PNR = "19800101-2395"
CONCERN = "Åsa berättade att hon är rädd för att gå hem när det är bråk."
TODAY = date(2026, 11, 23)

STATUSES = {
    Need.UTVECKLING: NeedStatus.UPPFYLLT,
    Need.OMSORG: NeedStatus.UPPFYLLT,
    Need.TRYGGHET: NeedStatus.INTE_UPPFYLLT,
    Need.HALSA: NeedStatus.VET_INTE,
    Need.FRITID: NeedStatus.INTE_UPPFYLLT,
    Need.TILLHORIGHET: NeedStatus.UPPFYLLT,
    Need.ANSVAR: NeedStatus.UPPFYLLT,
    Need.RESPEKTERAS: NeedStatus.VET_INTE,
}

BARNKONTAKT = Contact(role="Barnkontakt", name="Lena Ängström", title="Rektor",
                      unit="Backaskolan", phone="0411-57 70 00",
                      email="lena.angstrom@exempel.se")
STODSAMORDNARE = Contact(role="Stödsamordnare", name="Kalle Öst", title="Skolkurator",
                         unit="Backaskolan", phone="0411-57 70 12")


def compass(with_radar: bool = True) -> CompassView:
    raters = [
        RaterScores(rater="Åsa", scores={n: float(i % 5 + 1) for i, n in enumerate(Need)}),
        RaterScores(rater="Vårdnadshavare 1",
                    scores={n: (None if n is Need.HALSA else 3.5) for n in Need}),
    ]
    return CompassView(statuses=STATUSES, raters=raters if with_radar else [])


def actions(n: int) -> list[ActionRow]:
    base = [
        ActionRow(what="Åsa träffar skolkuratorn varje vecka", who="Örjan Ström",
                  unit="Backaskolan, elevhälsan", due_on=date(2026, 12, 15),
                  status=PlanActionStatus.PAGAENDE),
        ActionRow(what="Hjälpa Åsa att börja i fotbollslaget", who="Pappa",
                  due_on=date(2027, 1, 20)),
        ActionRow(what="Läxhjälp på fritids på tisdagar", who="Märta Äng", unit="Fritids",
                  due_on=date(2027, 2, 1), status=PlanActionStatus.KLAR),
    ]
    return [
        base[i % 3].model_copy(update={"what": f"{base[i % 3].what} ({i + 1})"})
        for i in range(n)
    ]


def plan(n_actions: int = 3) -> PlanDocument:
    return PlanDocument(
        child_name="Åsa Öberg",
        child_identity_number=CHILD_PNR,
        printed_on=TODAY,
        plan_updated_on=date(2026, 11, 20),
        plan_version=4,
        reason="Åsa har berättat att hon ofta är ensam på rasterna.",
        need_ids=[Need.TRYGGHET, Need.FRITID, Need.TILLHORIGHET],
        goals=["Jag vill ha någon att vara med på rasten.", "Jag vill börja spela fotboll igen."],
        child_view="Det är tråkigt när ingen vill leka.",
        guardians_view=(
            f"Vi vill att Åsa ska känna sig trygg. Pappa ({GUARDIAN_2_PNR}) kan skjutsa, "
            f"mamma har personnummer {GUARDIAN_1_PNR}."
        ),
        expected_outcome="Att Åsa känner sig trygg i skolan.",
        contingency="Om det inte blir bättre till jul träffas vi tidigare.",
        actions=actions(n_actions),
        barnkontakt=BARNKONTAKT,
        stodsamordnare=STODSAMORDNARE,
        next_meeting_on=date(2027, 1, 15),
        next_meeting_place="Backaskolan, rum 12",
        responsible="Ystads kommun, Backaskolan",
        participants=["Åsa", "Mamma", "Pappa", "Lena Ängström"],
        follow_ups=[
            MeetingRow(held_on=date(2026, 10, 1), notes="Vi bestämde att börja med kurator.")
        ],
        compass=compass(),
    )


def summary(kind: str = "upptackarkort") -> FormSummaryDocument:
    return FormSummaryDocument.model_validate({
        "kind": kind,
        "child_name": "Åsa Öberg",
        "child_identity_number": CHILD_PNR,
        "printed_on": TODAY,
        "answered_on": date(2026, 9, 14),
        "author": "Örjan Ström",
        "unit": "Backaskolan",
        "form_id": kind,
        "form_version": "1.0",
        "form_hash": "ab12cd34ef56ab12cd34",
        "header_rows": [SummaryRow(label="Situation", value="Rasten på skolgården")],
        "sections": [
            SummarySection(heading=f"Behov: {n.value}", need=n, rows=[
                SummaryRow(label="Är barnets behov uppfyllt?", value="Nej"),
                SummaryRow(label="Kommentar", value=f"Kommentar om {n.value}: säger ingenting."),
            ]) for n in Need
        ],
        "compass": compass(with_radar=kind == "skattning"),
    })


def orosanmalan() -> OrosanmalanDocument:
    return OrosanmalanDocument(
        child_name="Åsa Öberg",
        child_identity_number=CHILD_PNR,
        guardians=[PersonRow(relation="Vårdnadshavare 1", name="Märta Öberg",
                             identity_number=GUARDIAN_1_PNR)],
        reporter=Contact(name="Örjan Ström", title="Lärare", unit="Backaskolan",
                         phone="0411-57 70 33"),
        concern=CONCERN,
        indicators=[IndicatorRow(need=Need.TRYGGHET,
                                 text="Barnet är inte tryggt i hemmet")],
        observations=[ObservationRow(observed_on=date(2026, 11, 20), text="Blåmärke på armen.")],
        acute_danger=True,
        legal_reference="Anmälningsskyldigheten enligt socialtjänstlagen (2025:400)",
        created_on=TODAY,
        status="Upprättad",
        printed_on=TODAY,
    )


def extract(n_audit: int = 80) -> RegisterExtractDocument:
    return RegisterExtractDocument(
        child_name="Åsa Öberg",
        child_identity_number=CHILD_PNR,
        printed_on=TODAY,
        requested_by="Märta Öberg",
        records=[
            ExtractRecord(type_label="Barnets plan", record_id="rec-plan", revision=4,
                          created_at="2026-09-01T08:00:00.000Z", author="Lena Ängström",
                          rows=[SummaryRow(label="Mål", value="Någon att vara med på rasten.")]),
            ExtractRecord(type_label="Samtycke", record_id="rec-consent",
                          rows=[SummaryRow(label="Omfattning", value="Barnteam")]),
        ],
        audit=[
            AuditRow(at=f"2026-11-{1 + i % 28:02d}T10:{i % 60:02d}:00.000Z",
                     actor="Lena Ängström", action="läste" if i % 2 else "ändrade",
                     record=f"rec-{i}", device="dator 1")
            for i in range(n_audit)
        ],
    )


def consent_sheet() -> ConsentSheetDocument:
    return ConsentSheetDocument(
        child_name="Åsa Öberg",
        child_identity_number=CHILD_PNR,
        printed_on=TODAY,
        unit_name="Backaskolan",
        barnkontakt=BARNKONTAKT,
        shares=[
            ShareRow(recipient="Barnteamet på Backaskolan",
                     what="Upptäckarkortet och samtalet",
                     why=f"Teamet bedömer stödet (vårdnadshavare {GUARDIAN_2_PNR})"),
            ShareRow(recipient="BUP Ystad", what="Barnets plan", why="BUP ger stöd"),
        ],
        guardian_names=["Märta Öberg", "Per Öberg"],
    )
