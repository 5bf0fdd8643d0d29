"""The stödprocess: statuses, decisions and what comes next (domain.md §1.13)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from backa_desktop.domain.process import (
    BESLUT_LABELS,
    CHILD_STATUS_LABELS,
    Beslut,
    ChildStatus,
    Decision,
    next_step,
    samtal_age_set,
    status_after,
)

STATUSES: list[ChildStatus | None] = [None, *ChildStatus]


def test_status_labels_are_the_model_words() -> None:
    assert [s.label for s in ChildStatus] == [
        "Upptäckt",
        "I barnteam",
        "Individuellt barnteam",
        "Behov uppfyllt",
    ]
    assert set(CHILD_STATUS_LABELS) == set(ChildStatus)
    assert set(BESLUT_LABELS) == set(Beslut)
    assert Beslut.OROSANMALAN.label == "Orosanmälan till socialtjänsten"


@pytest.mark.parametrize("current", STATUSES)
def test_orosanmalan_and_own_unit_never_change_the_status(current: ChildStatus | None) -> None:
    assert status_after(current, Beslut.OROSANMALAN) is current
    assert status_after(current, Beslut.EGEN_VERKSAMHET) is current


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (None, ChildStatus.UPPTACKT),
        (ChildStatus.UPPTACKT, ChildStatus.UPPTACKT),
        (ChildStatus.BEHOV_UPPFYLLT, ChildStatus.UPPTACKT),
        (ChildStatus.I_BARNTEAM, ChildStatus.I_BARNTEAM),
        (ChildStatus.INDIVIDUELLT_BARNTEAM, ChildStatus.INDIVIDUELLT_BARNTEAM),
    ],
)
def test_barnkontakt_opens_but_never_demotes(
    current: ChildStatus | None, expected: ChildStatus
) -> None:
    assert status_after(current, Beslut.BARNKONTAKT) is expected


@pytest.mark.parametrize("current", STATUSES)
def test_team_decisions_set_the_team_status(current: ChildStatus | None) -> None:
    assert status_after(current, Beslut.BARNTEAM) is ChildStatus.I_BARNTEAM
    assert status_after(current, Beslut.INDIVIDUELLT_BARNTEAM) is (
        ChildStatus.INDIVIDUELLT_BARNTEAM
    )


def test_behov_uppfyllt_closes_only_an_open_process() -> None:
    assert status_after(None, Beslut.BEHOV_UPPFYLLT) is None
    for current in ChildStatus:
        assert status_after(current, Beslut.BEHOV_UPPFYLLT) is ChildStatus.BEHOV_UPPFYLLT


def test_the_usual_path() -> None:
    status: ChildStatus | None = None
    seen = []
    for beslut in (
        Beslut.BARNKONTAKT,
        Beslut.OROSANMALAN,
        Beslut.BARNTEAM,
        Beslut.INDIVIDUELLT_BARNTEAM,
        Beslut.BEHOV_UPPFYLLT,
    ):
        status = status_after(status, beslut)
        seen.append(status)
    assert seen == [
        ChildStatus.UPPTACKT,
        ChildStatus.UPPTACKT,
        ChildStatus.I_BARNTEAM,
        ChildStatus.INDIVIDUELLT_BARNTEAM,
        ChildStatus.BEHOV_UPPFYLLT,
    ]


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_next_step(status: ChildStatus | None) -> None:
    text = next_step(status)
    assert text.endswith(".")
    assert len(text) > 40
    assert len({next_step(s) for s in STATUSES}) == len(STATUSES)


def test_next_step_after_upptackt_is_the_barnkontakt_talk() -> None:
    assert next_step(ChildStatus.UPPTACKT).startswith(
        "Barnkontakten samtalar med barnet och vårdnadshavarna"
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2020, 3, 14), None),  # 3 years old
        (date(2020, 3, 15), "4-6"),  # 4th birthday
        (date(2023, 3, 14), "4-6"),
        (date(2023, 3, 15), "7-12"),
        (date(2029, 3, 14), "7-12"),
        (date(2029, 3, 15), "13-18"),
        (date(2034, 3, 14), "13-18"),  # 17
        (date(2034, 3, 15), "13-18"),  # 18, often still in gymnasium
        (date(2035, 3, 14), "13-18"),
        (date(2035, 3, 15), None),  # 19
    ],
)
def test_samtal_age_sets(on: date, expected: str | None) -> None:
    assert samtal_age_set(date(2016, 3, 15), on) == expected


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.integers(0, 25 * 366))
def test_samtal_age_set_grows_with_the_child(birth: date, days: int) -> None:
    order = [None, "4-6", "7-12", "13-18"]
    earlier = samtal_age_set(birth, date.fromordinal(birth.toordinal() + days))
    later = samtal_age_set(birth, date.fromordinal(birth.toordinal() + days + 365))
    if later is not None:
        assert order.index(later) >= order.index(earlier)


def test_decision_body() -> None:
    decision = Decision(
        beslut=Beslut.BARNTEAM,
        motivation="  Flera behov är inte uppfyllda. ",
        follow_up=date(2027, 1, 15),
        decided_by="staff-1",
        notify_upptackare="staff-2",
    )
    assert decision.motivation == "Flera behov är inte uppfyllda."
    assert decision.must_inform_family
    told = decision.model_copy(update={"told_child_and_guardians": True})
    assert not told.must_inform_family
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_orosanmalan_needs_no_family_notice() -> None:
    decision = Decision(beslut=Beslut.OROSANMALAN, motivation="Misstanke.", decided_by="s")
    assert not decision.must_inform_family


@pytest.mark.parametrize("field", ["motivation", "decided_by"])
def test_decision_needs_motivation_and_author(field: str) -> None:
    body = {"beslut": "barnteam", "motivation": "Skäl.", "decided_by": "staff-1"} | {field: " "}
    with pytest.raises(ValidationError, match="Fältet får inte vara tomt"):
        Decision.model_validate(body)


def test_decision_keeps_fields_from_newer_versions() -> None:
    body = {"beslut": "barnteam", "motivation": "Skäl.", "decided_by": "s", "future": 1}
    assert Decision.model_validate(body).model_dump()["future"] == 1


def test_a_card_sent_is_the_next_step_only_while_no_process_runs() -> None:
    sent = next_step(None, card_sent=True)
    assert sent.startswith("Upptäckarkortet är skickat till Barnkontakten")
    assert next_step(ChildStatus.BEHOV_UPPFYLLT, card_sent=True) == sent
    for status in (ChildStatus.UPPTACKT, ChildStatus.I_BARNTEAM,
                   ChildStatus.INDIVIDUELLT_BARNTEAM):
        assert next_step(status, card_sent=True) == next_step(status)
