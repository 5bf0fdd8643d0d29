"""Sync benchmarks: the desktop sync client against a PostgreSQL-backed `backa-central` on
loopback. They need the sync client (backa_desktop/sync/client.py); until it exists the
figures are reported as not measured."""

from __future__ import annotations

import importlib.util

from tests.bench.measure import Figure, NotBuilt


def _client_or_not_built() -> None:
    if importlib.util.find_spec("backa_desktop.sync.client") is None:
        raise NotBuilt("sync client not built yet (backa_desktop/sync/client.py missing)")


def bench_sync(*, quick: bool) -> list[Figure]:
    _client_or_not_built()
    raise NotBuilt("sync client exists but the sync benchmark is not written yet")


def bench_central(*, quick: bool) -> list[Figure]:
    _client_or_not_built()
    raise NotBuilt("sync client exists but the 200-device benchmark is not written yet")
