"""The OpenAPI 3.1 description of the JSON API, read from the app's URL map and one table of parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Flask

from recognition_kg import __version__

__all__ = ["parameters", "spec"]

_DATE = {"type": "string", "format": "date", "example": "2025-08-01"}
_P = {
    "entity": ("a state or government: code, IRI or label", {"type": "string", "example": "AFG-IEA-2021"}),
    "state": ("a state: code, IRI or label", {"type": "string", "example": "RUS"}),
    "recogniser": ("the recognising state", {"type": "string", "example": "RUS"}),
    "recognised": ("the recognised state or government", {"type": "string", "example": "AFG-IEA-2021"}),
    "as_of": ("the day to answer for (default: today)", _DATE),
    "from": ("the first day", _DATE),
    "to": ("the second day (default: today)", _DATE),
    "a": ("one party", {"type": "string", "example": "RUS"}),
    "b": ("the other party (optional)", {"type": "string", "example": "AFG"}),
    "group": ("count among the UN members of that day (un) or every state (states)",
              {"type": "string", "enum": ["un", "states"], "default": "un"}),
    "text": ("part of a code or name", {"type": "string", "example": "emirate"}),
    "format": ("json (default) or csv", {"type": "string", "enum": ["json", "csv"], "default": "json"}),
    "around": ("keep this entity and its neighbours (repeatable)", {"type": "string", "example": "XKX"}),
    "limit": ("at most this many results (1 to 10000; default 1000); the answer's next then names the page after",
              {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}),
    "after": ("the page after this cursor: an answer's next (RECOGNISED,RECOGNISER codes)",
              {"type": "string", "example": "XKX,FRA"}),
    "known_at": ("answer as the graph was known at this instant (2024-01-01 or 2024-01-01T09:30:00Z): the "
                 "log's later changes undone", {"type": "string", "example": "2026-01-01"}),
    "known_from": ("the corrections committed after this instant (with known_to): each pair whose statuses "
                   "they changed, as known before and after", {"type": "string", "example": "2026-01-01"}),
    "known_to": ("the end of the corrections' span (default: now)", {"type": "string", "example": "2026-12-01"}),
    "depth": ("steps from around", {"type": "integer", "default": 1}),
    "kinds": ("keep edges with these act kinds, comma-separated", {"type": "string", "example": "Withdrawal"}),
    "export_format": ("gexf (default), graphml, cytoscape, json, dot, svg, png or csv",
                      {"type": "string", "default": "gexf"}),
}
F = TypeVar("F", bound=Callable[..., Any])


def parameters(*required: str, optional: Sequence[str] = ()) -> Callable[[F], F]:
    """Declare a route's query parameters (names of the table above) for its OpenAPI entry."""

    def mark(view: F) -> F:
        view.openapi_parameters = (tuple(required), tuple(optional))  # type: ignore[attr-defined]
        return view

    return mark


def spec(app: Flask, server: str) -> dict[str, Any]:
    """The OpenAPI document of ``app``'s JSON routes, with ``server`` as its base URL: every
    rule of the URL map whose view declares its :func:`parameters`, summarised by the first
    line of the view's docstring."""
    error = {"description": "error",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions[rule.endpoint]
        declared = getattr(view, "openapi_parameters", None)
        if declared is None:
            continue
        path, (required, optional) = rule.rule, declared
        summary = (view.__doc__ or path).strip().splitlines()[0].rstrip(".").replace("``", "")
        params = [{"name": "format" if n == "export_format" else n, "in": "query", "required": n in required,
                   "description": _P[n][0], "schema": _P[n][1]} for n in [*required, *optional]]
        paths[path] = {"get": {
            "summary": summary, "parameters": params,
            "responses": {
                "200": {"description": "the answer", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Answer"}},
                    "text/csv": {"schema": {"type": "string"}}}},
                "400": error, "404": error,
            }}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "recognition-kg", "version": __version__,
                 "description": "Who recognises whom, as of a given date, and on what evidence. The SPARQL 1.1 "
                                "Protocol endpoint is at /sparql, the read-only Graph Store at /store."},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["ok", "error", "status"], "properties": {
                "ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"},
                "parameter": {"type": "string"}, "matches": {"type": "array", "items": {"type": "object"}}}},
            "Act": {"type": "object", "properties": {
                "iri": {"type": "string"}, "type": {"type": "string"}, "date": {"type": "string"},
                "precision": {"type": ["string", "null"]}, "sources": {"type": "array", "items": {"type": "string"}}}},
            "Answer": {"type": "object", "required": ["query", "results"], "properties": {
                "query": {"type": "object"}, "as_of": {"type": "string", "format": "date"},
                "results": {"type": "array", "items": {"type": "object", "properties": {
                    "code": {"type": "string"}, "label": {"type": "string"}, "iri": {"type": "string"},
                    "status": {"enum": ["recognised", "not_recognised", "uncertain"]},
                    "since": {"type": ["string", "null"]}, "until": {"type": ["string", "null"]},
                    "acts": {"type": "array", "items": {"$ref": "#/components/schemas/Act"}}}}}}},
        }},
    }
