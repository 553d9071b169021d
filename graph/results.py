"""Query results as plain values, and the one writer that serialises them.

Every store adapter answers a user's SPARQL with a :data:`QueryResult`: :class:`Solutions`
(SELECT), :class:`Boolean` (ASK) or :class:`Triples` (CONSTRUCT, DESCRIBE), whose terms are
:class:`Cell` values, cheap to make from any backend's terms. The adapter cuts the rows at
``max_rows`` while it reads them, so that a result is complete (or knowingly cut) before the
first byte is written: the endpoint then answers 200 with a whole body, or an error.

:func:`write` serialises a result in a SPARQL results format (JSON, XML, CSV, TSV, following
their W3C specifications), an RDF format (through pyoxigraph's serialisers), or as a table for
people. ``rkg query`` and ``/sparql`` both write through it, so they give the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from recognition_kg.graph.formats import RDF_FORMATS, Format
from recognition_kg.graph.output import table

__all__ = ["Boolean", "Cell", "QueryResult", "Solutions", "Triples", "Written", "write"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_BARE_IN_TSV = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"}


class Cell(NamedTuple):
    """One RDF term: ``kind`` is ``uri``, ``bnode``, ``literal`` or ``triple`` (RDF-star)."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None
    parts: tuple[Cell, Cell, Cell] | None = None

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax.

        >>> Cell("literal", 'a "b"', language="en").n3()
        '"a \\\\"b\\\\""@en'
        """
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple" and self.parts is not None:
            return "<< " + " ".join(p.n3() for p in self.parts) + " >>"
        text = '"' + self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\r", "\\r").replace("\t", "\\t") + '"'
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype and self.datatype != _XSD_STRING:
            return f"{text}^^<{self.datatype}>"
        return text


Row = tuple[Cell | None, ...]


@dataclass(frozen=True)
class Solutions:
    """The rows of a SELECT (``None`` where a variable is unbound), cut at the row limit."""

    variables: tuple[str, ...]
    rows: Sequence[Row]
    truncated: bool = False


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The triples of a CONSTRUCT or DESCRIBE, cut at the row limit."""

    triples: Sequence[tuple[Cell, Cell, Cell]]
    truncated: bool = False


QueryResult = Solutions | Boolean | Triples


@dataclass(frozen=True)
class Written:
    """A serialised result: its bytes, its Content-Type, how many rows it holds, whether it was cut."""

    body: bytes
    content_type: str
    #: None when the backend wrote the result itself and did not count (see ``Store.run_written``)
    rows: int | None
    truncated: bool


# ---------------------------------------------------------------- terms in each format


def _json_term(c: Cell) -> dict[str, object]:
    if c.kind == "triple" and c.parts is not None:
        s, p, o = (_json_term(x) for x in c.parts)
        return {"type": "triple", "value": {"subject": s, "predicate": p, "object": o}}
    out: dict[str, object] = {"type": c.kind, "value": c.value}
    if c.language:
        out["xml:lang"] = c.language
    elif c.kind == "literal" and c.datatype and c.datatype != _XSD_STRING:
        out["datatype"] = c.datatype
    return out


def _xml_term(c: Cell) -> str:
    if c.kind == "uri":
        return f"<uri>{escape(c.value)}</uri>"
    if c.kind == "bnode":
        return f"<bnode>{escape(c.value)}</bnode>"
    if c.kind == "triple" and c.parts is not None:
        s, p, o = (_xml_term(x) for x in c.parts)
        return f"<triple><subject>{s}</subject><predicate>{p}</predicate><object>{o}</object></triple>"
    if c.language:
        return f"<literal xml:lang={quoteattr(c.language)}>{escape(c.value)}</literal>"
    if c.datatype and c.datatype != _XSD_STRING:
        return f"<literal datatype={quoteattr(c.datatype)}>{escape(c.value)}</literal>"
    return f"<literal>{escape(c.value)}</literal>"


def _csv_field(c: Cell | None) -> str:
    if c is None:
        return ""
    text = f"_:{c.value}" if c.kind == "bnode" else c.n3() if c.kind == "triple" else c.value
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(c: Cell | None) -> str:
    if c is None:
        return ""
    if c.kind == "literal" and not c.language and c.datatype in _BARE_IN_TSV:
        return c.value
    return c.n3()


def _plain(c: Cell | None) -> str:
    return "" if c is None else f"_:{c.value}" if c.kind == "bnode" else c.n3() if c.kind == "triple" else c.value


def _ox_term(c: Cell) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
    if c.kind == "uri":
        return ox.NamedNode(c.value)
    if c.kind == "bnode":
        return ox.BlankNode(c.value)
    if c.kind == "triple" and c.parts is not None:
        s, p, o = (_ox_term(x) for x in c.parts)
        return ox.Triple(s, p, o)  # type: ignore[arg-type]
    if c.language:
        return ox.Literal(c.value, language=c.language)
    return ox.Literal(c.value, datatype=ox.NamedNode(c.datatype or _XSD_STRING))


# ---------------------------------------------------------------- the writer


def _solutions(result: Solutions, fmt: str) -> bytes:
    names, rows = result.variables, result.rows
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.write("".join(f"<variable name={quoteattr(n)}/>" for n in names))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            out.write("".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                              for n, t in zip(names, row, strict=True) if t is not None))
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode("utf-8")
    if fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)] + ["\t".join(_tsv_field(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return (table(list(names), [[_plain(t) for t in row] for row in rows]) + "\n").encode("utf-8")


def _boolean(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{word}</boolean></sparql>\n").encode()
    return (word + "\n").encode("utf-8")


def write(result: QueryResult, fmt: Format | str) -> Written:
    """Serialise ``result``.

    :param fmt: a results :class:`~recognition_kg.graph.formats.Format` for SELECT and ASK, an
        RDF one for graphs, or ``"table"`` for people (graphs are then written as N-Triples).

    >>> r = Solutions(("x",), [(Cell("uri", "http://ex/a"),), (None,)])
    >>> write(r, "table").body.decode()
    'x\\n-----------\\nhttp://ex/a\\n\\n'
    >>> write(Boolean(True), "table").body
    b'true\\n'
    """
    name = fmt if isinstance(fmt, str) else fmt.name
    if isinstance(result, Solutions):
        ctype = "text/plain; charset=utf-8" if isinstance(fmt, str) else fmt.content_type
        return Written(_solutions(result, name), ctype, len(result.rows), result.truncated)
    if isinstance(result, Boolean):
        ctype = "text/plain; charset=utf-8" if isinstance(fmt, str) else fmt.content_type
        return Written(_boolean(result.value, name), ctype, 1, False)
    # People, and a results format asked for a graph, get N-Triples (one triple a line).
    graph_fmt = fmt if not isinstance(fmt, str) and fmt.rdf is not None else RDF_FORMATS[1]
    out = io.BytesIO()
    ox.serialize((ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o))  # type: ignore[arg-type]
                  for s, p, o in result.triples), out, format=graph_fmt.rdf)
    return Written(out.getvalue(), graph_fmt.content_type, len(result.triples), result.truncated)
