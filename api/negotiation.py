"""Content negotiation: the choice among the formats of :mod:`recognition_kg.graph.formats`.

SPARQL results (SELECT, ASK) and RDF graphs (CONSTRUCT, DESCRIBE, the Graph Store, the service
description) each have their table there. A format parameter (for browsers, and for clients
that name the format as well as sending ``Accept``) wins over ``Accept``. Clients spell that
parameter differently (SPARQLWrapper sends ``format``, ``output`` and ``results`` at once, each
with the short name and the media type): every value that names a format of the table counts,
and only values naming two different formats are a conflict (400). ``Accept`` is read with
werkzeug's :class:`~werkzeug.datastructures.MIMEAccept`: the highest weight wins, then the most
specific range, then the table's order; ``*/*`` or no header picks the first entry. Nothing
acceptable raises :class:`~recognition_kg.graph.errors.UnsupportedFormat` (406).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from recognition_kg.graph.errors import InvalidRequest, UnsupportedFormat
from recognition_kg.graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, find

__all__ = ["FORMAT_PARAMETERS", "RDF_FORMATS", "RESULT_FORMATS", "choose", "format_names"]

#: the query parameters clients name a format by (Virtuoso's ``format``, Joseki's ``output``,
#: Rasqal's ``results``: SPARQLWrapper sends all three)
FORMAT_PARAMETERS = ("format", "output", "results")


def format_names(params: Mapping[str, Sequence[str]]) -> list[str]:
    """Every value of the format parameters of a request, in order (empty ones left out)."""
    return [v for name in FORMAT_PARAMETERS for v in params.get(name, ()) if v.strip()]


def choose(table: tuple[Format, ...], accept: str | None, names: str | Iterable[str] | None = None) -> Format:
    """The format to answer in.

    :param accept: the Accept header (None or empty: the default, the first of ``table``).
    :param names: format parameters: short names, extensions, aliases or media types.
    :raises InvalidRequest: when the parameters name two different formats of ``table``.
    :raises UnsupportedFormat: when no parameter names a format of ``table``, or nothing in
        ``table`` is acceptable.

    >>> choose(RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose(RDF_FORMATS, "text/html,*/*;q=0.8").name
    'turtle'
    >>> choose(RESULT_FORMATS, None, ["tsv", "text/tab-separated-values", "tsv"]).name
    'tsv'
    >>> choose(RDF_FORMATS, "text/turtle; charset=utf-8").name
    'turtle'
    """
    given = [n for n in ([names] if isinstance(names, str) else names or ()) if n.strip()]
    if given:
        return _named(table, given)
    if not accept or not accept.strip():
        return table[0]
    # Canonical types first, so that a range (``text/*``) picks a format by its own type.
    offered = {f.media_type: f for f in table}
    offered.update({media: f for f in table for media in f.aliases if "/" in media and media not in offered})
    # A charset in an accepted type (``text/turtle; charset=utf-8``) asks for what every text
    # format here is: werkzeug would match it against no offer without that same parameter.
    ranges = parse_accept_header(accept, MIMEAccept)
    ranges = MIMEAccept([(value.split(";")[0].strip(), q) for value, q in ranges])
    best = ranges.best_match(offered)
    if best is None:
        types = ", ".join(f.media_type for f in table)
        raise UnsupportedFormat(f"cannot answer in any of the accepted types ({accept}); offered: {types}")
    return offered[best]


def _named(table: tuple[Format, ...], names: list[str]) -> Format:
    found = {f.name: f for f in (find(table, n) for n in names) if f is not None}
    if len(found) > 1:
        raise InvalidRequest(f"the format parameters name different formats ({', '.join(sorted(found))}): "
                             "send one", parameter="format")
    if found:
        return next(iter(found.values()))
    known = ", ".join(f.name for f in table)
    raise UnsupportedFormat(f"unknown format {names[0]!r}: use one of {known}")
