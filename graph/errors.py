"""The one exception family of recognition-kg, with the HTTP status and exit code of each.

``api/`` maps any :class:`RecognitionKGError` to ``http_status`` with one handler; the CLI
catches the root once and exits with ``exit_code``. Exit codes: 0 ok, 1 a negative answer
(not found, does not conform), 2 bad input, 3 internal or store failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recognition_kg.graph.validate import ValidationReport

__all__ = [
    "Forbidden",
    "InvalidRequest",
    "PayloadTooLarge",
    "QueryTimeout",
    "UnsupportedMediaType",
    "NotConformant",
    "NotFound",
    "QuerySyntaxError",
    "RecognitionKGError",
    "StoreError",
    "StoreUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "UnsupportedFormat",
]


class RecognitionKGError(Exception):
    """Root of every error the project raises on purpose.

    :param message: plain words for a person: what is wrong and, where possible, what to do.
    :param details: extra machine-readable facts (closest matches, line and column...).
    """

    http_status = 500
    exit_code = 3

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (the query executors, the writer): kept whole, details
        # and report included, not rebuilt from the message alone.
        return _restore, (type(self), self.__dict__)


def _restore(cls: type[RecognitionKGError], state: dict[str, Any]) -> RecognitionKGError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class NotFound(RecognitionKGError):
    """A named thing does not exist (an unknown entity lists its closest matches)."""

    http_status = 404
    exit_code = 1


class InvalidRequest(RecognitionKGError):
    """Bad input: a date that does not parse, a missing parameter, an unreadable file."""

    http_status = 400
    exit_code = 2


class QuerySyntaxError(InvalidRequest):
    """A SPARQL query or an RDF file that does not parse; ``details`` has line and column."""


class UnsupportedFormat(RecognitionKGError):
    """A format that cannot be read or written (an unknown media type or file extension)."""

    http_status = 406
    exit_code = 2


class UnsupportedMediaType(InvalidRequest):
    """A request body in a media type the endpoint does not take (a POST without Content-Type)."""

    http_status = 415


class PayloadTooLarge(InvalidRequest):
    """A request body over the server's limit."""

    http_status = 413


class Forbidden(RecognitionKGError):
    """An operation this server does not allow: writes to a read-only endpoint."""

    http_status = 403
    exit_code = 2


class Unauthorized(RecognitionKGError):
    """A write without a curator's token, or with a token no curator holds (HTTP 401)."""

    http_status = 401
    exit_code = 2


class QueryTimeout(RecognitionKGError):
    """A query that ran past its time limit and was stopped; the server goes on serving."""

    http_status = 503
    exit_code = 3


class TooManyRequests(RecognitionKGError):
    """The client has spent its query budget for now; ``retry_after`` says for how long (seconds)."""

    http_status = 429
    exit_code = 3


class NotConformant(RecognitionKGError):
    """Data that fails validation; ``report`` says what and where. Nothing was stored."""

    http_status = 422
    exit_code = 1

    def __init__(self, message: str, report: ValidationReport, **details: Any) -> None:
        super().__init__(message, **details)
        self.report = report


class StoreError(RecognitionKGError):
    """The store failed: it cannot be opened, read or written."""

    http_status = 500
    exit_code = 3


class StoreUnavailable(StoreError):
    """A remote store does not answer (refused, reset, or past the timeout); ``url`` names it."""

    http_status = 503
