"""Loading RDF files into a store: parse, add date bounds, validate, commit, re-derive statuses.

A load is all or nothing. Each file's triples go to its own named graph (``graph/source/NAME``,
named after the file); loading a file again replaces that graph. Validation runs over the
new data plus what it refers to in the store, before anything is written; the statuses of
the pairs the file touches are recomputed and written in the same transaction as the data.

Formats: Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML, by file extension.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SDO, XSD
from rdflib.term import Node

from recognition_kg import queries
from recognition_kg.graph.errors import InvalidRequest, NotConformant, QuerySyntaxError
from recognition_kg.graph.formats import rdf_format
from recognition_kg.graph.intervals import ActWindow
from recognition_kg.graph.normalise import ACT_CLASSES, add_date_bounds
from recognition_kg.graph.oxigraph_store import from_ox
from recognition_kg.graph.statuses import (
    STATUS_ACT_TYPES,
    Pair,
    acts_by_pair,
    intervals_for,
    rehome_claims,
    status_quads,
    stored_status_quads,
)
from recognition_kg.graph.store import Quad, Store, data_block
from recognition_kg.graph.validate import ValidationReport, ontology_graph, validate
from recognition_kg.ontology import GRAPH_ONTOLOGY, RKG, source_graph

__all__ = ["LoadResult", "ParsedFile", "check", "check_parsed", "from_graph", "load", "load_ontology",
           "load_parsed", "pairs_of", "parse_file", "planned_load", "windows_and_context"]

Progress = Callable[[int], None]



@dataclass
class ParsedFile:
    """A parsed file: its quads (graph None: the file's own graph) and where they go."""

    path: Path
    graph: URIRef
    quads: list[Quad]

    def triples(self) -> Graph:
        """Every triple of the file, whatever its graph, as one rdflib graph."""
        g = Graph()
        for s, p, o, _ in self.quads:
            g.add((s, p, o))
        return g


@dataclass(frozen=True)
class LoadResult:
    """What a load did."""

    graph: URIRef
    triples: int
    acts: int
    pairs: int
    statuses: int
    report: ValidationReport


class _Counting(io.RawIOBase):
    """A file wrapper that reports how many bytes were read (for the progress bar)."""

    def __init__(self, raw: IO[bytes], progress: Progress) -> None:
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.progress(len(data))
        return len(data)


def parse_file(path: str | Path, *, graph: URIRef | None = None, progress: Progress | None = None) -> ParsedFile:
    """Parse one RDF file.

    :param graph: the named graph for its triples (default: ``graph/source/<file stem>``).
    :param progress: called with the number of bytes read, chunk by chunk.
    :raises InvalidRequest: when the file cannot be read.
    :raises QuerySyntaxError: when it does not parse (the message gives line and column).
    :raises UnsupportedFormat: when its extension names no RDF format.
    """
    p = Path(path)
    fmt = rdf_format(p.name).rdf
    target = graph if graph is not None else source_graph(p.name.split(".")[0])
    try:
        with p.open("rb") as fh:
            stream: IO[bytes] = io.BufferedReader(_Counting(fh, progress)) if progress else fh  # type: ignore[type-var]
            parsed = list(ox.parse(stream, format=fmt, base_iri=p.resolve().as_uri()))
    except SyntaxError as e:
        raise QuerySyntaxError(f"{p.name} does not parse: {e}", file=str(p)) from e
    except OSError as e:
        raise InvalidRequest(f"cannot read {p}: {e.strerror or e}", file=str(p)) from e
    quads: list[Quad] = []
    for q in parsed:
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name)
        quads.append((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g))
    return ParsedFile(p, target, quads)


def pairs_of(graph: Graph) -> set[Pair]:
    """The pairs whose statuses the acts of ``graph`` may change; a reversal or denial may be
    by either side of the act it concerns, so it touches both directions."""
    out: set[Pair] = set()
    for cls in STATUS_ACT_TYPES:
        for act in graph.subjects(RDF.type, cls):
            by, of = graph.value(act, RKG.by), graph.value(act, RKG.of)
            if isinstance(by, URIRef) and isinstance(of, URIRef):
                out.add((by, of))
                if graph.value(act, RKG.concerns) is not None:
                    out.add((of, by))
    return out


def _is_party(node: Node, *graphs: Graph) -> bool:
    """Whether any of the graphs types ``node`` as a state or a government."""
    return any((node, RDF.type, cls) in g for g in graphs for cls in (RKG.State, RKG.Government))


