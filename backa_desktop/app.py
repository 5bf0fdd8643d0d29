"""The desktop app's composition root: everything is built here and passed in.

No globals and no `QApplication.instance()` lookups elsewhere (style.md practice 3): the
vault, the form registry, the task runner, the language and the main window are created in
`build()` and handed to whoever needs them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backa_desktop.services.forms import FormLoadError, FormRegistry, default_forms_dir
from backa_desktop.services.vault import Vault

if TYPE_CHECKING:  # Qt loads in build(), when the window is made, not with this module
    from backa_desktop.ui.i18n import Language
    from backa_desktop.ui.main_window import MainWindow
    from backa_desktop.ui.qt import QApplication
    from backa_desktop.ui.sync_ui import SyncUi
    from backa_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backa-desktop", description="Backa barnet")
    parser.add_argument("--data-dir", type=Path, default=Path.home() / ".local/share/backa")
    parser.add_argument("--forms-dir", type=Path, default=None)
    parser.add_argument(
        "--lock-minutes",
        type=float,
        default=None,
        help="lås automatiskt efter så här många minuter utan aktivitet",
    )
    parser.add_argument("--language", choices=("sv", "en"), default=None)
    parser.add_argument("--font-scale", type=float, default=None)
    return parser.parse_args(argv)


@dataclass
class App:
    qt_app: QApplication
    window: MainWindow
    runner: TaskRunner
    language: Language
    sync: SyncUi | None = None


def build(
    args: argparse.Namespace,
    qt_app: QApplication,
    *,
    runner: TaskRunner | None = None,
    vault: Vault | None = None,
) -> App:
    """Wire the app. Tests pass a synchronous runner and a vault with cheap KDF settings."""
    from backa_desktop.ui import theme
    from backa_desktop.ui.i18n import Language
    from backa_desktop.ui.main_window import MainWindow
    from backa_desktop.ui.settings import UiSettings
    from backa_desktop.ui.sync_controller import SyncController
    from backa_desktop.ui.sync_ui import SyncUi
    from backa_desktop.ui.tasks import TaskRunner

    settings = UiSettings.load(args.data_dir)
    scale = args.font_scale or settings.font_scale
    theme.apply(qt_app, scale)
    language = Language(qt_app)
    language.set(args.language or settings.language)
    # the forms' own texts follow the user's language (the files carry their translations)
    registry = FormRegistry.load(args.forms_dir or default_forms_dir()).in_language(
        language.current
    )
    runner = runner or TaskRunner()
    window = MainWindow(
        vault or Vault(args.data_dir),
        registry,
        runner,
        idle_minutes=args.lock_minutes or settings.idle_minutes,
        child_mode_scale=scale,
        settings=settings,
        save_settings=lambda new: new.save(args.data_dir),
    )
    window.install_idle_filter(qt_app)
    sync = SyncUi(window, SyncController(runner, parent=window))
    return App(qt_app, window, runner, language, sync)


def main(argv: Sequence[str] | None = None) -> int:
    from backa_desktop.ui.qt import QApplication

    args = parse_args(argv)
    qt_app = QApplication(sys.argv[:1])
    qt_app.setApplicationName("Backa barnet")
    try:
        app = build(args, qt_app)
    except FormLoadError as exc:
        print(f"Formulären kunde inte läsas:\n{exc}", file=sys.stderr)
        return 2
    app.window.show()
    try:
        return int(qt_app.exec())
    finally:
        app.runner.shutdown()


if __name__ == "__main__":
    sys.exit(main())
