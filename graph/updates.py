"""SPARQL 1.1 Update as a delta: the quads a request adds and removes, worked out on a candidate.

A curator's update is never run on the live store. :func:`evaluate` reads it as its
operations (``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE``, ``DELETE/INSERT ... WHERE``,
``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) and works out each one's effect
on a *candidate*, a throwaway copy of the store (a hard-linked checkpoint of a disk store,
a copy of an in-memory one), where it then applies it so that the next operation sees it, as
the standard's sequential semantics require. What comes out is a :class:`Delta`: the quads
added, the quads removed and the graphs emptied whole, which the write path
(:mod:`~recognition_kg.graph.writes`) validates, logs and commits in one transaction.

Every pattern is matched by Oxigraph itself (a ``SELECT *`` of the operation's ``WHERE``
with its dataset); templates are read by Oxigraph's TriG parser, their variables written as
placeholder IRIs. Choices a reader should know:

- Blank nodes written by a curator are skolemised (RDF 1.1, 3.5) into IRIs under
  ``.well-known/genid/``: a stored blank node has no name that a later ``DELETE DATA``, a
  change log or a knowledge-time view could use. The Graph Store gives them back as blank nodes.
- ``LOAD`` is refused (the server never fetches), as is ``SERVICE`` in a ``WHERE``.
- The change log and the derived statuses are not the curators' to write: an operation that
  names either graph is refused, and ``ALL`` / ``NAMED`` mean every other graph.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from recognition_kg.graph.errors import Forbidden, InvalidRequest
from recognition_kg.graph.oxigraph_store import NativeStore, syntax_error
from recognition_kg.graph.sparql import Token, check_query, tokens
from recognition_kg.ontology import GRAPH_LOG, GRAPH_STATUSES

__all__ = ["GENID", "Delta", "Evaluation", "deskolemise", "evaluate", "skolemise"]

#: Where skolem IRIs of written blank nodes live (RDF 1.1 Concepts, 3.5).
GENID = "https://w3id.org/recognition-kg/.well-known/genid/"
_VAR = "urn:x-rkg-variable:"
_DEFAULT = "urn:x-rkg-default-graph"
_PROTECTED = {str(GRAPH_LOG): "the change log is append-only: no update may change it",
              str(GRAPH_STATUSES): "statuses are derived from the acts, never written: change the acts instead"}
OxGraph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass
class Delta:
    """What a request changes: quads added and removed (net of each other), and the graphs it
    empties whole (their quads are then not listed one by one in ``removed`` for the commit,
    but still in :attr:`removed_quads` for the log)."""

    added: set[ox.Quad] = field(default_factory=set)
    removed: set[ox.Quad] = field(default_factory=set)
    #: named graphs (or the default graph) emptied whole before ``added`` was added
    cleared: set[OxGraph] = field(default_factory=set)
    #: quads that were in the cleared graphs (for the log, which lists every quad)
    cleared_quads: set[ox.Quad] = field(default_factory=set)
    #: named graphs that exist after the request with no quads, or no longer exist
    created: set[ox.NamedNode] = field(default_factory=set)
    dropped: set[ox.NamedNode] = field(default_factory=set)

    #: quads of cleared graphs that the request puts back: no change for the log, but the commit,
    #: which empties those graphs whole, must insert them again
    kept: set[ox.Quad] = field(default_factory=set)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            if q in self.removed:
                self.removed.discard(q)
            elif q in self.cleared_quads:
                self.cleared_quads.discard(q)
                self.kept.add(q)
            else:
                self.added.add(q)

    def remove(self, quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            if q in self.kept:
                self.kept.discard(q)
                self.cleared_quads.add(q)
            elif q in self.added:
                self.added.discard(q)
            elif q.graph_name in self.cleared:
                pass  # already counted when its graph was emptied
            else:
                self.removed.add(q)

    def clear(self, graph: OxGraph, quads: Iterable[ox.Quad]) -> None:
        """Empty ``graph`` whole (its quads are those it holds on the candidate now)."""
        quads = list(quads)
        if graph not in self.cleared:
            self.cleared.add(graph)
            for q in quads:
                if q in self.added:
                    self.added.discard(q)
                elif q in self.kept:
                    self.kept.discard(q)
                    self.cleared_quads.add(q)
                else:
                    self.cleared_quads.add(q)
            # Quads removed from it one by one before are now part of the whole graph's removal.
            self.cleared_quads |= {q for q in self.removed if q.graph_name == graph}
            self.removed = {q for q in self.removed if q.graph_name != graph}
        else:
            self.remove(quads)
        self.added = {q for q in self.added if q.graph_name != graph}
        self.kept = {q for q in self.kept if q.graph_name != graph}

    @property
    def removed_quads(self) -> set[ox.Quad]:
        """Every quad the request takes out of the store."""
        return self.removed | self.cleared_quads

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.cleared_quads or self.created or self.dropped)


def skolemise(quads: Iterable[ox.Quad], names: dict[str, ox.NamedNode] | None = None) -> list[ox.Quad]:
    """The quads with each blank node replaced by a skolem IRI (one per label in ``names``).

    >>> q = ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://ex/p"), ox.BlankNode("b"))
    >>> s = skolemise([q])[0]
    >>> s.subject == s.object and s.subject.value.startswith(GENID)
    True
    """
    names = {} if names is None else names

    def term(t: object) -> object:
        if isinstance(t, ox.BlankNode):
            if t.value not in names:
                names[t.value] = ox.NamedNode(GENID + uuid.uuid4().hex)
            return names[t.value]
        return t

    out = []
    for q in quads:
        g = q.graph_name
        out.append(ox.Quad(term(q.subject), q.predicate, term(q.object), term(g)))  # type: ignore[arg-type]
    return out


def deskolemise(data: bytes, fmt: ox.RdfFormat) -> bytes:
    """RDF text with each skolem IRI of :data:`GENID` written as a blank node again."""
    def term(t: object) -> object:
        if isinstance(t, ox.NamedNode) and t.value.startswith(GENID):
            return ox.BlankNode(t.value[len(GENID):])
        return t

    quads = [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)  # type: ignore[arg-type]
             for q in ox.parse(data, format=fmt)]
    out = ox.serialize(quads if fmt.supports_datasets else [ox.Triple(q.subject, q.predicate, q.object)
                                                            for q in quads], format=fmt)
    return out if isinstance(out, bytes) else b""


# ---------------------------------------------------------------- reading the request


@dataclass(frozen=True)
class _Op:
    """One operation of the request: its first keyword, its tokens and the prologue before it."""

    keyword: str
    toks: list[Token]
    prologue: str


def _split(text: str) -> list[_Op]:
    """The request's operations, each with the PREFIX and BASE declarations in force for it."""
    toks = [t for t in tokens(text) if t.kind != "comment"]
    ops: list[_Op] = []
    prologue: list[str] = []
    depth, i, start = 0, 0, None
    while i < len(toks):
        t = toks[i]
        if depth == 0 and start is None and (t.is_word("PREFIX") or t.is_word("BASE")):
            n = 3 if t.is_word("PREFIX") else 2
            if i + n > len(toks):
                raise InvalidRequest(f"the update's {t.text.upper()} declaration is incomplete")
            prologue.append(" ".join(x.text for x in toks[i:i + n]))
            i += n
            continue
        if t.text in "{(" and t.kind == "punct":
            depth += 1
        elif t.text in "})" and t.kind == "punct":
            depth -= 1
        if depth == 0 and t.kind == "punct" and t.text == ";":
            if start is None:
                raise InvalidRequest("the update has an empty operation (two ';' in a row, or one at the start)")
            ops.append(_Op(toks[start].text.upper(), toks[start:i], "\n".join(prologue)))
            start = None
        elif start is None:
            start = i
        i += 1
    if depth != 0:
        raise InvalidRequest("the update's braces do not balance")
    if start is not None:
        ops.append(_Op(toks[start].text.upper(), toks[start:], "\n".join(prologue)))
    return ops


