"""A remote SPARQL 1.1 store behind the :class:`~recognition_kg.graph.store.Store` protocol.

For deployments that keep their data in an existing triple store: the engine's queries go to
the store's query endpoint (SPARQL 1.1 Protocol), writes to its update endpoint, files and
dumps to its Graph Store (SPARQL 1.1 Graph Store Protocol), all over HTTP with httpx. What it
does that rdflib's ``SPARQLStore`` is known not to (learnt from its users' reports):

- every request has a timeout, passed to the server too where it takes one (Oxigraph's
  ``timeout-s`` is a server option; the client's own timeout always holds);
- a refused connection is retried with backoff (0.2, 0.5, 1, 2 s), then answered as
  :class:`~recognition_kg.graph.errors.StoreUnavailable` (503, exit 3) with the store's URL;
- a server's error is never swallowed: its status and first words become the family's error
  (a 400 a :class:`~recognition_kg.graph.errors.QuerySyntaxError`);
- parameters are bound as a ``VALUES`` block (:func:`~recognition_kg.graph.store.bind`), never
  pasted in as text;
- blank nodes come back by their labels, which a remote store keeps only within one answer.

Each engine's dialect is one :class:`Dialect`: its endpoint paths and how a query asks for the
union of the named graphs as its default graph (Oxigraph: ``union-default-graph``).
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from recognition_kg.graph.errors import QuerySyntaxError, StoreError, StoreUnavailable, UnsupportedFormat
from recognition_kg.graph.formats import Format, rdf_format
from recognition_kg.graph.results import Boolean, Cell, QueryResult, Solutions, Triples, Written
from recognition_kg.graph.sparql import data_blocks
from recognition_kg.graph.store import Binding, Dataset, Quad, Row, Store, Term, Triple, bind

__all__ = ["DIALECTS", "Dialect", "RemoteStore", "credentials", "parse_spec"]

_RESULTS_JSON = "application/sparql-results+json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BACKOFF = (0.2, 0.5, 1.0, 2.0)
#: every quad with its graph, the store's own default graph included (union off)
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"


@dataclass(frozen=True)
class Dialect:
    """What one engine needs said its own way."""

    name: str
    #: the update and Graph Store endpoints, from the query endpoint's URL
    update_path: str
    store_path: str
    #: the query parameter that makes the default graph the union of the named graphs
    union_parameter: str | None
    #: the query parameter that bounds the server's own work (its unit: "s" or "ms"), if any
    timeout_parameter: tuple[str, str] | None = None


DIALECTS = {
    # Oxigraph server: /query, /update, /store; union default graph per request; its timeout
    # is a server option (--timeout-s), not a request's.
    "oxigraph": Dialect("oxigraph", "update", "store", "union-default-graph"),
}


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """A remote store's spec: its query URL, and what the fragment adds (``update=``, ``store=``,
    ``dialect=``), so that another process (a query executor) opens the same store from the
    one string.

    >>> parse_spec("http://h:7878/query#update=http://h:7878/update&dialect=oxigraph")
    ('http://h:7878/query', {'update': 'http://h:7878/update', 'dialect': 'oxigraph'})
    """
    url, _, fragment = spec.partition("#")
    options = dict(part.split("=", 1) for part in fragment.split("&") if "=" in part)
    unknown = set(options) - {"update", "store", "dialect"}
    if unknown:
        raise StoreError(f"a remote store's spec names {', '.join(sorted(unknown))}: only update=, store= and "
                         "dialect= are known")
    return url, options


def credentials() -> tuple[str, str] | str | None:
    """The remote store's credentials, from ``$RKG_REMOTE_AUTH`` (``user:password``, or
    ``Bearer TOKEN``) or the file ``$RKG_REMOTE_AUTH_FILE`` names: never from the command line."""
    text = os.environ.get("RKG_REMOTE_AUTH")
    path = os.environ.get("RKG_REMOTE_AUTH_FILE")
    if text is None and path:
        try:
            text = Path(path).read_text().strip()
        except OSError as e:
            raise StoreError(f"cannot read the remote store's credentials from {path}: {e}") from e
    if not text:
        return None
    if text.lower().startswith("bearer "):
        return text[7:].strip()
    user, sep, password = text.partition(":")
    if not sep:
        raise StoreError("the remote store's credentials are 'user:password' or 'Bearer TOKEN'")
    return user, password


def _term(binding: Mapping[str, Any]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    dtype = binding.get("datatype")
    return Literal(binding["value"], datatype=URIRef(dtype) if dtype and dtype != _XSD_STRING else None)


def _cell(binding: Mapping[str, Any]) -> Cell:
    kind = binding["type"]
    if kind == "uri":
        return Cell("uri", binding["value"])
    if kind == "bnode":
        return Cell("bnode", binding["value"])
    return Cell("literal", binding["value"], binding.get("datatype") or _XSD_STRING, binding.get("xml:lang"))


class RemoteStore(Store):
    """A SPARQL 1.1 store at ``url`` (its query endpoint).

    :param update_url: its update endpoint (default: the dialect's, beside the query endpoint).
    :param store_url: its Graph Store (default: the dialect's).
    :param auth: credentials for every request (a ``(user, password)`` pair or a bearer token).
    :param timeout: seconds any one request may take.
    """

    def __init__(self, url: str, *, update_url: str | None = None, store_url: str | None = None,
                 auth: tuple[str, str] | str | None = None, timeout: float = 30.0, dialect: str = "oxigraph") -> None:
        self.spec = url
        url, options = parse_spec(url)
        update_url = update_url or options.get("update")
        store_url = store_url or options.get("store")
        dialect = options.get("dialect", dialect)
        if dialect not in DIALECTS:
            raise StoreError(f"no dialect {dialect!r} is known: {', '.join(DIALECTS)}")
        auth = auth if auth is not None else credentials()
        self.url = url
        self.timeout = timeout
        self.dialect = DIALECTS[dialect]
        base = url.rsplit("/", 1)[0]
        self.update_url = update_url or f"{base}/{self.dialect.update_path}"
        self.store_url = store_url or f"{base}/{self.dialect.store_path}"
        headers = {"Authorization": f"Bearer {auth}"} if isinstance(auth, str) else {}
        self._client: httpx.Client | None = httpx.Client(
            timeout=timeout, headers=headers, auth=auth if isinstance(auth, tuple) else None)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # ------------------------------------------------------------ HTTP

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if self._client is None:
            raise StoreError(f"the store at {self.url} is closed")
        for wait in (*_BACKOFF, None):
            try:
                response = self._client.request(method, url, **kwargs)
                break
            except (httpx.ConnectError, httpx.RemoteProtocolError) as e:
                if wait is None:
                    raise StoreUnavailable(f"the SPARQL store at {url} does not answer: {e}", url=url) from e
                time.sleep(wait)
            except httpx.TimeoutException as e:
                raise StoreUnavailable(f"the SPARQL store at {url} did not answer in time: {e}", url=url) from e
        if response.status_code >= 400:
            words = response.text.strip().splitlines()[0][:300] if response.text.strip() else response.reason_phrase
            if response.status_code == 400:
                raise QuerySyntaxError(f"the SPARQL store at {url} refused the request: {words}")
            raise StoreError(f"the SPARQL store at {url} answered {response.status_code}: {words}", url=url)
        return response

    def _query(self, sparql: str, accept: str, *, union: bool = True,
               dataset: Dataset | None = None) -> httpx.Response:
        params: dict[str, Any] = {}
        if dataset is not None and (dataset.default_graphs or dataset.named_graphs):
            params["default-graph-uri"] = list(dataset.default_graphs)
            params["named-graph-uri"] = list(dataset.named_graphs)
        elif union and self.dialect.union_parameter:
            params[self.dialect.union_parameter] = "true"
        if self.dialect.timeout_parameter is not None:  # the server stops its own work in time too
            name, unit = self.dialect.timeout_parameter
            params[name] = str(int(self.timeout * 1000) if unit == "ms" else int(self.timeout))
        return self._send("POST", self.url, params=params, content=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query", "Accept": accept})

    def _bound(self, sparql: str, bindings: Mapping[str, Binding] | None) -> str:
        text, left = bind(sparql, bindings)
        if left:
            raise StoreError("a remote store takes bindings only as a VALUES block: this query has no WHERE group")
        return text

    def _solutions(self, sparql: str, *, union: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = self._query(sparql, _RESULTS_JSON, union=union).json()
        if "results" not in data:
            raise StoreError("expected a SELECT query")
        return data

    # ------------------------------------------------------------ queries

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        data = self._solutions(self._bound(sparql, bindings))
        return [{k: _term(v) for k, v in b.items()} for b in data["results"]["bindings"]]

    def values(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, str]]:
        data = self._solutions(self._bound(sparql, bindings))
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        data = self._query(self._bound(sparql, bindings), _RESULTS_JSON).json()
        if "boolean" not in data:
            raise StoreError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Triple]:
        body = self._query(self._bound(sparql, bindings), "application/n-triples").content
        return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object))
                for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]

    def run(self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None,
            max_rows: int | None = None) -> QueryResult:
        response = self._query(sparql, f"{_RESULTS_JSON}, application/n-triples;q=0.9", dataset=dataset)
        limit = -1 if max_rows is None else max_rows
        if response.headers.get("content-type", "").startswith("application/n-triples"):
            triples: list[tuple[Cell, Cell, Cell]] = []
            for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                if len(triples) == limit:
                    return Triples(triples, True)
                triples.append((_ox_cell(t.subject), _ox_cell(t.predicate), _ox_cell(t.object)))
            return Triples(triples, False)
        data = response.json()
        if "boolean" in data:
            return Boolean(bool(data["boolean"]))
        names = tuple(data["head"]["vars"])
        rows: list[tuple[Cell | None, ...]] = []
        for b in data["results"]["bindings"]:
            if len(rows) == limit:
                return Solutions(names, rows, True)
            rows.append(tuple(_cell(b[n]) if n in b else None for n in names))
        return Solutions(names, rows, False)

    def run_written(self, sparql: str, fmt: Format, *, dataset: Dataset | None = None,
                    base_iri: str | None = None, max_rows: int) -> Written | None:
        return None  # the caller runs the query and writes the rows, cut at max_rows

    # ------------------------------------------------------------ writes

    def update(self, sparql: str) -> None:
        self._send("POST", self.update_url, content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[Quad]) -> None:
        body = data_blocks((s.n3(), p.n3(), o.n3(), None if g is None else g.n3()) for s, p, o, g in quads)
        if body:  # one request: the store takes all of it or none of it
            self.update("INSERT DATA {\n" + body + "\n}")

    def load(self, data: bytes | IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        f = rdf_format(fmt)
        body = data if isinstance(data, bytes) else data.read()
        params = {"graph": str(graph)} if graph is not None else ({} if f.holds_datasets else {"default": ""})
        self._send("POST", self.store_url, params=params, content=body, headers={"Content-Type": f.media_type})

    def bulk_load(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> None:
        with open(path, "rb") as fh:
            self.load(fh.read(), fmt, graph)

    # ------------------------------------------------------------ reads of quads

    def quads(self, s: Node | None = None, p: Node | None = None, o: Node | None = None,
              g: Node | None = None) -> Iterator[Quad]:
        bindings: dict[str, Binding] = {k: v for k, v in (("s", s), ("p", p), ("o", o))  # type: ignore[misc]
                                        if v is not None}
        if g is not None:
            text = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
            bindings["g"] = g  # type: ignore[assignment]
        else:
            text = _ALL_QUADS
        data = self._solutions(self._bound(text, bindings or None), union=False)
        for b in data["results"]["bindings"]:
            yield (s or _term(b["s"]), p or _term(b["p"]), o or _term(b["o"]),
                   (g or _term(b["g"])) if ("g" in b or g is not None) else None)

    def scan(self, predicate: URIRef, obj: URIRef | None = None) -> Iterator[tuple[str, str]]:
        bindings: dict[str, Binding] = {"p": predicate}
        if obj is not None:
            bindings["o"] = obj
        text = "SELECT ?s ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
        data = self._solutions(self._bound(text, bindings), union=False)
        for b in data["results"]["bindings"]:
            yield b["s"]["value"], (b["o"]["value"] if "o" in b else str(obj))

    def dump(self, fmt: str, graph: URIRef | None = None, *, union: bool = False) -> bytes:
        f = rdf_format(fmt)
        if union:
            return self._query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", f.media_type).content
        if graph is None and not f.holds_datasets:
            raise UnsupportedFormat(f"{fmt} holds one graph: name the graph to dump, or use nq or trig")
        params = {"graph": str(graph)} if graph is not None else {}
        return self._send("GET", self.store_url, params=params, headers={"Accept": f.media_type}).content

    def named_graphs(self) -> list[URIRef]:
        data = self._solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(URIRef(b["g"]["value"]) for b in data["results"]["bindings"])

    def has_graph(self, graph: URIRef) -> bool:
        return self.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})

    def in_memory_copy(self) -> Store:
        from recognition_kg.graph.oxigraph_store import OxigraphStore

        copy = OxigraphStore()
        body = self._send("GET", self.store_url, headers={"Accept": "application/n-quads"}).content
        copy.load(io.BytesIO(body), "nquads")
        return copy

    def data_version(self) -> str | None:
        """A token every server reading this store computes alike: the number of quads and the
        change log's last entry. A write through rkg changes both (the log grows); a write by
        another tool that keeps the count changes it only if it logs (a documented limit: a
        SPARQL store has no version of its own to ask)."""
        data = self._solutions(
            "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?n ?last WHERE { "
            "{ SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } } "
            "{ SELECT (MAX(?t) AS ?last) WHERE { GRAPH <https://w3id.org/recognition-kg/graph/log> "
            "{ ?c prov:endedAtTime ?t } } } }",
            union=False)
        row = data["results"]["bindings"][0]
        key = f"{self.url}\0{row['n']['value']}\0{row.get('last', {}).get('value', '')}"
        return "remote-" + hashlib.sha256(key.encode()).hexdigest()[:32]

    def flush(self) -> None:
        return None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __len__(self) -> int:
        data = self._solutions("SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
                               union=False)
        return int(data["results"]["bindings"][0]["n"]["value"])


def _from_ox(term: object) -> Term:
    from recognition_kg.graph.oxigraph_store import from_ox

    return from_ox(term)


def _ox_cell(term: object) -> Cell:
    from recognition_kg.graph.oxigraph_store import cell

    return cell(term)
