"""A remote SPARQL 1.1 store behind the :class:`~recognition_kg.graph.store.Store` protocol.

For deployments that keep their data in an existing triple store: the engine's queries go to
the store's query endpoint (SPARQL 1.1 Protocol), writes to its update endpoint, files and
dumps to its Graph Store (SPARQL 1.1 Graph Store Protocol), all over HTTP with httpx. What it
does that rdflib's ``SPARQLStore`` is known not to (learnt from its users' reports):

- every request has a timeout, and the server is asked to stop at half of it where it takes
  a timeout per request (Virtuoso's ``timeout``; Oxigraph's ``--timeout-s`` is a server
  option); the client's own timeout always holds;
- a refused connection is retried with backoff (0.2, 0.5, 1, 2 s), then answered as
  :class:`~recognition_kg.graph.errors.StoreUnavailable` (503, exit 3) with the store's URL;
- a server's error is never swallowed: its status and first words become the family's error
  (a 400 a :class:`~recognition_kg.graph.errors.QuerySyntaxError`);
- an answer the server cut short (at a row limit, or at its timeout) is an error that says
  so, never a short answer;
- a change is written so that no reader ever sees it half-done (:meth:`RemoteStore.commit`);
- parameters are bound as a ``VALUES`` block (:func:`~recognition_kg.graph.store.bind`), never
  pasted in as text;
- blank nodes come back by their labels, which a remote store keeps only within one answer.

Each engine's dialect is one :class:`~recognition_kg.graph.dialects.Dialect`
(:mod:`~recognition_kg.graph.dialects` lists what each engine says its own way): Oxigraph
server, and Virtuoso 7.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from recognition_kg.graph.dialects import DIALECTS
from recognition_kg.graph.errors import StoreError, StoreUnavailable, UnsupportedFormat
from recognition_kg.graph.formats import Format, rdf_format
from recognition_kg.graph.results import Boolean, Cell, QueryResult, Solutions, Triples, Written
from recognition_kg.graph.sparql import has_dataset_clause, query_form
from recognition_kg.graph.store import Binding, Dataset, Quad, Row, Store, Term, Triple, bind, data_block

__all__ = ["LOCK", "STAGING", "RemoteStore", "credentials", "parse_spec"]

_RESULTS_JSON = "application/sparql-results+json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BACKOFF = (0.2, 0.5, 1.0, 2.0)
#: where a change too large for one request waits, as triples that no query of the engine
#: matches, until the one request that commits it (see :meth:`RemoteStore.commit`)
STAGING = "https://w3id.org/recognition-kg/graph/staging/"
_STAGED = "https://w3id.org/recognition-kg/staging#"
#: the graph (and subject) of the writers' claims (see :meth:`RemoteStore.write_lock`)
LOCK = STAGING + "lock"


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
    :param dialect: the engine (:data:`~recognition_kg.graph.dialects.DIALECTS`).
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
        update_path = self.dialect.authenticated_update_path if auth else self.dialect.update_path
        self.update_url = update_url or f"{base}/{update_path}"
        self.store_url = store_url or f"{base}/{self.dialect.store_path}"
        headers = {"Authorization": f"Bearer {auth}"} if isinstance(auth, str) else {}
        http_auth: httpx.Auth | None = None
        if isinstance(auth, tuple):
            http_auth = httpx.DigestAuth(*auth) if self.dialect.digest else httpx.BasicAuth(*auth)
        self._client: httpx.Client | None = httpx.Client(timeout=timeout, headers=headers, auth=http_auth)
        #: the data's graphs, for a dialect whose queries name their dataset; asked again after
        #: a write and at each data_version()
        self._graphs: list[str] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, dialect={self.dialect.name!r})"

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
            raise self.dialect.error(response, url)
        self.dialect.check(response, url)
        return response

    def _query(self, sparql: str, accept: str, *, union: bool = True,
               dataset: Dataset | None = None) -> httpx.Response:
        params: dict[str, Any] = {}
        if dataset is not None and (dataset.default_graphs or dataset.named_graphs):
            params["default-graph-uri"] = list(dataset.default_graphs)
            params["named-graph-uri"] = list(dataset.named_graphs)
        elif union and self.dialect.explicit_dataset and not has_dataset_clause(sparql):
            graphs = self._data_graphs()
            params["default-graph-uri"] = params["named-graph-uri"] = graphs
        elif union and self.dialect.union_parameter:
            params[self.dialect.union_parameter] = "true"
        if self.dialect.timeout_parameter is not None:
            # The server is asked to stop at half our own timeout, so that its answer (which
            # names the query's timeout) comes before our client gives up on it.
            name, unit = self.dialect.timeout_parameter
            half = self.timeout / 2
            params[name] = str(max(1, int(half * 1000) if unit == "ms" else int(half)))
        request = self.dialect.query_request(sparql)
        request["headers"] = {**request.get("headers", {}), "Accept": accept}
        return self._send("POST", self.url, params=params, **request)

    def _data_graphs(self) -> list[str]:
        if self._graphs is None:
            # An empty store names a graph that holds nothing, never no graph (which would be all).
            self._graphs = [str(g) for g in self.named_graphs()] or [STAGING + "none"]
        return self._graphs

    def _bound(self, sparql: str, bindings: Mapping[str, Binding] | None) -> str:
        text, left = bind(sparql, bindings)
        if left:
            raise StoreError("a remote store takes bindings only as a VALUES block: this query has no WHERE group")
        return text

    def _rows(self, sparql: str, *, union: bool = True) -> list[dict[str, Any]]:
        """A SELECT's bindings, whole: an answer the store cut at its row limit (Virtuoso's
        ``ResultSetMaxRows``) is an error that says so, never a short answer."""
        response = self._query(sparql, _RESULTS_JSON, union=union)
        data = self.dialect.answer(response.json())
        if "results" not in data:
            raise StoreError("expected a SELECT query")
        self._whole(response)
        return [self._binding_row(b) for b in data["results"]["bindings"]]

    def _whole(self, response: httpx.Response) -> None:
        limit = self.dialect.cut_at(response)
        if limit is not None:
            raise StoreError(f"the SPARQL store at {self.url} cut the answer at {limit} rows, its row limit: raise "
                             "it (Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini)", url=self.url)

    def _binding_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: self.dialect.binding(v) for k, v in row.items()}

    # ------------------------------------------------------------ queries

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        return [{k: _term(v) for k, v in b.items()} for b in self._rows(self._bound(sparql, bindings))]

    def values(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, str]]:
        return [{k: v["value"] for k, v in b.items()} for b in self._rows(self._bound(sparql, bindings))]

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        data = self.dialect.answer(self._query(self._bound(sparql, bindings), _RESULTS_JSON).json())
        if "boolean" not in data:
            raise StoreError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Triple]:
        response = self._query(self._bound(sparql, bindings), "application/n-triples")
        self._whole(response)
        return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in self._triples(response)]

    def run(self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None,
            max_rows: int | None = None) -> QueryResult:
        # Asked for the one type its form answers in: an engine may answer a CONSTRUCT in a
        # results format when it is offered one (Virtuoso writes its triples as s, p, o rows).
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        if base_iri is not None:  # the query's own BASE, as the embedded store is given it
            sparql = f"BASE <{base_iri}>\n{sparql}"
        response = self._query(sparql, "application/n-triples" if graph_form else _RESULTS_JSON, dataset=dataset)
        limit = -1 if max_rows is None else max_rows
        cut = self.dialect.cut_at(response)
        if cut is not None and (max_rows is None or max_rows >= cut):
            # The store's own limit is below ours: its answer is short, and we would not know.
            raise StoreError(f"the SPARQL store at {self.url} cut the answer at {cut} rows, below this server's "
                             f"limit: raise the store's row limit (Virtuoso's [SPARQL] ResultSetMaxRows)",
                             url=self.url)
        if response.headers.get("content-type", "").startswith("application/n-triples"):
            triples: list[tuple[Cell, Cell, Cell]] = []
            for t in self._triples(response):
                if len(triples) == limit:
                    return Triples(triples, True)
                triples.append((_ox_cell(t.subject), _ox_cell(t.predicate), _ox_cell(t.object)))
            return Triples(triples, False)
        data = self.dialect.answer(response.json())
        if "boolean" in data:
            return Boolean(bool(data["boolean"]))
        names = tuple(data["head"]["vars"])
        rows: list[tuple[Cell | None, ...]] = []
        for b in data["results"]["bindings"]:
            if len(rows) == limit:
                return Solutions(names, rows, True)
            rows.append(tuple(_cell(self.dialect.binding(b[n])) if n in b else None for n in names))
        return Solutions(names, rows, False)

    def _triples(self, response: httpx.Response) -> list[ox.Triple]:
        try:
            return list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as e:  # an engine's own output (relative IRIs, say): its error, not ours
            raise StoreError(f"the SPARQL store at {self.url} answered what is not N-Triples: {e}",
                             url=self.url) from e

    def run_written(self, sparql: str, fmt: Format, *, dataset: Dataset | None = None,
                    base_iri: str | None = None, max_rows: int) -> Written | None:
        return None  # the caller runs the query and writes the rows, cut at max_rows

    # ------------------------------------------------------------ writes

    def update(self, sparql: str) -> None:
        self._graphs = None
        self._send("POST", self.update_url, **self.dialect.update_request(sparql))

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[Quad]) -> None:
        self.commit([], [], list(quads))

    @contextlib.contextmanager
    def write_lock(self, *, timeout: float = 60.0, stale_after: float = 900.0) -> Iterator[None]:
        """Be the one writer of this store among every process that writes it through rkg (a
        SPARQL store has no lock to lend, so the lock is data): a claim, one triple in the graph
        ``graph/staging/lock``, is added; the writer goes on only when it finds its claim alone
        there, else it takes it back and tries again, for at most ``timeout`` seconds.

        Each claimant adds its claim before it looks, so of two at the same moment the later
        one to look sees both; a claimant that sees only its own is the one writer. A claim
        older than ``stale_after`` seconds (a writer killed mid-write) is taken away.

        :raises StoreError: when another writer holds the lock for longer than ``timeout``.
        """
        holder = URIRef(LOCK)
        claimed = URIRef(_STAGED + "claimedBy")
        mine = Literal(f"{time.time():.6f} {os.getpid()} {uuid.uuid4().hex}")
        claim = [(holder, claimed, mine, holder)]
        deadline = time.monotonic() + timeout
        while True:
            self.commit([], [], claim)
            # Asked of the lock's graph itself, never of the data's graphs (which leave it out).
            claims = [_term(row["c"]) for row in self._rows(self._bound(
                "SELECT ?c WHERE { GRAPH ?g { ?l ?p ?c } }", {"g": holder, "l": holder, "p": claimed}), union=False)]
            stale = [c for c in claims if c != mine and time.time() - float(str(c).split()[0]) > stale_after]
            if stale:
                self.commit([], [(holder, claimed, c, holder) for c in stale], [])
            if [c for c in claims if c not in stale] == [mine]:
                break
            self.commit([], claim, [])
            if time.monotonic() > deadline:
                others = ", ".join(sorted(str(c) for c in claims if c != mine))
                raise StoreError(f"another writer holds the write lock of the store at {self.url} after "
                                 f"{timeout:g} s (its claim: {others}): try again", url=self.url)
            time.sleep(0.05 + (uuid.uuid4().int % 200) / 1000)  # apart, so that two do not meet again
        try:
            yield
        finally:
            self.commit([], claim, [])

    def commit(self, cleared: Sequence[URIRef], removed: Sequence[Quad], added: Sequence[Quad]) -> None:
        """One change written so that no reader ever sees it half-done: the ``cleared`` graphs
        dropped, then ``removed`` deleted and ``added`` inserted.

        Where the engine takes the whole change as data (Oxigraph), it is one update request.
        Virtuoso's SPARQL compiler takes fewer than 2,000 triples of data a request, so a
        larger change is staged first: each quad is sent through its Graph Store as four triples
        (``staging#subject``, ``#predicate``, ``#object``, ``#graph``) about one staging IRI,
        into graphs of their own under ``graph/staging/`` that no query of the engine matches
        and no listing shows. One update request then drops the graphs, deletes and inserts
        what the staged triples say, and drops the staging graphs: the one transaction a
        Virtuoso request runs in. A failed commit leaves the data as it was, and the staging
        graphs are dropped.
        """
        if not self.dialect.own_default_graph and any(q[3] is None for q in (*removed, *added)):
            raise StoreError(f"the {self.dialect.name} store at {self.url} keeps no default graph of its own: "
                             "name the graph to write into")
        drops = [f"DROP SILENT GRAPH <{g}>" for g in cleared]
        limit = self.dialect.max_data_quads
        if limit is None or len(removed) + len(added) <= limit:
            parts = list(drops)
            if removed:
                parts.append("DELETE DATA {\n" + data_block(removed) + "\n}")
            if added:
                parts.append(self.dialect.insert(data_block(added), blank_nodes=_has_blank_nodes(added)))
            if parts:
                self.update(" ;\n".join(parts))
            return
        stage = f"{STAGING}{uuid.uuid4().hex}/"
        try:
            for name, quads in (("delete", removed), ("insert", added)):
                if quads:
                    self._send("POST", self.store_url, params={"graph": stage + name}, content=_staged(stage, quads),
                               headers={"Content-Type": "application/n-triples"})
            parts = list(drops)
            for name, verb in (("delete", "DELETE"), ("insert", "INSERT")):
                if removed if name == "delete" else added:
                    parts.append(f"{verb} {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{stage}{name}> {{ "
                                 f"?q <{_STAGED}subject> ?s ; <{_STAGED}predicate> ?p ; <{_STAGED}object> ?o ; "
                                 f"<{_STAGED}graph> ?g }} }}")
            self.update(" ;\n".join([*parts, f"DROP SILENT GRAPH <{stage}delete>",
                                      f"DROP SILENT GRAPH <{stage}insert>"]))
        except Exception:
            with contextlib.suppress(StoreError):
                self.update(f"DROP SILENT GRAPH <{stage}delete> ; DROP SILENT GRAPH <{stage}insert>")
            raise

    def load(self, data: bytes | IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        f = rdf_format(fmt)
        body = data if isinstance(data, bytes) else data.read()
        if not self.dialect.graph_store_datasets:
            # Parsed here (our own syntax errors), then sent as one update request.
            from recognition_kg.graph.oxigraph_store import OxigraphStore

            with OxigraphStore() as parsed:
                parsed.load(body, fmt, graph)
                self.extend(parsed.quads())
            return
        params = {"graph": str(graph)} if graph is not None else ({} if f.holds_datasets else {"default": ""})
        self._send("POST", self.store_url, params=params, content=body, headers={"Content-Type": f.media_type})

    def bulk_load(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> None:
        with open(path, "rb") as fh:
            self.load(fh.read(), fmt, graph)

    def drop_all(self) -> None:
        """Empty the store: ``DROP ALL``, or each graph dropped by name where ``DROP ALL``
        means nothing (Virtuoso keeps its system graphs, and silently ignores it)."""
        if self.dialect.own_default_graph:
            self.update("DROP ALL")
        elif graphs := self.named_graphs():
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

    # ------------------------------------------------------------ reads of quads

    def _quads_text(self, graph: bool) -> str:
        if graph:  # one graph, named by the caller: whichever it is
            return "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        return f"SELECT ?s ?p ?o ?g WHERE {{ {self._every_quad()} }}"

    def _graph_filter(self) -> str:
        """Leaves out of ``?g`` the engine's own graphs, and the graphs of writes under way:
        a staged change's, the write lock's."""
        staged = f'FILTER (!STRSTARTS(STR(?g), "{STAGING}"))'
        return f"{self.dialect.graph_filter('?g')} {staged}".strip()

    def _every_quad(self) -> str:
        """The pattern of every quad of the store's own data: its named graphs (the engine's
        own left out), and its default graph where it keeps one."""
        named = f"GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()}"
        if not self.dialect.own_default_graph:
            return named
        return f"{{ {named} }} UNION {{ ?s ?p ?o }}"

    def quads(self, s: Node | None = None, p: Node | None = None, o: Node | None = None,
              g: Node | None = None) -> Iterator[Quad]:
        bindings: dict[str, Binding] = {k: v for k, v in (("s", s), ("p", p), ("o", o))  # type: ignore[misc]
                                        if v is not None}
        if g is not None:
            bindings["g"] = g  # type: ignore[assignment]
        rows = self._rows(self._bound(self._quads_text(g is not None), bindings or None), union=False)
        for b in rows:
            yield (s or _term(b["s"]), p or _term(b["p"]), o or _term(b["o"]),
                   (g or _term(b["g"])) if ("g" in b or g is not None) else None)

    def scan(self, predicate: URIRef, obj: URIRef | None = None) -> Iterator[tuple[str, str]]:
        bindings: dict[str, Binding] = {"p": predicate}
        if obj is not None:
            bindings["o"] = obj
        for b in self._rows(self._bound(f"SELECT ?s ?o ?g WHERE {{ {self._every_quad()} }}", bindings), union=False):
            yield b["s"]["value"], (b["o"]["value"] if "o" in b else str(obj))

    def dump(self, fmt: str, graph: URIRef | None = None, *, union: bool = False) -> bytes:
        f = rdf_format(fmt)
        if graph is None and not union and not f.holds_datasets:
            raise UnsupportedFormat(f"{fmt} holds one graph: name the graph to dump, or use nq or trig")
        if not self.dialect.graph_store_datasets:
            # Read by a query whose cut the store owns up to (its Graph Store's GET cuts silently).
            from recognition_kg.graph.oxigraph_store import OxigraphStore

            with OxigraphStore() as copy:
                copy.extend(self.quads(g=graph))
                return copy.dump(fmt, graph, union=union)
        if union:
            return self._query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", f.media_type).content
        params = {"graph": str(graph)} if graph is not None else {}
        return self._send("GET", self.store_url, params=params, headers={"Accept": f.media_type}).content

    def named_graphs(self) -> list[URIRef]:
        rows = self._rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}",
                          union=False)
        return sorted(URIRef(b["g"]["value"]) for b in rows)

    def has_graph(self, graph: URIRef) -> bool:
        return self.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})

    def in_memory_copy(self) -> Store:
        from recognition_kg.graph.oxigraph_store import OxigraphStore

        copy = OxigraphStore()
        if not self.dialect.graph_store_datasets:
            copy.extend(self.quads())
            return copy
        body = self._send("GET", self.store_url, headers={"Accept": "application/n-quads"}).content
        copy.load(io.BytesIO(body), "nquads")
        return copy

    def data_version(self) -> str | None:
        """A token every server reading this store computes alike: the number of quads and the
        change log's last entry. A write through rkg changes both (the log grows); a write by
        another tool that keeps the count changes it only if it logs (a documented limit: a
        SPARQL store has no version of its own to ask)."""
        self._graphs = None
        rows = self._rows(
            "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?n ?last WHERE { "
            f"{{ SELECT (COUNT(*) AS ?n) WHERE {{ {self._every_quad()} }} }} "
            "{ SELECT (MAX(?t) AS ?last) WHERE { GRAPH <https://w3id.org/recognition-kg/graph/log> "
            "{ ?c prov:endedAtTime ?t } } } }",
            union=False)
        row = rows[0]
        key = f"{self.url}\0{row['n']['value']}\0{row.get('last', {}).get('value', '')}"
        return "remote-" + hashlib.sha256(key.encode()).hexdigest()[:32]


    def flush(self) -> None:
        return None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __len__(self) -> int:
        rows = self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {self._every_quad()} }}", union=False)
        return int(rows[0]["n"]["value"])


def _has_blank_nodes(quads: Sequence[Quad]) -> bool:
    return any(isinstance(t, BNode) for q in quads for t in q)


def _staged(stage: str, quads: Sequence[Quad]) -> bytes:
    """Quads as N-Triples about staging IRIs: four triples each (see :meth:`RemoteStore.commit`)."""
    from recognition_kg.graph.oxigraph_store import to_ox

    names = [ox.NamedNode(_STAGED + part) for part in ("subject", "predicate", "object", "graph")]
    triples: list[ox.Triple] = []
    for i, quad in enumerate(quads):
        q = ox.NamedNode(f"{stage}q{i}")
        triples.extend(ox.Triple(q, name, to_ox(term)) for name, term in zip(names, quad, strict=True))  # type: ignore[arg-type]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _from_ox(term: object) -> Term:
    from recognition_kg.graph.oxigraph_store import from_ox

    return from_ox(term)


def _ox_cell(term: object) -> Cell:
    from recognition_kg.graph.oxigraph_store import cell

    return cell(term)
