"""Orosanmälan: no consent, dated legal reference, narrow visibility (domain.md §3.2)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from backa_desktop.domain.consent import ConsentScope, may_share
from backa_desktop.domain.orosanmalan import (
    DEFAULT_REPORTING_DUTY,
    LegalReferenceTable,
    Observation,
    Orosanmalan,
    OrosanmalanStatus,
    StatusError,
    advance,
    new_orosanmalan,
    reporting_duty_reference,
    visible_to,
)


def report(on: date = date(2025, 9, 1)) -> Orosanmalan:
    return new_orosanmalan(
        child_id="child-1",
        concern="Barnet berättade att det är rädd för att gå hem.",
        reporter_staff_id="larare-1",
        reporter_unit_id="backaskolan",
        created_on=on,
        concern_indicator_ids=["trygghet.otrygg_hemma"],
        observations=[Observation(observed_on=date(2025, 8, 28), text="Blåmärke på armen.")],
        acute_danger=True,
    )


def test_created_without_any_consent() -> None:
    r = report()
    assert not may_share([], ConsentScope.BARNTEAM, on=date(2025, 9, 1))
    assert r.status is OrosanmalanStatus.UPPRATTAD
    assert r.acute_danger and r.observations[0].text == "Blåmärke på armen."


def test_legal_reference_depends_on_date_and_is_never_14_1_after_june_2025() -> None:
    before = new_orosanmalan(child_id="c", concern="x", reporter_staff_id="s",
                             reporter_unit_id="u", created_on=date(2025, 6, 30))
    after = new_orosanmalan(child_id="c", concern="x", reporter_staff_id="s",
                            reporter_unit_id="u", created_on=date(2025, 7, 1))
    assert before.legal_reference == "14 kap. 1 § socialtjänstlagen (2001:453)"
    assert "14 kap. 1 §" not in after.legal_reference
    assert "2025:400" in after.legal_reference
    assert after.legal_reference_table_version == DEFAULT_REPORTING_DUTY.version
    assert not reporting_duty_reference(date(2026, 1, 1)).verified


def test_reference_table_is_configuration() -> None:
    table = LegalReferenceTable.from_mapping({
        "version": "2026-01",
        "references": [
            {"id": "a", "citation": "Gammal lag", "valid_from": "2000-01-01",
             "valid_to": "2025-06-30"},
            {"id": "b", "citation": "Ny paragraf i SoL 2025:400", "valid_from": "2025-07-01"},
        ],
    })
    r = new_orosanmalan(child_id="c", concern="x", reporter_staff_id="s", reporter_unit_id="u",
                        created_on=date(2025, 12, 1), table=table)
    assert r.legal_reference == "Ny paragraf i SoL 2025:400" and r.legal_reference_id == "b"
    with pytest.raises(LookupError):
        table.on(date(1999, 1, 1))
    with pytest.raises(ValidationError):
        LegalReferenceTable.from_mapping({"version": "x", "references": [
            {"id": "a", "citation": "A", "valid_from": "2000-01-01"},
            {"id": "b", "citation": "B", "valid_from": "2025-07-01"},
        ]})


def test_status_moves_forward_with_dates() -> None:
    r = report()
    sent = advance(r, OrosanmalanStatus.SKICKAD, date(2025, 9, 1))
    assert sent.sent_on == date(2025, 9, 1)
    done = advance(sent, OrosanmalanStatus.ATERKOPPLING, date(2025, 9, 20),
                   feedback="Utredning inledd.")
    assert done.received_on == date(2025, 9, 20) and done.feedback_on == date(2025, 9, 20)
    with pytest.raises(StatusError):
        advance(done, OrosanmalanStatus.MOTTAGEN, date(2025, 9, 21))
    with pytest.raises(StatusError):
        advance(r, OrosanmalanStatus.SKICKAD, date(2025, 8, 1))


def test_visible_only_to_author_unit_lead_and_social_services() -> None:
    r = report()
    assert visible_to(r, "larare-1", (), False)
    assert visible_to(r, "rektor", {"backaskolan"}, False)
    assert not visible_to(r, "rektor-annan", {"kallan"}, False)
    assert not visible_to(r, "barnkontakt", (), False)
    assert not visible_to(r, "soc-1", (), True)  # a draft has not reached them
    sent = advance(r, OrosanmalanStatus.SKICKAD, date(2025, 9, 1))
    assert visible_to(sent, "soc-1", (), True)
    assert not visible_to(sent, "barnkontakt", (), False)