def _group(toks: list[Token], i: int) -> tuple[str, int]:
    """The text inside the braces that open at ``toks[i]``, and the index after the closing one."""
    if i >= len(toks) or toks[i].text != "{":
        raise InvalidRequest(f"expected '{{' in the update, found {toks[i].text if i < len(toks) else 'its end'!r}")
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "punct" and toks[j].text == "{":
            depth += 1
        elif toks[j].kind == "punct" and toks[j].text == "}":
            depth -= 1
            if depth == 0:
                return _text(toks[i + 1:j]), j + 1
    raise InvalidRequest("the update's braces do not balance")


def _text(toks: Sequence[Token]) -> str:
    return " ".join(t.text for t in toks)


def _iri(tok: Token, prologue: str) -> ox.NamedNode:
    """A graph name: an IRI or a prefixed name, resolved with the prologue."""
    if tok.kind == "iri":
        text = tok.text
    elif tok.kind == "word" and ":" in tok.text:
        text = tok.text
    else:
        raise InvalidRequest(f"expected a graph IRI in the update, found {tok.text!r}")
    quads = _parse(prologue, f"{text} {{ {text} {text} {text} }}", "a graph name")
    return quads[0].subject  # type: ignore[return-value]


def _parse(prologue: str, trig: str, what: str, base_iri: str | None = None) -> list[ox.Quad]:
    try:
        return list(ox.parse((prologue + "\n" + trig).encode(), format=ox.RdfFormat.TRIG, base_iri=base_iri))
    except SyntaxError as e:
        raise syntax_error(e, f"the update's {what}") from e


