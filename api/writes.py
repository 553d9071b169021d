"""Curated writes over HTTP: SPARQL Update, Graph Store writes, and the change log.

- ``POST /update`` (and ``update=`` in a form POSTed to ``/sparql``, as the protocol allows):
  SPARQL 1.1 Update, ``application/sparql-update`` or form-encoded, with the protocol's
  ``using-graph-uri`` / ``using-named-graph-uri``;
- ``PUT`` / ``POST`` / ``DELETE`` on ``/store?graph=IRI``, ``/store?default`` and ``/store/…``
  (a graph named by its own URL), ``POST /store`` to make a new graph: the Graph Store Protocol;
- ``GET /api/log`` (the change log), ``GET /api/log/N`` (one change) and ``GET /api/log/N/patch``
  (its RDF Patch).

A server started without ``--allow-updates`` answers every write 403. With it, a write needs
a curator's bearer token (401 without one, or with a wrong one); the ``Change-Message`` header
is logged as its message. Each write is validated and committed whole
(:mod:`~recognition_kg.graph.writes`): a write that breaks a shape is 422 with the report, and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from flask import Blueprint, Response, current_app, jsonify, request
from rdflib import URIRef

from recognition_kg.api.auth import Curators, refuse_read_only
from recognition_kg.api.openapi import parameters
from recognition_kg.api.protocol import body_text, graph_parameters
from recognition_kg.api.runtime import Runtime
from recognition_kg.api.writer import WriteJob
from recognition_kg.graph import changelog, writes
from recognition_kg.graph.errors import InvalidRequest, NotFound, UnsupportedMediaType
from recognition_kg.graph.formats import RDF_FORMATS, find
from recognition_kg.graph.sparql import IRI_TEXT

__all__ = ["bp", "run_update"]

bp = Blueprint("writes", __name__)

#: the request header whose value is logged as the change's message
MESSAGE_HEADER = "Change-Message"


def _rt() -> Runtime:
    return current_app.extensions["rkg"]  # type: ignore[no-any-return]


def _curator() -> str:
    """The curator making this write: 403 on a read-only server, 401 without a valid token."""
    if not _rt().config.allow_updates:
        refuse_read_only()
    curators: Curators = current_app.extensions["rkg.curators"]
    return curators.curator(request.headers.get("Authorization"))


def _message() -> str | None:
    raw = request.headers.get(MESSAGE_HEADER)
    if raw is None:
        return None
    try:  # HTTP header values arrive as Latin-1: a UTF-8 message is read back as UTF-8
        raw = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return raw.strip()[:2000] or None


def _commit(kind: str, curator: str, message: str | None, **arguments: Any) -> writes.Change:
    """Make one write through this worker's writer process (:mod:`~recognition_kg.api.writer`)."""
    rt = _rt()
    arguments.setdefault("lock_timeout", rt.config.write_timeout)
    change: writes.Change = rt.writer.run(WriteJob(kind, rt.config.store, curator, message, arguments))
    return change


def _answer(change: writes.Change, status: int = 200) -> Response:
    response = jsonify({"ok": True, "change": change.to_dict()})
    response.status_code = status
    if change.sequence > 0:
        response.headers["Content-Location"] = f"{request.host_url}api/log/{change.sequence}"
    return response


def run_update(text: str, params: dict[str, list[str]]) -> Response:
    """Commit one SPARQL update for the curator of the request's token."""
    curator = _curator()
    message, started = _message(), dt.datetime.now(dt.UTC)
    using = graph_parameters(params, "using-graph-uri")
    using_named = graph_parameters(params, "using-named-graph-uri")
    change = _commit("update", curator, message, text=text, using=using, using_named=using_named,
                     base_iri=request.base_url, started=started)
    return _answer(change)


@bp.route("/update", methods=["POST"])
def update() -> Response:
    """SPARQL 1.1 Update: ``application/sparql-update``, or a form with ``update=``."""
    url_params = {k: request.args.getlist(k) for k in request.args}
    mimetype = (request.mimetype or "").lower()
    if mimetype == "application/sparql-update":
        text = body_text()
        if "update" in url_params:
            raise InvalidRequest("the update is in the body: do not also pass an update parameter")
        return run_update(text, url_params)
    if mimetype == "application/x-www-form-urlencoded":
        form = parse_qs(body_text(), keep_blank_values=True)
        updates = form.get("update", [])
        if len(updates) != 1:
            raise InvalidRequest("the form needs exactly one update parameter" if updates else
                                 "the form has no update parameter")
        if "query" in form:
            raise InvalidRequest("a request carries a query or an update, not both")
        merged = {**url_params}
        for k, v in form.items():
            merged.setdefault(k, []).extend(v)
        return run_update(updates[0], merged)
    if not mimetype:
        raise UnsupportedMediaType("an update needs a Content-Type: application/sparql-update, or "
                                   "application/x-www-form-urlencoded with an update parameter")
    raise UnsupportedMediaType(f"cannot take an update of type {mimetype}: send application/sparql-update "
                               "or application/x-www-form-urlencoded")


