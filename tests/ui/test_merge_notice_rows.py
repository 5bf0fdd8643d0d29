"""The inbox's rows for the central store's notices (services/inbox.py), in Swedish and
English: who else registered the child, and whose Barnkontakt assignment rules when two met
(in a merge, or pushed side by side). Offscreen Qt with the app's real translation file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backa_desktop.services.inbox import ALSO_REGISTERED, BARNKONTAKT_MET, InboxItem
from backa_desktop.ui.i18n import Language
from backa_desktop.ui.inbox_model import InboxModel


@pytest.fixture
def language(qapp: Any) -> Iterator[Language]:
    chosen = Language(qapp)
    try:
        yield chosen
    finally:
        chosen.set("sv")


def _rows(items: list[InboxItem]) -> list[str]:
    model = InboxModel()
    model.set_rows(items)
    return [str(model.index(r, 2).data()) for r in range(model.rowCount())]


def test_merge_notices_read_in_the_app_language(language: Language) -> None:
    items = [
        InboxItem(ALSO_REGISTERED, "n-1", "c-1", "Sixten Testsson", "2026-12-03", who="Cecilia"),
        InboxItem(ALSO_REGISTERED, "n-2", "c-1", "Sixten Testsson", "2026-12-03"),
        InboxItem(BARNKONTAKT_MET, "n-3", "c-1", "Sixten Testsson", "2026-12-03", who="Bo"),
    ]
    assert _rows(items) == [
        "Cecilia registrerade också barnet; korten finns i barnets akt",
        "Någon annan registrerade också barnet; korten finns i barnets akt",
        "Barnet fick två Barnkontakter; den nyare gäller: Bo",
    ]
    assert language.set("en")
    assert _rows(items) == [
        "Cecilia also registered the child; the cards are in the child's file",
        "Someone else also registered the child; the cards are in the child's file",
        "The child got two Barnkontakts; the newer one applies: Bo",
    ]
