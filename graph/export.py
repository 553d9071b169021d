"""The recognition network as a graph, for Gephi, Cytoscape, yEd, Graphviz and D3.

:func:`records` reads the network from the store: nodes are states and governments (code,
label, kind, UN membership on the day), edges go from recogniser to recognised. On one day
(``as_of``) there is one edge per pair that recognises or may recognise, with the answer of the
as-of lookup as its ``status``; over a range (``start``/``end``) one edge per status interval,
with its bounds and its ``spells`` (the days it may hold), so that Gephi's timeline plays
recognitions appearing and withdrawals removing them. :func:`network` gives the same as a
networkx ``MultiDiGraph``, for those who go on in Python.

:data:`FORMATS` writes it as GEXF 1.3, GraphML, Cytoscape.js JSON, node-link JSON (D3), Graphviz
DOT (SVG/PNG when ``dot`` is installed) or a CSV edge list. The JSON, CSV and DOT writers work
from the records themselves, without building a networkx graph: a whole network's export is
mostly the writing of its edges, and with a status index each edge's JSON is written once per
process (:attr:`StatusIndex.memo`) and only joined afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import repeat
from json.encoder import encode_basestring
from operator import attrgetter, is_, itemgetter
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.namespace import XSD

from recognition_kg import queries
from recognition_kg.graph.asof import un_members
from recognition_kg.graph.entities import Catalogue, catalogue, resolve
from recognition_kg.graph.errors import InvalidRequest, UnsupportedFormat
from recognition_kg.graph.intervals import Interval, leading, pair_answer_by_iri, since_until
from recognition_kg.graph.status_index import Evidence, StatusIndex, gather_evidence
from recognition_kg.graph.statuses import interval_from_row
from recognition_kg.graph.store import Binding, Store

__all__ = ["FORMATS", "Edge", "Export", "Network", "Node", "filename", "network", "records", "render"]


@dataclass(frozen=True)
class Node:
    """A state or government of the network."""

    iri: str
    code: str
    label: str
    kind: str
    un_member: bool

    def attrs(self) -> dict[str, Any]:
        """The node's attributes, as every format writes them."""
        return {"code": self.code, "label": self.label, "kind": self.kind, "un_member": self.un_member,
                "iri": self.iri}


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge: a pair's answer on a day, or one status interval over a range.

    Its attributes are kept as JSON object members (``"status":"recognised","since":...``, no
    braces), since that is what the JSON writers join; :attr:`attrs` reads them back. Its ends
    and its node-link object are written when it is made, in slots: an edge kept in the
    index's memo is written into every export that shows it, and a whole network's export is
    then one join of bytes (570k edges at 1M acts), not a lookup in each edge's dict.
    """

    source: str
    target: str
    key: str
    text: str
    #: its source, target and key as JSON object members
    ends: str = field(init=False, repr=False, compare=False)
    #: the edge as a node-link JSON object, encoded
    link: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ends = f'"source":{_text(self.source)},"target":{_text(self.target)},"key":{_text(self.key)}'
        object.__setattr__(self, "ends", ends)
        object.__setattr__(self, "link", f"{{{self.text},{ends}}}".encode())

    @property
    def attrs(self) -> dict[str, Any]:
        """The edge's attributes (``spells`` as lists of two)."""
        data: dict[str, Any] = json.loads("{" + self.text + "}")
        return data


