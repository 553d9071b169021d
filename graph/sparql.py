"""SPARQL text as tokens: the checks and edits the engine makes to queries, none by regex on raw text.

A query is read as a sequence of :class:`Token` (strings, IRIs, comments, variables, words,
punctuation), so that a ``SERVICE`` inside a string literal, a ``FROM`` in an IRI or a
``{`` in a comment are never mistaken for syntax. On those tokens:

- :func:`check_query` refuses a query that would make the server call another endpoint
  (``SERVICE``: pyoxigraph has no switch to turn federation off); the verdict is cached;
- :func:`has_dataset_clause` tells whether a query names its own dataset (``FROM``);
- :func:`insert_values` binds parameters with a ``VALUES`` block at the start of the WHERE group;
- :func:`rename_variable` turns ``$this`` into ``?this`` and the like;
- :func:`check_prebinding` refuses what SHACL 5.3.1 forbids in a SHACL-SPARQL constraint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from recognition_kg.graph.errors import InvalidRequest

__all__ = [
    "IRI_TEXT",
    "Token",
    "check_prebinding",
    "check_query",
    "data_blocks",
    "has_dataset_clause",
    "insert_values",
    "rename_variable",
    "tokens",
]

#: What an IRI may hold (RFC 3987 as SPARQL's IRIREF restricts it): checked before user text
#: becomes an IRI in a query or a graph name.
IRI_TEXT = re.compile(r'[^\x00-\x20<>"{}|^`\\]+')

@lru_cache(maxsize=2)
def _lexer(ascii_only: bool = False) -> re.Pattern[str]:
    # Compiling the Unicode classes costs 30-50 ms, a tenth of a CLI command: done on the first
    # query only, and not at all for an ASCII text (every named query), whose tokens an ASCII
    # pattern reads alike, since no character of the wider classes can occur in it.
    u = "" if ascii_only else "\u00c0-\uffff"
    dot = "" if ascii_only else "\u00b7"
    return re.compile(
        r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
        r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
        r'|"(?:[^"\\\n]|\\.)*"'
        r"|'(?:[^'\\\n]|\\.)*')"
        r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
        r"|(?P<comment>#[^\n]*)"
        rf"|(?P<var>[?$][A-Za-z0-9_{dot}{u}]+)"
        rf"|(?P<word>[A-Za-z_{u}][\w\-.{dot}{u}]*(?::[\w\-.:%\\{dot}{u}]*)?"
        rf"|:[\w\-.:%\\{dot}{u}]*"
        rf"|_:[\w\-.{dot}{u}]+"
        r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
        r"|[0-9][0-9.eE+\-]*)"
        r"|(?P<space>\s+)"
        r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|.)",
        re.DOTALL,
    )


@dataclass(frozen=True)
class Token:
    """One token of SPARQL text: its kind, its text and where it starts."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        """Where the token ends (exclusive)."""
        return self.start + len(self.text)

    def is_word(self, word: str) -> bool:
        """Whether the token is the keyword ``word`` (keywords are case-insensitive)."""
        return self.kind == "word" and self.text.upper() == word


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, whitespace left out.

    >>> [t.text for t in tokens('SELECT * { ?s <http://x/#SERVICE> "{" } # {')]
    ['SELECT', '*', '{', '?s', '<http://x/#SERVICE>', '"{"', '}', '# {']
    """
    for m in _lexer(text.isascii()).finditer(text):
        kind = m.lastgroup or "punct"
        if kind != "space":
            yield Token(kind, m.group(), m.start())


def _syntax(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.kind != "comment"]


@lru_cache(maxsize=4096)
def check_query(text: str) -> None:
    """Refuse a query that would make the server send a request elsewhere.

    :raises InvalidRequest: when the query uses ``SERVICE``.

    >>> check_query("SELECT * { ?s <http://ex/SERVICE> 'SERVICE' ; ex:SERVICE ?o } # SERVICE")
    >>> check_query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    recognition_kg.graph.errors.InvalidRequest: SERVICE is not allowed: this endpoint never sends requests ...
    """
    if any(t.is_word("SERVICE") for t in _syntax(text)):
        raise InvalidRequest("SERVICE is not allowed: this endpoint never sends requests to other servers")


