"""The server's front: requests are read whole in the event loop before a thread takes them.

gunicorn's threaded worker hands each new connection to a worker thread, which then reads the
request from the socket: a client that sends its headers a byte a second holds that thread for
as long as it likes, and a few such clients hold them all. :class:`ReadAheadWorker` keeps the
worker's design (a selector loop, a pool of threads, keep-alive) and adds waitress's: the loop
reads each request, headers and body, into a buffer, without blocking, until it is complete;
only then does a thread parse it (from the buffer, never waiting on the client) and answer it.

- a request not read whole within ``--request-timeout`` seconds is answered ``408`` and closed;
- headers larger than gunicorn's own limits allow are ``431``, a body past ``--max-body`` is
  ``413``, both answered before the rest is read;
- past ``--queue`` requests waiting for a thread, a complete request is answered ``503`` with
  ``Retry-After`` at once, not left to wait (counted in ``/metrics``).

It subclasses gunicorn's ``ThreadWorker`` (``gunicorn.workers.gthread``) and overrides where a
connection is accepted and handed on: gunicorn's own parser, keep-alive and shutdown are used as
they are.
"""

from __future__ import annotations

import errno
import selectors
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

__all__ = ["Front", "ReadAheadWorker", "complete"]

_REASONS = {408: "Request Timeout", 413: "Content Too Large", 431: "Request Header Fields Too Large",
            503: "Service Unavailable"}


@dataclass(frozen=True)
class Front:
    """The front's limits (``rkg serve`` sets them from its options)."""

    #: seconds in which a request must be sent whole (headers and body), else 408
    request_timeout: float = 10.0
    #: requests a worker takes at once (answering and waiting for a thread), else 503
    queue: int = 128
    #: the largest body read, else 413
    max_body: int = 1 << 20


class _Buffered:
    """A client socket whose first bytes were read ahead: ``recv`` gives those before the socket's."""

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.buffer = bytearray()

    def recv(self, size: int, *flags: int) -> bytes:
        if self.buffer and not flags:
            data = bytes(self.buffer[:size])
            del self.buffer[:size]
            return data
        return self.sock.recv(size, *flags)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def complete(buffer: bytes | bytearray, *, max_headers: int, max_body: int) -> int | None:
    """Whether ``buffer`` holds a whole request: 0 for yes, None for not yet, or the status
    that refuses it (413, 431).

    >>> complete(b"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n", max_headers=100, max_body=10)
    0
    >>> complete(b"POST / HTTP/1.1\\r\\nContent-Length: 5\\r\\n\\r\\nab", max_headers=100, max_body=10) is None
    True
    >>> complete(b"POST / HTTP/1.1\\r\\nContent-Length: 50\\r\\n\\r\\n", max_headers=100, max_body=10)
    413
    """
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return 431 if len(buffer) > max_headers else None
    length, chunked = 0, False
    for line in bytes(buffer[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    body = len(buffer) - end - 4
    if chunked:  # the last chunk ends it (trailers aside: rare, and the parser reads on)
        return 0 if buffer.endswith(b"0\r\n\r\n") else (413 if body > max_body else None)
    if length > max_body:
        return 413
    return 0 if body >= length else None


class ReadAheadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, with whole requests read in its loop before a thread takes them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: connections being read, with the moment they must be read by
        self._reading: dict[TConn, float] = {}
        #: requests handed to the threads and not yet finished
        self._waiting = 0
        limits = self.cfg
        self._max_headers = limits.limit_request_line + limits.limit_request_fields * limits.limit_request_field_size
        front: Front = getattr(self.app, "front", None) or Front()
        self._request_timeout, self._queue, self._max_body = front.request_timeout, front.queue, front.max_body

    def accept(self, listener: Any) -> None:
        try:
            client, address = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, _Buffered(client), address, listener.getsockname())
        self._read_ahead(conn)

    def enqueue_req(self, conn: TConn) -> None:
        # A kept-alive connection's next request is read ahead like a new one, unless the parser
        # already holds its bytes (read along with the last body).
        if conn.parser is not None and conn.parser.unreader.buf.getvalue():
            self._submit(conn)
        else:
            self._read_ahead(conn)

    def _read_ahead(self, conn: TConn) -> None:
        conn.sock.setblocking(False)
        self._reading[conn] = time.monotonic() + self._request_timeout
        # Most requests are there already (a kept-alive connection comes back readable): taken
        # now, without a trip through the selector, in which the loop waits for the GIL again.
        if not self._take(conn, registered=False):
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _readable(self, conn: TConn, _: Any) -> None:
        self._take(conn, registered=True)

    def _take(self, conn: TConn, *, registered: bool) -> bool:
        """Read what the client has sent; hand the request on once it is whole (or refuse it, or
        close a connection the client left), out of the selector first when it is ``registered``.
        True once the connection is no longer being read."""
        sock: _Buffered = conn.sock
        try:
            data = sock.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        state: int | None = -1  # the client went away
        if data:
            sock.buffer += data
            state = complete(sock.buffer, max_headers=self._max_headers, max_body=self._max_body)
            if state is None:
                return False
        if registered:
            self._forget(conn)  # before the socket is closed or handed on
        else:
            self._reading.pop(conn, None)
        if state == -1:
            self._close(conn)
            return True
        if state:
            what = "the request body is" if state == 413 else "the request headers are"
            self._refuse(conn, state, f"{what} too large")
            return True
        conn.data_ready = True  # gunicorn's thread must not wait for the socket: the bytes are here
        self._submit(conn)
        return True

    def _submit(self, conn: TConn) -> None:
        self._reading.pop(conn, None)
        if self._waiting >= self._queue:
            self._refuse(conn, 503, "the server is busy: try again shortly", retry_after=1)
            self._count("queue_full")
            return
        self._waiting += 1
        super().enqueue_req(conn)

    def finish_request(self, conn: TConn, fs: Any) -> None:
        self._waiting -= 1
        super().finish_request(conn, fs)

    def murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        for conn, deadline in list(self._reading.items()):
            if deadline <= now:
                self._forget(conn)
                self._refuse(conn, 408, f"the request was not sent whole within {self._request_timeout:g} s")
                self._count("request_timeout")

    def _count(self, reason: str) -> None:
        metrics = getattr(self.wsgi, "extensions", {}).get("rkg.metrics")
        if metrics is not None:
            metrics.shed(reason)

    def _forget(self, conn: TConn) -> None:
        self._reading.pop(conn, None)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    def _refuse(self, conn: TConn, status: int, message: str, *, retry_after: int | None = None) -> None:
        body = (message + "\n").encode()
        head = [f"HTTP/1.1 {status} {_REASONS[status]}", "Content-Type: text/plain; charset=utf-8",
                f"Content-Length: {len(body)}", "Connection: close"]
        if retry_after is not None:
            head.append(f"Retry-After: {retry_after}")
        try:
            conn.sock.sock.send(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        except OSError:
            pass  # the client is gone or not reading: closing is all there is left to do
        self._close(conn)

    def _close(self, conn: TConn) -> None:
        self.nr_conns -= 1
        try:
            conn.sock.sock.close()
        except OSError:
            pass
