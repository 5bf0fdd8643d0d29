"""Write docs/benchmarks.md: the machine, date and commit, each figure against its budget, and
for each miss by how much and the cause found."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.measure import Figure

REPO = Path(__file__).resolve().parents[2]


@dataclass
class RunInfo:
    mode: str
    children: int
    records: int
    build_note: str
    seconds: float
    load_before: str
    load_after: str


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def commit() -> str:
    head = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "backa_desktop")
    return head + (" (with uncommitted changes in backa_desktop/)" if dirty else "")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    cipher = f"SQLCipher {conn.execute('PRAGMA cipher_version').fetchone()[0]}"
    conn.close()
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {cipher}")


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


HEADER = """# Benchmarks

Written by the benchmark suite: `./dev.sh bench` (full: 100,000 children, 1,000,000 records)
and `./dev.sh bench --quick` (10,000 children); each run replaces its own section and keeps
the other. Do not edit by hand. Budgets are DESIGN.md §12. Times are medians (and p50/p95
where the budget names them) of several runs; ratios are measured side by side in the same
run. A figure whose part is not built, or that could not run, says so instead of a number.
"""


MODES = ("full", "quick", "gui", "stats", "sync", "central", "notes")
"""The report's sections, in order: the suite's runs, a GUI-only run (click to painted), a
statistics run, a sync-only run at a chosen size, a run of only the central store's figures
(the 200-laptop burst, the in-process push), and
`notes` — hand-written analysis between `<!-- notes:start -->` and `<!-- notes:end -->`,
which no run writes and every run keeps."""


def write(path: Path, figures: list[Figure], info: RunInfo) -> str:
    """Replace the text between this mode's markers and nothing else: hand-written sections
    outside every marker pair (and the other modes' sections) stay as they are, byte for
    byte. A mode without a section yet gets one before the first section of a later mode
    (in `MODES` order), or at the end. Half a marker pair is an error and writes nothing, so
    a damaged file is mended by hand instead of losing text."""
    start, end = f"<!-- {info.mode}:start -->", f"<!-- {info.mode}:end -->"
    section = start + "\n" + render(figures, info) + end
    old = path.read_text("utf-8") if path.exists() else HEADER
    if (start in old) != (end in old) or (
        start in old and old.index(end) < old.index(start)
    ):
        raise ValueError(
            f"{path}: the markers {start} and {end} are not a pair; mend them by hand "
            "(nothing was written)."
        )
    if start in old:
        text = old[: old.index(start)] + section + old[old.index(end) + len(end) :]
    else:
        after = MODES[MODES.index(info.mode) + 1 :] if info.mode in MODES else ()
        later = [old.index(f"<!-- {m}:start -->") for m in after if f"<!-- {m}:start -->" in old]
        if later:
            at = min(later)
            text = old[:at] + section + "\n\n" + old[at:]
        else:
            text = old.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text


def render(figures: list[Figure], info: RunInfo) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    names = {"full": "Full run", "quick": "Quick run", "gui": "GUI run (click to painted)",
             "stats": "Statistics run",
             "sync": "Sync run", "central": "Central store run"}
    title = names.get(info.mode, info.mode) + (
        f": {info.children:,} children" if info.children else "")
    lines = [
        f"## {title}",
        "",
        f"- **Date:** {now}",
        f"- **Commit:** {commit()}",
        f"- **Machine:** {machine()}",
        f"- **Mode:** {info.mode}: {info.children:,} children, {info.records:,} records "
        f"({info.build_note})",
        f"- **Load average (1/5/15 min) before / after:** {info.load_before} → "
        f"{info.load_after}. Other work on the machine skews timings upwards; the figures "
        "below are what this run saw.",
        f"- **Suite run time:** {info.seconds:.0f} s",
        "",
        "| Figure | Budget | Measured | Status |",
        "|---|---|---|---|",
    ]
    for fig in figures:
        value = fig.value if not fig.not_measured else f"not measured: {fig.not_measured}"
        status = fig.status
        if status == "MISSED":
            status = f"**MISSED** by {fig.miss_text()}"
        lines.append(f"| {fig.name} | {fig.budget} | {_cell(value)} | {status} |")
    lines += ["", "### How each figure was measured", ""]
    for fig in figures:
        if fig.note:
            lines.append(f"- **{fig.name}:** {fig.note}")
    misses = [f for f in figures if f.status == "MISSED"]
    lines += ["", "### Misses: by how much, and why", ""]
    if not misses:
        lines.append("None in this run.")
    for fig in misses:
        lines.append(f"#### {fig.name}")
        lines.append("")
        lines.append(f"Budget {fig.budget}; measured {fig.value}: {fig.miss_text()}.")
        lines.append("")
        lines.append(fig.why or "Cause not analysed yet.")
        lines.append("")
    unmeasured = [f for f in figures if f.not_measured]
    if unmeasured:
        lines += ["### Not measured", ""]
        for fig in unmeasured:
            lines.append(f"- {fig.name}: {fig.not_measured}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
