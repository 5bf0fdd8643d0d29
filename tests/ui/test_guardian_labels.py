"""The screens name a guardian through the shared lookup and fall back to the translated
"Vårdnadshavare 1" / "Guardian 1" in the language in force."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backa_desktop.ui import labels, plan_labels
from backa_desktop.ui.i18n import Language

NAMES = ("Märta Öberg", "Per Öberg")


@pytest.fixture(params=["sv", "en"])
def language(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    switch = Language(qapp)
    assert switch.set(request.param)
    yield request.param
    switch.set("sv")


def test_a_respondent_is_named_or_numbered_in_the_language(language: str) -> None:
    numbered = {"sv": "Vårdnadshavare 2", "en": "Guardian 2"}[language]
    assert labels.respondent("guardian_2", NAMES) == "Per Öberg"
    assert labels.respondent("guardian_2", ("Märta Öberg", " ")) == numbered
    assert labels.respondent("guardian_2") == numbered
    assert labels.respondent("child", NAMES) == {"sv": "Barnet", "en": "The child"}[language]


def test_a_consent_party_is_named_or_numbered_in_the_language(language: str) -> None:
    numbered = {"sv": "Vårdnadshavare 1", "en": "Guardian 1"}[language]
    assert plan_labels.party("vardnadshavare_1", NAMES) == "Märta Öberg"
    assert plan_labels.party("vardnadshavare_1", ("", "Per Öberg")) == numbered
    assert plan_labels.party_in_text("vardnadshavare_1", ("", "Per Öberg")) == numbered.lower()
    assert plan_labels.party_in_text("vardnadshavare_2", NAMES) == "Per Öberg"


def test_the_overview_compass_legend_names_the_guardians(language: str) -> None:
    """The overview's compass and its occasions list a guardian who answered a Samtal by
    name, and the child (and a guardian without a name) in the language in force."""
    from types import SimpleNamespace

    from backa_desktop.ui.screens import child_overview

    header = SimpleNamespace(guardians=[{"name": " Märta Öberg "}, {"name": ""}])
    overview = SimpleNamespace(header=header)
    names = child_overview._guardian_names(overview)
    legend = [
        child_overview._rater_label(SimpleNamespace(kind=kind), names)
        for kind in ("guardian_1", "guardian_2", "child")
    ]
    assert legend == [
        "Märta Öberg",
        {"sv": "Vårdnadshavare 2", "en": "Guardian 2"}[language],
        {"sv": "Barnet", "en": "The child"}[language],
    ]
