"""The retention rules as data: the shipped file loads and classifies every record type, and a
broken file is refused with the file, the place and the problem named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.domain.retention import (
    RetentionRulesError,
    RunsFrom,
    add_years,
    parse_rules,
    pick_version,
)

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "retention"


def _shipped_text() -> str:
    return (SHIPPED / "gallringsregler.v1.yaml").read_text(encoding="utf-8")


def test_shipped_rules_load_and_cover_the_classes_the_law_names() -> None:
    rules = parse_rules(_shipped_text(), "gallringsregler.v1.yaml")
    ids = {c.id for c in rules.classes}
    assert {"socialtjanst", "patientjournal", "skola", "gemensam_plan", "orosanmalan",
            "logg"} <= ids
    social = rules.get("socialtjanst")
    assert (social.period_years, social.runs_from) == (5, RunsFrom.LAST_ENTRY)
    assert social.exemptions.birth_days == (5, 15, 25)
    assert rules.get("patientjournal").period_years == 10
    assert rules.audit_class is not None and rules.audit_class.id == "logg"
    assert len(rules.content_hash) == 64
    for record_class in rules.classes:
        assert record_class.owner.strip()


def test_classification_by_type_unit_and_form() -> None:
    rules = parse_rules(_shipped_text(), "x.yaml")
    assert rules.classify(RecordType.OROSANMALAN, "skola", None) == "orosanmalan"
    assert rules.classify(RecordType.NOTE, "socialtjanst", None) == "socialtjanst"
    assert rules.classify(RecordType.FORM_RESPONSE, "bvc", "skattning") == "patientjournal"
    assert rules.classify(RecordType.NOTE, "skola", None) == "skola"
    assert rules.classify(RecordType.PLAN, "bvc", None) == "gemensam_plan"
    assert rules.classify(RecordType.NOTE, None, None) == "gemensam_plan"
    assert rules.classify(RecordType.STAFF, "bvc", None) == "katalog"


def test_due_counts_whole_years_and_birth_day_exemption() -> None:
    social = parse_rules(_shipped_text(), "x.yaml").get("socialtjanst")
    assert social.due(date(2020, 3, 1), date(2025, 3, 1))
    assert not social.due(date(2020, 3, 1), date(2025, 2, 28))
    assert not social.due(None, date(2099, 1, 1))
    assert social.exempt_birth(date(2012, 4, 15))
    assert not social.exempt_birth(date(2012, 4, 16))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    runs_from: last_entry", "    runs_from: fodelse", 1), "classes.0.runs_from"),
        (("period_years: 5", "period_years: fem", 1), "classes.0.period_years"),
        (("birth_days: [5, 15, 25]", "birth_days: [5, 15, 35]", 1), "birth_days"),
        (("  - id: logg", "  - id: orosanmalan", 1), "flera gånger"),
        (("    applies_to: {}\n", "    applies_to:\n      types: [plan]\n", 1),
         "hör inte till någon klass"),
        (("version: 1", "version: 1\nunknown_key: 3", 1), "unknown_key"),
        (("classes:", "classes: [\n", 1), "inte giltig YAML"),
    ],
)
def test_a_broken_file_is_refused_with_a_clear_message(
    change: tuple[str, str, int], expected: str
) -> None:
    old, new, count = change
    text = _shipped_text()
    assert old in text
    with pytest.raises(RetentionRulesError) as caught:
        parse_rules(text.replace(old, new, count), "gallringsregler.v1.yaml")
    message = str(caught.value)
    assert message.startswith("gallringsregler.v1.yaml: ")
    assert expected in message


def test_not_a_mapping_and_missing_versions() -> None:
    with pytest.raises(RetentionRulesError, match="ska vara en karta"):
        parse_rules("- 1\n- 2\n", "a.yaml")
    rules = parse_rules(_shipped_text(), "x.yaml")
    assert pick_version([rules], None) is rules
    with pytest.raises(RetentionRulesError, match="version 7 finns inte"):
        pick_version([rules], 7)
    with pytest.raises(RetentionRulesError, match="inga gallringsregler"):
        pick_version([], None)


def test_years_from_a_leap_day() -> None:
    assert add_years(date(2016, 2, 29), 5) == date(2021, 2, 28)
    assert add_years(date(2016, 2, 29), -4) == date(2012, 2, 29)
    assert add_years(date(2021, 3, 1), -5) == date(2016, 3, 1)
