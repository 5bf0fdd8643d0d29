"""Statistics for unit leads, coordinators and the statistics role: asked of the central
store, never computed on the laptop (a laptop holds only its user's children, so its own
numbers would say nothing about a unit, and the suppression must be applied where all the
data is)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from backa_desktop.domain.statistics import StatisticsReport, StatisticsRequest
from backa_desktop.printing.languages import Catalogue, languages_for
from backa_desktop.services import sync_service
from backa_desktop.services.vault import Session
from backa_desktop.sync.client import NotEnrolled, Transport, fetch_statistics
from backa_desktop.sync.replica import Enrollment

VIEWER_ROLES = frozenset({"unit_lead", "stodsamordnare", "statistik"})
"""Who the app offers the Statistik window to; the server decides what they get."""


def may_view(roles: Iterable[str]) -> bool:
    return bool(VIEWER_ROLES & set(roles))


def enrollment(session: Session) -> Enrollment:
    """This folder's server credentials (database step), or `NotEnrolled`."""
    enrolled = sync_service.sync_state(session).enrollment()
    if enrolled is None:
        raise NotEnrolled("statistics.not_enrolled")
    return enrolled


def fetch(
    enrolled: Enrollment,
    period_from: date,
    period_to: date,
    units: Iterable[str] = (),
    transport: Transport | None = None,
) -> StatisticsReport:
    """The report (network step, off the GUI thread). Raises `SyncError` subclasses with a
    Swedish message: not reachable, not allowed (403), invalid period (422)."""
    request = StatisticsRequest(period_from=period_from, period_to=period_to, units=list(units))
    return fetch_statistics(enrolled, request, transport)


def print_languages() -> list[Catalogue]:
    """The languages the report is printed in, Swedish first (the catalogues that list
    `statistics`, so adding one is data)."""
    return languages_for("statistics")


def save_report_pdf(report: StatisticsReport, path: str, lang: str, printed_on: date) -> str:
    """Write the report as PDF in `lang` (atomically); returns the path written."""
    from backa_desktop.printing.layout import write_pdf
    from backa_desktop.printing.statistics import render_statistics

    return str(write_pdf(render_statistics(report, printed_on, lang), path))