def _context(
    store: Store, pairs: Iterable[Pair], replacing: Sequence[URIRef], things: Sequence[URIRef] | None = None,
    found: dict[Pair, list[ActWindow]] | None = None,
) -> tuple[Graph, dict[Pair, list[ActWindow]]]:
    """What the stored data says that the new data relies on, leaving out replaced graphs (of
    only ``things`` when given: a write names few, a store holds millions)."""
    ctx = Graph()
    gone = set(replacing)
    if things is not None and not things:
        rows = []
    else:
        rows = store.select(queries.get("validation_context").text, None if things is None else {"thing": list(things)})
    for row in rows:
        if row["g"] in gone:
            continue
        thing = row["thing"]
        ctx.add((thing, RDF.type, row["type"]))
        if "property" in row and row.get("g1") not in gone:
            ctx.add((thing, row["property"], row["value"]))
    stored: dict[Pair, list[ActWindow]] = {}
    for by, of in pairs:
        if found is not None:  # the caller read them already
            known = {k: found[k] for k in ((by, of), (of, by)) if k in found}
        else:
            known = acts_by_pair(store, by=by, of=of, except_graphs=gone)
        for pair, acts in known.items():
            stored[pair] = acts
            for a in acts:
                node = URIRef(a.iri)
                ctx.add((node, RDF.type, RKG[a.kind]))
                ctx.add((node, RKG.by, pair[0]))
                ctx.add((node, RKG.of, pair[1]))
                if a.concerns:
                    ctx.add((node, RKG.concerns, URIRef(a.concerns)))
                ctx.add((node, RKG.earliestDate, Literal(a.earliest.isoformat(), datatype=XSD.date)))
                ctx.add((node, RKG.latestDate, Literal(a.latest.isoformat(), datatype=XSD.date)))
    return ctx, stored


def windows_and_context(store: Store, pairs: Iterable[Pair], things: Sequence[URIRef] | None = None,
                        found: dict[Pair, list[ActWindow]] | None = None) -> Graph:
    """What validation needs of the stored data to check triples about ``pairs``: the typed
    things they may refer to (``things`` only, when given), and the acts of the same pairs (see
    :func:`_context`)."""
    return _context(store, pairs, (), things, found)[0]


def _windows(graph: Graph) -> dict[Pair, list[ActWindow]]:
    out: dict[Pair, list[ActWindow]] = {}
    for cls in STATUS_ACT_TYPES:
        for act in graph.subjects(RDF.type, cls):
            by, of = graph.value(act, RKG.by), graph.value(act, RKG.of)
            lo, hi = graph.value(act, RKG.earliestDate), graph.value(act, RKG.latestDate)
            if not (isinstance(by, URIRef) and isinstance(of, URIRef) and lo is not None and hi is not None):
                continue
            disputed = graph.value(act, RKG.disputed)
            concerns = graph.value(act, RKG.concerns)
            out.setdefault((by, of), []).append(ActWindow(
                str(act), str(cls).rsplit("#", 1)[-1], dt.date.fromisoformat(str(lo)),
                dt.date.fromisoformat(str(hi)), disputed is not None and disputed.toPython() is True,  # type: ignore[attr-defined]
                None if concerns is None else str(concerns),
            ))
    return out


@dataclass
class _Plan:
    files: list[ParsedFile]
    data: Graph
    report: ValidationReport
    pairs: set[Pair]
    old_statuses: list[Quad]
    new_statuses: list[Quad]


def _plan(store: Store, files: list[ParsedFile]) -> _Plan:
    data = Graph()
    for f in files:
        data += f.triples()
    add_date_bounds(data)
    replacing = [f.graph for f in files if f.graph in set(store.named_graphs())]
    pairs = pairs_of(data)
    for g in replacing:
        rows = store.select(queries.get("graph_pairs").text, {"graph": g, "actType": STATUS_ACT_TYPES})
        pairs |= {(r["by"], r["of"]) for r in rows}  # type: ignore[misc]
    context, stored = _context(store, pairs, replacing)
    windows = _windows(data)
    merged = rehome_claims({pair: list({w.iri: w for w in stored.get(pair, []) + windows.get(pair, [])}.values())
                            for pair in pairs})
    ends = {str(s): dt.date.fromisoformat(str(o)) for g in (data, context) for prop in (RKG.existsUntil, SDO.endDate)
            for s, o in g.subject_objects(prop) if _is_party(s, data, context)}
    new_statuses = status_quads(intervals_for(merged, ends))
    status_graph = Graph()
    for s, p, o, _ in new_statuses:
        status_graph.add((s, p, o))
    focus = set(data.subjects()) | set(status_graph.subjects())
    report = validate(data + status_graph, context, focus=focus)
    return _Plan(files, data, report, pairs, stored_status_quads(store, pairs), new_statuses)


