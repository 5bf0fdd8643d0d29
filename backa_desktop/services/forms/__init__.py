"""The form registry: every form and Behovskompass definition in `forms/`, checked at load.

The files are edited by the organisation, not by programmers (DESIGN.md §5), so a broken file
must stop the app at start-up with a message the editor can act on: the file, the line, the
place in the file and what is wrong. Everything that can go wrong while reading one file is
turned into a `FormLoadError`; no raw traceback reaches the editor.

Released versions are immutable because answers given under them are shown with their
wording for years: `released.lock` holds the content hash of every released version, and a
released file whose hash no longer matches refuses to load.
"""

from __future__ import annotations

from backa_desktop.services.forms.cli import main
from backa_desktop.services.forms.loading import (
    FORMS_DIR_ENV,
    YAML_SUFFIXES,
    Definition,
    FormLoadError,
    FormNotFoundError,
    LoadProblem,
    content_hash,
    default_forms_dir,
)
from backa_desktop.services.forms.lock import LOCK_FILE
from backa_desktop.services.forms.registry import FormRegistry, release
from backa_desktop.services.forms.writing import definition_to_yaml

__all__ = [
    "FORMS_DIR_ENV",
    "LOCK_FILE",
    "YAML_SUFFIXES",
    "Definition",
    "FormLoadError",
    "FormNotFoundError",
    "FormRegistry",
    "LoadProblem",
    "content_hash",
    "default_forms_dir",
    "definition_to_yaml",
    "main",
    "release",
]