def _as_trig(body: str, *, variables: bool, default: str) -> str:
    """A quad template or quad data (``{ triples GRAPH g { triples } ... }``) as TriG: triples
    outside a GRAPH block in a block named ``default`` (a bare block when empty: TriG's default
    graph), variables written as placeholder IRIs where ``variables`` allows them.

    :raises InvalidRequest: for a variable in data, a GRAPH without a name.
    """
    toks = [t for t in tokens(body) if t.kind != "comment"]
    out: list[str] = []
    outside: list[str] = []
    opening = f"<{default}> {{" if default else "{"
    refused = "INSERT DATA and DELETE DATA take no variables: use DELETE/INSERT ... WHERE"

    def flush() -> None:
        text = " ".join(outside).strip().strip(".").strip()
        if text:
            out.append(f"{opening} {text} }}")
        outside.clear()

    def term(t: Token) -> str:
        if t.kind == "var" and not variables:
            raise InvalidRequest(refused)
        return _placeholder(t)

    i = 0
    while i < len(toks):
        if toks[i].is_word("GRAPH"):
            flush()
            if i + 1 >= len(toks):
                raise InvalidRequest("GRAPH without a name in the update")
            name = term(toks[i + 1])
            inner, i = _group(toks, i + 2)
            out.append(f"{name} {{ {' '.join(term(t) for t in tokens(inner) if t.kind != 'comment')} }}")
            continue
        outside.append(term(toks[i]))
        i += 1
    flush()
    return "\n".join(out)


def _template(prologue: str, body: str, *, default: OxGraph, base_iri: str | None = None) -> list[ox.Quad]:
    """A quad template as quads, variables written as placeholder IRIs; triples outside a GRAPH
    block go to ``default``."""
    quads = _parse(prologue, _as_trig(body, variables=True, default=_DEFAULT), "template", base_iri)
    out = []
    for q in quads:
        g = default if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == _DEFAULT else q.graph_name
        out.append(ox.Quad(q.subject, q.predicate, q.object, g))
    return out


def _placeholder(t: Token) -> str:
    return f"<{_VAR}{t.text[1:]}>" if t.kind == "var" else t.text


def _fill(template: list[ox.Quad], solutions: list[dict[str, object]]) -> list[ox.Quad]:
    """The template's quads for each solution; a quad with an unbound variable, or a term where
    it cannot stand (a literal subject), is left out, as the standard says."""
    out: list[ox.Quad] = []
    for row in solutions:
        labels: dict[str, ox.NamedNode] = {}
        for q in template:
            terms = []
            for t in (q.subject, q.predicate, q.object, q.graph_name):
                if isinstance(t, ox.NamedNode) and t.value.startswith(_VAR):
                    t = row.get(t.value[len(_VAR):])  # type: ignore[assignment]
                terms.append(t)
            s, p, o, g = terms
            if s is None or p is None or o is None or g is None:
                continue
            try:
                quad = ox.Quad(s, p, o, g)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            out.extend(skolemise([quad], labels))
    return out


