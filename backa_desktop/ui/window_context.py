"""What a window about one child needs from the unlocked workspace, and nothing more.

The plan, consent, team, orosanmälan and print windows run their work through the task
runner, read forms from the registry and show people through the directory; they never see
the workspace itself (its screens, navigation and dialogs), so they cannot grow into it.
The translator is not here: `translate()` goes through the application's installed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.overview import Directory
from backa_desktop.ui.tasks import TaskRunner


@dataclass(frozen=True)
class WindowContext:
    runner: TaskRunner
    registry: FormRegistry
    directory: Directory
    me: dict[str, Any]  # the signed-in user's staff entry (id, name, unit_id, roles)
