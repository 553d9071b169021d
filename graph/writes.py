"""Curated writes: validated, atomic, logged; one writer at a time.

Every write (a SPARQL update, a Graph Store ``PUT``/``POST``/``DELETE``, ``rkg load``) goes the
same way, in :func:`commit_change`:

1. **Candidate.** The write is worked out on a throwaway copy of the store, never the live
   store (:mod:`~recognition_kg.graph.updates`): a hard-linked checkpoint of a disk store
   (milliseconds at any size), a copy of an in-memory one. It gives a delta: quads added and
   removed.
2. **Date bounds.** Acts whose triples changed get their date bounds anew (as a load adds them).
3. **Validation.** The touched nodes (subjects of the delta, and what refers to what it
   removed) are validated against the shapes, with what they refer to on the candidate as
   context, as a load validates a file. A violation refuses the write whole:
   :class:`~recognition_kg.graph.errors.NotConformant` with the report (HTTP 422).
4. **Statuses.** The statuses of the pairs whose acts changed are derived again from the
   candidate.
5. **Commit.** Data, date bounds, statuses and the change log's new entry
   (:mod:`~recognition_kg.graph.changelog`) go to the live store in ONE SPARQL update, one
   transaction: all of it or none of it, a ``kill -9`` included.
6. **Snapshot.** A disk store's new state is published to its readers
   (:mod:`~recognition_kg.graph.snapshots`), who never see the store mid-write.

:func:`writing` is the one door to a disk store for writes: it takes the cross-process write
lock and opens the store's own directory for the time of one write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SDO
from rdflib.term import Node

from recognition_kg.graph import changelog, snapshots
from recognition_kg.graph.errors import InvalidRequest, NotConformant
from recognition_kg.graph.load import LoadResult, ParsedFile, pairs_of, planned_load, windows_and_context
from recognition_kg.graph.normalise import ACT_CLASSES, add_date_bounds
from recognition_kg.graph.oxigraph_store import NativeStore, OxigraphStore, from_ox, to_ox
from recognition_kg.graph.sparql import data_blocks
from recognition_kg.graph.statuses import (
    CLAIM_ACT_TYPES,
    STATUS_ACT_TYPES,
    Pair,
    acts_by_pair,
    existence_ends,
    group_acts,
    intervals_for,
    status_quads,
)
from recognition_kg.graph.store import MEMORY, Store
from recognition_kg.graph.updates import GENID, Delta, Evaluation, evaluate
from recognition_kg.graph.validate import ValidationReport, validate
from recognition_kg.ontology import GRAPH_LOG, GRAPH_STATUSES, RKG

__all__ = ["Change", "commit_change", "delete_graph", "ensure_base", "load_files", "post_graphs", "publish_current",
           "put_graph", "update", "writing"]

_BOUNDS = (RKG.earliestDate, RKG.latestDate, RKG.datePrecision)
#: past this many pairs (and parties) a write reads every pair's acts at once
_FEW_PAIRS = 50
_PARTIES = (RKG.State, RKG.Government)
log_line = logging.getLogger("rkg.write")
#: in-memory stores have no lock file: their writers queue here
_memory_lock = threading.Lock()


@dataclass(frozen=True)
class Change:
    """What an accepted write did."""

    sequence: int
    curator: str
    committed: dt.datetime
    message: str | None
    added: int
    removed: int
    pairs: int
    statuses: int
    report: ValidationReport
    #: whether the graph the write named existed before it (a Graph Store PUT answers 201 or 204)
    existed: bool = True

    def to_dict(self) -> dict[str, object]:
        """The change as JSON-ready data."""
        return {"sequence": self.sequence, "curator": self.curator,
                "committed": self.committed.isoformat().replace("+00:00", "Z"), "message": self.message,
                "added": self.added, "removed": self.removed, "pairs": self.pairs, "statuses": self.statuses,
                "report": self.report.to_dict()}


@contextlib.contextmanager
def writing(spec: str | Path, *, timeout: float = 60.0) -> Iterator[OxigraphStore]:
    """The store at ``spec`` open for one write, as its one writer (see the module docstring).

    The first write to a disk store publishes a snapshot first, so that its readers move off
    its directory before anything is written there.
    """
    if str(spec) == MEMORY:
        raise InvalidRequest("an in-memory store is written through the store object itself")
    path = Path(spec)
    with snapshots.write_lock(path, timeout=timeout):
        store = OxigraphStore(path)
        try:
            if snapshots.current(path) is None:
                snapshots.publish(path, store.native)
            yield store
        finally:
            store.close()


def _rdflib(quads: object) -> Graph:
    g = Graph()
    for q in quads:  # type: ignore[attr-defined]
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def _about(native: NativeStore, nodes: set[ox.NamedNode]) -> Graph:
    """Every triple (in any graph but the derived ones) whose subject is one of ``nodes``."""
    g = Graph()
    for n in nodes:
        for q in native.quads_for_pattern(n, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in (str(GRAPH_STATUSES), str(GRAPH_LOG)):
                continue
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def _bound_changes(candidate: NativeStore, triples: Graph) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The date-bound quads to remove and add so that each act's bounds fit its dates again
    (in the graph that types the act); ``triples`` (the acts') get their new bounds in place."""
    removed: list[ox.Quad] = []
    added: list[ox.Quad] = []
    before = {(s, p, o) for p in _BOUNDS for s, o in triples.subject_objects(p)}
    add_date_bounds(triples)
    after = {(s, p, o) for p in _BOUNDS for s, o in triples.subject_objects(p)}
    rdf_type = ox.NamedNode(str(RDF.type))
    for s, p, o in before - after:
        removed.extend(candidate.quads_for_pattern(to_ox(s), to_ox(p), to_ox(o), None))  # type: ignore[arg-type]
    for s, p, o in after - before:
        act = to_ox(s)
        graphs = [q.graph_name for q in candidate.quads_for_pattern(act, rdf_type, None, None)]  # type: ignore[arg-type]
        if graphs:
            added.append(ox.Quad(act, to_ox(p), to_ox(o), graphs[0]))  # type: ignore[arg-type]
    return removed, added


