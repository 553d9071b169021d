"""What the loader adds to asserted data before validating it: the date bounds of each act.

An act keeps its date(s) as written (``rkg:date`` typed ``xsd:date``, ``xsd:gYearMonth`` or
``xsd:gYear``); this module adds ``rkg:earliestDate``, ``rkg:latestDate`` and
``rkg:datePrecision`` so that every comparison downstream is a plain ``xsd:date`` test.
Dates that do not parse get no bounds: validation reports them.
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from recognition_kg.graph.dates import DATATYPES, PreciseDate, coarsest, parse_precise
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.ontology import RKG, act_kinds

__all__ = ["ACT_CLASSES", "PRECISION_CONCEPTS", "act_window", "add_date_bounds", "precision_name"]

#: Every class of act, from the ontology.
ACT_CLASSES = tuple(act_kinds().iris(act_kinds().all))
PRECISION_CONCEPTS = {"day": RKG.DayPrecision, "month": RKG.MonthPrecision, "year": RKG.YearPrecision}
_PRECISION_NAMES = {str(iri): name for name, iri in PRECISION_CONCEPTS.items()}


def precision_name(iri: str | None) -> str | None:
    """The name (day, month, year) of a precision concept, from its IRI as a query returns it.

    >>> precision_name("https://w3id.org/recognition-kg/ontology#MonthPrecision"), precision_name(None)
    ('month', None)
    """
    return _PRECISION_NAMES.get(iri) if iri else None


_DERIVED = (RKG.earliestDate, RKG.latestDate, RKG.datePrecision)


def act_window(dates: list[Literal]) -> tuple[PreciseDate, PreciseDate] | None:
    """The earliest and latest of an act's dates, or None when any of them is not a real date.

    >>> w = act_window([Literal("2008-02-17", datatype=XSD.date), Literal("2008", datatype=XSD.gYear)])
    >>> (w[0].first.isoformat(), w[1].last.isoformat())
    ('2008-01-01', '2008-12-31')
    """
    parsed: list[PreciseDate] = []
    for lit in dates:
        if not isinstance(lit, Literal) or str(lit.datatype) not in DATATYPES:
            return None
        try:
            d = parse_precise(str(lit))
        except InvalidRequest:
            return None
        if d.precision != DATATYPES[str(lit.datatype)]:
            return None
        parsed.append(d)
    if not parsed:
        return None
    return min(parsed, key=lambda d: d.first), max(parsed, key=lambda d: d.last)


def add_date_bounds(graph: Graph) -> Graph:
    """Add (replacing any present) the date bounds and precision of every act in ``graph``.

    :returns: the same graph, changed in place.
    """
    for cls in ACT_CLASSES:
        for act in set(graph.subjects(RDF.type, cls)):
            if not isinstance(act, URIRef):
                continue
            for p in _DERIVED:
                graph.remove((act, p, None))
            dates = list(graph.objects(act, RKG.date))
            window = act_window(dates)  # type: ignore[arg-type]
            if window is None:
                continue
            first, last = window
            graph.add((act, RKG.earliestDate, Literal(first.first.isoformat(), datatype=XSD.date)))
            graph.add((act, RKG.latestDate, Literal(last.last.isoformat(), datatype=XSD.date)))
            precision = coarsest([DATATYPES[str(d.datatype)] for d in dates])  # type: ignore[attr-defined]
            graph.add((act, RKG.datePrecision, PRECISION_CONCEPTS[precision]))
    return graph
