"""The SPARQL 1.1 Protocol endpoint (``/sparql``).

Queries arrive by GET (``query=``), by POST form-encoded, or by POST
``application/sparql-query``, with ``default-graph-uri`` / ``named-graph-uri`` naming graphs of
the local store. A bare GET answers a SPARQL Service Description. Every protocol mistake is a
4xx that says what was wrong. An update POSTed here (form-encoded ``update=``, or
``application/sparql-update``) goes where ``/update`` sends it (:mod:`~recognition_kg.api.writes`):
refused with 403 on a read-only server, else taken from a curator.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from recognition_kg.api import writes
from recognition_kg.api.executor import Job
from recognition_kg.api.negotiation import RDF_FORMATS, RESULT_FORMATS, choose, format_names
from recognition_kg.api.protocol import body_text, graph_parameters
from recognition_kg.api.runtime import Runtime
from recognition_kg.graph.errors import InvalidRequest, QueryTimeout, TooManyRequests, UnsupportedMediaType

__all__ = ["bp"]

bp = Blueprint("sparql", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def _runtime() -> Runtime:
    return current_app.extensions["rkg"]  # type: ignore[no-any-return]


def _merge(*sources: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for src in sources:
        for k, v in src.items():
            out.setdefault(k, []).extend(v)
    return out


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) > 1:
        raise InvalidRequest(f"one {name} parameter at most: this request has {len(values)}")
    return values[0]


class Update(Exception):
    """The request is an update, not a query: its text and protocol parameters."""

    def __init__(self, text: str, params: dict[str, list[str]]) -> None:
        super().__init__("an update")
        self.text, self.params = text, params


def parse_request() -> tuple[str | None, dict[str, list[str]]]:
    """The query text (None for a bare GET) and all protocol parameters of the request.

    :raises InvalidRequest: for two queries, a body that is not UTF-8, an update by GET.
    :raises UnsupportedMediaType: for a POST without a SPARQL or form Content-Type.
    :raises Update: for an update, which the caller hands on.
    """
    url_params = {k: request.args.getlist(k) for k in request.args}
    if request.method in ("GET", "HEAD"):
        if "update" in url_params:
            raise InvalidRequest("an update cannot be sent by GET: POST it")
        if "query" not in url_params:
            return None, url_params
        return _one(url_params, "query"), url_params
    mimetype = (request.mimetype or "").lower()
    if mimetype == "application/x-www-form-urlencoded":
        form = parse_qs(body_text(), keep_blank_values=True)
        params = _merge(url_params, form)
        if "update" in form:
            text = _one(form, "update")
            if "query" in form:
                raise InvalidRequest("a request carries a query or an update, not both")
            raise Update(text, params)
        if "query" not in form:
            raise InvalidRequest("the form has no query parameter")
        return _one(form, "query"), params
    if mimetype == "application/sparql-query":
        text = body_text()
        if "query" in url_params:
            raise InvalidRequest("the query is in the body: do not also pass a query parameter")
        return text, url_params
    if mimetype == "application/sparql-update":
        raise Update(body_text(), url_params)
    if not mimetype:
        raise UnsupportedMediaType("a POST needs a Content-Type: application/sparql-query, or "
                                   "application/x-www-form-urlencoded with a query parameter")
    raise UnsupportedMediaType(f"cannot take a POST body of type {mimetype}: send application/sparql-query "
                               "or application/x-www-form-urlencoded")


@bp.route("/sparql", methods=["GET", "HEAD", "POST"])
def sparql() -> Response:
    """Answer a SPARQL query, or describe the service."""
    try:
        text, params = parse_request()
    except Update as u:
        return writes.run_update(u.text, u.params)
    rt = _runtime()
    if text is None:
        return service_description()
    job = Job(
        query=text,
        default_graphs=graph_parameters(params, "default-graph-uri"),
        named_graphs=graph_parameters(params, "named-graph-uri"),
        accept=request.headers.get("Accept"),
        formats=tuple(format_names(params)),
        max_rows=rt.config.max_rows,
        base_iri=request.base_url,
        version=rt.data_version,
    )
    metrics, budget = current_app.extensions["rkg.metrics"], current_app.extensions["rkg.budget"]
    client = request.remote_addr or "-"
    wait = budget.retry_after(client)
    if wait is not None:
        metrics.shed("over_budget")
        raise TooManyRequests(f"this client has used its {budget.seconds:g} s of query time for this minute: "
                              f"try again in {wait} s", retry_after=wait)
    try:
        reply = rt.pool.run(job)
    except QueryTimeout:
        metrics.timeout()
        budget.spend(client, rt.config.query_timeout)
        raise
    metrics.query(reply.seconds)
    budget.spend(client, reply.seconds)
    if reply.error is not None:
        raise reply.error
    response = Response(reply.body, reply.status, content_type=reply.content_type)
    response.headers.update(reply.headers)
    response.headers["Vary"] = "Accept"
    return response


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, with its graphs and their sizes."""
    fmt = choose(RDF_FORMATS, request.headers.get("Accept"), format_names(request.args.to_dict(flat=False)))
    rt = _runtime()
    n = ox.NamedNode
    sd = {k: n(SD + k) for k in ("Service", "endpoint", "supportedLanguage", "SPARQL11Query", "resultFormat",
                                  "feature", "UnionDefaultGraph", "defaultDataset", "Dataset", "defaultGraph",
                                  "Graph", "namedGraph", "NamedGraph", "name", "graph", "inputFormat")}
    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples_p = n(VOID + "triples")
    # Blank nodes named, not drawn at random: the same data gives the same bytes (its ETag is strong).
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    out = [
        ox.Triple(service, rdf_type, sd["Service"]),
        ox.Triple(service, sd["endpoint"], n(request.base_url)),
        ox.Triple(service, sd["supportedLanguage"], sd["SPARQL11Query"]),
        ox.Triple(service, sd["feature"], sd["UnionDefaultGraph"]),
        ox.Triple(service, sd["defaultDataset"], dataset),
        ox.Triple(dataset, rdf_type, sd["Dataset"]),
        ox.Triple(dataset, sd["defaultGraph"], default),
        ox.Triple(default, rdf_type, sd["Graph"]),
    ]
    for f in (*RESULT_FORMATS, *RDF_FORMATS):
        out.append(ox.Triple(service, sd["resultFormat"], n(f.iri)))
    total = 0
    for i, (graph, size) in enumerate(rt.graph_sizes()):
        total += size
        node, g = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        out += [ox.Triple(dataset, sd["namedGraph"], node), ox.Triple(node, rdf_type, sd["NamedGraph"]),
                ox.Triple(node, sd["name"], n(graph)), ox.Triple(node, sd["graph"], g),
                ox.Triple(g, rdf_type, sd["Graph"]),
                ox.Triple(g, triples_p, ox.Literal(str(size), datatype=n("http://www.w3.org/2001/XMLSchema#integer")))]
    out.append(ox.Triple(default, triples_p,
                         ox.Literal(str(total), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))))
    body = ox.serialize(out, format=fmt.rdf, prefixes={"sd": SD, "void": VOID})
    response = Response(body, 200, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response