@dataclass
class _Plan:
    report: ValidationReport
    pairs: set[Pair]
    old_statuses: list[ox.Quad]
    new_statuses: list[ox.Quad]


def _plan(live: OxigraphStore, scratch: OxigraphStore, evaluation: Evaluation) -> _Plan:
    candidate = scratch.native
    delta = evaluation.delta
    changed = delta.added | delta.removed_quads
    touched = {q.subject for q in changed if isinstance(q.subject, ox.NamedNode)}
    # Bounds first: they are part of the data the shapes see.
    rdf_type = ox.NamedNode(str(RDF.type))
    acts = {n for n in touched if any(candidate.quads_for_pattern(n, rdf_type, to_ox(c), None)
                                      for c in ACT_CLASSES)}
    acts_graph = _about(candidate, acts)  # read once: the bounds, the pairs and the shapes all need it
    bounds_removed, bounds_added = _bound_changes(candidate, acts_graph)
    evaluation.apply(bounds_removed, bounds_added)
    # What referred to a node the write took triples from may now refer to nothing.
    gone = {q.subject for q in delta.removed_quads if isinstance(q.subject, ox.NamedNode)}
    referrers = {q.subject for g in gone for q in candidate.quads_for_pattern(None, None, g, None)
                 if isinstance(q.subject, ox.NamedNode)}
    focus = {n for n in touched | referrers if next(iter(candidate.quads_for_pattern(n, None, None, None)), None)}
    # The data as it will be (every triple of the focus nodes), and as it was where it lost triples.
    data = acts_graph + _about(candidate, focus - acts)
    after = data
    before = _about(live.native, gone)
    pairs = pairs_of(before) | pairs_of(after)
    wrapped = scratch
    parties = [URIRef(n.value) for n in touched
               if any((URIRef(n.value), RDF.type, c) in before or (URIRef(n.value), RDF.type, c) in after
                      for c in _PARTIES)]
    found: dict[Pair, list[object]] = {}
    if len(pairs) + len(parties) > _FEW_PAIRS:
        # A large write: every pair's acts in one pass over the candidate, not a lookup a pair.
        every = acts_by_pair(wrapped)
        names = set(parties)
        pairs |= {p for p in every if p[0] in names or p[1] in names}
        found = {p: every[p] for p in pairs if p in every}  # type: ignore[misc]
        ends = existence_ends(wrapped)
    else:
        # A small one: each pair's acts by the store's own indexes (a million acts take the
        # named query half a second a pair, and seconds for a party's pairs).
        for party in parties:  # a party's existence bounds its pairs' statuses
            pairs |= _party_pairs(candidate, party)
        found = _pair_acts(candidate, pairs)
        ends = _ends(candidate, {x for pair in pairs for x in pair})
    intervals = intervals_for({p: found.get(p, []) for p in pairs}, ends)  # type: ignore[misc]
    new_statuses = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in status_quads(intervals)]  # type: ignore[arg-type]
    old_statuses = _stored_statuses(live, pairs)
    status_graph = _rdflib(new_statuses)
    named = data + status_graph
    things = sorted({t for t in (*named.objects(), *named.subjects()) if isinstance(t, URIRef)})
    context = _narrowed(windows_and_context(wrapped, pairs, things, found), named)  # type: ignore[arg-type]
    report = validate(data + status_graph, context, focus={URIRef(n.value) for n in focus} |
                      set(status_graph.subjects()))
    return _Plan(report, pairs, old_statuses, new_statuses)


