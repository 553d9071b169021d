"""Writing query results: SELECT rows cut at ``max_rows``, ASK booleans, and graphs.

pyoxigraph serialises booleans and graphs itself. SELECT results are written here, from the
solutions pulled one by one, because a result must be complete (or cut at ``max_rows``)
before the first byte leaves: pyoxigraph's own serialiser consumes the whole iterator and
cannot stop at a row count. The four SPARQL 1.1 result formats follow their W3C
specifications (JSON, XML, CSV, TSV).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["Written", "write_boolean", "write_graph", "write_solutions"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Written:
    """A serialised result: its bytes, how many rows it holds, and whether it was cut."""

    body: bytes
    rows: int
    truncated: bool


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {  # type: ignore[dict-item]
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"unexpected term {term!r}")


def _csv_field(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\r", "\\r").replace("\t", "\\t")
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype.value in (_XSD_STRING,):
            return f'"{value}"'
        if term.datatype.value in ("http://www.w3.org/2001/XMLSchema#integer",
                                   "http://www.w3.org/2001/XMLSchema#decimal",
                                   "http://www.w3.org/2001/XMLSchema#double",
                                   "http://www.w3.org/2001/XMLSchema#boolean"):
            return term.value
        return f'"{value}"^^<{term.datatype.value}>'
    return str(term)


def write_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> Written:
    """Write at most ``max_rows`` solutions of a SELECT in ``fmt`` (json, xml, csv, tsv)."""
    names = [v.value for v in solutions.variables]
    rows: list[list[object]] = []
    truncated = False
    it: Iterator[ox.QuerySolution] = iter(solutions)
    for solution in it:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append([solution[n] for n in names])
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    elif fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.write("".join(f"<variable name={quoteattr(n)}/>" for n in names))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for n, t in zip(names, row, strict=True):
                if t is not None:
                    out.write(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        body = out.getvalue().encode("utf-8")
    elif fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_field(t) for t in row) for row in rows]
        body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    elif fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)] + ["\t".join(_tsv_field(t) for t in row) for row in rows]
        body = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        raise ValueError(f"unknown results format {fmt!r}")
    return Written(body, len(rows), truncated)


def write_boolean(answer: ox.QueryBoolean, fmt: ox.QueryResultsFormat) -> Written:
    """Write an ASK answer with pyoxigraph's serialiser."""
    return Written(answer.serialize(format=fmt) or b"", 1, False)


def write_graph(triples: Iterator[ox.Triple], fmt: ox.RdfFormat, max_rows: int) -> Written:
    """Write at most ``max_rows`` triples of a CONSTRUCT or DESCRIBE with pyoxigraph's serialiser."""
    kept: list[ox.Triple] = []
    truncated = False
    for t in triples:
        if len(kept) >= max_rows:
            truncated = True
            break
        kept.append(t)
    out = io.BytesIO()
    ox.serialize(kept, out, format=fmt)
    return Written(out.getvalue(), len(kept), truncated)
