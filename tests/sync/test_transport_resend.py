"""A connection the server closes without answering is tried once more, for calls that may be
sent twice; real HTTP on loopback, from a server that hangs up on the first request."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from backa_desktop.sync.transport import HttpTransport, ServerUnavailable


class Answer(BaseModel):
    ok: bool


class Ask(BaseModel):
    n: int


def _serve(listener: socket.socket, hang_ups: int, seen: list[bytes],
           stop: threading.Event) -> None:
    """Hang up on the first `hang_ups` requests (after reading them), answer the rest."""
    served = 0
    listener.settimeout(0.1)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        conn.settimeout(5)
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            seen.append(data.split(b"\r\n", 1)[0])
            served += 1
            if served <= hang_ups:
                continue  # closed without a response
            body = b'{"ok": true}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Connection: close\r\nContent-Length: " + str(len(body)).encode()
                         + b"\r\n\r\n" + body)


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[bytes]]]:
    hang_ups: int = request.param
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[bytes] = []
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(listener, hang_ups, seen, stop), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    stop.set()
    thread.join(timeout=5)
    listener.close()


@pytest.mark.parametrize("server", [1], indirect=True)
def test_a_pull_the_server_hung_up_on_is_sent_again(server: tuple[str, list[bytes]]) -> None:
    url, seen = server
    link = HttpTransport(url, timeout=5)
    try:
        assert link.call("/v1/pull", Ask(n=1), Answer).ok
    finally:
        link.close()
    assert seen == [b"POST /v1/pull HTTP/1.1"] * 2


@pytest.mark.parametrize("server", [1], indirect=True)
def test_an_enrollment_is_never_sent_twice(server: tuple[str, list[bytes]]) -> None:
    url, seen = server
    link = HttpTransport(url, timeout=5)
    try:
        with pytest.raises(ServerUnavailable):
            link.call("/v1/enroll", Ask(n=1), Answer)
    finally:
        link.close()
    assert seen == [b"POST /v1/enroll HTTP/1.1"]


@pytest.mark.parametrize("server", [2], indirect=True)
def test_a_second_hang_up_is_a_lost_connection(server: tuple[str, list[bytes]]) -> None:
    url, seen = server
    link = HttpTransport(url, timeout=5)
    try:
        with pytest.raises(ServerUnavailable) as caught:
            link.call("/v1/push", Ask(n=1), Answer)
    finally:
        link.close()
    assert caught.value.key == "sync.connection_lost"
    assert len(seen) == 2
