"""HTTP caching of every read: a strong ``ETag``, ``Cache-Control``, and ``304 Not Modified``.

An answer is a function of the data, the request (its URL and, where the format is negotiated,
its ``Accept``) and, for lookups whose default day is today, the day. The ``ETag`` is a hash of
exactly those, with the served store's data version
(:meth:`~recognition_kg.graph.store.Store.data_version`): it is known before any work is done,
so a client that sends it back in ``If-None-Match`` gets a ``304`` without the query being run,
and it changes exactly when the data (or the day, for those lookups) does. ``HEAD`` is answered
on every ``GET`` route, with the ``GET``'s headers and no body.

A store that cannot tell its version (a directory that cannot be read) is served without
``ETag``, never with a wrong one.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import Flask, Response, g, request

from recognition_kg.api.runtime import Runtime

__all__ = ["etag_of", "register"]

#: the routes whose answers are cached, by path prefix
CACHED = ("/sparql", "/api/", "/store")
#: the routes whose answers name the server (its URL is part of their ETag)
_NAMING_THE_HOST = ("/sparql", "/api/openapi.json")
#: query parameters naming the day; a lookup without any of them answers for today
_DAYS = ("as_of", "to")


def etag_of(version: str, url: str, accept: str, day: dt.date | None) -> str:
    """The strong ETag of an answer (quoted, as the header carries it).

    >>> url = "http://x/api/count?entity=XKX"
    >>> etag_of("v1", url, "", None) == etag_of("v1", url, "", None) != etag_of("v2", url, "", None)
    True
    """
    key = "\0".join((version, url, accept, day.isoformat() if day else ""))
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def register(app: Flask, runtime: Runtime, *, max_age: int, revalidate: bool = False) -> None:
    """Answer ``If-None-Match`` before any work, and mark every cacheable 200 with its ETag."""

    @app.before_request
    def _not_modified() -> Response | None:
        g.etag = None
        if request.method not in ("GET", "HEAD") or not request.path.startswith(CACHED):
            return None
        version = runtime.data_version
        if version is None:
            return None
        api = request.path.startswith("/api/")
        today = dt.date.today() if api and not any(request.args.get(d) for d in _DAYS) else None
        # The JSON API's format is a parameter, in the URL; elsewhere Accept chooses it. Only the
        # SPARQL endpoint (its base IRI, its service description) and the OpenAPI document name
        # the server in their answers: the others are the same from any host name or port.
        url = request.url if request.path in _NAMING_THE_HOST else request.full_path
        g.etag = etag_of(version, url, "" if api else request.headers.get("Accept", ""), today)
        if request.if_none_match.contains(g.etag.strip('"')):  # a strong comparison, as the tag is strong
            response = Response(status=304)
            _mark(response, g.etag, max_age, vary=not api, revalidate=revalidate)
            return response
        return None

    @app.after_request
    def _tag(response: Response) -> Response:
        etag = g.get("etag")
        if etag is not None and response.status_code == 200:
            _mark(response, etag, max_age, vary=not request.path.startswith("/api/"), revalidate=revalidate)
        return response


def _mark(response: Response, etag: str, max_age: int, *, vary: bool, revalidate: bool = False) -> None:
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache" if revalidate else f"public, max-age={max_age}"
    if vary:
        response.headers["Vary"] = "Accept"
