"""The SPARQL 1.1 Graph Store Protocol's reads: download the data or one graph of it.

``GET /store?default`` is the default graph (the union of every graph, as queries see it; on a
server that takes writes, the store's own default graph, which ``PUT ?default`` replaces),
``GET /store?graph=IRI`` one named graph (404 when there is no such graph), ``GET /store/…`` the
graph named by that URL itself, and ``GET /store`` with a quad format (TriG, N-Quads) the
whole dataset. Blank nodes a curator wrote, kept as skolem IRIs, come back as blank nodes.
Writes are :mod:`~recognition_kg.api.writes`'s.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from rdflib import URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from recognition_kg.api.negotiation import RDF_FORMATS, choose, format_names
from recognition_kg.graph.errors import InvalidRequest, NotFound
from recognition_kg.graph.sparql import IRI_TEXT
from recognition_kg.graph.updates import GENID, deskolemise

__all__ = ["bp"]

bp = Blueprint("store", __name__)


@bp.route("/store", methods=["GET", "HEAD"])
@bp.route("/store/<path:direct>", methods=["GET", "HEAD"])
def read(direct: str | None = None) -> Response:
    """Serialise the default graph, one named graph, or the whole dataset."""
    store = current_app.extensions["rkg"].store
    fmt = choose(RDF_FORMATS, request.headers.get("Accept"), format_names(request.args.to_dict(flat=False)))
    if direct is not None:
        iri = request.base_url
        if not store.has_graph(URIRef(iri)):
            raise NotFound(f"there is no graph named {iri}")
        body = store.dump(fmt.name, URIRef(iri))
        name = direct.rstrip("/").rsplit("/", 1)[-1] or "graph"
    elif "graph" in request.args:
        if "default" in request.args:
            raise InvalidRequest("name either ?default or ?graph=IRI, not both")
        iri = request.args["graph"]
        if not IRI_TEXT.fullmatch(iri):
            raise InvalidRequest(f"graph {iri!r} is not an IRI")
        if not store.has_graph(URIRef(iri)):
            raise NotFound(f"there is no graph named {iri}")
        body = store.dump(fmt.name, URIRef(iri))
        name = iri.rstrip("/").rsplit("/", 1)[-1] or "graph"
    elif "default" in request.args:
        # Read-only, ?default is the data as queries see it (the union). A server that takes
        # writes answers the store's own default graph, the one a PUT ?default replaces, so that
        # a client reads back what it wrote (as the W3C suite checks).
        if current_app.extensions["rkg"].config.allow_updates:
            body = store.dump(fmt.name, DATASET_DEFAULT_GRAPH_ID)
        else:
            body = store.dump(fmt.name, union=True)
        name = "default"
    elif fmt.holds_datasets:
        body = store.dump(fmt.name)
        name = "dataset"
    else:
        raise InvalidRequest("name the graph: /store?default or /store?graph=IRI "
                             "(or ask for the whole dataset as application/trig or application/n-quads)")
    if fmt.rdf is not None and GENID.encode() in body:
        body = deskolemise(body, fmt.rdf)
    response = Response(body if request.method == "GET" else b"", 200, content_type=fmt.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="recognition-{name}.{fmt.extension}"'
    response.headers["Vary"] = "Accept"
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(body))
    return response


