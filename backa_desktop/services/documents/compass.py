"""The Behovskompass on a printout: statuses from the newest Upptäckarkort, one radar
polygon per rater from the newest rating occasion."""

from __future__ import annotations

from typing import Any

from backa_desktop.domain.forms import Respondent
from backa_desktop.domain.records import Record
from backa_desktop.printing.models import CompassView, RaterScores
from backa_desktop.services.documents.common import form_of, need_labels, need_statuses, score_map
from backa_desktop.services.overview import (
    Directory,
    current_responses,
    latest_need_status,
    need_means,
    occasion_of,
    signed_responses,
)
from backa_desktop.services.vault import Session


def rater_series(
    record: Record, directory: Directory, registry: Any | None
) -> list[RaterScores]:
    """One radar polygon per rater: a Skattning is one rater (with co-rater), a Samtal has
    the child and each guardian."""
    body = record.body
    form_id = str(body.get("form_id", ""))
    answers = body.get("answers") or {}
    form = form_of(registry, body)
    if form_id == "skattning":
        means = dict(body.get("need_scores") or {}) or need_means(answers, form)
        label = directory.staff_name(body.get("signed_by")) or "Personal"
        co = directory.staff_name(body.get("co_signer"))
        return [RaterScores(rater=f"{label} och {co}" if co else label, scores=score_map(means))]
    series: list[RaterScores] = []
    for who in (Respondent.CHILD, Respondent.GUARDIAN_1, Respondent.GUARDIAN_2):
        means = need_means(answers, form, who)
        if any(v is not None for v in means.values()):
            series.append(RaterScores(rater=who.label, scores=score_map(means)))
    return series


def compass_for_child(
    session: Session, child_id: str, directory: Directory, registry: Any | None = None
) -> CompassView:
    """Status from the newest Upptäckarkort answers, radar from the newest rating occasion."""
    responses = current_responses(signed_responses(session, child_id))
    cards = [r for r in responses if r.body.get("form_id") == "upptackarkort"]
    status, _ = latest_need_status(cards)
    rated = [r for r in responses if str(r.body.get("form_id", "")).startswith(("skattning",
                                                                                   "samtal"))]
    raters: list[RaterScores] = []
    if rated:
        newest = max(occasion_of(r) for r in rated)
        for record in sorted(rated, key=lambda r: r.created_at):
            if occasion_of(record) == newest:
                raters.extend(rater_series(record, directory, registry))
    return CompassView(statuses=need_statuses(status), raters=raters[:5],
                       labels=need_labels(registry))
