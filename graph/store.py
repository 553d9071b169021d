"""The store protocol: everything the engine and the web layer may ask of a triple store.

:class:`Store` is a typed :class:`~typing.Protocol` named by verbs that mirror pyoxigraph:
``select`` / ``values`` / ``ask`` / ``construct`` for the engine's own named queries,
``run`` for a user's SPARQL (answered as plain :mod:`~recognition_kg.graph.results`, cut at a
row limit) and ``run_written`` (the same, written by the backend itself when it can),
``update``, ``load`` / ``dump``, ``extend`` / ``quads``, ``scan`` (one predicate's pairs as
text), ``named_graphs``, ``data_version`` (a token that changes with the data), ``flush`` and an
idempotent ``close`` (a store is also a context
manager). Callers never
look behind it: each adapter keeps its own fast paths inside, and :func:`open_store` is the
one way to get a store, from a spec that another process can use to open the same store.

Terms cross the protocol as rdflib terms (``URIRef``, ``BNode``, ``Literal``), the project's
neutral currency; ``values`` answers lexical text, the lookups' fast path. Every write is
all or nothing, and backend failures surface as the :mod:`~recognition_kg.graph.errors` family.

Queries see the union of the named graphs as their default graph. Parameters reach a query
only as bound values, never pasted into its text: :func:`values_block` writes them as a
leading ``VALUES`` block (pyoxigraph then plans the join from the bound terms; its own
``substitutions`` are applied after planning, measured 6x slower on the as-of query).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol, Self, runtime_checkable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.formats import Format
from recognition_kg.graph.results import QueryResult, Written
from recognition_kg.graph.sparql import IRI_TEXT, data_blocks, insert_values

__all__ = [
    "MEMORY",
    "Binding",
    "Dataset",
    "Quad",
    "Row",
    "Store",
    "Term",
    "Triple",
    "bind",
    "data_block",
    "is_remote",
    "open_store",
    "values_block",
]

Term = URIRef | BNode | Literal
#: (subject, predicate, object, graph); graph None is the default graph.
Quad = tuple[Node, Node, Node, Node | None]
Triple = tuple[Term, Term, Term]
#: One solution of a SELECT: variable name -> bound term (unbound variables are absent).
Row = dict[str, Term]
#: A parameter's value: one term, or several (the query then runs once per value, as VALUES does).
Binding = Term | Sequence[Term]
#: The spec of a fresh in-memory Oxigraph store.
MEMORY = ":memory:"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Dataset:
    """The dataset a user's query names through the SPARQL protocol (``default-graph-uri``,
    ``named-graph-uri``): graphs of the local store, never fetched."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@runtime_checkable
