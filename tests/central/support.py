"""Real parts for the central store's tests: migrated databases, a `backa-central serve`
process on loopback, and a small HTTP helper. The PostgreSQL cluster itself is in
tests/postgres.py (one per run, shared by every folder's tests); its names are re-exported here.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from backa_desktop.central.db import make_engine, records
from backa_desktop.central.migrate import upgrade
from backa_desktop.central.service import CentralService
from backa_desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.postgres import PostgresCluster, free_port, postgres_cluster, start_postgres

__all__ = [
    "HEADERS",
    "Api",
    "PostgresCluster",
    "ServerProcess",
    "Session",
    "free_port",
    "migrated",
    "postgres_cluster",
    "service_for",
    "start_postgres",
]


def migrated(url: str) -> str:
    upgrade(url)
    return url


def service_for(url: str) -> CentralService:
    return CentralService(make_engine(url))


class ServerProcess:
    """`backa-central serve` as a real process on a free loopback port."""

    def __init__(
        self,
        db_url: str,
        port: int | None = None,
        *,
        tls: tuple[Path, Path] | None = None,
        workers: int = 1,
        test_clock: Path | None = None,
    ) -> None:
        """`test_clock`: a file holding how many seconds the server's clock runs ahead
        (`serve --test-clock`); write to it to let days pass."""
        self.db_url = db_url
        self.workers = workers
        self.test_clock = test_clock
        self.port = port or free_port()
        self.tls = tls
        scheme = "https" if tls else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        command = [
            sys.executable,
            "-m",
            "backa_desktop.central.cli",
            "serve",
            "--db",
            self.db_url,
            "--port",
            str(self.port),
            "--log-level",
            "error",
            "--workers",
            str(self.workers),
        ]
        if self.test_clock is not None:
            command += ["--test-clock", str(self.test_clock)]
        verify: Any = True
        if self.tls:
            command += ["--ssl-certfile", str(self.tls[0]), "--ssl-keyfile", str(self.tls[1])]
            import ssl

            verify = ssl.create_default_context(cafile=str(self.tls[0]))
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"backa-central exited: {err}")
            try:
                if (
                    httpx.get(self.base_url + "/health", timeout=1, verify=verify).status_code
                    == 200
                ):
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError("backa-central did not answer on /health within 120 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None


HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


class Api:
    """Raw HTTP calls, to check status codes and bodies exactly."""

    def __init__(self, base_url: str, *, source_address: str | None = None) -> None:
        """`source_address` (another loopback address such as 127.0.0.7) makes the calls
        come from a different client address, as another computer's would."""
        transport = httpx.HTTPTransport(local_address=source_address) if source_address else None
        self.http = httpx.Client(
            base_url=base_url, headers=HEADERS, timeout=30, transport=transport
        )

    def close(self) -> None:
        self.http.close()

    def enroll(self, username: str, password: str, device: str = "laptop") -> httpx.Response:
        return self.http.post(
            "/v1/enroll",
            json={"username": username, "password": password, "device_name": device},
        )

    def login(self, username: str, password: str) -> Session:
        enrolled = self.enroll(username, password)
        assert enrolled.status_code == 200, enrolled.text
        body = enrolled.json()
        token = self.http.post("/v1/token", json={"device_token": body["device_token"]})
        assert token.status_code == 200, token.text
        return Session(
            self,
            body["user_id"],
            body["device_id"],
            body["device_token"],
            token.json()["access_token"],
        )


@dataclass
class Session:
    api: Api
    user_id: str
    device_id: str
    device_token: str
    access_token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def push(self, changes: list[dict[str, Any]]) -> httpx.Response:
        return self.api.http.post("/v1/push", json={"changes": changes}, headers=self.auth)

    def pull(self, cursor: str = "0", page_size: int = 500) -> httpx.Response:
        return self.api.http.post(
            "/v1/pull", json={"cursor": cursor, "page_size": page_size}, headers=self.auth
        )

    def pull_all(
        self, cursor: str = "0", page_size: int = 500
    ) -> tuple[dict[str, Any], list[str], str]:
        """Every page from `cursor`: final records by id, purged children, the last cursor."""
        held: dict[str, Any] = {}
        purged: list[str] = []
        while True:
            response = self.pull(cursor, page_size)
            assert response.status_code == 200, response.text
            page = response.json()
            for child in page["purge_children"]:
                purged.append(child)
                for rid in [k for k, v in held.items() if _child_of(v) == child]:
                    del held[rid]
            for item in page["records"]:
                held[item["record"]["id"]] = item["record"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return held, purged, cursor


def _child_of(record: dict[str, Any]) -> str | None:
    return record["id"] if record["type"] == "child" else record.get("child_id")


def records_created_by(db_url: str, user_ids: list[str]) -> int:
    """Records stored by these accounts (the test server is shared by the session, so a
    test counts only what its own people wrote)."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = (
                select(func.count())
                .select_from(records)
                .where(records.c.created_by.in_(user_ids))
            )
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()
