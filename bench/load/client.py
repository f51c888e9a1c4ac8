"""A small threaded HTTP client: each virtual user is a thread with its own keep-alive connection and
session cookie, asking for its pages in turn at a steady pace (one request every ``1 / rate`` seconds,
started at a random offset so that users do not march in step). Every answer but a 200 is an error."""

from __future__ import annotations

import http.client
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Hit:
    page: str
    seconds: float
    status: int  # 0: no answer (connection refused, reset, timeout)


@dataclass
class VirtualUser:
    cookie: str  # the session cookie's value
    pages: list[tuple[str, str]]  # (key page, path), asked for in turn


class Connection:
    """One keep-alive connection with a session cookie; reconnects after a failure."""

    def __init__(self, base: str, cookie: str = "", timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies = {"sessionid": cookie} if cookie else {}
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """``(status, body, seconds)``; status 0 when the server did not answer."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        # A kept-alive connection the server has just closed fails before any answer; a browser then sends a GET
        # again on a new connection, and so does this client (never a POST: it may have been received).
        tries = 2 if method == "GET" and self.conn is not None else 1
        for attempt in range(tries):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                for header in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = header.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                return response.status, data, time.perf_counter() - start
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt + 1 == tries:
                    return 0, b"", time.perf_counter() - start
            except (OSError, http.client.HTTPException):
                self.close()
                return 0, b"", time.perf_counter() - start
        return 0, b"", time.perf_counter() - start

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _walk(base: str, user: VirtualUser, until: float, rate: float, hits: list[Hit], rng: random.Random) -> None:
    connection = Connection(base, user.cookie)
    period = 1.0 / rate
    tick = time.monotonic() + rng.uniform(0, period)
    n = 0
    try:
        while True:
            pause = tick - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            if time.monotonic() >= until:
                return
            page, path = user.pages[n % len(user.pages)]
            status, _body, seconds = connection.request("GET", path)
            hits.append(Hit(page, seconds, status))  # list.append is atomic under the GIL
            n += 1
            tick = max(tick + period, time.monotonic())  # a user behind does not burst to catch up
    finally:
        connection.close()


def run(base: str, users: list[VirtualUser], seconds: float, *, rate: float = 1.0, seed: int = 17) -> list[Hit]:
    """Every user walks its pages at ``rate`` requests a second for ``seconds``; every answer, in order."""
    hits: list[Hit] = []
    until = time.monotonic() + seconds
    rng = random.Random(seed)
    threads = [
        threading.Thread(target=_walk, args=(base, u, until, rate, hits, random.Random(rng.random())), daemon=True)
        for u in users
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return hits
