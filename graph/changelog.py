"""The change log: every accepted write, kept in the store as PROV-O, with its patch.

Each change is an ``rkg:Change`` (a ``prov:Activity``) in the graph ``graph/log``, appended in
the same transaction as the data it describes and never changed after::

    <id/change/7> a rkg:Change ;
        rkg:sequence 7 ;
        prov:startedAtTime "2026-12-02T09:14:03.120511Z"^^xsd:dateTime ;  # the request came in
        prov:endedAtTime   "2026-12-02T09:14:03.301877Z"^^xsd:dateTime ;  # it was committed
        prov:wasAssociatedWith <id/curator/alice> ;                     # the token's curator
        rdfs:comment "Correct the date of Fiji's recognition" ;         # the Change-Message header
        rkg:triplesAdded 9 ; rkg:triplesRemoved 7 ;
        rkg:patch "TX .\\nD <…> <…> <…> <…> .\\nA … .\\nTC .\\n" .

The commit time (``prov:endedAtTime``) is the change's *knowledge time*: the graph as known at
an instant K is the data with every change committed after K undone (see
:mod:`~recognition_kg.graph.knowledge`). The base entry (sequence 0, ``rkg:base true``) dates
what was there before the first logged change: the bundled data's build.

The patch is RDF Patch (https://afs.github.io/rdf-delta/rdf-patch.html): a transaction of
``D`` (delete) and ``A`` (add) rows, each an N-Quads statement. It lists every quad the change
added or removed, derived statuses and date bounds included, so that applying it to the
store before the change gives the store after it, and undoing it (each ``A`` deleted, each
``D`` added) gives the store before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from recognition_kg import queries
from recognition_kg.graph.errors import InvalidRequest, NotFound
from recognition_kg.graph.store import Store
from recognition_kg.ontology import GRAPH_LOG, ID, RKG

__all__ = ["PATCH_TYPE", "Entry", "base_quads", "entries", "entry_quads", "log_answer", "parse_patch",
           "patch", "patch_text", "to_time"]

_PROV = "http://www.w3.org/ns/prov#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: The media type of RDF Patch.
PATCH_TYPE = "application/rdf-patch"


@dataclass(frozen=True)
class Entry:
    """One change of the log, without its patch."""

    sequence: int
    iri: str
    started: dt.datetime
    committed: dt.datetime
    curator: str
    message: str | None
    added: int
    removed: int
    base: bool = False

    def to_dict(self) -> dict[str, object]:
        """The entry as JSON-ready data."""
        return {"sequence": self.sequence, "change": self.iri, "curator": self.curator,
                "started": self.started.isoformat().replace("+00:00", "Z"),
                "committed": self.committed.isoformat().replace("+00:00", "Z"),
                "message": self.message, "added": self.added, "removed": self.removed, "base": self.base}


def to_time(text: str, what: str = "known_at") -> dt.datetime:
    """An instant from ISO 8601 text: a date (its start, UTC) or a date and time (UTC when it
    names no offset).

    >>> to_time("2024-01-01")
    datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> to_time("2024-01-01T10:00:00+01:00").isoformat()
    '2024-01-01T09:00:00+00:00'
    """
    try:
        if len(text) == 10:
            value = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        else:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{what} {text!r} is not an ISO 8601 date or date and time (2024-01-01, "
                             "2024-01-01T09:30:00Z)", parameter=what) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _time(value: dt.datetime) -> ox.Literal:
    text = value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return ox.Literal(text, datatype=ox.NamedNode(_XSD + "dateTime"))


def _line(op: str, q: ox.Quad) -> str:
    g = "" if isinstance(q.graph_name, ox.DefaultGraph) else f" {q.graph_name}"
    return f"{op} {q.subject} {q.predicate} {q.object}{g} ."


def patch_text(removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> str:
    """One RDF Patch transaction: the removals, then the additions, each sorted.

    >>> q = ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("x"), ox.NamedNode("http://ex/g"))
    >>> print(patch_text([], [q]), end="")
    TX .
    A <http://ex/a> <http://ex/p> "x" <http://ex/g> .
    TC .
    """
    rows = sorted(_line("D", q) for q in removed) + sorted(_line("A", q) for q in added)
    return "TX .\n" + "".join(r + "\n" for r in rows) + "TC .\n"


def parse_patch(text: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The quads an RDF Patch removes and adds (its header and transaction rows left aside).

    :raises InvalidRequest: for a row that is not ``A`` or ``D`` and an N-Quads statement.
    """
    removed: list[ox.Quad] = []
    added: list[ox.Quad] = []
    for n, line in enumerate(text.splitlines(), 1):
        op, _, rest = line.partition(" ")
        if op in ("TX", "TC", "TA", "H", "PA", "PD", ""):
            continue
        if op not in ("A", "D"):
            raise InvalidRequest(f"line {n} of the patch is not an RDF Patch row: {line[:80]!r}")
        try:
            quads = list(ox.parse(rest.encode(), format=ox.RdfFormat.N_QUADS))
        except SyntaxError as e:
            raise InvalidRequest(f"line {n} of the patch does not parse: {e}") from e
        (added if op == "A" else removed).extend(quads)
    return removed, added


