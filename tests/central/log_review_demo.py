"""A demo municipality's log review, to look at: `python -m tests.central.log_review_demo DIR`
writes DIR/review.pdf and DIR/review.csv from a fresh SQLite central store with fictional
staff, children (test-series identity numbers) and a week of laptop audit events — routine
reads by the Barnkontakt and a team member, and an outsider reading children she has no
relation to, one with protected identity, in the evening, plus a printout."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from backa_desktop.central import audit_log, log_review
from backa_desktop.central.access import Caller
from backa_desktop.central.migrate import upgrade
from backa_desktop.printing.log_review import render_log_review
from backa_desktop.sync.protocol import (
    AuditPush,
    LogCheckRequest,
    LogReviewRequest,
    PushBatch,
)
from tests.central import builders as b
from tests.central.audit_chains import Chain
from tests.central.support import service_for


def build(folder: Path) -> Path:
    url = f"sqlite:///{folder / 'demo-central.db'}"
    upgrade(url)
    service = service_for(url)
    bvc = service.add_unit("BVC Solrosen", "bvc")
    skola = service.add_unit("Ekskolan", "skola")

    def user(username: str, name: str, role: str, unit: str) -> Caller:
        uid = service.add_user(username=username, display_name=name, password=None,
                               roles=[role], unit_id=unit)
        return Caller(uid, f"laptop-{username}", frozenset({role}), unit)

    anna = user("anna", "Anna Andersson", "barnkontakt", bvc)
    bo = user("bo", "Bo Berg", "barnteam", skola)
    cecilia = user("cecilia", "Cecilia Carlsson", "upptackare", skola)
    david = user("david", "David Dahl", "barnteam", skola)
    kids = [b.child(anna.user_id, given=f"Barn{n}") for n in range(4)]
    kids[3].body["protected_identity"] = True
    records = []
    for kid in kids:
        records += [kid, b.barnkontakt(kid.id, anna.user_id, bvc, author=anna.user_id)]
    records += [b.individual_team(kids[0].id, [bo.user_id, david.user_id], author=anna.user_id),
                b.consent(kids[0].id, author=anna.user_id)]
    service.push(anna, PushBatch(changes=[b.change(r) for r in records]))

    def log(who: Caller, events: list[tuple[str, str, str | None]]) -> None:
        chain = Chain(who.user_id)
        for action, at, child in events:
            chain.add(action, at, child)
        audit_log.receive(service.engine, who, AuditPush.model_validate({"events": chain.events}))

    log(bo, [("read", "2026-11-09T08:12:00.000Z", kids[0].id),
             ("read", "2026-11-11T13:40:00.000Z", kids[0].id)])
    log(david, [("read", "2026-11-10T09:05:00.000Z", kids[0].id),
                ("print", "2026-11-10T09:07:00.000Z", kids[0].id)])
    log(cecilia, [("unlock", "2026-11-12T19:58:00.000Z", None),
                  ("read", "2026-11-12T20:01:00.000Z", kids[1].id),
                  ("read", "2026-11-12T20:03:00.000Z", kids[2].id),
                  ("read", "2026-11-12T20:04:00.000Z", kids[3].id),
                  ("export", "2026-11-12T20:06:00.000Z", kids[3].id),
                  ("read", "2026-11-13T10:15:00.000Z", kids[0].id)])
    log_review.record_check(
        service.engine, None,
        LogCheckRequest(unit_id=skola, date_from="2026-10-01", date_to="2026-10-31",
                        outcome="ok", findings="Stickprov på tre användare, inga avvikelser."),
        reviewer_id=bo.user_id,
    )
    review = log_review.review(
        service.engine, None,
        LogReviewRequest(unit_id=skola, date_from="2026-11-09", date_to="2026-11-15"),
    )
    service.engine.dispose()
    out = folder / "review.pdf"
    out.write_bytes(render_log_review(review, date(2026, 11, 16)))
    (folder / "review.csv").write_text(log_review.review_csv(review), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
