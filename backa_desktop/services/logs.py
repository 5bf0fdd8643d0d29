"""Log files for IT: rotating, in the data folder, owner-only.

Log lines carry ids and counts only; never names, identity numbers or keys. The formatter
is plain so IT can grep it; a nurse never needs to read it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_CONFIGURED: set[Path] = set()


def setup_logging(data_dir: Path, level: int = logging.INFO) -> None:
    log_dir = data_dir / "logs"
    if log_dir in _CONFIGURED or not data_dir.parent.exists():
        return
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "backa.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("backa_desktop")
    root.addHandler(handler)
    root.setLevel(level)
    _CONFIGURED.add(log_dir)
