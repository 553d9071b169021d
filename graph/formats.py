"""The one table of data formats: RDF serialisations and SPARQL results, built on pyoxigraph's.

pyoxigraph's :class:`~pyoxigraph.RdfFormat` and :class:`~pyoxigraph.QueryResultsFormat` already
carry each format's media type, file extension and registry IRI; this table adds only what
they lack: a short name for command lines and ``format=`` parameters, and the other names and
media types people send for the same thing (``ttl``, ``application/x-turtle``, ``json``).
Loading files, dumping stores, content negotiation and the service description all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from recognition_kg.graph.errors import UnsupportedFormat

__all__ = ["RDF_FORMATS", "RESULT_FORMATS", "Format", "find", "rdf_format"]


@dataclass(frozen=True)
class Format:
    """A format: its short name, pyoxigraph's format object, and other names it answers to.

    Exactly one of ``rdf`` and ``results`` is set.
    """

    name: str
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        """The canonical media type, without parameters (``text/turtle``)."""
        fmt = self.rdf or self.results
        assert fmt is not None
        return fmt.media_type.split(";")[0].strip()

    @property
    def extension(self) -> str:
        """The usual file extension, without the dot."""
        fmt = self.rdf or self.results
        assert fmt is not None
        return fmt.file_extension

    @property
    def iri(self) -> str:
        """The format's IRI in the W3C "Unique URIs for file formats" registry."""
        fmt = self.rdf or self.results
        assert fmt is not None
        return fmt.iri

    @property
    def holds_datasets(self) -> bool:
        """Whether the format carries named graphs (TriG, N-Quads, JSON-LD)."""
        return self.rdf is not None and self.rdf.supports_datasets

    @property
    def content_type(self) -> str:
        """The Content-Type header value: text-like types declare UTF-8."""
        mt = self.media_type
        if mt.startswith("text/") or mt.endswith(("json", "xml")):
            return f"{mt}; charset=utf-8"
        return mt

    def names(self) -> tuple[str, ...]:
        """Every name this format answers to, lower-case."""
        return (self.name, self.extension, self.media_type, *self.aliases)


#: SPARQL results (SELECT, ASK), the first being the default.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", results=ox.QueryResultsFormat.JSON, aliases=("application/json",)),
    Format("xml", results=ox.QueryResultsFormat.XML, aliases=("application/xml", "text/xml")),
    Format("csv", results=ox.QueryResultsFormat.CSV),
    Format("tsv", results=ox.QueryResultsFormat.TSV),
)

#: RDF graphs and datasets (CONSTRUCT, DESCRIBE, files, the Graph Store), the first being the default.
RDF_FORMATS: tuple[Format, ...] = (
    # Turtle is a subset of N3: a client asking for N3 can read Turtle.
    Format("turtle", rdf=ox.RdfFormat.TURTLE, aliases=("application/x-turtle", "application/turtle", "n3", "text/n3",
                                                       "text/rdf+n3", "application/n3")),
    Format("ntriples", rdf=ox.RdfFormat.N_TRIPLES, aliases=("text/plain", "nt", "n-triples")),
    Format("jsonld", rdf=ox.RdfFormat.JSON_LD, aliases=("json-ld", "json", "application/json")),
    Format("rdfxml", rdf=ox.RdfFormat.RDF_XML, aliases=("xml", "rdf", "owl", "application/xml", "text/xml")),
    Format("trig", rdf=ox.RdfFormat.TRIG),
    Format("nquads", rdf=ox.RdfFormat.N_QUADS, aliases=("nq", "n-quads")),
)


def find(table: tuple[Format, ...], name: str) -> Format | None:
    """The format of ``table`` that answers to ``name`` (case-insensitive), or None.

    >>> find(RDF_FORMATS, "TTL").name, find(RESULT_FORMATS, "text/csv").name
    ('turtle', 'csv')
    """
    wanted = name.strip().lower()
    for f in table:
        if wanted in f.names():
            return f
    return None


def rdf_format(name: str) -> Format:
    """The RDF format of a file, from its name (``data.trig``) or a bare format name (``nt``).

    :raises UnsupportedFormat: for a name that names no RDF format.

    >>> rdf_format("afghanistan.ttl").name, rdf_format("nq").holds_datasets
    ('turtle', True)
    """
    key = name.rsplit(".", 1)[-1] if "." in name and "/" not in name else name
    found = find(RDF_FORMATS, key)
    if found is None:
        known = ", ".join(f.extension for f in RDF_FORMATS)
        raise UnsupportedFormat(f"cannot tell the RDF format of {name!r}: use one of {known}")
    return found
