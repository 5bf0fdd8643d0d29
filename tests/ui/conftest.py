"""The desktop app on a real encrypted folder, offscreen, with the synchronous task runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backa_desktop import app as app_module
from backa_desktop.services.vault import Vault
from backa_desktop.ui.tasks import SyncTaskRunner
from tests.central.support import ServerProcess, migrated
from tests.services.workflow_helpers import TEST_KDF, Folder, make_folder

Launch = Callable[..., app_module.App]


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return make_folder(tmp_path / "data")


@pytest.fixture
def launch(qapp: Any, qtbot: Any) -> Iterator[Launch]:
    """Start the app the way `backa-desktop --data-dir` does, on the given folder."""
    started: list[app_module.App] = []

    def start(data_dir: Path, *extra: str) -> app_module.App:
        args = app_module.parse_args(["--data-dir", str(data_dir), *extra])
        app = app_module.build(
            args, qapp, runner=SyncTaskRunner(), vault=Vault(data_dir, kdf=TEST_KDF)
        )
        qtbot.addWidget(app.window)
        app.window.resize(1280, 820)
        app.window.show()
        started.append(app)
        return app

    yield start
    for app in started:
        qapp.removeEventFilter(app.window.idle)
        app.window.idle.stop()
        app.language.set("sv")
        app.runner.shutdown()
        app.window.close()
        app.window.deleteLater()
    qapp.processEvents()
    from backa_desktop.ui import theme

    theme.apply(qapp, 1.0)


# A real central store for the app's sync tests: one SQLite database per test module, a fresh
# server process per test.
@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated(f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}")


@pytest.fixture
def server(db_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(db_url).start()
    try:
        yield process
    finally:
        process.stop()
