"""Time-outs for slow clients, which uvicorn does not have: its keep-alive time-out closes a connection
idle between requests, but nothing bounds the time a client takes to send a request's headers or body.
A client trickling one byte a second (slowloris) would hold its connection, and its file descriptor,
for ever; a thousand of them would leave none for anyone else.

`timed_protocol` is uvicorn's own h11 protocol with three limits added, each one a timer on the event
loop (no thread, no polling):

- the headers of a request must have arrived `header_timeout_s` after the connection opened or the
  previous response ended;
- its body `body_timeout_s` after its headers;
- a response the client does not read (the send buffer stays full) is dropped after `send_timeout_s`.

Past the first two the client gets `408 Request Timeout` and the connection is closed; past the third it
is cut. And the server holds at most `max_connections`: a new connection beyond them closes the one that
has waited longest for its request's headers, so trickling clients cannot crowd out a client that sends
its request at once. The time the explorer takes to answer is not the client's and is not counted here
(`/api/extract` has its own limit).
"""
from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
TOO_MANY = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\nretry-after: 5\r\n\r\n"
HEADERS, BODY = "headers", "body"


def timed_protocol(header_timeout_s: float, body_timeout_s: float, send_timeout_s: float,
                   max_connections: int) -> type[H11Protocol]:
    """uvicorn's h11 protocol class with these limits (pass it as `uvicorn.run(..., http=...)`)."""
    limits = {HEADERS: header_timeout_s, BODY: body_timeout_s}

    class TimedH11Protocol(H11Protocol):
        _phase: str | None = None
        _since = 0.0
        _timer: asyncio.TimerHandle | None = None
        _send_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._follow()
            if len(self.connections) > max_connections:
                self._make_room()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._follow()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._follow()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop(self._timer)
            self._stop(self._send_timer)
            self._timer = self._send_timer = None
            super().connection_lost(exc)

        def pause_writing(self) -> None:
            super().pause_writing()
            if self._send_timer is None:
                self._send_timer = self.loop.call_later(send_timeout_s, self._cut)

        def resume_writing(self) -> None:
            super().resume_writing()
            self._stop(self._send_timer)
            self._send_timer = None

        # -- the phases of a request -----------------------------------------------------------
        def _follow(self) -> None:
            """Start the timer of the phase the client is in (waiting for its headers, for its body),
            and none while the explorer works on its answer."""
            state = self.conn.their_state
            phase = HEADERS if state is h11.IDLE else BODY if state is h11.SEND_BODY else None
            if phase == self._phase or self.transport.is_closing():
                return
            self._stop(self._timer)
            self._phase, self._since, self._timer = phase, self.loop.time(), None
            if phase is not None:
                self._timer = self.loop.call_later(limits[phase], self._too_slow)

        def _too_slow(self) -> None:
            """The client took too long over its headers or its body: 408, unless the answer has begun."""
            self._timer = None
            if self.transport.is_closing():
                return
            if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
                self.transport.write(REQUEST_TIMEOUT)
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True  # the app waiting for the body hears a disconnect; its answer is dropped
                self.cycle.message_event.set()
            self.transport.close()

        def _cut(self) -> None:
            """The client has not read its answer for send_timeout_s: drop the connection and what is queued."""
            self._send_timer = None
            self.transport.abort()

        def _make_room(self) -> None:
            """Over max_connections: close the connection that has waited longest for headers, or, when every
            connection is busy with a request, refuse this one."""
            waiting = [c for c in self.connections if isinstance(c, TimedH11Protocol) and c._phase == HEADERS
                       and c is not self and not c.transport.is_closing()]
            oldest = min(waiting, key=lambda c: c._since, default=None)
            victim = oldest if oldest is not None else self
            victim.transport.write(REQUEST_TIMEOUT if victim is oldest else TOO_MANY)
            victim.transport.close()

        @staticmethod
        def _stop(timer: asyncio.TimerHandle | None) -> None:
            if timer is not None:
                timer.cancel()

    return TimedH11Protocol
