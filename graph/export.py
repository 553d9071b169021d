"""The recognition network as a graph, for Gephi, Cytoscape, yEd, Graphviz and D3.

:func:`network` builds a networkx ``MultiDiGraph`` from the store: nodes are states and
governments (code, label, kind, UN membership on the day), edges go from recogniser to
recognised. On one day (``as_of``) there is one edge per pair that recognises or may
recognise, with the answer of the as-of lookup as its ``status``; over a range
(``start``/``end``) one edge per status interval, with its bounds and its ``spells`` (the
days it may hold), so that Gephi's timeline plays recognitions appearing and withdrawals
removing them. :data:`WRITERS` turns the graph into GEXF 1.3, GraphML, Cytoscape.js JSON,
node-link JSON (D3), Graphviz DOT (SVG/PNG when ``dot`` is installed) or a CSV edge list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.namespace import XSD

from recognition_kg import queries
from recognition_kg.graph.asof import un_members
from recognition_kg.graph.entities import Catalogue, catalogue, resolve
from recognition_kg.graph.errors import InvalidRequest, UnsupportedFormat
from recognition_kg.graph.intervals import Interval, leading, pair_answer, since_until
from recognition_kg.graph.status_index import Evidence, StatusIndex, gather_evidence
from recognition_kg.graph.statuses import interval_from_row
from recognition_kg.graph.store import Binding, Store

__all__ = ["FORMATS", "Export", "filename", "network", "render"]


@dataclass
class _Edge:
    interval: Interval
    acts: tuple[Evidence, ...]

    @property
    def kinds(self) -> set[str]:
        return {a.type for a in self.acts}

    @property
    def sources(self) -> set[str]:
        return {u for a in self.acts for u in a.urls}


def _edges(store: Store, start: dt.date | None, end: dt.date | None,
           index: StatusIndex | None = None) -> dict[str, _Edge]:
    if index is not None:
        return {iri: _Edge(iv, index.evidence.get(iri, ())) for iri, iv in index.within(start, end).items()}
    bindings: dict[str, Binding] = {}
    if start is not None:
        bindings["from"] = Literal(start.isoformat(), datatype=XSD.date)
    if end is not None:
        bindings["to"] = Literal(end.isoformat(), datatype=XSD.date)
    rows = store.values(queries.get("network").text, bindings)
    intervals = {row["status"]: interval_from_row(row) for row in rows}
    evidence = gather_evidence(rows)
    return {iri: _Edge(iv, evidence.get(iri, ())) for iri, iv in intervals.items()}


def _node(graph: nx.MultiDiGraph, cat: Catalogue, iri: str, members: set[str]) -> None:
    if iri in graph:
        return
    e = cat.by_iri.get(iri)
    graph.add_node(iri, code=e.code if e else iri.rsplit("/", 1)[-1], label=e.label if e else iri,
                   kind=e.kind if e else "state", un_member=iri in members, iri=iri)


def network(
    store: Store,
    *,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    around: Iterable[str] = (),
    depth: int = 1,
    kinds: Iterable[str] = (),
    cat: Catalogue | None = None,
    index: StatusIndex | None = None,
) -> nx.MultiDiGraph:
    """The recognition network on one day, or over a range.

    :param as_of: one day: one edge per pair that recognises (or may) on it.
    :param start: with ``end``, a range: one edge per status interval that may hold within it.
    :param around: keep only these entities (codes, IRIs or labels) and their neighbours.
    :param depth: how many steps from ``around`` to keep.
    :param kinds: keep only edges with an act of these kinds (Recognition, Withdrawal, Suspension).
    :param cat: the store's catalogue, when the caller has read it already.
    :param index: the store's status index, when the caller has one (the edges then come from it).
    :raises InvalidRequest: for a day and a range at once, or a range that ends before it starts.
    :raises NotFound: for an unknown entity in ``around``.
    """
    if as_of is not None and (start is not None or end is not None):
        raise InvalidRequest("give either a day (as_of) or a range (from, to), not both", parameter="as_of")
    if start is not None and end is not None and end < start:
        raise InvalidRequest(f"to ({end}) is before from ({start})", parameter="to")
    if as_of is None and start is None and end is None:
        as_of = dt.date.today()
    cat = cat or catalogue(store)
    day_for_membership = as_of or end or start or dt.date.today()
    members = un_members(store, day_for_membership, index)
    graph = nx.MultiDiGraph()
    graph.graph.update({"name": "recognition-kg", "as_of": as_of.isoformat() if as_of else "",
                        "from": start.isoformat() if start else "", "to": end.isoformat() if end else ""})
    edges = _edges(store, as_of or start, as_of or end, index)
    wanted_kinds = {k.strip().capitalize() for k in kinds if k.strip()}
    for entity in cat.entities:
        _node(graph, cat, entity.iri, members)
    if as_of is not None:
        _add_day_edges(graph, edges, as_of, wanted_kinds)
    else:
        graph.graph["mode"] = "dynamic"
        for key, e in sorted(edges.items()):
            if wanted_kinds and not (e.kinds & wanted_kinds):
                continue
            iv = e.interval
            spell_end = iv.latest_end.isoformat() if iv.latest_end else None
            graph.add_edge(iv.recogniser, iv.recognised, key=key, status="interval", **_attrs(e),
                           start=iv.earliest_start.isoformat(), end=spell_end or "",
                           spells=[(iv.earliest_start.isoformat(), spell_end)])
    if around:
        graph = _neighbourhood(graph, [resolve(cat, name).iri for name in around], depth)
    graph.remove_nodes_from([n for n, d in list(graph.degree()) if d == 0 and not around])
    return graph


def _attrs(e: _Edge) -> dict[str, Any]:
    iv = e.interval
    since, until = since_until(a.shown() for a in e.acts)
    return {
        "since": since or iv.earliest_start.isoformat(),
        "until": until or "",
        "certain_from": iv.latest_start.isoformat() if iv.latest_start != dt.date.max else "",
        "act_kinds": "; ".join(sorted(e.kinds)),
        "sources": " ".join(sorted(e.sources)),
    }


def _add_day_edges(graph: nx.MultiDiGraph, edges: dict[str, _Edge], day: dt.date, kinds: set[str]) -> None:
    by_pair: dict[tuple[str, str], list[_Edge]] = {}
    for e in edges.values():
        by_pair.setdefault((e.interval.recogniser, e.interval.recognised), []).append(e)
    for (a, b), group in sorted(by_pair.items()):
        answer, why = pair_answer((e.interval for e in group), day)
        chosen = [e for e in group if e.interval in why]
        if not chosen or (kinds and not any(e.kinds & kinds for e in chosen)):
            continue
        main = next(e for e in chosen if e.interval == leading(why))
        graph.add_edge(a, b, key=f"{a} {b}", status=answer, **_attrs(main))


def _neighbourhood(graph: nx.MultiDiGraph, centres: list[str], depth: int) -> nx.MultiDiGraph:
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for c in centres:
        if c in graph:
            keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
    return graph.subgraph(keep).copy()


# ---------------------------------------------------------------- writers


def _scalar_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and DOT take scalars only: spells become text."""
    g = graph.copy()
    for _, _, data in g.edges(data=True):
        spells = data.pop("spells", None)
        if spells:
            data["spells"] = " ".join(f"{s}/{e or ''}" for s, e in spells)
    return g


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    g = graph.copy()
    for _, _, data in g.edges(data=True):
        data.pop("start", None)
        data.pop("end", None)
    nx.write_gexf(g, out, version="1.3")
    return out.getvalue()


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_scalar_copy(graph), out)
    return out.getvalue()


