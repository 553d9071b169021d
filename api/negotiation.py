"""Content negotiation: the choice among the formats of :mod:`recognition_kg.graph.formats`.

SPARQL results (SELECT, ASK) and RDF graphs (CONSTRUCT, DESCRIBE, the Graph Store, the service
description) each have their table there. A ``format`` parameter (for browsers) wins over
``Accept``; ``*/*`` or no header picks the first entry. Nothing acceptable raises
:class:`~recognition_kg.graph.errors.UnsupportedFormat` (406).
"""

from __future__ import annotations

from recognition_kg.graph.errors import UnsupportedFormat
from recognition_kg.graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, find

__all__ = ["RDF_FORMATS", "RESULT_FORMATS", "choose"]


def _accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal weights)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0]


def choose(table: tuple[Format, ...], accept: str | None, name: str | None = None) -> Format:
    """The format to answer in.

    :param accept: the Accept header (None or empty: the default, the first of ``table``).
    :param name: a ``format`` parameter: a short name, extension, alias or media type.
    :raises UnsupportedFormat: when nothing in ``table`` is acceptable.

    >>> choose(RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose(RDF_FORMATS, "text/html,*/*;q=0.8").name
    'turtle'
    """
    if name:
        found = find(table, name)
        if found is not None:
            return found
        raise UnsupportedFormat(f"unknown format {name!r}: use one of {', '.join(f.name for f in table)}")
    if not accept or not accept.strip():
        return table[0]
    for media, _ in _accept(accept):
        if media in ("*/*", "*"):
            return table[0]
        for f in table:
            if media in f.names():
                return f
        if media.endswith("/*"):
            major = media[:-1]
            for f in table:
                if f.media_type.startswith(major):
                    return f
    offered = ", ".join(f.media_type for f in table)
    raise UnsupportedFormat(f"cannot answer in any of the accepted types ({accept}); offered: {offered}")
