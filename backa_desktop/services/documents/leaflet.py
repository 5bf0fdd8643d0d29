"""The leaflet "Vad är Backa barnet?" with the child's Barnkontakt to call."""

from __future__ import annotations

from datetime import date

from backa_desktop.printing.models import LeafletDocument
from backa_desktop.services.documents.common import barnkontakt_on, contact_of, load_child, today_or
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session


def build_leaflet(session: Session, child_id: str, *, today: date | None = None
                  ) -> LeafletDocument:
    """The leaflet with the child's current Barnkontakt to call."""
    on = today_or(today)
    _, profile = load_child(session, child_id)
    directory = load_directory(session)
    hide = profile.protected_identity  # no unit on a protected child's leaflet (contact_of)
    return LeafletDocument(
        printed_on=on,
        barnkontakt=contact_of(directory, barnkontakt_on(session, child_id, on), "Barnkontakt",
                               protected=hide),
        unit_name="" if hide else directory.unit_name(profile.unit_id),
    )
