"""A loopback TCP proxy that holds back every answer of a server for a few seconds (a bad
mobile connection), for the tests and the benchmark of a sync waiting on a slow server."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any


class SlowProxy:
    """Loopback TCP proxy that forwards requests at once and holds back each answer by
    `delay` seconds; `held` counts answers being held back right now."""

    def __init__(self, upstream_port: int, delay: float) -> None:
        self.upstream_port = upstream_port
        self.delay = delay
        self.held = 0
        self.answered = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._spawn(self._accept)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            asked = threading.Event()
            self._spawn(self._requests, client, upstream, asked)
            self._spawn(self._answers, upstream, client, asked)

    def _requests(self, client: socket.socket, upstream: socket.socket, asked: Any) -> None:
        try:
            while chunk := client.recv(65536):
                asked.set()
                upstream.sendall(chunk)
        except OSError:
            pass
        finally:
            _shut(upstream)

    def _answers(self, upstream: socket.socket, client: socket.socket, asked: Any) -> None:
        try:
            while chunk := upstream.recv(65536):
                if asked.is_set():  # the first part of an answer: hold it back
                    asked.clear()
                    with self._lock:
                        self.held += 1
                    time.sleep(self.delay)
                    with self._lock:
                        self.held -= 1
                        self.answered += 1
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            _shut(client)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=self.delay + 5)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