# ---------------------------------------------------------------- the Graph Store Protocol


def _target(direct: str | None) -> URIRef | None:
    """The graph a Graph Store request names: None for the default graph."""
    if direct is not None:
        return URIRef(request.base_url)
    if "graph" in request.args:
        if "default" in request.args:
            raise InvalidRequest("name either ?default or ?graph=IRI, not both")
        iri = request.args["graph"]
        if not IRI_TEXT.fullmatch(iri) or ":" not in iri:
            raise InvalidRequest(f"graph {iri!r} is not an absolute IRI", parameter="graph")
        return URIRef(iri)
    if "default" in request.args:
        return None
    raise InvalidRequest("name the graph: /store?default or /store?graph=IRI")


def _format(mimetype: str) -> str:
    """The media type of an RDF format we read, for the one a request names."""
    fmt = find(RDF_FORMATS, mimetype) if mimetype else None
    if fmt is None or fmt.rdf is None:
        raise UnsupportedMediaType(f"cannot read a graph sent as {mimetype or 'no Content-Type'}: send Turtle, "
                                   "N-Triples, RDF/XML, JSON-LD, TriG or N-Quads")
    return str(fmt.rdf.media_type)


def _bodies() -> list[tuple[bytes, str]]:
    """The RDF the request carries: its body, or each part of a multipart/form-data body."""
    mimetype = (request.mimetype or "").lower()
    if mimetype == "multipart/form-data":
        parts = []
        for f in request.files.values():
            kind = (f.mimetype or "").lower()
            if not kind or kind == "application/octet-stream":
                guessed = find(RDF_FORMATS, Path(f.filename or "").suffix.lstrip("."))
                kind = guessed.media_type if guessed is not None else kind
            parts.append((f.read(), _format(kind)))
        if not parts:
            raise InvalidRequest("the multipart body holds no file")
        return parts
    return [(request.get_data(cache=True), _format(mimetype))]


@bp.route("/store", methods=["PUT", "POST", "DELETE", "PATCH"])
@bp.route("/store/<path:direct>", methods=["PUT", "POST", "DELETE", "PATCH"])
def store_write(direct: str | None = None) -> Response:
    """Graph Store writes: PUT replaces a graph, POST adds to it, DELETE removes it."""
    curator = _curator()
    if request.method == "PATCH":
        raise InvalidRequest("PATCH is not part of the Graph Store Protocol: send a SPARQL update to /update")
    message = _message()
    if request.method == "POST" and direct is None and not ({"graph", "default"} & set(request.args)):
        new = f"{request.host_url}store/{uuid.uuid4().hex}"
        change = _commit("post", curator, message, graph=new, bodies=_bodies(), base_iri=new)
        response = _answer(change, 201)
        response.headers["Location"] = new
        return response
    graph = _target(direct)
    target = None if graph is None else str(graph)
    if request.method == "DELETE":
        return _answer(_commit("delete", curator, message, graph=target, must_exist=True))
    bodies = _bodies()
    base = target or request.base_url
    if request.method == "PUT":
        if len(bodies) != 1:
            raise InvalidRequest("a PUT carries one graph")
        data, media_type = bodies[0]
        change = _commit("put", curator, message, graph=target, data=data, media_type=media_type, base_iri=base)
    else:
        change = _commit("post", curator, message, graph=target, bodies=bodies, base_iri=base)
    return _answer(change, 200 if change.existed else 201)


# ---------------------------------------------------------------- the change log


@bp.get("/api/log")
@parameters(optional=["after", "format"])
def log() -> Response:
    """The change log: every accepted write, oldest first (after sequence ``after`` when given)."""
    after = request.args.get("after", "")
    if after and not after.isdigit():
        raise InvalidRequest(f"after {after!r} is not a change's sequence number", parameter="after")
    entries = changelog.entries(_rt().store, after=int(after) if after else None)
    return jsonify({"changes": [e.to_dict() for e in entries], "count": len(entries)})


@bp.get("/api/log/<int:sequence>")
def log_entry(sequence: int) -> Response:
    """One change of the log."""
    for e in changelog.entries(_rt().store):
        if e.sequence == sequence:
            return jsonify({"change": e.to_dict(), "patch": f"{request.host_url}api/log/{sequence}/patch"})
    raise NotFound(f"the change log has no change {sequence}")


@bp.get("/api/log/<int:sequence>/patch")
def log_patch(sequence: int) -> Response:
    """One change as an RDF Patch file."""
    text = changelog.patch(_rt().store, sequence)
    response = Response(text, 200, content_type=f"{changelog.PATCH_TYPE}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="change-{sequence}.rdfp"'
    return response
