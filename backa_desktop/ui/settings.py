"""The user's display preferences (idle lock, language, text size), kept beside the database.

Not secret and not synced: they belong to this laptop. Written atomically and owner-only
(style.md practice 8)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

UI_SETTINGS = "ui-settings.json"
FONT_SCALES = (1.0, 1.25, 1.5, 2.0)


@dataclass
class UiSettings:
    idle_minutes: float = 5.0
    language: str = "sv"
    font_scale: float = 1.0

    @classmethod
    def load(cls, data_dir: Path) -> UiSettings:
        try:
            raw = json.loads((data_dir / UI_SETTINGS).read_text(encoding="utf-8"))
            return cls(
                idle_minutes=min(max(float(raw.get("idle_minutes", 5.0)), 1.0), 120.0),
                language=str(raw.get("language", "sv"))
                if raw.get("language") in ("sv", "en")
                else "sv",
                font_scale=float(raw.get("font_scale", 1.0)),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".ui-settings.", dir=data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, data_dir / UI_SETTINGS)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