def check(store: Store, paths: Sequence[str | Path], *, progress: Progress | None = None) -> ValidationReport:
    """Validate files against the shapes and the stored data, storing nothing.

    :raises QuerySyntaxError: when a file does not parse.
    """
    return check_parsed(store, [parse_file(p, progress=progress) for p in paths])


def check_parsed(store: Store, files: list[ParsedFile]) -> ValidationReport:
    """Validate parsed files against the shapes and the stored data, storing nothing."""
    return _plan(store, files).report


def load(
    store: Store, paths: Sequence[str | Path], *, graph: URIRef | None = None, progress: Progress | None = None
) -> LoadResult:
    """Validate and store files, all or nothing, and re-derive the statuses they touch.

    :param graph: put every triple in this named graph instead of one per file.
    :raises NotConformant: when validation fails; the store is unchanged.
    :raises QuerySyntaxError: when a file does not parse; the store is unchanged.
    """
    return load_parsed(store, [parse_file(p, graph=graph, progress=progress) for p in paths])


def from_graph(data: Graph, name: str) -> ParsedFile:
    """Triples made in memory (the tables' importer) as if parsed from a file called ``name``."""
    return ParsedFile(Path(f"{name}.ttl"), source_graph(name), [(s, p, o, None) for s, p, o in data])


def load_parsed(store: Store, files: list[ParsedFile]) -> LoadResult:
    """Validate and store parsed files, all or nothing (see :func:`load`)."""
    plan, drop, delete, insert = planned_load(store, files)
    commit(store, drop=drop, delete=delete, insert=insert)
    return plan


def planned_load(store: Store, files: list[ParsedFile]) -> tuple[LoadResult, list[URIRef], list[Quad], list[Quad]]:
    """What loading ``files`` does, worked out and validated but not committed: its result, the
    graphs it replaces, the quads it deletes (re-derived statuses) and those it inserts.

    :raises NotConformant: when validation fails.
    """
    plan = _plan(store, files)
    if not plan.report.conforms:
        raise NotConformant(
            f"{', '.join(f.path.name for f in files)} does not conform: nothing was stored", plan.report
        )
    by_graph: dict[Node, list[Quad]] = {}
    for f in files:
        for s, p, o, g in f.quads:
            by_graph.setdefault(g if g is not None else f.graph, []).append((s, p, o, None))
    owner: dict[Node, Node] = {}
    for f in files:
        for s, _, _, g in f.quads:
            owner.setdefault(s, g if g is not None else f.graph)
    for p in (RKG.earliestDate, RKG.latestDate, RKG.datePrecision):
        for s, o in plan.data.subject_objects(p):
            by_graph.setdefault(owner.get(s, files[0].graph), []).append((s, p, o, None))
    acts = sum(1 for cls in ACT_CLASSES for _ in plan.data.subjects(RDF.type, cls))
    statuses = sum(1 for q in plan.new_statuses if q[1] == RDF.type)
    result = LoadResult(files[0].graph, len(plan.data), acts, len(plan.pairs), statuses, plan.report)
    insert = [(s, p, o, g) for g, qs in by_graph.items() for s, p, o, _ in qs] + plan.new_statuses
    return result, sorted({f.graph for f in files}), plan.old_statuses, insert


def commit(store: Store, *, drop: Sequence[URIRef], delete: Sequence[Quad], insert: Sequence[Quad]) -> None:
    """One SPARQL update, so that the store takes all of it or none of it; a remote store
    writes it as its engine can without a reader seeing it half-done (``RemoteStore.commit``)."""
    from recognition_kg.graph.remote_store import RemoteStore

    if isinstance(store, RemoteStore):
        store.commit(drop, delete, insert)
        return
    parts = [f"DROP SILENT GRAPH {g.n3()}" for g in drop]
    if delete:
        parts.append("DELETE DATA {\n" + data_block(delete) + "\n}")
    if insert:
        parts.append("INSERT DATA {\n" + data_block(insert) + "\n}")
    if parts:
        store.update(" ;\n".join(parts))


def load_ontology(store: Store) -> None:
    """Put the ontology in its own named graph (replacing what was there)."""
    quads = [(s, p, o, GRAPH_ONTOLOGY) for s, p, o in ontology_graph()]
    commit(store, drop=[GRAPH_ONTOLOGY], delete=[], insert=quads)
