"""Fixtures for the form tests: the shipped registry, and a writable copy of `forms/`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backa_desktop.services.forms import FormRegistry

REPO_FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    return FormRegistry.load(REPO_FORMS)


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    """A copy of the shipped forms directory that a test may break."""
    target = tmp_path / "forms"
    shutil.copytree(REPO_FORMS, target)
    return target
