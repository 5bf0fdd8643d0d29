"""How the laptop talks to the central store, and what can go wrong on the way.

One POST per call, JSON in and out (the models of sync/protocol.py), over HTTPS with
certificate checks, or plain HTTP only to this machine (tests, a local pilot). Every failure
becomes a `SyncError` with a message key a nurse can act on; the engine in sync/client.py
decides what to do with it. `Transport` is what the engine needs, so a test can hand it
another transport.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from backa_desktop.domain.errors import UserError
from backa_desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorBody

CA_BUNDLE_ENV = "BACKA_CA_BUNDLE"
"""A PEM file of the organisation's own certificate authority, when the server's certificate
is not from a public one. Certificates are always checked; there is no switch to turn that off."""

M = TypeVar("M", bound=BaseModel)

RESENDABLE = frozenset({"/v1/pull", "/v1/push", "/v1/token", "/v1/statistics"})
"""Calls the server answers the same way when it gets them twice (a push's changes are known
by their change ids, and the second answer says "duplicate"). Enrolling is not among them: a
second request could make a second device."""


@dataclass(frozen=True)
class EncodedJson:
    """A request body the caller has already encoded (UTF-8 JSON): sent as it is. The push
    builds its body from the outbox's stored JSON rather than from a model per change."""

    body: bytes


Payload = BaseModel | EncodedJson


class SyncError(UserError):
    """A sync problem with a message a nurse can act on (a key, domain/errors.py); `detail`
    is for the log and the outbox, never shown."""

    retryable = False

    def __init__(self, key: str, detail: str = "", **params: Any) -> None:
        super().__init__(key, **params)
        self.detail = detail

    @property
    def message_sv(self) -> str:
        return str(self)


def _server_says(error: ErrorBody) -> dict[str, str]:
    """The parameters of "sync.server_message": the server's own words, in both languages
    it sends (its English `message` is written for programs but readable)."""
    return {"sv": error.message_sv, "en": error.message or error.message_sv}


class ServerUnavailable(SyncError):
    """No answer (network, server down, cut connection): try again later, nothing is lost."""

    retryable = True


class InsecureServer(SyncError):
    pass


class NotEnrolled(SyncError):
    pass


class AuthFailed(SyncError):
    """Wrong password, a revoked device, or too many attempts."""


class UpgradeRequired(SyncError):
    pass


class AuditChainRefused(SyncError):
    """The central store refused this laptop's audit log: it no longer extends the log the
    server holds from it (rewritten, shortened, or restored from an older backup). Records
    were still pushed and pulled; the refusal is reported on the server."""


class RequestRefused(SyncError):
    def __init__(self, status: int, error: ErrorBody | None) -> None:
        if error is not None:
            super().__init__("sync.server_message", error.message, **_server_says(error))
        else:
            super().__init__("sync.server_status", status=status)
        self.status = status
        self.error = error


def check_server_url(url: str) -> str:
    """Accept https://, or http:// only to this machine; return the URL without a trailing /."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and host:
        loopback = host == "localhost"
        if not loopback:
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
        if loopback:
            return url.strip().rstrip("/")
        raise InsecureServer("sync.plain_http", f"refusing plain http to {host}")
    raise InsecureServer("sync.not_https", f"bad server url {url!r}")


class Transport(Protocol):
    def call(self, path: str, payload: Payload, model: type[M], token: str | None = None) -> M:
        ...

    def close(self) -> None:
        ...


class HttpTransport:
    """httpx over HTTPS (or loopback HTTP). Maps every failure to a `SyncError`."""

    def __init__(self, server_url: str, *, timeout: float = 60.0) -> None:
        self.base_url = check_server_url(server_url)
        verify: Any = True
        ca_bundle = os.environ.get(CA_BUNDLE_ENV)
        if ca_bundle:
            import ssl

            verify = ssl.create_default_context(cafile=ca_bundle)
        self.http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            verify=verify,
            headers={
                PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                "User-Agent": f"backa-desktop/protocol-{PROTOCOL_VERSION}",
            },
        )

    def close(self) -> None:
        self.http.close()

    def call(self, path: str, payload: Payload, model: type[M], token: str | None = None) -> M:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if isinstance(payload, EncodedJson):
            content = payload.body
        else:
            content = payload.model_dump_json().encode("utf-8")
        headers["Content-Type"] = "application/json"
        try:
            try:
                response = self.http.post(path, content=content, headers=headers)
            except httpx.RemoteProtocolError:
                # The server closed the connection without a word: most often a kept-alive
                # connection it had just closed as idle, so the request never reached it.
                # Sent again once, on a new connection, where sending twice is harmless.
                if path not in RESENDABLE:
                    raise
                response = self.http.post(path, content=content, headers=headers)
        except httpx.ConnectError as exc:
            if "CERTIFICATE" in str(exc).upper() or "SSL" in str(exc).upper():
                raise SyncError("sync.certificate", str(exc)) from exc
            raise ServerUnavailable("sync.unreachable", str(exc)) from exc
        except httpx.HTTPError as exc:
            raise ServerUnavailable("sync.connection_lost", str(exc)) from exc
        return _parse(response, model)


def _parse(response: httpx.Response, model: type[M]) -> M:
    status = response.status_code
    if status == 200:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ServerUnavailable("sync.unexpected_answer", str(exc)) from exc
    error: ErrorBody | None
    try:
        error = ErrorBody.model_validate_json(response.content)
    except ValidationError:
        error = None
    if status == 426:
        if error is None:
            raise UpgradeRequired("sync.upgrade_required")
        raise UpgradeRequired("sync.server_message", error.code, **_server_says(error))
    if status in (401, 403, 429):
        if error is None:
            raise AuthFailed("sync.login_failed", str(status))
        raise AuthFailed("sync.server_message", error.code, **_server_says(error))
    if status >= 500 or status in (408, 502, 503, 504):
        raise ServerUnavailable("sync.server_error", f"HTTP {status}")
    raise RequestRefused(status, error)
