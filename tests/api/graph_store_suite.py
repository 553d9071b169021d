"""A runner for the W3C SPARQL 1.1 Graph Store Protocol manifests (``shared/w3c-graph-store``).

Each test of a manifest is a sequence of HTTP requests (method, path, headers, body) with the
response each must get: one of the expected statuses, the expected ``Location`` (remembered as
``$LOCATION$`` for the requests after it), the expected media type and, where the manifest
gives one, the expected graph, compared as graphs (blank nodes by isomorphism). Paths start with
``/gsp``: they are rewritten to the server's Graph Store, ``/store``. Requests go through
``http.client`` so that their headers are exactly the test's, plus the ones the runner is given
(a curator's token).
"""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "BadRequest": 400}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: set[int]
    location: bool = False
    content_type: str | None = None
    expected: str | None = None


@dataclass
class Test:
    name: str
    requests: list[Request] = field(default_factory=list)


def _list(g: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(Collection(g, head))


def tests(folder: Path) -> list[Test]:
    """Every test of the folder's manifests, in manifest order."""
    out = []
    for manifest in ("manifest-indirect.ttl", "manifest-direct.ttl"):
        g = Graph().parse(folder / manifest, format="turtle")
        [root] = list(g.subjects(RDF.type, MF.Manifest))
        for entry in _list(g, g.value(root, MF.entries)):
            test = Test(str(g.value(entry, MF.name)))
            action = g.value(entry, MF.action)
            for req in _list(g, g.value(action, HT.requests)):
                headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                           for h in _list(g, g.value(req, HT.headers))}
                body = g.value(req, HT.body)
                resp = g.value(req, HT.resp)
                statuses = {STATUS[str(s).rsplit("#", 1)[-1]] for s in g.objects(resp, MF.expectedStatus)}
                expected_headers = {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
                                    for h in _list(g, g.value(resp, HT.headers))}
                expected_body = g.value(resp, HT.body)
                test.requests.append(Request(
                    str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)), headers,
                    None if body is None else str(g.value(body, CNT.chars)), statuses,
                    g.value(resp, MF.expectedLocation) is not None,
                    expected_headers.get("content-type"),
                    None if expected_body is None else str(g.value(expected_body, CNT.chars)),
                ))
            out.append(test)
    return out


def run(test: Test, store_url: str, extra: dict[str, str]) -> str | None:
    """Send the test's requests to the Graph Store at ``store_url``: None if each got what the
    test expects, else what went wrong."""
    base = urllib.parse.urlsplit(store_url)
    location = ""
    for n, req in enumerate(test.requests, 1):
        path = req.path.replace("$LOCATION$", location)
        path = base.path + path[len("/gsp"):] if path.startswith("/gsp") else path
        conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
        body = None if req.body is None else req.body.encode("utf-8")
        conn.request(req.method, path, body=body, headers={**req.headers, **extra})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        where = f"request {n} ({req.method} {path})"
        if response.status not in req.statuses:
            return f"{where}: {response.status}, expected {sorted(req.statuses)}: {data[:300]!r}"
        if req.location:
            location = response.getheader("Location") or ""
            if not location:
                return f"{where}: no Location header"
        if req.content_type and req.method != "HEAD":
            got = (response.getheader("Content-Type") or "").split(";")[0].strip()
            if got != req.content_type.split(";")[0].strip():
                return f"{where}: Content-Type {got!r}, expected {req.content_type!r}"
        if req.expected is not None and req.method == "GET":
            iri = store_url + path[len(base.path):] if not path.startswith("http") else path
            expected = Graph().parse(data=req.expected, format="turtle", publicID=iri)
            actual = Graph().parse(data=data.decode("utf-8"), format="turtle", publicID=iri)
            if not isomorphic(expected, actual):
                return (f"{where}: the graph differs:\n{actual.serialize(format='nt')}\nexpected\n"
                        f"{expected.serialize(format='nt')}")
    return None


__all__ = ["Request", "Test", "URIRef", "run", "tests"]