_BY, _OF = ox.NamedNode(str(RKG.by)), ox.NamedNode(str(RKG.of))
_TYPE = ox.NamedNode(str(RDF.type))
_ROW_PROPERTIES = {str(RKG.earliestDate): "earliestDate", str(RKG.latestDate): "latestDate",
                   str(RKG.disputed): "disputed", str(RKG.concerns): "concerns"}


def _party_pairs(native: NativeStore, party: URIRef) -> set[Pair]:
    """Every pair with an act by or of ``party``, from the store's by/of indexes."""
    node = ox.NamedNode(str(party))
    out: set[Pair] = set()
    for q in native.quads_for_pattern(None, _BY, node, None):
        for o in native.quads_for_pattern(q.subject, _OF, None, q.graph_name):
            out.add((party, URIRef(o.object.value)))  # type: ignore[union-attr]
    for q in native.quads_for_pattern(None, _OF, node, None):
        for b in native.quads_for_pattern(q.subject, _BY, None, q.graph_name):
            out.add((URIRef(b.object.value), party))  # type: ignore[union-attr]
    return out


def _pair_acts(native: NativeStore, pairs: set[Pair]) -> dict[Pair, list[object]]:
    """What ``statuses.acts_by_pair`` answers for each pair (its rows of
    ``queries/derivation_acts.rq``, claims of the other direction included), read by the store's
    own indexes: the acts by one party, narrowed to those of the other."""
    status = {str(t) for t in STATUS_ACT_TYPES}
    claims = {str(t) for t in CLAIM_ACT_TYPES}
    rows: list[dict[str, str]] = []
    for by, of in pairs:
        for one, other, kinds in ((by, of, status), (of, by, claims)):
            of_other = {q.subject for q in native.quads_for_pattern(None, _OF, ox.NamedNode(str(other)), None)}
            for q in native.quads_for_pattern(None, _BY, ox.NamedNode(str(one)), None):
                act, g = q.subject, q.graph_name
                if act not in of_other or not any(native.quads_for_pattern(act, _OF, ox.NamedNode(str(other)), g)):
                    continue
                props: dict[str, str] = {}
                for p in native.quads_for_pattern(act, None, None, g):
                    name = _ROW_PROPERTIES.get(p.predicate.value)
                    if name is not None:
                        props[name] = p.object.value  # type: ignore[union-attr]
                if "earliestDate" not in props or "latestDate" not in props:
                    continue
                for t in native.quads_for_pattern(act, _TYPE, None, g):
                    if t.object.value in kinds:  # type: ignore[union-attr]
                        rows.append({"by": str(one), "of": str(other), "act": act.value,  # type: ignore[union-attr]
                                     "actType": t.object.value, "g": g.value, **props})  # type: ignore[union-attr]
    return group_acts(rows)  # type: ignore[return-value]


def _ends(native: NativeStore, parties: set[URIRef]) -> dict[str, dt.date]:
    """The last day of each of ``parties`` that ceased to exist (``statuses.existence_ends``, for
    these alone)."""
    out: dict[str, dt.date] = {}
    for party in parties:
        for p in (RKG.existsUntil, SDO.endDate):
            for q in native.quads_for_pattern(ox.NamedNode(str(party)), ox.NamedNode(str(p)), None, None):
                out[str(party)] = dt.date.fromisoformat(q.object.value)  # type: ignore[union-attr]
    return out


