"""Knowledge time: the graph as it was known at an instant, and what was corrected between two.

Valid time says when a recognition held; knowledge (transaction) time says when this graph
learnt it, as XTDB and Datomic keep both. Every accepted write is logged with its commit time
and its patch (:mod:`~recognition_kg.graph.changelog`), so the graph as known at K is the
store with every change committed after K undone, its patches applied backwards, newest
first: :func:`view`. The as-of rules then answer on that view unchanged, so that "who
recognised Kosovo on 2008-10-31, as this graph knew it on 2024-01-01" is the ordinary lookup
on the view of 2024-01-01.

A view is an in-memory copy: cheap for the bundled data (a few tens of thousands of quads),
a one-off cost per knowledge state on a large store (the server keeps the few last asked).
What the store held before its first logged change is known from the log's base entry (the
bundled data's build); an instant before it is refused, never answered from an empty graph.

:func:`corrections` lists what changed in the graph's knowledge between two instants: the
changes committed in between, and the pairs whose derived statuses they changed, before and
after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from recognition_kg.graph import changelog
from recognition_kg.graph.changelog import Entry
from recognition_kg.graph.entities import Catalogue, catalogue
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.oxigraph_store import NativeStore
from recognition_kg.graph.store import Store
from recognition_kg.ontology import GRAPH_LOG, GRAPH_STATUSES, ID, RKG

__all__ = ["Correction", "corrections", "corrections_answer", "known_entries", "view"]


def known_entries(store: Store, known_at: dt.datetime) -> tuple[list[Entry], list[Entry]]:
    """The log's changes committed by ``known_at``, and those after it.

    :raises InvalidRequest: for a store without a change log, or an instant before its base.
    """
    entries = changelog.entries(store)
    if not entries:
        raise InvalidRequest("this store keeps no change log (it was filled without one), so it cannot say what it "
                             "knew when: known_at needs a store built or written by rkg", parameter="known_at")
    first = entries[0].committed
    if known_at < first:
        raise InvalidRequest(f"known_at {known_at.isoformat()} is before this graph knew anything: its knowledge "
                             f"starts at {first.isoformat()} ({entries[0].message or 'its base'})",
                             parameter="known_at")
    return [e for e in entries if e.committed <= known_at], [e for e in entries if e.committed > known_at]


#: past this many quads a view is a hard-linked checkpoint on disk, not a copy in memory
ON_DISK_PAST = 2_000_000


def view(store: Store, known_at: dt.datetime,
         entries: tuple[list[Entry], list[Entry]] | None = None) -> tuple[Store, int]:
    """The store as known at ``known_at``, and the sequence number of the last change it holds.

    The store itself when nothing was committed after ``known_at``; else a copy with the later
    changes undone (and their log entries left out): in memory for a store of up to
    :data:`ON_DISK_PAST` quads, else a hard-linked checkpoint of it on disk (milliseconds, and
    no second copy of the data; the caller closes it, which removes it).

    :param entries: :func:`known_entries` of the same instant, when the caller read them already.
    """
    known, later = entries if entries is not None else known_entries(store, known_at)
    last = known[-1].sequence
    if not later:
        return store, last
    scratch = getattr(store, "scratch_copy", None)
    copy = scratch() if scratch is not None and len(store) > ON_DISK_PAST else store.in_memory_copy()
    native: NativeStore | None = getattr(copy, "native", None)
    if native is None:
        raise InvalidRequest("knowledge-time views need an Oxigraph store")
    log = ox.NamedNode(str(GRAPH_LOG))
    for entry in reversed(later):
        removed, added = changelog.parse_patch(changelog.patch(store, entry.sequence))
        for q in added:
            native.remove(q)
        native.extend(removed)
        for q in list(native.quads_for_pattern(ox.NamedNode(entry.iri), None, None, log)):
            native.remove(q)
    return copy, last


@dataclass(frozen=True)
class Correction:
    """A pair whose derived statuses a change between two instants altered."""

    recogniser: str
    recognised: str
    #: the pair's status intervals as known at each end: (earliest start, latest start, earliest end, latest end)
    before: tuple[tuple[str | None, ...], ...]
    after: tuple[tuple[str | None, ...], ...]
    changes: tuple[int, ...]


def _intervals(native: NativeStore, recogniser: str, recognised: str) -> tuple[tuple[str | None, ...], ...]:
    g = ox.NamedNode(str(GRAPH_STATUSES))
    out = []
    for q in native.quads_for_pattern(None, ox.NamedNode(str(RKG.recogniser)), ox.NamedNode(recogniser), g):
        node = q.subject
        if not any(True for _ in native.quads_for_pattern(node, ox.NamedNode(str(RKG.recognised)),
                                                           ox.NamedNode(recognised), g)):
            continue

        def value(p: URIRef, node: object = node) -> str | None:
            found = next(iter(native.quads_for_pattern(node, ox.NamedNode(str(p)), None, g)), None)  # type: ignore[arg-type]
            return None if found is None else found.object.value  # type: ignore[union-attr]

        out.append((value(RKG.earliestStart), value(RKG.latestStart), value(RKG.earliestEnd), value(RKG.latestEnd)))
    return tuple(sorted(out, key=lambda t: tuple(x or "" for x in t)))


def corrections(store: Store, known_from: dt.datetime, known_to: dt.datetime) -> tuple[list[Entry], list[Correction]]:
    """The changes committed after ``known_from`` and by ``known_to``, and each pair whose
    statuses they changed, with its intervals as known at both instants.

    :raises InvalidRequest: when ``known_to`` is before ``known_from``.
    """
    if known_to < known_from:
        raise InvalidRequest("known_to is before known_from", parameter="known_to")
    at_start, at_end = known_entries(store, known_from), known_entries(store, known_to)
    before, _ = view(store, known_from, at_start)
    after, _ = view(store, known_to, at_end)
    changes = [e for e in at_start[1] if e.committed <= known_to]
    touched: dict[tuple[str, str], list[int]] = {}
    status = str(ID["status/"])
    for entry in changes:
        removed, added = changelog.parse_patch(changelog.patch(store, entry.sequence))
        nodes = {q.subject for q in removed + added
                 if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(status)}
        for native in (before.native, after.native):  # type: ignore[attr-defined]
            for node in nodes:
                rec = next(iter(native.quads_for_pattern(node, ox.NamedNode(str(RKG.recogniser)), None, None)), None)
                red = next(iter(native.quads_for_pattern(node, ox.NamedNode(str(RKG.recognised)), None, None)), None)
                if rec is not None and red is not None:
                    seqs = touched.setdefault((rec.object.value, red.object.value), [])
                    if entry.sequence not in seqs:
                        seqs.append(entry.sequence)
    out = []
    for (rec_iri, red_iri), seqs in sorted(touched.items()):
        old = _intervals(before.native, rec_iri, red_iri)  # type: ignore[attr-defined]
        new = _intervals(after.native, rec_iri, red_iri)  # type: ignore[attr-defined]
        if old != new:
            out.append(Correction(rec_iri, red_iri, old, new, tuple(sorted(seqs))))
    return changes, out


def _span(iv: tuple[str | None, ...]) -> str:
    """An interval as a reader writes it: ``1992-01-01/1992-12-31 to 2000-05-01`` (a range where
    the start or end is uncertain; ``on`` while it still holds)."""
    def bound(a: str | None, b: str | None) -> str:
        return "" if a is None else a if b in (None, a) else f"{a}/{b}"

    end = bound(iv[2], iv[3])
    return f"{bound(iv[0], iv[1])} to {end or 'now'}"


def corrections_answer(store: Store, known_from: dt.datetime, known_to: dt.datetime,
                       cat: Catalogue | None = None) -> dict[str, Any]:
    """:func:`corrections` as a lookup's answer: the changes, and each pair whose statuses they
    changed with its intervals as known at both instants."""
    cat = cat or catalogue(store)
    entries, found = corrections(store, known_from, known_to)
    return {
        "query": {"lookup": "corrections", "known_from": known_from.isoformat(), "known_to": known_to.isoformat()},
        "changes": [e.to_dict() for e in entries],
        "results": [{"recogniser": cat.name(c.recogniser), "recognised": cat.name(c.recognised),
                     "before": [_span(iv) for iv in c.before], "after": [_span(iv) for iv in c.after],
                     "changes": list(c.changes)} for c in found],
    }
