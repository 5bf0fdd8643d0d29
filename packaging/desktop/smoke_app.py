"""Start the real desktop app offscreen, unlock a data folder and render the child list.

Used two ways, so both prove the same thing:
- frozen by PyInstaller as the `backa-smoke` executable beside `backa-desktop` in the
  one-folder bundle (packaging/desktop/smoke_check.sh runs it): the bundle's own Qt plugins,
  SQLCipher, forms/ and resources/ must all work for it to exit 0;
- from the source tree by the benchmark suite (tests/bench), which reads the memory figure.

It builds the app through `backa_desktop.app.build` (the composition root `backa-desktop`
runs), calls the main window's `unlock`, waits for the child list to show rows, renders the
window into an image and checks the image is not blank. It prints one JSON line with what it
saw and exits 0 only when every step worked.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process, in MB (Linux /proc)."""
    rss = hwm = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, hwm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backa-smoke")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--screenshot", type=Path, default=None)
    parser.add_argument("--create-demo", type=int, default=0, metavar="N",
                        help="first make a new demo folder with N fictional children (with "
                             "the bundled code, so the bundle's SQLCipher and Argon2 are used)")
    parser.add_argument("--settle", type=float, default=0.5,
                        help="seconds to keep the event loop running after the list shows")
    args = parser.parse_args(argv)
    passphrase = os.environ.get("BACKA_PASSPHRASE", "")
    if not passphrase:
        print(json.dumps({"ok": False, "error": "BACKA_PASSPHRASE is not set"}))
        return 2

    import keyring
    from keyring.backends import fail

    # The smoke folder keeps its wrapped key in a file; never touch a real keyring here.
    keyring.set_keyring(fail.Keyring())

    from backa_desktop import __version__

    if args.create_demo:
        _create_demo(args.data_dir, passphrase, args.create_demo)
    from backa_desktop.app import build, parse_args
    from backa_desktop.ui.qt import QApplication

    started = time.perf_counter()
    qt_app = QApplication(sys.argv[:1])
    qt_app.setApplicationName("Backa barnet")
    app = build(parse_args(["--data-dir", str(args.data_dir)]), qt_app)
    window = app.window
    window.show()
    result: dict[str, Any] = {"ok": False, "version": __version__,
                              "platform": qt_app.platformName()}
    try:
        unlock_at = time.perf_counter()
        window.unlock(passphrase)
        rows = 0
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            qt_app.processEvents()
            workspace = window.workspace
            if workspace is not None:
                rows = workspace.list_screen.model.rowCount()
                if rows:
                    break
            if window.unlock_screen.isVisible() and _failure_text(window):
                result["error"] = "unlock failed: " + _failure_text(window)
                break
            time.sleep(0.005)
        result["unlock_to_list_s"] = round(time.perf_counter() - unlock_at, 3)
        result["rows"] = rows
        if rows:
            settle_until = time.monotonic() + args.settle
            while time.monotonic() < settle_until:
                qt_app.processEvents()
                time.sleep(0.01)
            image = window.grab().toImage()
            colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
                       for y in range(0, image.height(), 29)}
            result["window"] = [image.width(), image.height()]
            result["distinct_colours"] = len(colours)
            if args.screenshot:
                image.save(str(args.screenshot))
            rss, peak = rss_mb()
            result["rss_mb"] = round(rss, 1)
            result["peak_rss_mb"] = round(peak, 1)
            result["ok"] = image.width() > 0 and len(colours) > 2
            if not result["ok"]:
                result["error"] = "the rendered window is blank"
        elif "error" not in result:
            result["error"] = f"no child list within {args.timeout:.0f} s"
        result["total_s"] = round(time.perf_counter() - started, 3)
    finally:
        window.lock()
        app.runner.shutdown()
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


def _create_demo(data_dir: Path, passphrase: str, children: int) -> None:
    from backa_desktop.services import demo
    from backa_desktop.services.vault import NewUser, Vault

    vault = Vault(data_dir)
    vault.create(passphrase, NewUser(name="Demo Användare", unit_name="BVC Solrosen",
                                     roles=["upptackare", "barnkontakt"]), demo=True)
    with vault.unlock(passphrase) as session:
        demo.generate(session, children)


def _failure_text(window: Any) -> str:
    label = getattr(window.unlock_screen, "error", None)
    text = label.text() if label is not None and hasattr(label, "text") else ""
    return str(text)


if __name__ == "__main__":
    sys.exit(main())
