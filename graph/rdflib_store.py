"""rdflib's in-memory dataset behind the :class:`~recognition_kg.graph.store.Store` protocol.

The reference engine: the as-of cases and the store tests run on it beside Oxigraph, and the
benchmarks measure Oxigraph against it. It is in memory only and slow on large data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib import Dataset as RdfDataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from recognition_kg.graph.errors import QuerySyntaxError, StoreError, UnsupportedFormat
from recognition_kg.graph.formats import Format, rdf_format
from recognition_kg.graph.results import Boolean, Cell, QueryResult, Solutions, Triples, Written
from recognition_kg.graph.store import Binding, Dataset, Quad, Row, Store, Triple, bind

__all__ = ["RdflibStore"]

#: pyoxigraph format name -> rdflib's plugin name
_PLUGIN = {"Turtle": "turtle", "N-Triples": "nt", "N-Quads": "nquads", "TriG": "trig", "JSON-LD": "json-ld",
           "RDF/XML": "xml", "N3": "n3"}


def _plugin(fmt: str) -> tuple[str, bool]:
    f = rdf_format(fmt)
    assert f.rdf is not None
    return _PLUGIN[f.rdf.name], f.holds_datasets


def _cell(term: Any) -> Cell:
    if isinstance(term, URIRef):
        return Cell("uri", str(term))
    if isinstance(term, BNode):
        return Cell("bnode", str(term))
    if isinstance(term, Literal):
        dtype = str(term.datatype) if term.datatype else None if term.language else \
            "http://www.w3.org/2001/XMLSchema#string"
        return Cell("literal", str(term), dtype, term.language)
    raise StoreError(f"unexpected term from rdflib: {term!r}")


def _parse_failure(e: Exception, what: str) -> Exception:
    # rdflib raises pyparsing's exceptions for syntax errors
    if type(e).__name__ in {"ParseException", "ParseSyntaxException"}:
        return QuerySyntaxError(f"{what} does not parse: {e}", line=getattr(e, "lineno", None),
                                column=getattr(e, "col", None))
    return StoreError(f"{what} failed: {e}")


class RdflibStore(Store):
    """rdflib's in-memory dataset behind the same protocol.

    >>> with RdflibStore() as s:
    ...     s.extend([(URIRef("http://ex/a"), URIRef("http://ex/p"), Literal(1), URIRef("http://ex/g"))])
    ...     len(s)
    1
    """

    spec = "rdflib:"

    def __init__(self) -> None:
        self.dataset = RdfDataset(default_union=True)
        self._token, self._writes = uuid.uuid4().hex, 0

    def __repr__(self) -> str:
        return "RdflibStore()"

    def _query(self, sparql: str, bindings: Mapping[str, Binding] | None, dataset: RdfDataset | None = None) -> Any:
        # rdflib evaluates a leading VALUES block after the rest of the group (slow), whereas its
        # initBindings pre-bind: one value per parameter goes there, only several need VALUES.
        several = {k: v for k, v in (bindings or {}).items() if isinstance(v, list | tuple)}
        text, subs = bind(sparql, several)
        subs.update({k: v for k, v in (bindings or {}).items() if k not in several})  # type: ignore[misc]
        try:
            return (dataset or self.dataset).query(text, initBindings=subs)
        except Exception as e:
            raise _parse_failure(e, "the SPARQL query") from e

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        result = self._query(sparql, bindings)
        if result.type != "SELECT":
            raise StoreError("expected a SELECT query")
        names = [str(v) for v in result.vars or []]
        return [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result]

    def values(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in row.items()} for row in self.select(sparql, bindings)]

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        result = self._query(sparql, bindings)
        if result.type != "ASK":
            raise StoreError("expected an ASK query")
        return bool(result.askAnswer)

    def construct(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Triple]:
        result = self._query(sparql, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise StoreError("expected a CONSTRUCT or DESCRIBE query")
        return [(s, p, o) for s, p, o in result]

    def _protocol_dataset(self, dataset: Dataset) -> RdfDataset:
        scratch = RdfDataset(default_union=False)
        for g in dataset.default_graphs:
            for s, p, o in self.dataset.graph(URIRef(g)):
                scratch.add((s, p, o))
        for g in dataset.named_graphs:
            target = scratch.graph(URIRef(g))
            for t in self.dataset.graph(URIRef(g)):
                target.add(t)
        return scratch

    def run_written(self, sparql: str, fmt: Format, *, dataset: Dataset | None = None,
                    base_iri: str | None = None, max_rows: int) -> Written | None:
        return None  # the reference engine has no writer of its own: run() and write()

    def run(self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None,
            max_rows: int | None = None) -> QueryResult:
        scoped = self._protocol_dataset(dataset) if dataset and (dataset.default_graphs or dataset.named_graphs) \
            else None
        result = self._query(sparql, None, scoped)
        limit = max_rows if max_rows is not None else -1
        if result.type == "ASK":
            return Boolean(bool(result.askAnswer))
        if result.type == "SELECT":
            names = tuple(str(v) for v in result.vars or [])
            rows = [tuple(None if t is None else _cell(t) for t in row) for row in result]
            cut = limit >= 0 and len(rows) > limit
            return Solutions(names, rows[:limit] if cut else rows, cut)
        triples = [(_cell(s), _cell(p), _cell(o)) for s, p, o in result]
        cut = limit >= 0 and len(triples) > limit
        return Triples(triples[:limit] if cut else triples, cut)

    def update(self, sparql: str) -> None:
        snapshot = list(self.dataset.quads((None, None, None, None)))
        self._writes += 1
        try:
            self.dataset.update(sparql)
        except Exception as e:
            # rdflib applies updates operation by operation: restore what was there.
            self.dataset = RdfDataset(default_union=True)
            for q in snapshot:
                self.dataset.add(q)  # type: ignore[arg-type]
            raise _parse_failure(e, "the SPARQL update") from e

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[Quad]) -> None:
        self._writes += 1
        for s, p, o, g in list(quads):
            self.dataset.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))  # type: ignore[arg-type]

    def quads(self, s: Node | None = None, p: Node | None = None, o: Node | None = None,
              g: Node | None = None) -> Iterator[Quad]:
        for qs, qp, qo, qg in self.dataset.quads((s, p, o, g)):  # type: ignore[arg-type]
            gname = None if qg is None or qg == DATASET_DEFAULT_GRAPH_ID else qg
            yield (qs, qp, qo, gname)

    def scan(self, predicate: URIRef, obj: URIRef | None = None) -> Iterator[tuple[str, str]]:
        for qs, _, qo, _ in self.dataset.quads((None, predicate, obj, None)):
            yield str(qs), str(qo)

    def load(self, data: bytes | IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        name, holds_quads = _plugin(fmt)
        raw = data if isinstance(data, bytes) else data.read()
        scratch = RdfDataset()
        try:
            if holds_quads:
                scratch.parse(data=raw, format=name)
            else:
                scratch.graph(graph or DATASET_DEFAULT_GRAPH_ID).parse(data=raw, format=name)
        except Exception as e:
            raise QuerySyntaxError(f"the RDF data does not parse: {e}") from e
        self.extend((s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g)
                    for s, p, o, g in scratch.quads((None, None, None, None)))

    def bulk_load(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> None:
        self.load(Path(path).read_bytes(), fmt, graph)

    def dump(self, fmt: str, graph: URIRef | None = None, *, union: bool = False) -> bytes:
        name, holds_quads = _plugin(fmt)
        if union:
            out = Graph()
            for s, p, o, _ in self.dataset.quads((None, None, None, None)):
                out.add((s, p, o))
            return out.serialize(format=name, encoding="utf-8")
        if graph is not None:
            return self.dataset.graph(graph).serialize(format=name, encoding="utf-8")
        if not holds_quads:
            raise UnsupportedFormat(f"{fmt} holds one graph: name the graph to dump, or use nq or trig")
        return self.dataset.serialize(format=name, encoding="utf-8")

    def named_graphs(self) -> list[URIRef]:
        return sorted(g.identifier for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g))

    def has_graph(self, graph: URIRef) -> bool:
        return graph in self.named_graphs()

    def in_memory_copy(self) -> RdflibStore:
        copy = RdflibStore()
        copy.extend(self.quads())
        return copy

    def data_version(self) -> str | None:
        return f"memory-{self._token}-{self._writes}"

    def flush(self) -> None:
        """Nothing to write: the dataset lives in memory."""

    def close(self) -> None:
        """Nothing to let go of but the dataset itself (kept, so that closing twice is fine)."""

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

