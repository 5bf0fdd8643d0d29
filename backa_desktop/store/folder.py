"""The data folder's plain-text description (`folder.json`).

It holds no personal data: only ids, where the wrapped key is kept and which keyring backend
held it (so a change of backend is noticed, as Signal Desktop learned), and whether this is a
demo folder (demo folders never sync).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.store.files import write_private_file

FOLDER_FILE = "folder.json"


class FolderConfig(BaseModel):
    format: Literal[1] = 1
    folder_id: str
    device_id: str
    key_location: Literal["keyring", "file"]
    keyring_backend: str | None = None
    demo: bool = False
    created_at: str

    @classmethod
    def new(cls, *, key_location: Literal["keyring", "file"], demo: bool) -> FolderConfig:
        return cls(
            folder_id=uuid7(),
            device_id=uuid7(),
            key_location=key_location,
            demo=demo,
            created_at=utc_now(),
        )

    @classmethod
    def load(cls, data_dir: Path) -> FolderConfig:
        return cls.model_validate_json((data_dir / FOLDER_FILE).read_text("utf-8"))

    def save(self, data_dir: Path) -> None:
        write_private_file(data_dir / FOLDER_FILE, self.model_dump_json(indent=2).encode())