@dataclass(frozen=True)
class Network:
    """The network as records: what every writer reads."""

    meta: Mapping[str, str]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same network as a networkx ``MultiDiGraph`` (node keys are IRIs)."""
        graph = nx.MultiDiGraph()
        graph.graph.update(self.meta)
        graph.add_nodes_from((n.iri, n.attrs()) for n in self.nodes)
        graph.add_edges_from((e.source, e.target, e.key, e.attrs) for e in self.edges)
        return graph

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph) -> Network:
        """Records from a graph :meth:`to_networkx` made (perhaps changed since)."""
        nodes = tuple(Node(n, d.get("code", n), d.get("label", n), d.get("kind", "state"), bool(d.get("un_member")))
                      for n, d in graph.nodes(data=True))
        edges = tuple(Edge(a, b, str(k), _json(d)[1:-1]) for a, b, k, d in graph.edges(keys=True, data=True))
        return cls(dict(graph.graph), nodes, edges)


@dataclass
class _Interval:
    interval: Interval
    acts: tuple[Evidence, ...]

    @property
    def kinds(self) -> set[str]:
        return {a.type for a in self.acts}


#: each pair with its intervals by IRI, pairs in order
_Groups = Iterable[tuple[tuple[str, str], Sequence[tuple[str, Interval]]]]


def _read(store: Store, start: dt.date | None,
          end: dt.date | None) -> tuple[dict[str, Interval], dict[str, tuple[Evidence, ...]]]:
    """The intervals that may hold within [start, end] and their evidence: one query."""
    bindings: dict[str, Binding] = {}
    if start is not None:
        bindings["from"] = Literal(start.isoformat(), datatype=XSD.date)
    if end is not None:
        bindings["to"] = Literal(end.isoformat(), datatype=XSD.date)
    rows = store.values(queries.get("network").text, bindings)
    return {row["status"]: interval_from_row(row) for row in rows}, gather_evidence(rows)


def _grouped(intervals: Mapping[str, Interval]) -> list[tuple[tuple[str, str], list[tuple[str, Interval]]]]:
    by_pair: dict[tuple[str, str], list[tuple[str, Interval]]] = defaultdict(list)
    for iri, iv in intervals.items():
        by_pair[(iv.recogniser, iv.recognised)].append((iri, iv))
    return sorted(by_pair.items())


def records(
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
) -> Network:
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
    centres = [resolve(cat, name).iri for name in around]
    members = un_members(store, as_of or end or start or dt.date.today(), index)
    meta = {"name": "recognition-kg", "as_of": as_of.isoformat() if as_of else "",
            "from": start.isoformat() if start else "", "to": end.isoformat() if end else ""}
    wanted = {k.strip().capitalize() for k in kinds if k.strip()}
    if as_of is None:
        meta["mode"] = "dynamic"
    if index is not None:
        # The index keeps every pair's answer steps and every edge it has made: a day's edges
        # are a bisection a pair, a range's the intervals it holds in IRI order.
        edges, ends = (_day_edges_from_index(index, as_of, wanted) if as_of is not None
                       else _range_edges_from_index(index, start, end, wanted))
    else:
        within, evidence = _read(store, as_of or start, as_of or end)
        edges = (_day_edges(_grouped(within), evidence, as_of, wanted) if as_of is not None
                 else _range_edges(within, evidence, wanted))
        # The entities the edges name: map() keeps the walk over the edges in C.
        ends = set(map(_source, edges)) | set(map(_target, edges))
    keep = ends
    if centres:
        keep = _neighbourhood(edges, centres, depth)
        edges = [e for e in edges if e.source in keep and e.target in keep]
        ends = {e.source for e in edges} | {e.target for e in edges}
    # Each node made once per index and membership (10k nodes at 1M acts).
    made: dict[tuple[str, bool], Node] = index.memo.setdefault("export.nodes", {}) if index is not None else {}

    def node(iri: str) -> Node:
        found = made.get((iri, iri in members))
        if found is None:
            found = made[(iri, iri in members)] = _node(cat, iri, members)
        return found

    nodes = tuple(node(entity.iri) for entity in cat.entities if entity.iri in keep)
    # An edge may name a party the catalogue does not hold (a store loaded in part).
    nodes += tuple(node(iri) for iri in sorted(ends - {n.iri for n in nodes}))
    return Network(meta, nodes, tuple(edges))


def network(store: Store, **kwargs: Any) -> nx.MultiDiGraph:
    """:func:`records` as a networkx ``MultiDiGraph``, with the same arguments."""
    return records(store, **kwargs).to_networkx()


def _node(cat: Catalogue, iri: str, members: set[str]) -> Node:
    e = cat.by_iri.get(iri)
    return Node(iri, e.code if e else iri.rsplit("/", 1)[-1], e.label if e else iri, e.kind if e else "state",
                iri in members)


def _shown(e: _Interval) -> dict[str, Any]:
    iv = e.interval
    since, until = since_until(a.shown() for a in e.acts)
    return {
        "since": since or iv.earliest_start.isoformat(),
        "until": until or "",
        "certain_from": iv.latest_start.isoformat() if iv.latest_start != dt.date.max else "",
        "act_kinds": "; ".join(sorted(e.kinds)),
        "sources": " ".join(sorted({u for a in e.acts for u in a.urls})),
    }


def _remembered(memo: dict[str, str] | None, key: str, make: Callable[[], dict[str, Any]]) -> str:
    """The JSON members of ``make()``, written once per ``key`` when there is a memo."""
    text = memo.get(key) if memo is not None else None
    if text is None:
        text = _json(make())[1:-1]
        if memo is not None:
            memo[key] = text
    return text


def _day_edges(groups: _Groups, evidence: Mapping[str, tuple[Evidence, ...]], day: dt.date,
               wanted: set[str]) -> list[Edge]:
    edges = []
    for pair, ivs in groups:
        answer, giving = pair_answer_by_iri(ivs, day)
        if giving and not (wanted and not _has_kind(evidence, giving, wanted)):
            edges.append(_day_edge(pair, ivs, answer, giving, evidence, None))
    return edges


def _day_edges_from_index(index: StatusIndex, day: dt.date, wanted: set[str]) -> tuple[list[Edge], set[str]]:
    """:func:`_day_edges` from the index, with the entities the edges name: the pairs shown on
    the day come from its :attr:`~StatusIndex.day_answers`, and each pair's edge for each step is
    made once and kept in the index's memo (a settled pair's by its number, so that a day's 400k
    edges at 1M acts are gathered by ``map``, not one by one)."""
    days = index.day_answers
    shown = days.on(day)
    numbers = shown.numbers
    finals: list[Edge | None] = index.memo.setdefault("export.final_edges", [None] * len(days.steps))
    made: dict[tuple[int, int], Edge] = index.memo.setdefault("export.day_edges", {})
    edges = list(map(finals.__getitem__, numbers))
    for n, step in shown.stepped.items():
        edge = made.get((n, step))
        if edge is None:
            edge = made[(n, step)] = _pair_edge(index, n, step)
        edges[bisect_left(numbers, n)] = edge
    # Settled pairs shown for the first time are made once, by number (`is`, in C: `None in`
    # would call each edge's __eq__).
    if any(map(is_, edges, repeat(None))):
        for i, n in enumerate(numbers):
            if edges[i] is None:
                edges[i] = finals[n] = _pair_edge(index, n, len(days.steps[n].bounds))
    if not wanted:
        return edges, shown.parties  # type: ignore[return-value]
    kept = [i for i, n in enumerate(numbers)
            if _has_kind(index.evidence, days.steps[n].answers[days.step(n, shown)][1], wanted)]
    numbers, edges = [numbers[i] for i in kept], [edges[i] for i in kept]
    ends = set(map(days.recognisers.__getitem__, numbers)) | set(map(days.recognised.__getitem__, numbers))
    return edges, ends  # type: ignore[return-value]


def _pair_edge(index: StatusIndex, number: int, step: int) -> Edge:
    pair, steps = index.all_steps[number]
    answer, giving = steps.answers[step]
    return _day_edge(pair, index.pair_intervals[pair], answer, giving, index.evidence,
                     index.memo.setdefault("export.edges", {}))


def _has_kind(evidence: Mapping[str, tuple[Evidence, ...]], giving: Iterable[str], wanted: set[str]) -> bool:
    return any({e.type for e in evidence.get(i, ())} & wanted for i in giving)


def _day_edge(pair: tuple[str, str], ivs: Sequence[tuple[str, Interval]], answer: str, giving: Sequence[str],
              evidence: Mapping[str, tuple[Evidence, ...]], memo: dict[str, str] | None) -> Edge:
    a, b = pair
    if len(ivs) == 1:
        iri, top = ivs[0]
    else:
        # The answer shows the latest begun of the intervals that give it.
        chosen = [(i, v) for i, v in ivs if i in giving]
        lead = leading(v for _, v in chosen)
        iri, top = next((i, v) for i, v in chosen if v is lead)
    shown = _remembered(memo, iri, partial(_shown, _Interval(top, evidence.get(iri, ()))))
    return Edge(a, b, f"{a} {b}", f'"status":"{answer}",{shown}')


def _range_edges(intervals: Mapping[str, Interval], evidence: Mapping[str, tuple[Evidence, ...]],
                 wanted: set[str]) -> list[Edge]:
    """One edge per interval, by IRI."""
    made = (_range_edge(key, iv, evidence) for key, iv in sorted(intervals.items()))
    return [edge for edge, kinds in made if not wanted or kinds & wanted]


def _range_edges_from_index(index: StatusIndex, start: dt.date | None, end: dt.date | None,
                            wanted: set[str]) -> tuple[list[Edge], set[str]]:
    """:func:`_range_edges` from the index, with the entities the edges name: the intervals come
    from :meth:`~StatusIndex.numbers_within` in IRI order, and each one's edge is made once and
    kept in the index's memo by its number."""
    numbers = index.numbers_within(start, end)
    made: list[tuple[Edge, frozenset[str]] | None] = index.memo.setdefault(
        "export.range_edges", [None] * len(index.in_order))
    found: list[tuple[Edge, frozenset[str]]] = list(map(made.__getitem__, numbers))  # type: ignore[arg-type]
    if None in found:  # intervals shown for the first time: made once, by number
        for i, n in enumerate(numbers):
            if found[i] is None:
                found[i] = made[n] = _range_edge(*index.in_order[n], index.evidence)
    if wanted:
        numbers = [n for n, (_, kinds) in zip(numbers, found, strict=True) if kinds & wanted]
        found = [f for f in found if f[1] & wanted]
        return list(map(itemgetter(0), found)), index.parties_of(numbers)
    return list(map(itemgetter(0), found)), index.parties_within(start, end)