class Store(Protocol):
    """What the engine and the web layer need of a triple store."""

    #: How to open this store again, in another process (see :func:`open_store`).
    spec: str

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run a SELECT: its rows as terms. :raises StoreError: for another query form."""

    def values(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, str]]:
        """Run a SELECT: its rows as lexical values (IRI or literal text), the fast path."""

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        """Run an ASK."""

    def construct(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE: its triples."""

    def run(self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None,
            max_rows: int | None = None) -> QueryResult:
        """Run a user's query of any form, its rows (or triples) cut at ``max_rows``.

        Without a ``dataset`` and without ``FROM`` in the query, the default graph is the
        union of the named graphs.
        """

    def run_written(self, sparql: str, fmt: Format, *, dataset: Dataset | None = None,
                    base_iri: str | None = None, max_rows: int) -> Written | None:
        """A SELECT's or an ASK's result written in the results format ``fmt`` by the backend
        itself, when it can and the result certainly holds at most ``max_rows`` rows; None when
        the caller must :meth:`run` the query and write its result (another query form, a
        longer result, a backend without a writer of its own)."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction."""

    def add(self, quad: Quad) -> None:
        """Add one quad."""

    def extend(self, quads: Iterable[Quad]) -> None:
        """Add many quads in one transaction."""

    def quads(self, s: Node | None = None, p: Node | None = None, o: Node | None = None,
              g: Node | None = None) -> Iterator[Quad]:
        """The quads matching a pattern; ``None`` is a wildcard (for ``g``: any graph)."""

    def scan(self, predicate: URIRef, obj: URIRef | None = None) -> Iterator[tuple[str, str]]:
        """The subject and object of every triple with ``predicate`` (and ``obj``) in any graph,
        as lexical text: one index scan, what the indexes of a long-lived process are read
        from (on a disk store a join of several patterns costs many times the scans it needs)."""

    def load(self, data: bytes | IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        """Parse RDF and add it, all or nothing (into ``graph`` for triple formats)."""

    def bulk_load(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> None:
        """Load a large file as fast as the backend can (for building stores, not for edits)."""

    def dump(self, fmt: str, graph: URIRef | None = None, *, union: bool = False) -> bytes:
        """Serialise one named graph, the whole dataset (in a format that holds datasets), or
        with ``union`` the default graph as queries see it (every graph's triples, each once).

        :raises UnsupportedFormat: for the whole dataset in a format of one graph.
        """

    def named_graphs(self) -> list[URIRef]:
        """The names of the named graphs that hold triples."""

    def has_graph(self, graph: URIRef) -> bool:
        """Whether a named graph of that name exists."""

    def in_memory_copy(self) -> Store:
        """Every quad, copied into a new in-memory store."""

    def data_version(self) -> str | None:
        """A token naming the data as it is now: equal tokens mean the same data, so that what
        was derived from it (a saved index, an HTTP ``ETag``) can be kept. A write changes it;
        so may an event that leaves the data as it was (reopening a store for writing), which
        only costs a re-derivation. None when the store cannot tell."""

    def flush(self) -> None:
        """Write buffered changes to disk (nothing to do for read-only or in-memory stores)."""

    def close(self) -> None:
        """Let go of the backend (and of an on-disk store's lock) now; closing twice is fine."""

    def __enter__(self) -> Self:
        """A store is a context manager: the block's end closes it (adapters inherit this)."""
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of quads."""


def data_block(quads: Iterable[Quad]) -> str:
    """The body of an ``INSERT DATA`` / ``DELETE DATA`` of these quads (see ``sparql.data_blocks``)."""
    return data_blocks((s.n3(), p.n3(), o.n3(), None if g is None else g.n3())
                       for s, p, o, g in quads)


def values_block(bindings: Mapping[str, Binding]) -> str | None:
    """A ``VALUES`` clause binding each parameter, its terms written in N-Triples syntax.

    One parameter at most may take several values. Returns None for a blank node (a VALUES
    block cannot name one; the adapter then binds it its own way).

    :raises InvalidRequest: for a name that is no variable name, or an IRI with characters
        no IRI may hold (user input never reaches the query text unchecked).

    >>> values_block({"x": URIRef("http://ex/a")})
    'VALUES (?x) { (<http://ex/a>) }'
    >>> values_block({"x": [URIRef("http://ex/a"), URIRef("http://ex/b")], "d": Literal(1)})
    'VALUES (?x ?d) { (<http://ex/a> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) \
(<http://ex/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    names: list[str] = []
    columns: list[list[Term]] = []
    for name, value in bindings.items():
        if not _NAME.fullmatch(name):
            raise InvalidRequest(f"{name!r} is not a SPARQL variable name")
        terms: list[Term] = list(value) if isinstance(value, list | tuple) else [value]  # type: ignore[list-item]
        for term in terms:
            if isinstance(term, URIRef) and not IRI_TEXT.fullmatch(str(term)):
                raise InvalidRequest(f"{str(term)!r} is not a valid IRI")
            if isinstance(term, BNode):
                return None
        names.append(f"?{name}")
        columns.append(terms)
    multi = [c for c in columns if len(c) != 1]
    if len(multi) > 1:
        raise InvalidRequest("one parameter at most may take several values")
    count = len(multi[0]) if multi else 1
    rows = [[c[i] if len(c) != 1 else c[0] for c in columns] for i in range(count)]
    body = " ".join("(" + " ".join(t.n3() for t in row) + ")" for row in rows)
    return f"VALUES ({' '.join(names)}) {{ {body} }}"


def bind(sparql: str, bindings: Mapping[str, Binding] | None) -> tuple[str, dict[str, Term]]:
    """The query with its parameters bound: as a leading ``VALUES`` block where the query has a
    WHERE group, else returned apart for the adapter to substitute (single terms only).

    :raises InvalidRequest: for several values that cannot go in a VALUES block.
    """
    if not bindings:
        return sparql, {}
    block = values_block(bindings)
    if block is not None:
        bound = insert_values(sparql, block)
        if bound is not None:
            return bound, {}
    if any(isinstance(v, list | tuple) for v in bindings.values()):
        raise InvalidRequest("a query bound to several values needs a WHERE group")
    return sparql, dict(bindings)  # type: ignore[arg-type]


def is_remote(spec: str | Path | None) -> bool:
    """Whether a store's spec names a remote SPARQL store (its query endpoint's URL).

    >>> is_remote("http://127.0.0.1:7878/query"), is_remote("/srv/store"), is_remote(None)
    (True, False, False)
    """
    return str(spec).startswith(("http://", "https://"))


def open_store(spec: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The store a spec names; the one way the CLI, web workers and query executors get one.

    :param spec: ``None`` or ``":memory:"`` for a new in-memory Oxigraph store, ``"rdflib:"``
        for rdflib's in-memory dataset (the reference engine), an ``http(s)://`` URL for a
        remote SPARQL 1.1 store's query endpoint (:mod:`~recognition_kg.graph.remote_store`),
        else the directory of an on-disk Oxigraph store (created when missing, unless read-only).
    :param read_only: open an on-disk store read-only, so that several processes share it.
    :raises StoreError: when the store cannot be opened (missing, locked by a writer...).

    >>> with open_store() as s:
    ...     s.spec, len(s)
    (':memory:', 0)
    """
    from recognition_kg.graph.oxigraph_store import OxigraphStore
    from recognition_kg.graph.rdflib_store import RdflibStore

    text = MEMORY if spec is None else str(spec)
    if is_remote(text):
        from recognition_kg.graph.remote_store import RemoteStore

        return RemoteStore(text)
    if text == MEMORY:
        return OxigraphStore()
    if text == "rdflib:":
        return RdflibStore()
    return OxigraphStore(text, read_only=read_only)