def _narrowed(context: Graph, data: Graph) -> Graph:
    """Of the stored context, what the data refers to, and the acts of its pairs. pySHACL checks
    every node of the graph it is given, so a write that touches one act is validated beside
    the few things that act names, not beside every state and source of the store (7 s on the
    bundled data, most of a write's time)."""
    acts = {s for cls in ACT_CLASSES for s in context.subjects(RDF.type, cls)}
    wanted = set(data.objects()) | set(data.subjects()) | acts
    out = Graph()
    for s, p, o in context:
        if s in wanted:
            out.add((s, p, o))
    return out


def _stored_statuses(store: OxigraphStore, pairs: set[Pair]) -> list[ox.Quad]:
    g = ox.NamedNode(str(GRAPH_STATUSES))
    out: list[ox.Quad] = []
    rec, red = to_ox(RKG.recogniser), to_ox(RKG.recognised)
    for by, of in pairs:
        for q in store.native.quads_for_pattern(None, rec, to_ox(by), g):  # type: ignore[arg-type]
            if ox.Quad(q.subject, red, to_ox(of), g) in store.native:  # type: ignore[arg-type]
                out.extend(store.native.quads_for_pattern(q.subject, None, None, g))
    return out


def _data_block(quads: list[ox.Quad]) -> str:
    return data_blocks((str(q.subject), str(q.predicate), str(q.object),
                        None if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)) for q in quads)


def _commit_text(delta: Delta, removed: list[ox.Quad], added: list[ox.Quad]) -> str:
    parts: list[str] = []
    for g in sorted(delta.cleared, key=str):
        if isinstance(g, ox.DefaultGraph):
            parts.append("CLEAR SILENT DEFAULT")
        elif g in delta.dropped:
            parts.append(f"DROP SILENT GRAPH {g}")
        else:
            parts.append(f"CLEAR SILENT GRAPH {g}")
    for g in sorted(delta.dropped - {g for g in delta.cleared if isinstance(g, ox.NamedNode)}, key=str):
        parts.append(f"DROP SILENT GRAPH {g}")
    if removed:
        parts.append("DELETE DATA {\n" + _data_block(removed) + "\n}")
    if added:
        parts.append("INSERT DATA {\n" + _data_block(added) + "\n}")
    for g in sorted(delta.created, key=str):
        parts.append(f"CREATE SILENT GRAPH {g}")
    return " ;\n".join(parts)


def _last(store: Store) -> tuple[int, dt.datetime | None]:
    entries = changelog.entries(store)
    if not entries:
        return -1, None
    return entries[-1].sequence, entries[-1].committed


