"""Exceptions that carry their HTTP status; one handler in app.py renders them as HTML or JSON."""
from __future__ import annotations


class WebError(Exception):
    status = 500
    title = "Server error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(WebError):
    status = 400
    title = "Bad request"


class NotFound(WebError):
    status = 404
    title = "Not found"


class TooLarge(WebError):
    status = 413
    title = "Request too large"


class Busy(WebError):
    """Every worker busy and the queue full: try again later (503 with Retry-After)."""

    status = 503
    title = "Busy"
    retry_after_s = 5
