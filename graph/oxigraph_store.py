"""The embedded Oxigraph store behind the :class:`~recognition_kg.graph.store.Store` protocol.

On disk (a directory; one writer, or many read-only readers across processes) or in memory.
The fast paths live here: lexical rows read straight from pyoxigraph's terms, results for
users converted to plain cells while they are read and cut at the row limit, dumps and bulk
loads by pyoxigraph itself. The native handle is let go in :meth:`OxigraphStore.close`, the
one place that knows how (pyoxigraph frees a store, and its directory lock, only when no
reference to it is left, and results or tracebacks in reference cycles may hold one).
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from recognition_kg.graph import snapshots
from recognition_kg.graph.errors import InvalidRequest, QuerySyntaxError, StoreError, UnsupportedFormat
from recognition_kg.graph.formats import Format, rdf_format
from recognition_kg.graph.results import Boolean, Cell, QueryResult, Solutions, Triples, Written
from recognition_kg.graph.sparql import has_dataset_clause
from recognition_kg.graph.store import MEMORY, Binding, Dataset, Quad, Row, Store, Term, Triple, bind

__all__ = ["NativeStore", "OxigraphStore", "cell", "from_ox", "syntax_error", "to_ox"]

#: pyoxigraph's store, as the engine's modules that work on one directly name its type (only
#: this module opens one).
NativeStore = ox.Store

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


#: the files of a RocksDB directory that hold data (its info logs and options do not)
_DATA_FILE = re.compile(r"(CURRENT|IDENTITY|MANIFEST-[0-9]+|[0-9]+\.(sst|log|blob))")


def directory_version(path: Path) -> str | None:
    """The version of an on-disk store: a hash of the names, sizes and modification times of
    its data files. Any program's write changes them (the write-ahead log grows, new tables
    appear), a read-only open changes nothing; opening for writing rewrites the manifest, which
    changes the version with the data as it was. None for a directory that cannot be read.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     directory_version(Path(d)) == directory_version(Path(d))
    True
    """
    h = hashlib.sha256()
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
        for e in entries:
            if _DATA_FILE.fullmatch(e.name):
                st = e.stat()
                h.update(f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return "disk-" + h.hexdigest()[:32]


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term.

    :raises InvalidRequest: for an IRI that is not absolute (``0``, ``a b``).
    """
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as e:
            raise InvalidRequest(f"{str(term)!r} is not an absolute IRI: {e}") from e
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InvalidRequest(f"cannot store the term {term!r}")


def from_ox(term: object) -> Term:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        if dtype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dtype))
    raise StoreError(f"unexpected term from the store: {term!r}")


