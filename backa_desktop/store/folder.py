"""The data folder's plain-text description (`folder.json`).

It holds no personal data: only ids, where the wrapped key is kept and which keyring backend
held it (so a change of backend is noticed, as Signal Desktop learned), and whether this is a
demo folder (demo folders never sync).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from backa_desktop.domain.errors import UserError
from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.store.files import write_private_file

FOLDER_FILE = "folder.json"


class FolderDamaged(UserError, ValueError):
    """`folder.json` is unreadable or not what this version writes."""


class FolderConfig(BaseModel):
    format: Literal[1] = 1
    folder_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    key_location: Literal["keyring", "file"]
    keyring_backend: str | None = Field(default=None, max_length=200)
    demo: bool = False
    created_at: str = Field(max_length=64)

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
        try:
            return cls.model_validate_json((data_dir / FOLDER_FILE).read_bytes())
        except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            raise FolderDamaged(
                "folder.unreadable" if isinstance(exc, OSError) else "folder.damaged",
                file=FOLDER_FILE,
                folder=str(data_dir),
            ) from None

    def save(self, data_dir: Path) -> None:
        write_private_file(data_dir / FOLDER_FILE, self.model_dump_json(indent=2).encode())