def _range_edge(key: str, iv: Interval, evidence: Mapping[str, tuple[Evidence, ...]]) -> tuple[Edge, frozenset[str]]:
    e = _Interval(iv, evidence.get(key, ()))
    return Edge(iv.recogniser, iv.recognised, key, _json(_range_attrs(e))[1:-1]), frozenset(e.kinds)


def _range_attrs(e: _Interval) -> dict[str, Any]:
    iv = e.interval
    spell_end = iv.latest_end.isoformat() if iv.latest_end else None
    return {"status": "interval", **_shown(e), "start": iv.earliest_start.isoformat(),
            "end": spell_end or "", "spells": [(iv.earliest_start.isoformat(), spell_end)]}


def _neighbourhood(edges: Iterable[Edge], centres: list[str], depth: int) -> set[str]:
    """The entities at most ``depth`` steps from a centre, either way along the edges."""
    near: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        near[e.source].add(e.target)
        near[e.target].add(e.source)
    keep = set(centres)
    frontier = deque((c, 0) for c in centres)
    while frontier:
        at, steps = frontier.popleft()
        if steps == depth:
            continue
        for other in near[at] - keep:
            keep.add(other)
            frontier.append((other, steps + 1))
    return keep


# ---------------------------------------------------------------- writers


# Compact, so that the C encoder writes it (an indented dump goes through Python's own encoder),
# and one encoder for every call: json.dumps with options builds a new one each time.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_json = _ENCODER.encode
_text: Callable[[str], str] = encode_basestring  # a JSON string, quoted


