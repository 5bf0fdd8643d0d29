"""The Behovskompass on a printout: statuses from the newest Upptäckarkort, one radar
polygon per rater from the newest rating occasion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import FormResponse, guardian_name
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.printing.languages import REFERENCE, load_catalogue
from backa_desktop.printing.models import CompassView, RaterScores
from backa_desktop.services.documents.common import (
    forms_of,
    need_labels,
    need_statuses,
    score_map,
)
from backa_desktop.services.overview import (
    Directory,
    current_pairs,
    latest_need_status_of,
    pairs_of,
    parsed_body,
    response_occasion,
    response_series,
)
from backa_desktop.services.vault import Session

_RATED = (FormUse.SKATTNING, FormUse.SAMTAL)


def rater_series(
    record: Record, directory: Directory, registry: Any | None, lang: str = REFERENCE,
    guardian_names: Sequence[str] = (),
) -> list[RaterScores]:
    """The overview's polygons for one response, as the printout names them (a guardian by
    the name in the child's profile, `guardian_names`; the child or a guardian without a
    name by role, in the print language; staff by name)."""
    return _series(record, body_as(record, FormResponse), directory, registry, lang,
                   guardian_names)


def _series(
    record: Record,
    response: FormResponse,
    directory: Directory,
    registry: Any | None,
    lang: str,
    guardian_names: Sequence[str] = (),
) -> list[RaterScores]:
    # Every print language carries these words (family languages too), so a guardian
    # without a name is never "Vårdnadshavare 1" in a Somali or Arabic plan.
    cat = load_catalogue(lang)
    scores: list[RaterScores] = []
    for series in response_series(record, response, forms_of(registry), directory):
        label = series.label
        if name := guardian_name(series.kind, guardian_names):
            label = name
        elif series.kind != "staff":
            label = cat.t(f"compass.rater.{series.kind}")
        if series.co_label:
            label = cat.t("compass.and", first=label, second=series.co_label)
        scores.append(RaterScores(rater=label, scores=score_map(series.means)))
    return scores


def compass_for_child(
    session: Session,
    child_id: str,
    directory: Directory,
    registry: Any | None = None,
    lang: str = REFERENCE,
    guardian_names: Sequence[str] = (),
) -> CompassView:
    """Status from the newest Upptäckarkort answers, radar from the newest rating occasion;
    the guardians by name (`guardian_names`, the child's profile), the other raters named in
    `lang` where its catalogue has the words."""
    # each response parsed once per session (`parsed_body`, shared with the plan window): a
    # child can have hundreds, and every printout has a compass
    parsed = [(r, parsed_body(session, r, FormResponse))
              for r in session.repo.find(RecordType.FORM_RESPONSE, child_id=child_id)]
    responses = current_pairs([(r, response) for r, response in parsed if response.signed])
    status, _ = latest_need_status_of(pairs_of(responses, FormUse.UPPTACKARKORT))
    rated = [(response_occasion(r, response), r, response) for r, response in responses
             if form_use(response.form_id) in _RATED]
    raters: list[RaterScores] = []
    if rated:
        newest = max(day for day, _, _ in rated)
        for day, record, response in sorted(rated, key=lambda d: d[1].created_at):
            if day == newest:
                raters.extend(_series(record, response, directory, registry, lang,
                                      guardian_names))
    return CompassView(statuses=need_statuses(status), raters=raters[:5],
                       labels=need_labels(registry, lang))