# ---------------------------------------------------------------- evaluating on the candidate


def _check_graph(g: OxGraph) -> None:
    if isinstance(g, ox.NamedNode) and g.value in _PROTECTED:
        raise Forbidden(_PROTECTED[g.value])


def _check_quads(quads: Iterable[ox.Quad]) -> None:
    for q in quads:
        _check_graph(q.graph_name)


def _graph_quads(candidate: NativeStore, g: OxGraph) -> list[ox.Quad]:
    return list(candidate.quads_for_pattern(None, None, None, g))


def _exists(candidate: NativeStore, g: OxGraph) -> bool:
    return isinstance(g, ox.DefaultGraph) or bool(candidate.contains_named_graph(g))


def _target(toks: list[Token], i: int, prologue: str) -> tuple[OxGraph, int]:
    """A GraphOrDefault (``DEFAULT``, ``GRAPH <g>`` or ``<g>``) at ``toks[i]``."""
    if i >= len(toks):
        raise InvalidRequest("the update names no graph where one is needed")
    if toks[i].is_word("DEFAULT"):
        return ox.DefaultGraph(), i + 1
    if toks[i].is_word("GRAPH"):
        i += 1
    if i >= len(toks):
        raise InvalidRequest("GRAPH without a name in the update")
    return _iri(toks[i], prologue), i + 1


