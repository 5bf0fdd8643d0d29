"""Click to painted screen in the real window (DESIGN.md §12): the figures of `gui_probe`.

The probe runs in a subprocess on a throw-away copy of the municipality's laptop folder: it
signs cards for the heavy child, and the cached folder must stay what its manifest says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.measure import Figure, fmt, median, percentile
from tests.bench.municipality import PASSPHRASE, Municipality

REPO = Path(__file__).resolve().parents[2]

STEP_NAMES = {
    "open_child": ("GUI: open a child with {rows} timeline rows, click to painted", "≤ 100 ms",
                   100.0, "the list's open signal (Enter or a double click) until the overview "
                   "and the timeline are filled"),
    "open_child_first": ("GUI: open a child with {rows} timeline rows for the first time, click "
                         "to painted", "≤ 100 ms", 100.0,
                         "the same, after the session's memos of built records, parsed "
                         "responses and timeline entries are dropped (the first opening after "
                         "an unlock)"),
    "open_form": ("GUI: open a form (Upptäckarkort), click to painted", "≤ 100 ms", 100.0,
                  "a click on the overview's Upptäckarkort button until the form screen shows "
                  "(closing it saves a draft, so every measured run restores the card's draft, "
                  "as when a nurse comes back to a card)"),
    "sign": ("GUI: sign an Upptäckarkort, click to painted", "≤ 100 ms", 100.0,
             "a click on \"Signera och skicka\" on a filled card until the child's overview "
             "(reloaded with the new card) is painted again"),
    "open_plan": ("GUI: open Barnets plan (20 actions), click to painted", "≤ 100 ms", 100.0,
                  "a click on the overview's plan button until the plan window shows the plan"),
    "open_plan_first": ("GUI: open Barnets plan (20 actions) for the first time, click to "
                        "painted", "≤ 100 ms", 100.0,
                        "the same with no closed plan window to reopen: the window is built"),
    "print_preview": ("GUI: print preview's first page (Barnets plan), click to painted",
                      "≤ 500 ms", 500.0,
                      "a click on the overview's print button until the rendered plan's first "
                      "page image is in the preview (the other pages follow, in \"until idle\"); "
                      "the session keeps its last previews' PDFs, so this is a preview of an "
                      "unchanged plan opened again"),
    "print_preview_first": ("GUI: print preview's first page (Barnets plan) for the first time, "
                            "click to painted", "≤ 500 ms", 500.0,
                            "the same, after the session's rendered previews are dropped: the "
                            "plan is laid out"),
}
WHY = {
    "unlock": (
        "The click runs the KDF and opens SQLCipher on the database thread, then loads "
        "the profile and the staff/unit directory, builds the workspace (the child list "
        "and the inbox screen; the child overview is now made after the first screen has "
        "its data) and runs the list's first search. The inbox count now also waits for "
        "the first screen, instead of running beside its paint. What is left after the "
        "KDF: opening SQLCipher and the schema check, the 'unlock' audit event, the "
        "directory, the list screen's widgets and the 300 rows' first paint, all "
        "competing for the 2 cores with the other work on the machine."
    ),
    "open_child": (
        "One database job (`timeline.child_page`), then the GUI thread fills the "
        "overview, the timeline model and the compass, and `who_can_see` queues a second "
        "small job. Opening a child again reuses the `Record` of every row that reads "
        "back identical and the parsed responses and timeline entries of the last few "
        "children, so only new or changed records are built. The Behovskompass is now "
        "drawn once per content and size into a pixmap and copied on every later paint "
        "(the window paints the overview several times while a child opens; drawing the "
        "wheel in Python each time was the largest part of those paints). What is left: "
        "Qt's layout and painting of the 1280×800 window (the timeline's visible rows "
        "through the Python model's `data()`), SQLCipher's read and the audited read's "
        "commit, and waiting for the other thread under the GIL."
    ),
    "open_child_first": (
        "As opening a child again, but `timeline.child_page` builds, validates and words all "
        "of the child's ~540 records (no memo from an earlier opening): the database job is "
        "the difference between the two figures."
    ),
    "open_plan_first": (
        "The plan window is built (the plan form and its tabs: widget creation and "
        "style-sheet polish on the GUI thread), then `plans.load_plan`. The Insatser and "
        "Uppföljning tabs are now built when first shown (the window opens on Planen), and "
        "the window is built in place, from the window down, so each field gets the style "
        "sheet once instead of at every move of the form into its tab and the window. "
        "Opening it again reopens the closed window instead (the `open_plan` figure)."
    ),
    "open_form": (
        "Nearly all on the GUI thread: `FormScreen` for the Upptäckarkort is ~200 widgets, "
        "each polished against the application style sheet; it is made in place (inside the "
        "workspace's stack, the view inside its scroll area) and only the first two sections "
        "are built before the first paint, the other ten right after it (in \"until idle\"). "
        "The screen and its later sections are now built inside `idle.unwatched()`: the "
        "automatic lock's watcher is a Python event filter on the whole application, and "
        "every event of every new widget (thousands) paid a call into Python (process CPU "
        "for the click, A/B at load ~6: 140 → 115 ms). What is left: the widgets' creation "
        "and style-sheet polish, `QStackedWidget.setCurrentWidget` (polish and layout on "
        "show), the paint (its events still pass the filter), the database job "
        "(`start_form`) small. Next: keep one built screen per form and refill it "
        "(`FormView.set_response`) instead of building it on every open."
    ),
    "sign": (
        "An autosave, two database jobs (the consent and free-text check, then "
        "`form_filling.sign`: validate, sign, one transaction with the audit event), then "
        "the form is removed, the child's overview takes its place and the child is "
        "loaded again (only the new card is parsed and worded). After the page is painted "
        "the inbox count runs (\"until idle\"). The count for the synthetic Barnkontakt "
        "(400 children, ~2,100 decisions, cards and notes) now reuses the records whose "
        "rows read back identical (`RecordRepository` keeps them for its reads across "
        "many children) and the bodies it parsed before (`overview.parsed_body`, per "
        "session): ~270 ms → ~90 ms of CPU alone, so a click right after signing waits "
        "far less. The compass is no longer redrawn on each of the overview's paints. "
        "What is left: three database round trips and their commits (synchronous=FULL), "
        "the form screen's removal, two paints of the overview (before and after its new "
        "data) and the page job."
    ),
    "open_plan": (
        "Opening the plan again (the measured runs; the warm-up opens it first) reopens "
        "the closed window of the same child instead of building it: it is reset as a new "
        "window opens (the stored plan, a draft offered, the first tab, no old message) "
        "and shown when `plans.load_plan` has delivered. `load_plan` reads the child's "
        "responses through the per-session parse memo. What is left: `load_plan` (the "
        "plan, its actions, the unmet needs) and the window's show and paint. A first "
        "opening still builds the window (see its own figure)."
    ),
    "print_preview": (
        "`documents.render_document` on the database thread builds the plan's view-model "
        "(the plan, its actions, the compass); the session keeps the PDFs of its last four "
        "previews by that view-model, so an unchanged plan previewed again is not laid out "
        "again. Then pypdfium2 rasterises page 1 on the pool and the preview shows it, the "
        "other pages after it (in \"until idle\"). What is left: the view-model, the "
        "audited read's commit, page 1's rasterising and the dialog's build and paint."
    ),
    "print_preview_first": (
        "As a preview opened again, plus the family plan's reportlab layout on the database "
        "thread (in pure Python: the layout, the fonts' subsets and the PDF's streams); "
        "`build_family_pdf_fitted` lays it out a second time only when the first layout "
        "ends in a sliver (the bench plan does not). Next: the layout on the pool while "
        "the database thread is free for other reads."
    ),
}

UNLOCK_NAME = "GUI: unlock to child list, click to painted, beyond the KDF"

PLANNED = [(UNLOCK_NAME, "≤ 1 s")] + [(n.format(rows="500"), b)
                                      for n, b, _, _ in STEP_NAMES.values()]

COMMON_NOTE = (
    "tests/bench/gui_probe.py in a subprocess on a copy of the folder: the app built by "
    "`app.build` with the real TaskRunner (database thread and pool), main window 1280×800, "
    "offscreen; the clock runs from just before the click until the screen shows its new "
    "data and `grab()` has rendered the window (or the dialog) once (\"until idle\": until "
    "every job the click started, and those their callbacks queued, is done); one unmeasured "
    "warm-up run per step. "
)


def bench_gui_clicks(town: Municipality, runs: int, unlock_runs: int,
                     kdf_ms: float | None, timeout: float = 1800.0) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="backa-bench-gui-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(town.data_dir, data)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BACKA_PASSPHRASE": PASSPHRASE,
               "PYTHONPATH": str(REPO)}
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "tests.bench.gui_probe", "--data-dir", str(data),
             "--child", town.manifest.heavy_child_id, "--runs", str(runs),
             "--unlock-runs", str(unlock_runs)],
            capture_output=True, text=True, env=env, timeout=timeout, check=False, cwd=REPO,
        )
    result: dict[str, object] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
    if not result:
        raise RuntimeError(f"GUI probe gave no result (exit {proc.returncode}, "
                           f"{time.perf_counter() - started:.0f} s): "
                           f"{proc.stderr.strip()[-300:]}")
    return figures_from(result, kdf_ms)


def figures_from(result: dict[str, object], kdf_ms: float | None) -> list[Figure]:
    figures: list[Figure] = []
    unlock = result.get("unlock")
    fig = Figure(name=UNLOCK_NAME, budget="≤ 1 s", note=COMMON_NOTE + (
        "Lock, type the passphrase, click \"Lås upp\" until the child list shows rows. "
        "Compared with the budget: the p95 from the end of this unlock's own KDF (the probe "
        "times `Vault.unwrap`); without that, the KDF median measured by the unlock group is "
        "taken off."))
    after_kdf = result.get("unlock_after_kdf")
    if not isinstance(unlock, list):
        fig.not_measured = _error(unlock)
    elif isinstance(after_kdf, list) and after_kdf:
        p50, p95 = median(after_kdf), percentile(after_kdf, 95)
        fig.value = (f"p50 {fmt(p50, 'ms')}, p95 {fmt(p95, 'ms')} from the KDF's end "
                     f"({len(after_kdf)} unlocks); click to painted including the KDF p50 "
                     f"{fmt(median(unlock), 'ms')}, p95 {fmt(percentile(unlock, 95), 'ms')}")
        fig.limit, fig.measured = 1000.0, p95
    else:
        p50, p95 = median(unlock), percentile(unlock, 95)
        if kdf_ms is None:
            fig.value = f"p50 {fmt(p50, 'ms')}, p95 {fmt(p95, 'ms')} including the KDF"
        else:
            fig.value = (f"p50 {fmt(p50 - kdf_ms, 'ms')}, p95 {fmt(p95 - kdf_ms, 'ms')} "
                         f"({len(unlock)} unlocks; KDF {fmt(kdf_ms, 'ms')} taken off)"
                         + _idle(result, "unlock", kdf_ms))
            fig.limit, fig.measured = 1000.0, p95 - kdf_ms
    fig.why = WHY["unlock"]
    figures.append(fig)
    rows = str(result.get("timeline_rows", "?"))
    for step, (name, budget, limit, how) in STEP_NAMES.items():
        times = result.get(step)
        fig = Figure(name=name.format(rows=rows), budget=budget,
                     note=COMMON_NOTE + how + ". Compared with the budget: the p95.")
        if not isinstance(times, list):
            fig.not_measured = _error(times)
        else:
            p50, p95 = median(times), percentile(times, 95)
            fig.value = (f"p50 {fmt(p50, 'ms')}, p95 {fmt(p95, 'ms')}, max "
                         f"{fmt(max(times), 'ms')} ({len(times)} runs)" + _idle(result, step))
            fig.limit, fig.measured = limit, p95
        fig.why = WHY[step]
        figures.append(fig)
    return figures


def _idle(result: dict[str, object], step: str, less: float = 0.0) -> str:
    """The time until the app was idle again, when later work (a refresh, the inbox count)
    kept the database thread busy after the screen was painted."""
    idle = result.get(step + "_idle")
    if not isinstance(idle, list) or not idle:
        return ""
    return (f"; until idle again p50 {fmt(median(idle) - less, 'ms')}, p95 "
            f"{fmt(percentile(idle, 95) - less, 'ms')}")


def _error(value: object) -> str:
    if isinstance(value, dict) and "error" in value:
        return f"the step failed: {value['error']}"
    return "the probe did not reach this step"
