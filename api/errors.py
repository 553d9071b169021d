"""The one error body of the HTTP layer, and the mapping of the exception family to it.

Every error answers ``{"ok": false, "error": <plain words>, "status": <code>}`` plus any
details the error carries (``matches`` for an unknown entity, ``parameter`` for a bad date),
as JSON under ``/api/`` and as plain text elsewhere (SPARQL clients show text to their users).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from recognition_kg.graph.errors import NotConformant, RecognitionKGError, Unauthorized

__all__ = ["error_body", "error_response", "register"]

log = logging.getLogger("rkg.http")


def error_body(status: int, message: str, **details: Any) -> dict[str, Any]:
    """The JSON error body: ``ok`` false, the message, the status, and details.

    >>> error_body(404, "no such entity", matches=[])
    {'ok': False, 'error': 'no such entity', 'status': 404, 'matches': []}
    """
    return {"ok": False, "error": message, "status": status, **details}


def error_response(status: int, message: str, **details: Any) -> Response:
    """An error as a response, JSON for the API and plain text for the other routes."""
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        body = json.dumps(error_body(status, message, **details), ensure_ascii=False)
        return Response(body, status, content_type="application/json; charset=utf-8")
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")


def register(app: Flask) -> None:
    """One handler for the family (Flask finds it through the class hierarchy), one for HTTP
    errors raised by routing, and one for anything unexpected: never a traceback to a client."""

    @app.errorhandler(RecognitionKGError)
    def _family(e: RecognitionKGError) -> Response:
        details = {k: v for k, v in e.details.items() if isinstance(v, str | int | float | list | dict | None)}
        message = e.message
        if isinstance(e, NotConformant):  # the report, in JSON and in the plain words rkg validate prints
            details["report"] = e.report.to_dict()
            message = f"{message}\n{e.report.text()}"
        response = error_response(e.http_status, message, **details)
        if isinstance(e, Unauthorized):  # RFC 6750: say how to authenticate, and why the token failed
            challenge = 'Bearer realm="recognition-kg"'
            if e.details.get("reason") == "invalid_token":
                challenge += ', error="invalid_token"'
            response.headers["WWW-Authenticate"] = challenge
        if "retry_after" in e.details:  # 429 and 503 say when to come back
            response.headers["Retry-After"] = str(e.details["retry_after"])
        return response

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> Response:
        response = error_response(e.code or 500, e.description or e.name)
        if e.code == 405 and e.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(e.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal error: the server could not answer this request")
