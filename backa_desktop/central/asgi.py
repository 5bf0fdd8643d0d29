"""ASGI entry for running several server processes (uvicorn --workers, gunicorn, a container):

    BACKA_CENTRAL_DB=postgresql://... uvicorn --factory backa_desktop.central.asgi:create_from_env

The server keeps no state of its own, so any number of these may serve one database.
"""

from __future__ import annotations

from fastapi import FastAPI

from backa_desktop.central.api import create_app
from backa_desktop.central.db import default_url


def create_from_env() -> FastAPI:
    return create_app(default_url())
