"""The OpenAPI 3.1 description of the JSON API, built from one table of routes and parameters."""

from __future__ import annotations

from typing import Any

__all__ = ["spec"]

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
    "depth": ("steps from around", {"type": "integer", "default": 1}),
    "kinds": ("keep edges with these act kinds, comma-separated", {"type": "string", "example": "Withdrawal"}),
    "export_format": ("gexf (default), graphml, cytoscape, json, dot, svg, png or csv",
                      {"type": "string", "default": "gexf"}),
}
_ROUTES = {
    "/api/recognisers": ("Who recognises an entity on a day", ["entity"], ["as_of", "format"]),
    "/api/recognised-by": ("What a state recognises on a day", ["state"], ["as_of", "format"]),
    "/api/status": ("Whether one party recognises another on a day", ["recogniser", "recognised"],
                    ["as_of", "format"]),
    "/api/timeline": ("The acts between two parties, in date order", ["a"], ["b", "format"]),
    "/api/changes": ("Every pair whose status differs between two days", ["from"], ["to", "format"]),
    "/api/count": ("How many states recognise an entity on a day", ["entity"], ["as_of", "group", "format"]),
    "/api/entities": ("States and governments by code or name", [], ["text", "format"]),
    "/api/export": ("The recognition network for graph tools, on a day or over a range", [],
                    ["as_of", "from", "to", "around", "depth", "kinds", "export_format"]),
}


def spec(server: str) -> dict[str, Any]:
    """The OpenAPI document, with ``server`` as its base URL.

    >>> sorted(spec("http://127.0.0.1:5000")["paths"])[0]
    '/api/changes'
    """
    error = {"description": "error",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, Any] = {}
    for path, (summary, required, optional) in _ROUTES.items():
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
        "info": {"title": "recognition-kg", "version": "0.1.0",
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