class Evaluation:
    """One request's operations worked out in turn on the candidate."""

    def __init__(self, candidate: NativeStore, using: Sequence[str], using_named: Sequence[str]) -> None:
        self.candidate = candidate
        self.delta = Delta()
        self.using = [ox.NamedNode(g) for g in using]
        self.using_named = [ox.NamedNode(g) for g in using_named]
        self.base_iri: str | None = None

    def apply(self, removed: list[ox.Quad], added: list[ox.Quad]) -> None:
        _check_quads(removed)
        _check_quads(added)
        removed = [q for q in removed if q in self.candidate]
        added = [q for q in dict.fromkeys(added) if q not in self.candidate]
        for q in removed:
            self.candidate.remove(q)
        if added:
            self.candidate.extend(added)
        self.delta.remove(removed)
        self.delta.add(added)
        for q in added:
            if isinstance(q.graph_name, ox.NamedNode):
                self.delta.dropped.discard(q.graph_name)

    def empty(self, g: OxGraph, *, drop: bool) -> None:
        _check_graph(g)
        self.delta.clear(g, _graph_quads(self.candidate, g))
        if isinstance(g, ox.DefaultGraph):
            self.candidate.clear_graph(g)
        elif drop:
            self.candidate.remove_graph(g)
            self.delta.created.discard(g)
            self.delta.dropped.add(g)  # type: ignore[arg-type]
        else:
            self.candidate.clear_graph(g)

    def graphs(self, which: str) -> list[OxGraph]:
        named: list[OxGraph] = [g for g in self.candidate.named_graphs()
                                if not (isinstance(g, ox.NamedNode) and g.value in _PROTECTED)]
        return named if which == "NAMED" else [ox.DefaultGraph(), *named]

    def run(self, op: _Op) -> None:
        toks, k = op.toks, op.keyword
        second = toks[1].text.upper() if len(toks) > 1 else ""
        if k == "LOAD":
            raise Forbidden("LOAD is refused: this server never fetches data from elsewhere; send the data "
                            "itself (INSERT DATA, or PUT it to /store)")
        if k in ("INSERT", "DELETE") and second == "DATA":
            body, end = _group(toks, 2)
            self._rest(toks, end)
            quads = _parse(op.prologue, _as_trig(body, variables=False, default=""), "data", self.base_iri)
            if k == "DELETE":
                if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
                    raise InvalidRequest("DELETE DATA cannot name blank nodes")
                self.apply(quads, [])
            else:
                self.apply([], skolemise(quads))
        elif k == "DELETE" and second == "WHERE":
            body, end = _group(toks, 2)
            self._rest(toks, end)
            template = _template(op.prologue, body, default=ox.DefaultGraph(), base_iri=self.base_iri)
            self.apply(_fill(template, self._select(op.prologue, body, None)), [])
        elif k in ("WITH", "DELETE", "INSERT"):
            self._modify(op)
        elif k in ("CLEAR", "DROP"):
            i, silent = self._silent(toks, 1)
            if i >= len(toks):
                raise InvalidRequest(f"{k} names no graph")
            word = toks[i].text.upper()
            if word in ("ALL", "NAMED"):
                targets = self.graphs(word)
                i += 1
            else:
                g, i = _target(toks, i, op.prologue)
                _check_graph(g)
                if not _exists(self.candidate, g):
                    if silent:
                        return
                    raise InvalidRequest(f"{k} GRAPH: there is no graph named {g.value}")  # type: ignore[union-attr]
                targets = [g]
            self._rest(toks, i)
            for g in targets:
                self.empty(g, drop=k == "DROP")
        elif k == "CREATE":
            i, silent = self._silent(toks, 1)
            if i >= len(toks) or not toks[i].is_word("GRAPH"):
                raise InvalidRequest("CREATE needs GRAPH <iri>")
            if i + 1 >= len(toks):
                raise InvalidRequest("CREATE GRAPH names no graph")
            created = _iri(toks[i + 1], op.prologue)
            self._rest(toks, i + 2)
            _check_graph(created)
            if self.candidate.contains_named_graph(created):
                if not silent:
                    raise InvalidRequest(f"CREATE GRAPH: the graph {created.value} exists already")
                return
            self.candidate.add_graph(created)
            self.delta.dropped.discard(created)
            self.delta.created.add(created)
        elif k in ("ADD", "MOVE", "COPY"):
            i, silent = self._silent(toks, 1)
            source, i = _target(toks, i, op.prologue)
            if i >= len(toks) or not toks[i].is_word("TO"):
                raise InvalidRequest(f"{k} needs TO and a target graph")
            target, i = _target(toks, i + 1, op.prologue)
            self._rest(toks, i)
            _check_graph(source)
            _check_graph(target)
            if not _exists(self.candidate, source):
                if silent:
                    return
                raise InvalidRequest(f"{k}: there is no graph named {source.value}")  # type: ignore[union-attr]
            if source == target:
                return
            quads = _graph_quads(self.candidate, source)
            if k in ("MOVE", "COPY"):
                self.empty(target, drop=False)
            copied = skolemise(ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
            self.apply([], copied)
            if k == "MOVE":
                self.empty(source, drop=True)
        else:
            raise InvalidRequest(f"{toks[0].text!r} does not start a SPARQL update operation")

    @staticmethod
    def _silent(toks: list[Token], i: int) -> tuple[int, bool]:
        if i < len(toks) and toks[i].is_word("SILENT"):
            return i + 1, True
        return i, False

    @staticmethod
    def _rest(toks: list[Token], i: int) -> None:
        if i < len(toks):
            raise InvalidRequest(f"unexpected {toks[i].text!r} in the update (a ';' between operations?)")

    def _modify(self, op: _Op) -> None:
        toks, i = op.toks, 0
        with_graph: ox.NamedNode | None = None
        if toks[0].is_word("WITH"):
            if len(toks) < 2:
                raise InvalidRequest("WITH names no graph")
            with_graph = _iri(toks[1], op.prologue)
            i = 2
        delete = insert = None
        if i < len(toks) and toks[i].is_word("DELETE"):
            delete, i = _group(toks, i + 1)
        if i < len(toks) and toks[i].is_word("INSERT"):
            insert, i = _group(toks, i + 1)
        if delete is None and insert is None:
            raise InvalidRequest("expected DELETE or INSERT in the update")
        using: list[ox.NamedNode] = []
        using_named: list[ox.NamedNode] = []
        while i < len(toks) and toks[i].is_word("USING"):
            if i + 1 < len(toks) and toks[i + 1].is_word("NAMED"):
                using_named.append(_iri(toks[i + 2], op.prologue) if i + 2 < len(toks) else ox.NamedNode(""))
                i += 3
            else:
                using.append(_iri(toks[i + 1], op.prologue) if i + 1 < len(toks) else ox.NamedNode(""))
                i += 2
        if (self.using or self.using_named) and (using or using_named or with_graph is not None):
            raise InvalidRequest("the request names its dataset twice: using-graph-uri / using-named-graph-uri "
                                 "and USING or WITH in the update; keep one")
        if i >= len(toks) or not toks[i].is_word("WHERE"):
            raise InvalidRequest("expected WHERE in the update (DELETE/INSERT ... WHERE { ... })")
        where, end = _group(toks, i + 1)
        self._rest(toks, end)
        default: OxGraph = with_graph if with_graph is not None else ox.DefaultGraph()
        dataset: tuple[list[ox.NamedNode], list[ox.NamedNode] | None] | None = None
        if using or using_named:
            dataset = (using, using_named)
        elif with_graph is not None:
            dataset = ([with_graph], None)
        solutions = self._select(op.prologue, where, dataset)
        base = self.base_iri
        removed = _fill(_template(op.prologue, delete, default=default, base_iri=base), solutions) if delete else []
        added = _fill(_template(op.prologue, insert, default=default, base_iri=base), solutions) if insert else []
        self.apply(removed, added)

    def _select(self, prologue: str, where: str,
                dataset: tuple[list[ox.NamedNode], list[ox.NamedNode] | None] | None) -> list[dict[str, object]]:
        """The WHERE's solutions on the candidate. Its dataset (SPARQL 1.1 Update, 3.1.3): the
        protocol's using-graph-uri, else USING / USING NAMED, else WITH as the default graph with
        every named graph; with none, the store's own default graph (not the union that
        queries see)."""
        query = f"{prologue}\nSELECT * WHERE {{ {where} }}"
        check_query(query)
        if dataset is None and (self.using or self.using_named):
            dataset = (self.using, self.using_named)
        options: dict[str, object] = {"use_default_graph_as_union": False}
        if dataset is not None:
            options = {"default_graph": dataset[0]}
            if dataset[1] is not None:
                options["named_graphs"] = dataset[1]
        try:
            result = self.candidate.query(query, base_iri=self.base_iri, **options)  # type: ignore[arg-type]
        except SyntaxError as e:
            raise syntax_error(e, "the update's WHERE") from e
        except (OSError, RuntimeError, ValueError) as e:
            raise InvalidRequest(f"the update's WHERE cannot be evaluated: {e}") from e
        names = [v.value for v in result.variables]  # type: ignore[union-attr]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]  # type: ignore[union-attr]


def evaluate(candidate: NativeStore, update: str, *, using: Sequence[str] = (), using_named: Sequence[str] = (),
             base_iri: str | None = None, into: Evaluation | None = None) -> Delta:
    """Work out what ``update`` changes, applying it to ``candidate`` (which it then holds).

    :param using: the protocol's ``using-graph-uri`` values (the WHERE's default graph).
    :param using_named: its ``using-named-graph-uri`` values.
    :param base_iri: what relative IRIs resolve against (the endpoint's URL, as the protocol
        suggests).
    :param into: an evaluation already under way on ``candidate``, to go on with.
    :raises InvalidRequest: for text that is no update (with line and column where the parser
        gives them), an operation that cannot be carried out (a missing graph without SILENT).
    :raises Forbidden: for LOAD, and for writes to the change log or the derived statuses.

    >>> from recognition_kg.graph.oxigraph_store import OxigraphStore
    >>> s = OxigraphStore().native
    >>> d = evaluate(s, 'INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 1 } }')
    >>> len(d.added), len(s)
    (1, 1)
    >>> d = evaluate(s, 'DELETE { GRAPH ?g { ?s ?p 1 } } INSERT { GRAPH ?g { ?s ?p 2 } } '
    ...                 'WHERE { GRAPH ?g { ?s ?p 1 } }')
    >>> [q.object.value for q in d.added], [q.object.value for q in d.removed]
    (['2'], ['1'])
    """
    ops = _split(update)
    if not ops:
        raise InvalidRequest("the update is empty")
    evaluation = into if into is not None else Evaluation(candidate, using, using_named)
    evaluation.base_iri = base_iri
    for op in ops:
        evaluation.run(op)
    return evaluation.delta
