"""The benchmark report writer touches only its own section of docs/benchmarks.md: people
write analysis by hand around the generated sections, and a benchmark run must not delete
it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench import report
from tests.bench.measure import Figure


def _info(mode: str) -> report.RunInfo:
    return report.RunInfo(
        mode=mode,
        children=10,
        records=100,
        build_note="generated in the test",
        seconds=1.0,
        load_before="0.10 / 0.10 / 0.10",
        load_after="0.20 / 0.20 / 0.20",
    )


FIGURE = Figure(name="Statistics report", budget="≤ 2 s", value="812 ms", limit=2000.0,
                measured=812.0)

DOC = """# Benchmarks

Intro written by hand.

<!-- full:start -->
## Full run: old figures
<!-- full:end -->

## A hand-written section between two runs

Kept, with its odd   spacing.
<!-- stats:start -->
## Statistics run: old figures

old table
<!-- stats:end -->
Hand-written text right after the markers.

<!-- notes:start -->
## Notes
<!-- notes:end -->

Trailing text, no newline at the end."""


def test_a_run_replaces_only_the_text_between_its_markers(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, "utf-8")
    text = report.write(path, [FIGURE], _info("stats"))
    assert path.read_text("utf-8") == text
    before, _, rest = DOC.partition("<!-- stats:start -->")
    _, _, after = rest.partition("<!-- stats:end -->")
    assert text.startswith(before + "<!-- stats:start -->\n## Statistics run: 10 children\n")
    assert text.endswith("<!-- stats:end -->" + after)
    assert "old table" not in text
    assert "| Statistics report | ≤ 2 s | 812 ms |" in text
    # a second run changes nothing outside the section either
    again = report.write(path, [FIGURE], _info("stats"))
    assert again.startswith(before) and again.endswith("<!-- stats:end -->" + after)


def test_a_new_section_goes_before_the_later_modes_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, "utf-8")
    text = report.write(path, [FIGURE], _info("quick"))
    head, _, tail = text.partition("<!-- quick:start -->")
    section, _, tail = tail.partition("<!-- quick:end -->")
    assert head + tail == DOC.replace("<!-- stats:start -->", "\n\n<!-- stats:start -->")
    assert head.endswith("Kept, with its odd   spacing.\n")
    assert "## Quick run: 10 children" in section


def test_a_missing_file_gets_the_header_and_the_section(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "benchmarks.md"
    text = report.write(path, [FIGURE], _info("stats"))
    assert text.startswith(report.HEADER)
    assert text.count("<!-- stats:start -->") == 1 and text.endswith("<!-- stats:end -->\n")


@pytest.mark.parametrize(
    "damaged",
    [
        DOC.replace("<!-- stats:end -->", ""),
        DOC.replace("<!-- stats:start -->", ""),
        DOC.replace("<!-- stats:start -->", "@@")
        .replace("<!-- stats:end -->", "<!-- stats:start -->")
        .replace("@@", "<!-- stats:end -->"),
    ],
)
def test_half_a_marker_pair_writes_nothing(tmp_path: Path, damaged: str) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text(damaged, "utf-8")
    with pytest.raises(ValueError, match="not a pair"):
        report.write(path, [FIGURE], _info("stats"))
    assert path.read_text("utf-8") == damaged


def test_a_central_run_and_a_sync_run_keep_each_others_sections(tmp_path: Path) -> None:
    """The whole sync through HTTP and the 200-laptop burst are run separately (each takes
    long at the real size); the later must not replace the earlier's figures."""
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, "utf-8")
    report.write(path, [FIGURE], _info("sync"))
    central = report.RunInfo(**{**_info("central").__dict__, "children": 0, "records": 0})
    text = report.write(path, [FIGURE], central)
    assert "## Sync run: 10 children\n" in text
    assert "## Central store run\n" in text
    order = [text.index(f"<!-- {m}:start -->") for m in ("stats", "sync", "central", "notes")]
    assert order == sorted(order)
    assert text.endswith(DOC[DOC.index("<!-- notes:start -->") :])