def _compact_json(data: object) -> bytes:
    # Compact, so that the C encoder writes it: an indented dump goes through Python's own
    # encoder, most of a whole-network export's time.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cytoscape(graph: nx.MultiDiGraph) -> bytes:
    return _compact_json(nx.cytoscape_data(graph))


def _node_link(graph: nx.MultiDiGraph) -> bytes:
    return _compact_json(nx.node_link_data(graph, edges="links"))


def _dot_id(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(graph: nx.MultiDiGraph) -> bytes:
    lines = ["digraph recognition {", "  graph [rankdir=LR, overlap=false];", "  node [shape=box, fontsize=10];"]
    for n, data in graph.nodes(data=True):
        attrs = ", ".join(f"{k}={_dot_id(v)}" for k, v in data.items())
        lines.append(f"  {_dot_id(n)} [{attrs}, label={_dot_id(data.get('code', n))}];")
    for a, b, data in _scalar_copy(graph).edges(data=True):
        style = "dashed" if data.get("status") == "uncertain" else "solid"
        attrs = ", ".join(f"{k}={_dot_id(v)}" for k, v in data.items())
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)} [{attrs}, style={style}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _graphviz(fmt: str) -> Callable[[nx.MultiDiGraph], bytes]:
    def run(graph: nx.MultiDiGraph) -> bytes:
        dot = shutil.which("dot")
        if dot is None:
            raise UnsupportedFormat(f"{fmt} needs Graphviz's dot program, which is not installed: "
                                    "export dot and render it elsewhere")
        return subprocess.run([dot, f"-T{fmt}"], input=_dot(graph), capture_output=True, check=True,
                              timeout=120).stdout

    return run


def _csv(graph: nx.MultiDiGraph) -> bytes:
    out = io.StringIO()
    columns = ["recogniser", "recognised", "status", "since", "until", "certain_from", "start", "end", "act_kinds",
               "sources"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for a, b, data in graph.edges(data=True):
        writer.writerow([graph.nodes[a]["code"], graph.nodes[b]["code"],
                         *(data.get(c, "") for c in columns[2:])])
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Export:
    """A format: how to write it, its media type and its file extension."""

    write: Callable[[nx.MultiDiGraph], bytes]
    media_type: str
    extension: str


FORMATS: dict[str, Export] = {
    "gexf": Export(_gexf, "application/gexf+xml", "gexf"),
    "graphml": Export(_graphml, "application/graphml+xml", "graphml"),
    "cytoscape": Export(_cytoscape, "application/json", "cyjs"),
    "json": Export(_node_link, "application/json", "json"),
    "dot": Export(_dot, "text/vnd.graphviz", "dot"),
    "svg": Export(_graphviz("svg"), "image/svg+xml", "svg"),
    "png": Export(_graphviz("png"), "image/png", "png"),
    "csv": Export(_csv, "text/csv", "csv"),
}


def render(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The network in ``fmt``.

    :raises UnsupportedFormat: for an unknown format, or SVG/PNG without Graphviz.
    """
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(graph)


def filename(fmt: str, *, as_of: dt.date | None, start: dt.date | None, end: dt.date | None) -> str:
    """A file name that says what and when: ``recognition-2008-10-31.gexf``.

    >>> filename("gexf", as_of=dt.date(2008, 10, 31), start=None, end=None)
    'recognition-2008-10-31.gexf'
    """
    if as_of is not None:
        when = as_of.isoformat()
    else:
        when = f"{start.isoformat() if start else 'start'}_{end.isoformat() if end else 'now'}"
    return f"recognition-{when}.{FORMATS[fmt].extension}"