@lru_cache(maxsize=1 << 16)
def _node_members(node: Node) -> str:
    """A node's attributes and id as JSON object members: written once per node (a node is the
    same in every export that shows it, and the nodes are a day's export's largest part)."""
    return _json({**node.attrs(), "id": node.iri})[1:-1]


_source, _target, _link = attrgetter("source"), attrgetter("target"), attrgetter("link")


def _node_link(net: Network) -> bytes:
    nodes = ",".join(f"{{{_node_members(n)}}}" for n in net.nodes)
    head = f'{{"directed":true,"multigraph":true,"graph":{_json(net.meta)},"nodes":[{nodes}],"links":['.encode()
    links = list(map(_link, net.edges))
    if len(links) < 2:
        return head + b"".join(links) + b"]}"
    # One join of the whole answer (250 MB at 1M acts), not a join and then a copy with its ends.
    links[0], links[-1] = head + links[0], links[-1] + b"]}"
    return b",".join(links)


def _cytoscape(net: Network) -> bytes:
    # Cytoscape.js's elements JSON: every element has a unique data.id, nodes by IRI, edges by
    # their key (the pair on a day, the status interval over a range).
    nodes = ",".join(f'{{"data":{{{_node_members(n)},"value":{_text(n.iri)},"name":{_text(n.iri)}}}}}'
                     for n in net.nodes)
    edges = ",".join(f'{{"data":{{{e.text},{e.ends},"id":{_text(e.key)}}}}}' for e in net.edges)
    return (f'{{"data":{_json(net.meta)},"directed":true,"multigraph":true,'
            f'"elements":{{"nodes":[{nodes}],"edges":[{edges}]}}}}').encode()


