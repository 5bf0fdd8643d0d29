"""The log review (loggkontroll) and a child's log extract as PDF.

Pure reportlab over the wire models of the central store's answers, so both the central
store's command line and the desktop app print the same document. Times are shown in Swedish
local time, because the reviewer judges "outside working hours" by the clock on the wall.
Ids only for children: the central log never holds a child's name.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.platypus import Flowable, Paragraph, Spacer

from backa_desktop.printing.layout import (
    PageFrame,
    build_pdf,
    grid_table,
    key_value_table,
    make_styles,
    section,
    signature_block,
)
from backa_desktop.sync.protocol import LogExtract, LogFinding, LogReview, UserReview

SIZE = 9.0
FOOTER = "Loggkontroll enligt PDL 4 kap. 3 § och HSLF-FS 2016:40. Hanteras som sekretessbelagd."

ACTION_LABELS = {
    "read": "läste",
    "preview": "förhandsgranskade",
    "reveal_identity": "visade personnummer",
    "print": "skrev ut",
    "export": "exporterade",
    "create": "skapade",
    "update": "ändrade",
    "delete": "tog bort",
    "write": "ändring mottagen",
    "purge": "rensade",
    "unlock": "låste upp",
}


def _zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")


def local_time(at: str) -> str:
    """A stored UTC timestamp as Swedish local time, to the minute."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(_zone())
    except ValueError:
        return at
    return moment.strftime("%Y-%m-%d %H:%M")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _short(value: str | None) -> str:
    """Ids are long; their last 12 characters tell them apart in a review (the first ones of
    a UUIDv7 are its time and alike for records made together). The CSV has them in full."""
    value = value or ""
    return value if len(value) <= 13 else "…" + value[-12:]


def _findings_table(findings: list[LogFinding]) -> Flowable:
    s = make_styles(SIZE)
    rows = [
        [local_time(f.at), action_label(f.action), _short(f.child_id), _short(f.device_id)]
        for f in findings
    ]
    return grid_table(["Tid", "Händelse", "Barn (id)", "Dator (id)"], rows,
                      [0.22, 0.26, 0.26, 0.26], s)


def _user_sections(user: UserReview) -> list[Flowable]:
    s = make_styles(SIZE)
    parts: list[Flowable] = []
    signals = [
        ("Läsningar av barn utan aktuell relation", user.without_relation),
        ("Läsningar av barn med skyddad identitet", user.protected_identity),
        ("Händelser utanför arbetstid", user.outside_hours),
        ("Utskrifter och exporter", user.prints_exports),
    ]
    for title, findings in signals:
        if findings:
            parts.append(Paragraph(f"{title} ({len(findings)})", s.label))
            parts.append(_findings_table(findings))
            parts.append(Spacer(1, 4))
    if user.bulk:
        parts.append(Paragraph("Många barn lästa inom en timme", s.label))
        parts.append(grid_table(
            ["Timme", "Antal barn"],
            [[b.hour.replace("T", " ") + ":00", str(b.children)] for b in user.bulk],
            [0.4, 0.3], s,
        ))
    return parts


def render_log_review(review: LogReview, printed_on: date) -> bytes:
    s = make_styles(SIZE)
    story: list[Flowable] = [Paragraph("Loggkontroll", s.h1)]
    story.append(key_value_table([
        ("Enhet", review.unit_name),
        ("Period", f"{review.date_from} – {review.date_to}"),
        ("Arbetstid", review.working_hours),
        ("Massläsning", f"minst {review.bulk_threshold} olika barn inom en klocktimme"),
        ("Underlaget skapat", local_time(review.generated_at)),
    ], s, label_width=0.25))
    story.append(Spacer(1, 6))
    story.append(Paragraph(
        "Underlaget visar per användare hur många barn som lästs och de händelser som ska "
        "granskas: läsningar av barn som användaren inte har någon aktuell relation till "
        "(inte barnkontakt, teammedlem, stödsamordnare, författare eller anmälare), barn med "
        "skyddad identitet, händelser utanför arbetstid, massläsning samt utskrifter och "
        "exporter. Barn och datorer anges med id; slå upp dem i Backa vid behov.", s.body))
    summary = [
        [u.display_name, str(u.reads), str(u.children_read), str(len(u.without_relation)),
         str(len(u.protected_identity)), str(len(u.outside_hours)), str(len(u.bulk)),
         str(len(u.prints_exports))]
        for u in review.users
    ]
    story += section("Sammanfattning per användare", [grid_table(
        ["Användare", "Läsn.", "Barn", "Utan relation", "Skyddad id", "Utanför arbetstid",
         "Massläsning", "Utskr./export"],
        summary or [["Inga användare i enheten", "", "", "", "", "", "", ""]],
        [0.18, 0.08, 0.07, 0.12, 0.11, 0.13, 0.15, 0.16], s)], s)  # headers unbroken
    for user in review.users:
        parts = _user_sections(user)
        if parts:
            story += section(f"{user.display_name} ({user.username})", parts, s)
    flagged = any(_user_sections(u) for u in review.users)
    if not flagged:
        story.append(Paragraph("Inga händelser att granska under perioden.", s.body))
    if review.checks:
        story += section("Tidigare dokumenterade kontroller", [grid_table(
            ["Utförd", "Av", "Period", "Resultat", "Iakttagelser"],
            [[local_time(c.at), c.reviewer, f"{c.date_from} – {c.date_to}",
              "inga avvikelser" if c.outcome == "ok" else "avvikelser", c.findings]
             for c in review.checks],
            [0.16, 0.14, 0.2, 0.14, 0.36], s)], s)
    story += section("Dokumentation av kontrollen", [signature_block(
        "Kontrollen utförd", s, ["Datum", "Namn", "Iakttagelser och åtgärder"])], s)
    frame = PageFrame(title=f"Loggkontroll – {review.unit_name}", printed_on=printed_on,
                      footer=FOOTER, subtitle=f"{review.date_from} – {review.date_to}")
    return build_pdf(story, frame)


def render_log_extract(extract: LogExtract, printed_on: date) -> bytes:
    s = make_styles(SIZE)
    story: list[Flowable] = [Paragraph("Loggutdrag för ett barn", s.h1)]
    story.append(key_value_table([
        ("Barn (id)", extract.child_id),
        ("Antal händelser", str(len(extract.entries))),
        ("Underlaget skapat", local_time(extract.generated_at)),
    ], s, label_width=0.25))
    story.append(Paragraph(
        "Vem som har läst, skrivit ut eller ändrat uppgifter om barnet, från alla datorer "
        "(deras loggar synkroniseras till den centrala servern) och från serverns logg över "
        "mottagna ändringar.", s.body))
    rows = [
        [local_time(e.at), e.display_name or e.username, action_label(e.action),
         _short(e.record_id), _short(e.device_id),
         "dator" if e.source == "laptop" else "server"]
        for e in extract.entries
    ]
    story += section("Logg", [grid_table(
        ["Tid", "Vem", "Händelse", "Post (id)", "Dator (id)", "Källa"],
        rows or [["Inga loggade händelser", "", "", "", "", ""]],
        [0.17, 0.2, 0.19, 0.16, 0.16, 0.12], s)], s)
    frame = PageFrame(title="Loggutdrag", printed_on=printed_on, footer=FOOTER)
    return build_pdf(story, frame)
