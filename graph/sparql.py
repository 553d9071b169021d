"""Running a user's SPARQL query safely, and writing its results in a standard format.

Every path that evaluates a user's SPARQL goes through :func:`check_query`: a query that
calls out to another endpoint (``SERVICE``) is refused before it runs, because pyoxigraph
has no switch to turn federation off. The verdict is cached per query text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from graph.errors import InvalidRequest, UnsupportedFormat
from graph.store import OxigraphStore, Store

__all__ = ["RESULT_FORMATS", "check_query", "has_dataset_clause", "run_query"]

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

# Strings, IRIs and comments, which may contain the word SERVICE harmlessly.
_INERT = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$\-.])SERVICE(?![\w:\-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:-])", re.IGNORECASE)


@lru_cache(maxsize=4096)
def check_query(text: str) -> None:
    """Refuse a query that would make the server send a request elsewhere.

    :raises InvalidRequest: when the query uses ``SERVICE``.

    >>> check_query("SELECT * { ?s <http://ex/SERVICE> 'SERVICE' } # SERVICE")
    >>> check_query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    graph.errors.InvalidRequest: SERVICE is not allowed: this endpoint never sends requests to other servers
    """
    if _SERVICE.search(_INERT.sub(" ", text)):
        raise InvalidRequest("SERVICE is not allowed: this endpoint never sends requests to other servers")


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``).

    >>> has_dataset_clause("ASK FROM <http://x/> { ?s ?p ?o }"), has_dataset_clause("ASK { ?from ?p '<FROM>' }")
    (True, False)
    """
    return bool(_FROM.search(_INERT.sub(" ", query)))


def run_query(store: Store, text: str, fmt: str) -> str:
    """Run a query and write its results: ``table``, or a SPARQL results format
    (``json``, ``xml``, ``csv``, ``tsv``); graphs are written as N-Triples.

    :raises InvalidRequest: for SERVICE; :raises QuerySyntaxError: for a malformed query.
    """
    check_query(text)
    if isinstance(store, OxigraphStore):
        result = store.native_query(text)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")  # type: ignore[union-attr]
        if fmt == "table":
            return _table(result)
        if fmt not in RESULT_FORMATS:
            raise UnsupportedFormat(f"unknown results format {fmt!r}: use {', '.join(RESULT_FORMATS)} or table")
        return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")  # type: ignore[union-attr]
    rows = store.query(text)
    if isinstance(rows, bool):
        return "true\n" if rows else "false\n"
    lines = [" ".join(str(v) for v in (r.values() if isinstance(r, dict) else r[:3])) for r in rows]
    return "\n".join(lines) + "\n"


def _table(result: ox.QuerySolutions | ox.QueryBoolean) -> str:
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    head = [v.value for v in result.variables]
    rows = [[_cell(sol[h]) for h in head] for sol in result]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(out) + "\n"


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)