def ensure_base(store: Store, built: dt.datetime, message: str) -> None:
    """Give a store without a change log its base entry (what it holds, known since ``built``)."""
    if not changelog.entries(store):
        store.extend((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
                     for q in changelog.base_quads(built, message))


def commit_change(store: OxigraphStore, work: Callable[[Evaluation], None], *, curator: str,
                  message: str | None = None, started: dt.datetime | None = None) -> Change:
    """Work a write out on a candidate, validate it, and commit it with its log entry.

    :param store: the live store, open for writing (from :func:`writing`, or an in-memory
        store); hold its write lock.
    :param work: applies the write to the candidate (an :class:`~recognition_kg.graph.updates.Evaluation`).
    :raises NotConformant: when the write breaks a shape; the store is unchanged.
    :raises InvalidRequest: when it cannot be carried out; the store is unchanged.
    """
    started = started or dt.datetime.now(dt.UTC)
    with _memory_lock if store.path is None else contextlib.nullcontext():
        with store.scratch_copy() as candidate:
            evaluation = Evaluation(candidate.native, (), ())
            work(evaluation)
            plan = _plan(store, candidate, evaluation)
        if not plan.report.conforms:
            raise NotConformant("the write does not conform to the shapes: nothing was changed", plan.report)
        delta = evaluation.delta
        old = set(plan.old_statuses)
        new = set(plan.new_statuses)
        stale, fresh = old - new, new - old
        blank = [q for q in delta.removed if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
        if blank:
            raise InvalidRequest("the write removes triples of blank nodes one by one, which a patch cannot name: "
                                 "remove their whole graph, or give the nodes IRIs")
        removed = sorted(delta.removed | stale, key=str)
        added = sorted(delta.added | fresh, key=str)
        kept = sorted(delta.kept, key=str)  # back into graphs the commit empties whole
        everything_removed = delta.removed_quads | stale
        last, last_time = _last(store)
        if not removed and not added and not delta.cleared_quads and not delta.created and not delta.dropped:
            return Change(last, curator, dt.datetime.now(dt.UTC), message, 0, 0, len(plan.pairs), 0, plan.report)
        if last < 0:
            ensure_base(store, started, "what the store held before its first logged change")
            last, last_time = 0, started
        now = dt.datetime.now(dt.UTC)
        if last_time is not None and now <= last_time:
            now = last_time + dt.timedelta(microseconds=1)  # knowledge time only moves forward
        sequence = last + 1
        patch = changelog.patch_text(everything_removed, added)
        log = changelog.entry_quads(sequence, curator=curator, started=started, committed=now, message=message,
                                    removed=len(everything_removed), added=len(added), patch=patch)
        log_line.info("committing change %d by %s: +%d -%d quads, %d pairs", sequence, curator, len(added),
                      len(everything_removed), len(plan.pairs))
        store.update(_commit_text(delta, removed, added + kept + log))
        log_line.info("committed change %d", sequence)
        if store.path is not None:
            snapshots.publish(store.path, store.native)
        statuses = sum(1 for q in plan.new_statuses if q.predicate == to_ox(RDF.type))
        return Change(sequence, curator, now, message, len(added), len(everything_removed), len(plan.pairs),
                      statuses, plan.report)


def update(store: OxigraphStore, text: str, *, curator: str, message: str | None = None,
           using: tuple[str, ...] = (), using_named: tuple[str, ...] = (), base_iri: str | None = None,
           started: dt.datetime | None = None) -> Change:
    """Run a SPARQL update as a curated write (see :func:`commit_change`)."""
    def work(evaluation: Evaluation) -> None:
        evaluation.using = [ox.NamedNode(g) for g in using]
        evaluation.using_named = [ox.NamedNode(g) for g in using_named]
        evaluate(evaluation.candidate, text, base_iri=base_iri, into=evaluation)

    return commit_change(store, work, curator=curator, message=message, started=started)


def _graph_node(graph: URIRef | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(str(graph))


def _parse_body(data: bytes, fmt: ox.RdfFormat, graph: ox.NamedNode | ox.DefaultGraph,
                base_iri: str | None) -> list[ox.Quad]:
    from recognition_kg.graph.oxigraph_store import syntax_error
    from recognition_kg.graph.updates import skolemise

    try:
        parsed = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as e:
        raise syntax_error(e, "the request body") from e
    except ValueError as e:
        raise InvalidRequest(f"the request body cannot be read: {e}") from e
    return skolemise(ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)


def put_graph(store: OxigraphStore, graph: URIRef | None, data: bytes, fmt: ox.RdfFormat, *, curator: str,
              message: str | None = None, base_iri: str | None = None) -> Change:
    """Graph Store ``PUT``: the graph (None: the default graph) holds exactly the body's triples."""
    node = _graph_node(graph)
    quads = _parse_body(data, fmt, node, base_iri)
    existed = isinstance(node, ox.DefaultGraph) or store.has_graph(graph)  # type: ignore[arg-type]

    def work(evaluation: Evaluation) -> None:
        evaluation.empty(node, drop=False)
        evaluation.apply([], quads)
        if isinstance(node, ox.NamedNode) and not quads:
            evaluation.candidate.add_graph(node)
            evaluation.delta.created.add(node)

    change = commit_change(store, work, curator=curator, message=message)
    return _with_existed(change, existed)


def post_graphs(store: OxigraphStore, graph: URIRef | None, bodies: list[tuple[bytes, ox.RdfFormat]], *,
                curator: str, message: str | None = None, base_iri: str | None = None) -> Change:
    """Graph Store ``POST``: each body's triples are added to the graph (None: the default graph)."""
    node = _graph_node(graph)
    quads = [q for data, fmt in bodies for q in _parse_body(data, fmt, node, base_iri)]
    existed = isinstance(node, ox.DefaultGraph) or store.has_graph(graph)  # type: ignore[arg-type]
    change = commit_change(store, lambda e: e.apply([], quads), curator=curator, message=message)
    return _with_existed(change, existed)


def delete_graph(store: OxigraphStore, graph: URIRef | None, *, curator: str, message: str | None = None) -> Change:
    """Graph Store ``DELETE``: the graph is removed (the default graph emptied)."""
    node = _graph_node(graph)
    return commit_change(store, lambda e: e.empty(node, drop=isinstance(node, ox.NamedNode)), curator=curator,
                         message=message)


def _with_existed(change: Change, existed: bool) -> Change:
    return replace(change, existed=existed)


def _skolemised(files: list[ParsedFile]) -> list[ParsedFile]:
    """The files with each blank node named by a skolem IRI, as every write stores them."""
    from rdflib import BNode

    out = []
    for f in files:
        names: dict[BNode, URIRef] = {}

        def term(t: Node, names: dict[BNode, URIRef] = names) -> Node:
            if isinstance(t, BNode):
                return names.setdefault(t, URIRef(GENID + uuid.uuid4().hex))
            return t

        quads = [(term(s), p, term(o), g) for s, p, o, g in f.quads]
        out.append(ParsedFile(f.path, f.graph, quads))
    return out


def load_files(store: Store, files: list[ParsedFile], *, curator: str,
               message: str | None = None) -> tuple[LoadResult, Change]:
    """``rkg load`` as a curated write: validated as ``rkg validate`` validates the files (each
    replaces its own graph), committed with its log entry in one transaction (one update
    request to a remote store), and published to a disk store's readers.

    :raises NotConformant: when validation fails; the store is unchanged.
    """
    started = dt.datetime.now(dt.UTC)
    files = _skolemised(files)
    result, drop, delete, insert = planned_load(store, files)
    removed: set[ox.Quad] = set()
    for g in drop:
        removed |= {ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))  # type: ignore[arg-type]
                    for s, p, o, _ in store.quads(g=g)}
    deleted = {ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in delete}  # type: ignore[arg-type]
    inserted = {ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in insert}  # type: ignore[arg-type]
    gone = (removed | deleted) - inserted
    new = inserted - removed - deleted
    last, last_time = _last(store)
    if last < 0:
        ensure_base(store, started, "what the store held before its first logged change")
        last, last_time = 0, started
    now = max(dt.datetime.now(dt.UTC), (last_time or started) + dt.timedelta(microseconds=1))
    log = changelog.entry_quads(last + 1, curator=curator, started=started, committed=now, message=message,
                                removed=len(gone), added=len(new), patch=changelog.patch_text(gone, new))
    delta = Delta(cleared={ox.NamedNode(str(g)) for g in drop})
    log_line.info("committing change %d by %s: +%d -%d quads (a load)", last + 1, curator, len(new), len(gone))
    from recognition_kg.graph.remote_store import RemoteStore

    if isinstance(store, RemoteStore):
        # The adapter knows what its engine takes at once (Virtuoso: a staged commit).
        store.commit(sorted(drop, key=str), [_quad(q) for q in sorted(deleted - removed, key=str)],
                     [_quad(q) for q in sorted(inserted, key=str) + log])
    else:
        store.update(_commit_text(delta, sorted(deleted - removed, key=str), sorted(inserted, key=str) + log))
    path = getattr(store, "path", None)
    if path is not None and str(store.spec) != MEMORY and getattr(store, "native", None) is not None:
        snapshots.publish(path, store.native)  # type: ignore[attr-defined]
    return result, Change(last + 1, curator, now, message, len(new), len(gone), result.pairs, result.statuses,
                          result.report)


def _quad(q: ox.Quad) -> tuple[Node, Node, Node, Node | None]:
    return from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)


def publish_current(spec: str | Path) -> None:
    """Make sure the readers of a disk store see its last commit: a server taking writes calls
    it as it starts (a writer killed between its commit and its checkpoint left them behind)."""
    path = Path(spec)
    current = snapshots.current(path)
    if current is not None:
        with OxigraphStore(path, read_only=True) as seen:
            seen_last = _last(seen)[0]
    with snapshots.write_lock(path):
        # Candidates of writes that were killed: no write is under way while the lock is held.
        for stale in path.parent.glob(".candidate-*"):
            shutil.rmtree(stale, ignore_errors=True)
        with OxigraphStore(path) as store:
            if current is None or _last(store)[0] != seen_last:
                snapshots.publish(path, store.native)
