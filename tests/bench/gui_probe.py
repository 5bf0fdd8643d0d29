"""Click to painted screen in the real window: `python -m tests.bench.gui_probe --data-dir D`.

Run in a subprocess by `tests/bench/gui_bench.py` (one Qt application per process, and the
memory of this one does not count against the suite's). It builds the app as `backa-desktop`
does (`app.build`, the real `TaskRunner` with its database thread and pool), shows the main
window offscreen at a laptop's size and drives it as a nurse would:

- unlock: type the passphrase, click "Lås upp" -> the child list has rows;
- open a child: the list's open signal (what Enter or a double click emits) -> the overview
  and timeline of the child are filled;
- open a child for the first time: the same, after the session's memos of built records,
  parsed responses and timeline entries are dropped (what the first opening after an unlock
  pays; `open_child` measures opening it again);
- open a form: click the overview's Upptäckarkort button -> the form screen is current;
- sign: click "Signera och skicka" on a filled card -> back on the child's overview, reloaded;
- open the plan: click the overview's plan button -> the plan window shows the plan;
- open the plan for the first time: the same, with no closed plan window to reopen (a new
  window is built; `open_plan` reopens the window closed by the run before);
- print preview: click the overview's print button -> the first page's image is shown (the
  preview shows page 1 as soon as it is made; the others follow, within "idle"); the
  session keeps the last previews' PDFs, so this measures a preview opened again;
- print preview for the first time: the same, after the session's rendered previews are
  dropped (the document is laid out).

"Painted" is: the screen shows its new data (for a child, the overview's load callback ran
after the click) and then `grab()` has rendered the window the user looks at into an image
(a full paint of every widget in it); the clock runs from just before the click. "Idle" is
later: every database and background job the click started, and those their callbacks
queued (a refresh, the inbox count), has delivered. Every step is run once unmeasured
(imports, first queries, font loading), then `--runs` times.

It prints one JSON line: per step a list of milliseconds (STEP and STEP_idle), or an error.
`--profile STEP` runs that step's measured runs under cProfile, on the GUI thread and on the
database thread (whose profiler stays on between the runs, so it also holds the steps'
set-up), and writes the merged stats to `--profile-out`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STEPS = ("unlock", "open_child", "open_child_first", "open_form", "sign", "open_plan",
         "open_plan_first", "print_preview", "print_preview_first")
WINDOW_SIZE = (1280, 800)


class Timeout(RuntimeError):
    pass


class Probe:
    def __init__(self, data_dir: Path, passphrase: str, child_id: str) -> None:
        import keyring
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
        # the bench folder keeps its key in a file
        from backa_desktop.app import build, parse_args
        from backa_desktop.ui.qt import QApplication

        self.qt_app = QApplication(sys.argv[:1])
        self.app = build(parse_args(["--data-dir", str(data_dir)]), self.qt_app)
        self.window = self.app.window
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.runner = self.app.runner
        self.passphrase = passphrase
        self.child_id = child_id
        self.profiler: cProfile.Profile | None = None
        self.cpu: list[float] = []  # the process's CPU per timed click, ms
        self.after_kdf: list[float] = []  # unlock: from the KDF's end to painted, ms
        self.painted_at = 0.0

    # -- waiting --------------------------------------------------------------------------
    def settle(self, done: Callable[[], bool], timeout: float = 120.0, *,
               idle: bool = True) -> None:
        """Run the event loop until `done()` and (with `idle`) nothing is queued on the
        runner."""
        deadline = time.monotonic() + timeout
        while True:
            self.qt_app.processEvents()
            if (self.runner.idle or not idle) and done():
                self.qt_app.processEvents()  # what the last callback posted (changes, layout)
                if (self.runner.idle or not idle) and done():
                    return
            if time.monotonic() > deadline:
                raise Timeout("the screen did not settle")
            time.sleep(0.0005)

    def timed(self, click: Callable[[], None], done: Callable[[], bool],
              painted: Callable[[], Any]) -> tuple[float, float]:
        """(click to painted, click to idle) in ms: painted when `done()` says the screen has
        its new data and `grab()` has rendered the window; idle when every job the click
        started (and those their callbacks started: a refresh, the inbox count) is done.
        The process's CPU time (both threads) from the click until idle goes to `self.cpu`:
        under a shared machine's load the wall clock mostly measures the neighbours."""
        if self.profiler is not None:
            self.profiler.enable()
        cpu = time.process_time()
        start = time.perf_counter()
        click()
        self.settle(done, idle=False)
        painted().grab()
        self.painted_at = time.perf_counter()
        shown = (self.painted_at - start) * 1000.0
        self.settle(done)
        idle = (time.perf_counter() - start) * 1000.0
        self.cpu.append((time.process_time() - cpu) * 1000.0)
        if self.profiler is not None:
            self.profiler.disable()
        return shown, idle

    def counter(self, owner: Any, method: str) -> Callable[[], int]:
        """Count calls of a callback the screen runs when its data arrives (an instance
        attribute shadowing the method: the bound callback is looked up at each load)."""
        calls = [0]
        original = getattr(owner, method)

        def counted(*args: Any) -> Any:
            calls[0] += 1
            return original(*args)

        setattr(owner, method, counted)
        return lambda: calls[0]

    # -- the screens ------------------------------------------------------------------------
    @property
    def ws(self) -> Any:
        ws = self.window.workspace
        if ws is None:
            raise RuntimeError("locked")
        return ws

    def click(self, button: Any) -> None:
        from PySide6.QtTest import QTest

        from backa_desktop.ui.qt import Qt

        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def list_shown(self) -> bool:
        ws = self.window.workspace
        return ws is not None and ws.list_screen.model.rowCount() > 0 and (
            ws.stack.currentWidget() is ws.list_screen)

    def unlock(self) -> tuple[float, float]:
        if self.window.workspace is not None:
            self.ws.show_list()
            self.settle(self.list_shown)
            self.window.lock()
            self.settle(lambda: self.window.workspace is None)
        screen = self.window.unlock_screen
        screen.passphrase.setText(self.passphrase)
        from backa_desktop.services import vault

        unwrapped: list[float] = []
        unwrap = vault.Vault.unwrap

        def timed_unwrap(v: Any, *args: Any, **kwargs: Any) -> Any:
            got = unwrap(v, *args, **kwargs)
            unwrapped.append(time.perf_counter())
            return got

        vault.Vault.unwrap = timed_unwrap  # type: ignore[method-assign]
        try:
            took = self.timed(lambda: self.click(screen.button), self.list_shown,
                              lambda: self.window)
        finally:
            vault.Vault.unwrap = unwrap  # type: ignore[method-assign]
        if unwrapped:  # from the KDF's end: what the load of the machine does not hide
            self.after_kdf.append((self.painted_at - unwrapped[-1]) * 1000.0)
        return took

    def to_list(self) -> None:
        self.ws.show_list()
        self.settle(self.list_shown)

    def child_shown(self) -> bool:
        ws = self.ws
        return (ws.stack.currentWidget() is ws.overview_screen
                and ws.overview_screen.child_id == self.child_id
                and ws.overview_screen.timeline_model.rowCount() > 0)

    def child_loads(self) -> Callable[[], int]:
        ws = self.ws
        if not hasattr(ws, "_probe_loads"):
            ws._probe_loads = self.counter(ws, "_child_loaded")
        loads: Callable[[], int] = ws._probe_loads
        return loads

    def open_child(self) -> tuple[float, float]:
        self.to_list()
        ws, loads = self.ws, self.child_loads()
        before = loads()
        return self.timed(lambda: ws.list_screen.open_child.emit(self.child_id),
                          lambda: loads() > before and self.child_shown(),
                          lambda: self.window)

    def open_child_first(self) -> tuple[float, float]:
        from backa_desktop.services import overview, timeline

        def forget(session: Any) -> None:
            timeline._memos.pop(session, None)
            overview._parsed.pop(session, None)
            session.repo._memo.clear()
            session.repo._rows = type(session.repo._rows)()

        self.to_list()
        runner = self.runner
        runner.run_sync_db(lambda: forget(runner._session_or_raise()))
        return self.open_child()

    def ensure_child(self) -> None:
        if not self.child_shown():
            self.ws.open_child(self.child_id)
            self.settle(self.child_shown)

    def form_shown(self) -> bool:
        from backa_desktop.ui.screens.form_screen import FormScreen

        return isinstance(self.ws.stack.currentWidget(), FormScreen)

    def open_form(self) -> tuple[float, float]:
        self.ensure_child()
        button = self.ws.overview_screen.form_buttons["upptackarkort"]
        took = self.timed(lambda: self.click(button), self.form_shown, lambda: self.window)
        self.close_form()
        return took

    def close_form(self) -> None:
        screen = self.ws.stack.currentWidget()
        screen.closed.emit(screen)
        self.settle(self.child_shown)

    def sign(self) -> tuple[float, float]:
        from tests.bench import forms_util

        self.ensure_child()
        self.click(self.ws.overview_screen.form_buttons["upptackarkort"])
        self.settle(self.form_shown)
        screen = self.ws.stack.currentWidget()
        me = self.ws.me
        filled = forms_util.fill(screen.definition, screen.response(), str(me["id"]),
                                 str(me.get("unit_id") or ""))
        screen.set_answers(filled.answers)
        errors = screen.view.validate()
        if errors:
            raise RuntimeError(f"the filled card does not validate: {sorted(errors)[:5]}")
        self.settle(lambda: True)
        loads = self.child_loads()
        before = loads()
        return self.timed(lambda: self.click(screen.sign_button),
                          lambda: loads() > before and self.child_shown(),
                          lambda: self.window)

    def open_plan(self) -> tuple[float, float]:
        from backa_desktop.ui.screens.plan_window import PlanWindow

        self.ensure_child()
        button = self.ws.overview_screen.window_buttons["plan"]

        def shown() -> bool:
            window = self.ws._window
            return isinstance(window, PlanWindow) and window.isVisible() and (
                window.view is not None)

        took = self.timed(lambda: self.click(button), shown, lambda: self.ws._window)
        self.ws._window.close()
        self.settle(lambda: True)
        return took

    def open_plan_first(self) -> tuple[float, float]:
        self.ensure_child()
        self.ws._window = None  # nothing to reopen: the window is built
        return self.open_plan()

    def print_preview(self) -> tuple[float, float]:
        from backa_desktop.ui.print_preview import PrintPreviewDialog

        self.ensure_child()
        button = self.ws.overview_screen.window_buttons["print"]

        def shown() -> bool:
            window = self.ws._window
            return isinstance(window, PrintPreviewDialog) and bool(window.images) and (
                window.pages_layout.count() > 0)

        took = self.timed(lambda: self.click(button), shown, lambda: self.ws._window)
        self.ws._window.close()
        self.settle(lambda: True)
        return took

    def print_preview_first(self) -> tuple[float, float]:
        from backa_desktop.services.documents import printout

        self.ensure_child()
        runner = self.runner
        runner.run_sync_db(lambda: printout._previews.pop(runner._session_or_raise(), None))
        return self.print_preview()

    def close(self) -> None:
        try:
            self.window.lock()
        finally:
            self.runner.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gui_probe")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--child", required=True, help="the child to open (the heavy one)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--unlock-runs", type=int, default=5)
    parser.add_argument("--steps", nargs="*", choices=STEPS, default=list(STEPS))
    parser.add_argument("--profile", choices=STEPS, default=None)
    parser.add_argument("--profile-out", type=Path, default=Path("gui.prof"))
    args = parser.parse_args(argv)
    passphrase = os.environ.get("BACKA_PASSPHRASE", "")
    if not passphrase:
        print(json.dumps({"error": "BACKA_PASSPHRASE is not set"}))
        return 2
    probe = Probe(args.data_dir, passphrase, args.child)
    result: dict[str, Any] = {"window": list(WINDOW_SIZE)}
    try:
        probe.unlock()  # first unlock: imports, caches; measured below again
        for step in args.steps:
            fn: Callable[[], tuple[float, float]] = getattr(probe, step)
            try:
                fn()  # warm-up
                runs = args.unlock_runs if step == "unlock" else args.runs
                probe.cpu.clear()
                if args.profile == step:
                    got = _profiled(probe, fn, runs, args.profile_out)
                else:
                    got = [fn() for _ in range(runs)]
                result[step] = [round(p, 2) for p, _ in got]
                result[step + "_idle"] = [round(i, 2) for _, i in got]
                result[step + "_cpu"] = [round(c, 2) for c in probe.cpu]
                if step == "unlock":
                    result["unlock_after_kdf"] = [round(a, 2) for a in probe.after_kdf[-runs:]]
                if step == "open_child":  # before the signing adds cards to the child
                    result["timeline_rows"] = probe.ws.overview_screen.timeline_model.rowCount()
            except Exception as exc:  # one broken step must not hide the others
                result[step] = {"error": f"{type(exc).__name__}: {exc}"}
                with contextlib.suppress(Exception):  # the next step starts from the child
                    probe.ensure_child()
        if probe.window.workspace is not None and "timeline_rows" not in result:
            result["timeline_rows"] = probe.ws.overview_screen.timeline_model.rowCount()
    finally:
        probe.close()
    print(json.dumps(result))
    return 0


def _profiled(probe: Probe, fn: Callable[[], tuple[float, float]], runs: int,
              out: Path) -> list[tuple[float, float]]:
    """The step under cProfile on both the GUI thread and the database thread."""
    import pstats

    gui = cProfile.Profile()
    db = cProfile.Profile()
    # the database thread is the runner's single worker: run the profiler's enable there
    probe.runner.run_sync_db(db.enable)
    probe.profiler = gui
    try:
        times = [fn() for _ in range(runs)]
    finally:
        probe.profiler = None
        probe.runner.run_sync_db(db.disable)
    stats = pstats.Stats(gui)
    stats.add(db)
    stats.dump_stats(str(out))
    return times


if __name__ == "__main__":
    threading.current_thread().name = "gui"
    sys.exit(main())