def _scalar(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """GraphML and DOT take scalars only: spells become text."""
    out = dict(attrs)
    spells = out.pop("spells", None)
    if spells:
        out["spells"] = " ".join(f"{s}/{e or ''}" for s, e in spells)
    return out


def _gexf(net: Network) -> bytes:
    out = io.BytesIO()
    g = net.to_networkx()
    for _, _, data in g.edges(data=True):
        data.pop("start", None)
        data.pop("end", None)
        if "spells" in data:
            data["spells"] = [tuple(s) for s in data["spells"]]
    nx.write_gexf(g, out, version="1.3")
    return out.getvalue()


def _graphml(net: Network) -> bytes:
    out = io.BytesIO()
    g = net.to_networkx()
    for _, _, data in g.edges(data=True):
        scalar = _scalar(data)
        data.clear()
        data.update(scalar)
    nx.write_graphml(g, out)
    return out.getvalue()


def _dot_id(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(net: Network) -> bytes:
    lines = ["digraph recognition {", "  graph [rankdir=LR, overlap=false];", "  node [shape=box, fontsize=10];"]
    for n in net.nodes:
        attrs = ", ".join(f"{k}={_dot_id(v)}" for k, v in n.attrs().items())
        lines.append(f"  {_dot_id(n.iri)} [{attrs}, label={_dot_id(n.code)}];")
    for e in net.edges:
        data = _scalar(e.attrs)
        style = "dashed" if data.get("status") == "uncertain" else "solid"
        attrs = ", ".join(f"{k}={_dot_id(v)}" for k, v in data.items())
        lines.append(f"  {_dot_id(e.source)} -> {_dot_id(e.target)} [{attrs}, style={style}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _graphviz(fmt: str) -> Callable[[Network], bytes]:
    def run(net: Network) -> bytes:
        dot = shutil.which("dot")
        if dot is None:
            raise UnsupportedFormat(f"{fmt} needs Graphviz's dot program, which is not installed: "
                                    "export dot and render it elsewhere")
        return subprocess.run([dot, f"-T{fmt}"], input=_dot(net), capture_output=True, check=True,
                              timeout=120).stdout

    return run


def _csv(net: Network) -> bytes:
    out = io.StringIO()
    columns = ["recogniser", "recognised", "status", "since", "until", "certain_from", "start", "end", "act_kinds",
               "sources"]
    codes = {n.iri: n.code for n in net.nodes}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for e in net.edges:
        data = e.attrs
        writer.writerow([codes.get(e.source, e.source), codes.get(e.target, e.target),
                         *(data.get(c, "") for c in columns[2:])])
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Export:
    """A format: how to write it, its media type and its file extension."""

    write: Callable[[Network], bytes]
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


def render(net: Network | nx.MultiDiGraph, fmt: str) -> bytes:
    """The network in ``fmt``, from its records or from a networkx graph.

    :raises UnsupportedFormat: for an unknown format, or SVG/PNG without Graphviz.
    """
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(net if isinstance(net, Network) else Network.from_networkx(net))


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