@lru_cache(maxsize=4096)
def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``).

    >>> has_dataset_clause("ASK FROM <http://x/> { ?s ?p ?o }"), has_dataset_clause("ASK { ?from ?p '<FROM>' }")
    (True, False)
    """
    return any(t.is_word("FROM") for t in _syntax(text))


@lru_cache(maxsize=4096)
def query_form(text: str) -> str | None:
    """The query's form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``), from its first
    keyword of the four outside any group; None when it has none.

    >>> query_form("PREFIX : <http://x/> CONSTRUCT { ?s :p 'SELECT' } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    depth = 0
    for t in _syntax(text):
        if t.kind == "punct" and t.text in ("{", "}"):
            depth += 1 if t.text == "{" else -1
        elif depth == 0 and t.kind == "word" and t.text.upper() in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
            return t.text.upper()
    return None


def _where_brace(toks: list[Token]) -> Token | None:
    """The ``{`` that opens the query's WHERE group (the keyword WHERE is optional in SPARQL,
    except after a CONSTRUCT template)."""
    depth = 0
    form = None
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "{":
            if depth == 0 and form is not None and form != "CONSTRUCT":
                return t
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
        elif depth == 0 and t.kind == "word":
            word = t.text.upper()
            if word in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT") and form is None:
                form = word
            elif word == "WHERE":
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                return nxt if nxt is not None and nxt.text == "{" else None
    return None


def insert_values(query: str, block: str) -> str | None:
    """``query`` with ``block`` (a ``VALUES`` clause) placed first in its WHERE group, or None
    when the query has no WHERE group (an update, a malformed text).

    >>> insert_values("SELECT ?x WHERE { ?x ?p ?o }", "VALUES ?x { <http://ex/a> }")
    'SELECT ?x WHERE { VALUES ?x { <http://ex/a> } ?x ?p ?o }'
    >>> insert_values("CONSTRUCT { ?x ?p 1 } { ?x ?p ?o }", "VALUES ?x { 1 }") is None
    True
    >>> insert_values("SELECT * { ?s ?p '{' }", "VALUES ?s { 1 }")
    "SELECT * { VALUES ?s { 1 } ?s ?p '{' }"
    """
    brace = _where_brace(_syntax(query))
    if brace is None:
        return None
    return f"{query[: brace.end]} {block} {query[brace.end:].lstrip()}"


def rename_variable(query: str, old: str, new: str) -> str:
    """``query`` with the variable ``old`` (either sigil) written as ``?new`` everywhere.

    >>> rename_variable("SELECT $this { $this ?p '$this' }", "this", "this")
    "SELECT ?this { ?this ?p '$this' }"
    """
    out, last = [], 0
    for t in tokens(query):
        if t.kind == "var" and t.text[1:] == old:
            out += [query[last: t.start], f"?{new}"]
            last = t.end
    out.append(query[last:])
    return "".join(out)


_PREBOUND = ("this", "shapesGraph", "currentShape", "value")


def check_prebinding(query: str) -> None:
    """Refuse a SHACL-SPARQL constraint that SHACL 5.3.1 forbids, since pre-binding ``$this``
    would not mean what it says: MINUS, VALUES, SERVICE, a pre-bound variable assigned with
    ``AS``, or a subquery that does not project ``$this``.

    :raises InvalidRequest: naming the construct.

    >>> check_prebinding("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?t } }")
    Traceback (most recent call last):
    recognition_kg.graph.errors.InvalidRequest: a SHACL-SPARQL constraint must not use MINUS (SHACL 5.3.1)
    """
    toks = _syntax(query)
    for keyword in ("MINUS", "VALUES", "SERVICE"):
        if any(t.is_word(keyword) for t in toks):
            raise InvalidRequest(f"a SHACL-SPARQL constraint must not use {keyword} (SHACL 5.3.1)")
    for a, b in zip(toks, toks[1:], strict=False):
        if a.is_word("AS") and b.kind == "var" and b.text[1:] in _PREBOUND:
            raise InvalidRequest(f"a SHACL-SPARQL constraint must not assign {b.text} with AS (SHACL 5.3.1)")
    selects = [i for i, t in enumerate(toks) if t.is_word("SELECT")]
    for i in selects[1:]:
        projected = []
        for t in toks[i + 1:]:
            if t.is_word("WHERE") or t.text == "{":
                break
            projected.append(t.text)
        if "*" in projected or not {"?this", "$this"} & set(projected):
            raise InvalidRequest("a subquery of a SHACL-SPARQL constraint must project $this (SHACL 5.3.1)")


def data_blocks(quads: Iterable[tuple[str, str, str, str | None]]) -> str:
    """The body of an ``INSERT DATA`` / ``DELETE DATA``: each quad's terms already written in
    N-Triples syntax, grouped in one ``GRAPH`` block per graph (None: the default graph).

    >>> print(data_blocks([("<http://ex/a>", "<http://ex/p>", "1", "<http://ex/g>"),
    ...                    ("<http://ex/a>", "<http://ex/p>", "2", None)]))
    GRAPH <http://ex/g> {
    <http://ex/a> <http://ex/p> 1 .
    }
    <http://ex/a> <http://ex/p> 2 .
    """
    graphs: dict[str | None, list[str]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(g, []).append(f"{s} {p} {o} .")
    return "\n".join("\n".join(lines) if g is None else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}"
                     for g, lines in graphs.items())
