"""A broken form file stops loading with the file, the place in it and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backa_desktop.services.forms import (
    LOCK_FILE,
    FormLoadError,
    FormRegistry,
    LoadProblem,
    main,
    release,
)

MINIMAL = """\
id: enkel
version: 1
title: Enkel
audience: staff
status: draft
sections:
  - id: forsta
    title: Första
    items:
      - id: namn
        kind: text
        label: Namn
      - id: datum
        kind: date
        label: Datum
  - id: andra
    title: Andra
    items:
      - id: skala
        kind: scale_1_5
        label: Hur bra?
        need: omsorg
      - id: val
        kind: single_choice
        label: Välj
        options:
          - {id: a, label: A}
          - {id: b, label: B}
      - id: ja_nej
        kind: yes_no
        label: Ja eller nej?
"""


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_problem(directory: Path) -> LoadProblem:
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(directory)
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    message = str(caught.value)
    assert str(problem.file) in message and problem.place in message and problem.reason in message
    assert "Traceback" not in message
    return problem


def test_minimal_file_loads(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL)
    registry = FormRegistry.load(tmp_path)
    assert registry.get("enkel", 1).item("skala").label == "Hur bra?"


def test_bad_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("title: Första", "title: [Första"))
    problem = _only_problem(tmp_path)
    assert problem.file == path
    assert problem.reason.startswith("YAML-fel")
    assert problem.line is not None


def test_unknown_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("kind: yes_no", "kind: ja_nej"))
    problem = _only_problem(tmp_path)
    assert problem.file == path
    assert problem.place == "sections[1].items[2].kind"
    assert "okänd typ 'ja_nej'" in problem.reason and "yes_no" in problem.reason
    assert problem.line == MINIMAL.splitlines().index("        kind: yes_no") + 1


def test_missing_kind(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("        kind: date\n", ""))
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[0].items[1].kind"
    assert "saknas" in problem.reason


def test_duplicate_id(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("id: ja_nej", "id: namn"))
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[1].items[2].id"
    assert "'namn' används redan (sections[0].items[0].id)" in problem.reason
    assert problem.line == MINIMAL.splitlines().index("      - id: ja_nej") + 1


def test_duplicate_option_id(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("{id: b, label: B}", "{id: a, label: B}"))
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[1].items[1].options[1].id"


def test_missing_field(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("        label: Hur bra?\n", ""))
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[1].items[0].label"
    assert problem.reason == "fältet saknas"


def test_missing_top_level_field(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("audience: staff\n", ""))
    problem = _only_problem(tmp_path)
    assert (problem.place, problem.reason) == ("audience", "fältet saknas")


def test_misspelt_field(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "enkel.v1.yaml",
        MINIMAL.replace("label: Namn", "label: Namn\n        requried: true"),
    )
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[0].items[0].requried"
    assert "okänt fält" in problem.reason


def test_wrong_need_id(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("need: omsorg", "need: omvardnad"))
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[1].items[0].need"
    assert "'omvardnad'" in problem.reason and "'omsorg'" in problem.reason


def test_bad_scale_anchor(tmp_path: Path) -> None:
    text = MINIMAL.replace("need: omsorg", "need: omsorg\n        anchors: {1: Dåligt, 7: Bra}")
    _write(tmp_path, "enkel.v1.yaml", text)
    problem = _only_problem(tmp_path)
    assert problem.place.startswith("sections[1].items[0].anchors[7]")


def test_condition_must_point_backwards(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "label: Namn", "label: Namn\n        show_if: {item: ja_nej, equals: true}"
    )
    _write(tmp_path, "enkel.v1.yaml", text)
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[0].items[0].show_if.item"
    assert "bakåt" in problem.reason


def test_condition_value_must_be_a_possible_answer(tmp_path: Path) -> None:
    text = (
        MINIMAL.rstrip("\n") + "\n      - id: varfor\n        kind: text\n        label: Varför?\n"
    )
    text += "        show_if: {item: ja_nej, equals: ja}\n"
    _write(tmp_path, "enkel.v1.yaml", text)
    problem = _only_problem(tmp_path)
    assert problem.place == "sections[1].items[3].show_if.equals"
    assert "'ja'" in problem.reason and "ja_nej" in problem.reason


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("title: Enkel", "title: Enkel\ntitle: Igen"))
    problem = _only_problem(tmp_path)
    assert problem.place == "title"
    assert "två gånger" in problem.reason
    assert problem.line == 4


def test_yaml_alias_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Första", "title: &t Första").replace("title: Andra", "title: *t")
    _write(tmp_path, "enkel.v1.yaml", text)
    assert "alias" in _only_problem(tmp_path).reason


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    _write(tmp_path, "tom.yaml", "# bara en kommentar\n")
    assert _only_problem(tmp_path).reason == "filen är tom"
    _write(tmp_path, "tom.yaml", "- en\n- lista\n")
    assert "mappning" in _only_problem(tmp_path).reason


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("title: Första".encode("latin-1"))
    assert "UTF-8" in _only_problem(tmp_path).reason


def test_unknown_file_type(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", "type: blankett\n" + MINIMAL)
    problem = _only_problem(tmp_path)
    assert (problem.place, problem.line) == ("type", 1)


def test_file_name_must_match_id_and_version(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v2.yaml", MINIMAL)
    problem = _only_problem(tmp_path)
    assert problem.place == "id" and "enkel.v1.yaml" in problem.reason


def test_same_version_twice(tmp_path: Path) -> None:
    _write(tmp_path, "enkel.v1.yaml", MINIMAL)
    _write(tmp_path, "enkel.yaml", MINIMAL)
    problem = _only_problem(tmp_path)
    assert problem.place == "version" and "enkel" in problem.reason


def test_every_problem_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "id: [")
    _write(tmp_path, "enkel.v1.yaml", MINIMAL.replace("need: omsorg", "need: x"))
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(tmp_path)
    assert {p.file.name for p in caught.value.problems} == {"a.yaml", "enkel.v1.yaml"}


def test_wrong_need_in_shipped_compass(forms_copy: Path) -> None:
    path = forms_copy / "behovskompass.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: fritid\n", "- id: lek\n"))
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(forms_copy)
    places = {(p.file.name, p.place) for p in caught.value.problems}
    assert ("behovskompass.yaml", "needs[3].id") in places


def test_unknown_indicator(forms_copy: Path) -> None:
    path = forms_copy / "skattning.v1.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "indicator: omsorg.stimulans", "indicator: omsorg.finns_inte"
    )
    # make it a draft so the only complaint is the indicator, not the changed release
    text = text.replace("status: released", "status: draft")
    path.write_text(text, encoding="utf-8")
    lock = forms_copy / LOCK_FILE
    pinned = yaml.safe_load(lock.read_text(encoding="utf-8"))
    del pinned["skattning"]
    lock.write_text(yaml.safe_dump(pinned), encoding="utf-8")
    problem = _only_problem(forms_copy)
    assert problem.file == path
    assert problem.place.endswith(".indicator")
    assert "omsorg.finns_inte" in problem.reason


def test_modified_released_file(forms_copy: Path) -> None:
    path = forms_copy / "fem_fragor.v1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Vad kan jag göra för", "Vad kan vi göra för"), encoding="utf-8")
    problem = _only_problem(forms_copy)
    assert problem.file == path
    assert "har ändrats" in problem.reason
    assert "fem_fragor.v2.yaml" in problem.reason  # tells the editor what to do instead


def test_layout_of_a_released_file_may_change(forms_copy: Path) -> None:
    """Comments, key order and line breaks are not the wording: only content is pinned."""
    path = forms_copy / "upptackarkort.v1.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(
        "# omformaterad\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=60),
        encoding="utf-8",
    )
    FormRegistry.load(forms_copy)


def test_released_file_not_in_lock_then_released(forms_copy: Path) -> None:
    source = (forms_copy / "fem_fragor.v2.yaml").read_text(encoding="utf-8")
    new = source.replace("version: 2", "version: 3").replace(
        "Vad kan jag göra för", "Vad kan vi göra för"
    )
    path = _write(forms_copy, "fem_fragor.v3.yaml", new)
    problem = _only_problem(forms_copy)
    assert problem.file == path and problem.place == "status"
    assert "released.lock" in problem.reason and "release" in problem.reason

    digest = release(forms_copy, "fem_fragor", 3)
    registry = FormRegistry.load(forms_copy)
    assert registry.get("fem_fragor").version == 3
    assert registry.get("fem_fragor").content_hash == digest
    assert registry.get("fem_fragor", 2).version == 2
    assert release(forms_copy, "fem_fragor", 3) == digest  # again: no change


def test_draft_then_release_through_the_command_line(
    forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (forms_copy / "skattning.v1.yaml").read_text(encoding="utf-8")
    draft = source.replace("version: 1", "version: 2").replace("status: released", "status: draft")
    path = _write(forms_copy, "skattning.v2.yaml", draft)
    registry = FormRegistry.load(forms_copy)
    assert registry.get("skattning").version == 1  # drafts are not "latest released"
    assert registry.versions("skattning") == [1, 2]

    assert main(["release", str(forms_copy), "skattning", "2"]) == 1
    assert "status: released" in capsys.readouterr().err

    path.write_text(draft.replace("status: draft", "status: released"), encoding="utf-8")
    assert main(["release", str(forms_copy), "skattning", "2"]) == 0
    assert main(["check", str(forms_copy)]) == 0
    assert "skattning v2 (released)" in capsys.readouterr().out
    assert FormRegistry.load(forms_copy).get("skattning").version == 2


def test_released_version_cannot_become_draft(forms_copy: Path) -> None:
    path = forms_copy / "samtal_4_6.v1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: released", "status: draft"),
        encoding="utf-8",
    )
    problem = _only_problem(forms_copy)
    assert problem.place == "status" and "redan släppt" in problem.reason


def test_released_version_cannot_be_deleted(forms_copy: Path) -> None:
    (forms_copy / "samtal_13_18.v1.yaml").unlink()
    problem = _only_problem(forms_copy)
    assert problem.file.name == LOCK_FILE
    assert problem.place == "samtal_13_18[1]"


def test_broken_lock(forms_copy: Path) -> None:
    (forms_copy / LOCK_FILE).write_text("upptackarkort:\n  1: inte-en-hash\n", encoding="utf-8")
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(forms_copy)
    lock_problems = [p for p in caught.value.problems if p.file.name == LOCK_FILE]
    assert [p.place for p in lock_problems] == ["upptackarkort[1]"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(tmp_path / "finns_inte")
    assert "finns inte" in str(caught.value)