def entry_quads(sequence: int, *, curator: str, started: dt.datetime, committed: dt.datetime,
                message: str | None, removed: int, added: int, patch: str | None, base: bool = False) -> list[ox.Quad]:
    """The log's quads for one change (appended in the same transaction as the change)."""
    g = ox.NamedNode(str(GRAPH_LOG))
    node = ox.NamedNode(str(ID[f"change/{sequence}"]))
    agent = ox.NamedNode(str(ID[f"curator/{curator}"]))
    n = ox.NamedNode

    def integer(v: int) -> ox.Literal:
        return ox.Literal(str(v), datatype=n(_XSD + "integer"))

    out = [
        (node, _RDF_TYPE, n(str(RKG.Change))),
        (node, _RDF_TYPE, n(_PROV + "Activity")),
        (node, n(str(RKG.sequence)), integer(sequence)),
        (node, n(_PROV + "startedAtTime"), _time(started)),
        (node, n(_PROV + "endedAtTime"), _time(committed)),
        (node, n(_PROV + "wasAssociatedWith"), agent),
        (node, n(str(RKG.triplesAdded)), integer(added)),
        (node, n(str(RKG.triplesRemoved)), integer(removed)),
        (agent, _RDF_TYPE, n(_PROV + "Agent")),
        (agent, n(_RDFS + "label"), ox.Literal(curator)),
    ]
    if message:
        out.append((node, n(_RDFS + "comment"), ox.Literal(message)))
    if patch is not None:
        out.append((node, n(str(RKG.patch)), ox.Literal(patch)))
    if base:
        out.append((node, n(str(RKG.base)), ox.Literal("true", datatype=n(_XSD + "boolean"))))
    return [ox.Quad(s, p, o, g) for s, p, o in out]  # type: ignore[arg-type]


def base_quads(built: dt.datetime, message: str) -> list[ox.Quad]:
    """The base entry: what the store held before its first logged change, known since ``built``."""
    return entry_quads(0, curator="build", started=built, committed=built, message=message,
                       removed=0, added=0, patch=None, base=True)


def entries(store: Store, *, after: int | None = None) -> list[Entry]:
    """Every change of the log in order (those after sequence ``after`` when given)."""
    rows = store.values(queries.get("change_log").text)
    out = []
    for r in rows:
        seq = int(r["sequence"])
        if after is not None and seq <= after:
            continue
        out.append(Entry(seq, r["change"], to_time(r["started"], "started"), to_time(r["committed"], "committed"),
                         r.get("curator", "?"), r.get("message"), int(r.get("added", 0)), int(r.get("removed", 0)),
                         r.get("base") in ("true", "1")))
    return sorted(out, key=lambda e: e.sequence)


def log_answer(store: Store, *, after: int | None = None) -> dict[str, Any]:
    """The change log as a lookup's answer (``rkg log``, ``/api/log``)."""
    found = entries(store, after=after)
    return {"query": {"lookup": "log", "after": after}, "count": len(found), "results": [e.to_dict() for e in found]}


def patch(store: Store, sequence: int) -> str:
    """One change's patch (RDF Patch text).

    :raises NotFound: for a change the log does not hold, or the base entry (which has none).
    """
    rows = store.values(queries.get("change_patch").text, {"change": URIRef(str(ID[f"change/{sequence}"]))})
    if not rows:
        raise NotFound(f"the change log has no change {sequence} with a patch")
    return rows[0]["patch"]
