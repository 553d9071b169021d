"""The SPARQL 1.1 Graph Store Protocol, read-only: download the data or one graph of it.

``GET /store?default`` is the default graph (the union of every graph, as queries see it),
``GET /store?graph=IRI`` one named graph (404 when there is no such graph), and ``GET /store``
with a quad format (TriG, N-Quads) the whole dataset. Writes (PUT, POST, DELETE) are 403.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from api.negotiation import GRAPH_FORMATS, choose
from graph.errors import Forbidden, InvalidRequest, NotFound

__all__ = ["bp"]

bp = Blueprint("store", __name__)


@bp.route("/store", methods=["GET", "HEAD"])
def read() -> Response:
    """Serialise the default graph, one named graph, or the whole dataset."""
    store = current_app.extensions["rkg"].store.native
    fmt = choose(GRAPH_FORMATS, request.headers.get("Accept"), request.args.get("format"))
    out = io.BytesIO()
    if "graph" in request.args:
        if "default" in request.args:
            raise InvalidRequest("name either ?default or ?graph=IRI, not both")
        iri = request.args["graph"]
        try:
            graph = ox.NamedNode(iri)
        except ValueError as e:
            raise InvalidRequest(f"graph {iri!r} is not an IRI") from e
        if not store.contains_named_graph(graph):
            raise NotFound(f"there is no graph named {iri}")
        if fmt.rdf in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            quads = store.quads_for_pattern(None, None, None, graph)
            ox.serialize(quads, out, format=fmt.rdf)
        else:
            store.dump(out, format=fmt.rdf, from_graph=graph)
        name = iri.rstrip("/").rsplit("/", 1)[-1] or "graph"
    elif "default" in request.args:
        # The union of the graphs, each triple once (a triple may be asserted in several).
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)}
        ox.serialize(seen, out, format=fmt.rdf)
        name = "default"
    elif fmt.rdf in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        store.dump(out, format=fmt.rdf)
        name = "dataset"
    else:
        raise InvalidRequest("name the graph: /store?default or /store?graph=IRI "
                             "(or ask for the whole dataset as application/trig or application/n-quads)")
    response = Response(out.getvalue() if request.method == "GET" else b"", 200, content_type=fmt.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="recognition-{name}.{fmt.extension}"'
    response.headers["Vary"] = "Accept"
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(out.getvalue()))
    return response


@bp.route("/store", methods=["PUT", "POST", "DELETE", "PATCH"])
def write() -> Response:
    """Graph Store writes are never taken here."""
    raise Forbidden("the graph store is read-only: PUT, POST and DELETE are refused")
