"""A throwaway PostgreSQL cluster for the tests, and fresh databases inside it.

PostgreSQL refuses to run as root; CI and the dev machine run as root, so the cluster is made
and run as the `postgres` system user (through `runuser`) in a folder it owns.

Only the standard library and pytest are imported here (psycopg when a database is made), so
the root conftest can offer the cluster fixture without slowing a run that never asks for it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_MISSING = (
    "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin. "
    "Run ./dev.sh setup (it installs the 'postgresql' package on Debian/Ubuntu), or "
    "apt-get install postgresql."
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not candidates:
        pytest.fail(PG_MISSING, pytrace=False)
    return Path(candidates[-1]).parent


@dataclass
class PostgresCluster:
    bindir: Path
    folder: Path
    port: int
    as_user: list[str]

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A new, empty database: whoever asks for it is the only one to see its data."""
        import psycopg

        name = "backa_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args], check=True, capture_output=True, text=True, timeout=120
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "stop",
                "-m",
                "immediate",
                "-w",
            )


def start_postgres() -> PostgresCluster:
    bindir = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="backa-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.fail("Running as root needs `runuser` to start PostgreSQL as postgres.")
        as_user = [runuser, "-u", "postgres", "--"]
    cluster = PostgresCluster(bindir, folder, free_port(), as_user)
    try:
        cluster.run(
            str(bindir / "initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )
        cluster.run(
            str(bindir / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-l",
            str(folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            f"-h 127.0.0.1 -p {cluster.port} -k {folder} -F -c max_connections=200",
        )
    except subprocess.CalledProcessError as exc:
        log = (folder / "log").read_text() if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr}\n{log}", pytrace=False)
    return cluster


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = start_postgres()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)
