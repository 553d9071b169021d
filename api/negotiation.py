"""Content negotiation: one table of media types and format names, and the choice among them.

SPARQL results (SELECT, ASK) and RDF graphs (CONSTRUCT, DESCRIBE, the Graph Store, the service
description) each have their own table. A ``format`` parameter (for browsers) wins over
``Accept``; ``*/*`` or no header picks the first entry. Nothing acceptable raises
:class:`~graph.errors.UnsupportedFormat` (406).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import UnsupportedFormat

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "MediaFormat", "choose"]


@dataclass(frozen=True)
class MediaFormat:
    """A format: its short name, media type, file extension, other accepted media types."""

    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types declare UTF-8)."""
        if self.media_type.startswith("text/") or "json" in self.media_type or "xml" in self.media_type:
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


RESULT_FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("json", "application/sparql-results+json", "srj", ("application/json",),
                results=ox.QueryResultsFormat.JSON),
    MediaFormat("xml", "application/sparql-results+xml", "srx", ("application/xml", "text/xml"),
                results=ox.QueryResultsFormat.XML),
    MediaFormat("csv", "text/csv", "csv", results=ox.QueryResultsFormat.CSV),
    MediaFormat("tsv", "text/tab-separated-values", "tsv", results=ox.QueryResultsFormat.TSV),
)

GRAPH_FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("turtle", "text/turtle", "ttl", ("application/x-turtle", "ttl"), rdf=ox.RdfFormat.TURTLE),
    MediaFormat("ntriples", "application/n-triples", "nt", ("text/plain", "nt"), rdf=ox.RdfFormat.N_TRIPLES),
    MediaFormat("jsonld", "application/ld+json", "jsonld", ("json-ld", "application/json"),
                rdf=ox.RdfFormat.JSON_LD),
    MediaFormat("rdfxml", "application/rdf+xml", "rdf", ("xml", "application/xml", "text/xml"),
                rdf=ox.RdfFormat.RDF_XML),
    MediaFormat("trig", "application/trig", "trig", rdf=ox.RdfFormat.TRIG),
    MediaFormat("nquads", "application/n-quads", "nq", ("nq",), rdf=ox.RdfFormat.N_QUADS),
)


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


def choose(table: tuple[MediaFormat, ...], accept: str | None, name: str | None = None) -> MediaFormat:
    """The format to answer in.

    :param accept: the Accept header (None or empty: the default, the first of ``table``).
    :param name: a ``format`` parameter: a short name, extension, alias or media type.
    :raises UnsupportedFormat: when nothing in ``table`` is acceptable.

    >>> choose(RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose(GRAPH_FORMATS, "text/html,*/*;q=0.8").name
    'turtle'
    """
    if name:
        wanted = name.strip().lower()
        for f in table:
            if wanted in (f.name, f.extension, f.media_type, *f.aliases):
                return f
        raise UnsupportedFormat(f"unknown format {name!r}: use one of {', '.join(f.name for f in table)}")
    if not accept or not accept.strip():
        return table[0]
    for media, _ in _accept(accept):
        if media in ("*/*", "*"):
            return table[0]
        for f in table:
            if media == f.media_type or media in f.aliases:
                return f
        if media.endswith("/*"):
            major = media[:-1]
            for f in table:
                if f.media_type.startswith(major):
                    return f
    offered = ", ".join(f.media_type for f in table)
    raise UnsupportedFormat(f"cannot answer in any of the accepted types ({accept}); offered: {offered}")
