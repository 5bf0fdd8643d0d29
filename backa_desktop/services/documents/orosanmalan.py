"""An orosanmälan is printed only for someone who may see it."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.forms import localize_compass
from backa_desktop.domain.orosanmalan import STATUS_LABELS
from backa_desktop.printing.languages import REFERENCE, load_catalogue
from backa_desktop.printing.models import (
    Contact,
    IndicatorRow,
    ObservationRow,
    OrosanmalanDocument,
    PersonRow,
)
from backa_desktop.services.documents.common import (
    DocumentError,
    contact_of,
    formatted_identity,
    guardian_identity,
    load_child,
    need_labels,
    need_of_key,
    today_or,
)
from backa_desktop.services.orosanmalan import visible_reports
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session


def build_orosanmalan_document(
    session: Session,
    child_id: str,
    *,
    record_id: str | None = None,
    today: date | None = None,
    registry: Any | None = None,
    lang: str = REFERENCE,
) -> OrosanmalanDocument:
    """The newest report (or `record_id`) the user may see, its fixed words (status, a
    guardian without a stated relation, need names, signs of concern) in `lang`."""
    cat = load_catalogue(lang)
    _, profile = load_child(session, child_id)
    reports = visible_reports(session, child_id)
    if record_id is not None:
        reports = [row for row in reports if row.record_id == record_id]
    if not reports:
        raise DocumentError("document.no_visible_concern")
    report = max(reports, key=lambda row: (row.report.created_on, row.record.created_at)).report
    directory = load_directory(session)
    reporter = contact_of(directory, report.reporter_staff_id, "Anmälare") or Contact(
        name=report.reporter_staff_id
    )
    unit = directory.units.get(report.reporter_unit_id)
    reporter = reporter.model_copy(update={
        "unit": (unit.name if unit else "") or reporter.unit,
        # the reporter's own number, else the unit's switchboard the report was made from
        "phone": reporter.phone or (unit.phone if unit else "") or "",
    })
    labels = need_labels(registry, lang)
    indicators = [_indicator_row(i, registry, lang) for i in report.concern_indicator_ids]
    return OrosanmalanDocument(
        recipient=report.recipient,
        child_name=profile.display_name,
        child_identity_number=formatted_identity(profile),
        guardians=[
            PersonRow(relation=(g.relation or cat.t("concern.guardian", number=i)).capitalize(),
                      name=g.name,
                      identity_number=guardian_identity(g.identity), phone=g.phone or "")
            for i, g in enumerate(profile.guardians, start=1)
        ],
        reporter=reporter,
        concern=report.concern,
        indicators=indicators,
        observations=[ObservationRow(observed_on=o.observed_on, text=o.text)
                      for o in report.observations],
        acute_danger=report.acute_danger,
        legal_reference=report.legal_reference,
        created_on=report.created_on,
        sent_on=report.sent_on,
        status=cat.text.get(f"concern.status.{report.status.value}",
                            STATUS_LABELS[report.status]),
        printed_on=today_or(today),
        need_labels=labels,
    )


def _indicator_row(indicator_id: str, registry: Any | None, lang: str) -> IndicatorRow:
    need = need_of_key(indicator_id)
    text = indicator_id
    if registry is not None:
        try:
            compass = localize_compass(registry.compass(), lang)
            text = str(compass.concern_indicator(indicator_id).text)
        except Exception:  # an indicator id from another compass version
            text = indicator_id
    return IndicatorRow(need=need, text=text)