def cell(term: object) -> Cell:
    """A pyoxigraph term as a plain result cell."""
    if isinstance(term, ox.NamedNode):
        return Cell("uri", term.value)
    if isinstance(term, ox.Literal):
        return Cell("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    if isinstance(term, ox.Triple):
        return Cell("triple", "", parts=(cell(term.subject), cell(term.predicate), cell(term.object)))
    raise StoreError(f"unexpected term from the store: {term!r}")


def syntax_error(e: SyntaxError, what: str) -> QuerySyntaxError:
    """pyoxigraph's SyntaxError as the family's, with line and column when it gives them."""
    return QuerySyntaxError(f"{what} does not parse: {e}", line=getattr(e, "lineno", None),
                            column=getattr(e, "offset", None))


def _graph(g: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if g is None or g == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    term = to_ox(g)
    if isinstance(term, ox.Literal):
        raise InvalidRequest(f"a graph cannot be named by the literal {g!r}")
    return term


#: The fewest bytes one row of results takes in each format: an empty binding in JSON (``{}``),
#: an empty ``<result></result>`` in XML, an empty line in CSV (CRLF) and in TSV.
_SHORTEST_ROW = {"json": 2, "xml": 17, "csv": 2, "tsv": 1}


class _TooLong(Exception):
    """The result could hold more rows than the caller takes."""


class _Capped(io.BytesIO):
    """A buffer that refuses to grow past ``cap`` bytes."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.cap:
            raise _TooLong
        return super().write(data)


class OxigraphStore(Store):
    """The embedded Oxigraph store, on disk (a directory) or in memory (``path=None``).

    >>> with OxigraphStore() as s:
    ...     s.extend([(URIRef("http://ex/a"), URIRef("http://ex/p"), Literal(1), URIRef("http://ex/g"))])
    ...     s.values("SELECT ?o WHERE { ?s ?p ?o }")
    [{'o': '1'}]
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.spec = str(self.path) if self.path is not None else MEMORY
        #: an in-memory store's version: this object's own token and its count of writes
        self._token, self._writes = uuid.uuid4().hex, 0
        self._native: ox.Store | None
        #: a reader's hold on the snapshot it opened (see graph/snapshots.py)
        self._hold: IO[bytes] | None = None
        #: the folder of a scratch copy, removed with it
        self._scratch: Path | None = None
        try:
            if path is None:
                self._native = ox.Store()
            elif read_only:
                self._native = self._open_read_only(Path(path))
            else:
                self._native = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store at {path}: {e}") from e

    def _open_read_only(self, path: Path) -> ox.Store:
        """The store's current snapshot when it takes writes (its own directory is then the
        writer's alone), else the directory itself."""
        for _ in range(5):
            snapshot = snapshots.current(path)
            if snapshot is None:
                return ox.Store.read_only(str(path))
            try:
                hold = snapshots.hold(snapshot)
            except OSError:
                continue  # removed since CURRENT was read: a newer one is current now
            try:
                native = ox.Store.read_only(str(snapshot))
            except OSError:
                hold.close()
                continue
            self._hold, self.path = hold, snapshot
            return native
        raise OSError(f"the snapshots of {path} kept changing while it was opened")

    def scratch_copy(self) -> OxigraphStore:
        """A writable copy to work a write out on, removed when it is closed: a checkpoint of a
        disk store (hard links to its table files: milliseconds at any size), a copy of an
        in-memory one."""
        if self.path is None:
            copy = OxigraphStore()
            copy._ox.bulk_extend(self._ox.quads_for_pattern(None, None, None, None))
            return copy
        folder = Path(tempfile.mkdtemp(prefix=".candidate-", dir=self.path.parent))
        try:
            self._ox.backup(str(folder / "store"))
            copy = OxigraphStore(folder / "store")
        except (OSError, StoreError):
            shutil.rmtree(folder, ignore_errors=True)
            raise
        copy._scratch = folder
        return copy

    def __repr__(self) -> str:
        return f"OxigraphStore({self.spec!r}{', read_only=True' if self.read_only else ''})"

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for the engine's own modules that work on it directly
        (a write's candidate and commit, knowledge-time views)."""
        return self._ox

    @property
    def _ox(self) -> ox.Store:
        if self._native is None:
            raise StoreError(f"the store {self.spec} is closed")
        return self._native

    # ------------------------------------------------------------ queries

    def _query(self, sparql: str, bindings: Mapping[str, Binding] | None, **options: object) -> object:
        text, subs = bind(sparql, bindings)
        options.setdefault("use_default_graph_as_union", True)
        try:
            return self._ox.query(text, substitutions={ox.Variable(k): to_ox(v) for k, v in subs.items()} or None,
                                  **options)  # type: ignore[arg-type]
        except SyntaxError as e:
            raise syntax_error(e, "the SPARQL query") from e
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"the query failed: {e}") from e

    def _solutions(self, sparql: str, bindings: Mapping[str, Binding] | None) -> ox.QuerySolutions:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        return result

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        result = self._solutions(sparql, bindings)
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def values(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, str]]:
        # Only the text of IRIs and dates is needed: no rdflib terms (most of a lookup's time otherwise).
        result = self._solutions(sparql, bindings)
        names = [v.value for v in result.variables]
        out = []
        for solution in result:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            out.append(row)
        return out

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Triple]:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("expected a CONSTRUCT or DESCRIBE query")
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]

    def _run_options(self, sparql: str, dataset: Dataset | None, base_iri: str | None) -> dict[str, object]:
        options: dict[str, object] = {"base_iri": base_iri}
        if dataset is not None and (dataset.default_graphs or dataset.named_graphs):
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
            options["use_default_graph_as_union"] = False
        elif has_dataset_clause(sparql):
            # pyoxigraph's union default graph would override the query's own FROM.
            options["use_default_graph_as_union"] = False
        return options

    def run_written(self, sparql: str, fmt: Format, *, dataset: Dataset | None = None,
                    base_iri: str | None = None, max_rows: int) -> Written | None:
        # pyoxigraph writes results in Rust, a quarter of a small query's time in Python; it
        # cannot stop at max_rows, so the writing is stopped once the bytes could hold more
        # rows than that (each format's shortest row), and the caller then runs the query again.
        shortest = _SHORTEST_ROW.get(fmt.name)
        if fmt.results is None or shortest is None:
            return None
        result = self._query(sparql, None, **self._run_options(sparql, dataset, base_iri))
        if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            return None
        out = _Capped(max_rows * shortest)
        try:
            result.serialize(out, format=fmt.results)
        except _TooLong:
            return None
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"the query failed: {e}") from e
        return Written(out.getvalue(), fmt.content_type, 1 if isinstance(result, ox.QueryBoolean) else None, False)

    def run(self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None,
            max_rows: int | None = None) -> QueryResult:
        result = self._query(sparql, None, **self._run_options(sparql, dataset, base_iri))
        limit = max_rows if max_rows is not None else -1
        if isinstance(result, ox.QueryBoolean):
            return Boolean(bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows: list[tuple[Cell | None, ...]] = []
            truncated = False
            for solution in result:
                if len(rows) == limit:
                    truncated = True
                    break
                rows.append(tuple(None if (t := solution[n]) is None else cell(t) for n in names))
            return Solutions(names, rows, truncated)
        triples: list[tuple[Cell, Cell, Cell]] = []
        truncated = False
        for t in result:  # type: ignore[attr-defined]
            if len(triples) == limit:
                truncated = True
                break
            triples.append((cell(t.subject), cell(t.predicate), cell(t.object)))
        return Triples(triples, truncated)

    def update(self, sparql: str) -> None:
        self._writes += 1
        try:
            self._ox.update(sparql)
        except SyntaxError as e:
            raise syntax_error(e, "the SPARQL update") from e
        except OSError as e:
            raise StoreError(f"the update failed: {e}") from e

    # ------------------------------------------------------------ quads

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[Quad]) -> None:
        self._writes += 1
        try:
            self._ox.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), _graph(g))  # type: ignore[arg-type]
                             for s, p, o, g in quads])
        except OSError as e:
            raise StoreError(f"cannot write to the store: {e}") from e

    def quads(self, s: Node | None = None, p: Node | None = None, o: Node | None = None,
              g: Node | None = None) -> Iterator[Quad]:
        pattern = [None if t is None else to_ox(t) for t in (s, p, o)]
        graph = None if g is None else _graph(g)
        for q in self._ox.quads_for_pattern(pattern[0], pattern[1], pattern[2], graph):  # type: ignore[arg-type]
            gname = None if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name)
            yield (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), gname)

    def scan(self, predicate: URIRef, obj: URIRef | None = None) -> Iterator[tuple[str, str]]:
        o = None if obj is None else ox.NamedNode(str(obj))
        for q in self._ox.quads_for_pattern(None, ox.NamedNode(str(predicate)), o, None):
            if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):  # no RDF-star here
                yield q.subject.value, q.object.value

    def load(self, data: bytes | IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        oxfmt = rdf_format(fmt).rdf
        self._writes += 1
        try:
            quads = list(ox.parse(data, format=oxfmt))
            if graph is not None:
                target = _graph(graph)
                quads = [ox.Quad(q.subject, q.predicate, q.object,
                                 target if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
                         for q in quads]
            self._ox.extend(quads)
        except SyntaxError as e:
            raise syntax_error(e, "the RDF data") from e
        except OSError as e:
            raise StoreError(f"cannot load into the store: {e}") from e

    def bulk_load(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> None:
        oxfmt = rdf_format(fmt).rdf
        self._writes += 1
        try:
            self._ox.bulk_load(path=str(path), format=oxfmt,
                               to_graph=None if graph is None else _graph(graph))
        except SyntaxError as e:
            raise syntax_error(e, "the RDF data") from e
        except OSError as e:
            raise StoreError(f"cannot load into the store: {e}") from e

    def dump(self, fmt: str, graph: URIRef | None = None, *, union: bool = False) -> bytes:
        f = rdf_format(fmt)
        out = io.BytesIO()
        if union:
            # A triple may be asserted in several graphs: the default graph holds it once.
            seen = {ox.Triple(q.subject, q.predicate, q.object) for q in self._ox.quads_for_pattern(None, None, None)}
            ox.serialize(seen, out, format=f.rdf)
        elif graph is not None:
            if f.holds_datasets:
                ox.serialize(self._ox.quads_for_pattern(None, None, None, _graph(graph)), out, format=f.rdf)
            else:
                self._ox.dump(out, format=f.rdf, from_graph=_graph(graph))
        elif f.holds_datasets:
            self._ox.dump(out, format=f.rdf)
        else:
            raise UnsupportedFormat(f"{fmt} holds one graph: name the graph to dump, or use nq or trig")
        return out.getvalue()

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: URIRef) -> bool:
        return bool(self._ox.contains_named_graph(_graph(graph)))

    def in_memory_copy(self) -> OxigraphStore:
        """A copy of every quad in a new in-memory store (4-5x faster to query than on disk)."""
        copy = OxigraphStore()
        copy._ox.bulk_extend(self._ox.quads_for_pattern(None, None, None, None))
        return copy

    def data_version(self) -> str | None:
        if self.path is None:
            return f"memory-{self._token}-{self._writes}"
        return directory_version(self.path)

    # ------------------------------------------------------------ life

    def flush(self) -> None:
        if self.path is not None and not self.read_only and self._native is not None:
            self._native.flush()

    def close(self) -> None:
        if self._native is None:
            return
        if self._scratch is not None:
            # A scratch copy is thrown away: nothing to flush, no lock anyone waits for. Its
            # files go now; the native handle, wherever a reference still holds it, goes later
            # (an open file outlives its name).
            self._native = None
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
            return
        self.flush()
        self._native = None
        if self._hold is not None:
            self._hold.close()
            self._hold = None
        if self.path is not None and not self.read_only:
            # Lazy results and caught tracebacks (pySHACL, rdflib keep some in cycles) may still
            # hold the native store; collect them so that its lock goes now, not at exit. A
            # read-only or in-memory store holds no lock: a CLI lookup spares the 20 ms.
            gc.collect()

    def __len__(self) -> int:
        return len(self._ox)
