"""The curators' tables (``graph/data/tables/*.csv``) mapped to RDF in the ontology.

Curators edit tables, not Turtle. Two kinds of table, each with a header row:

- ``states.csv``: ``code, label, kind, exists_from, un_admitted, un_left, un_observer_since,
  continues, wikidata, sources, notes`` and optionally ``exists_until`` (the day it ceased to
  exist) and ``alt_labels`` (other names people search by, separated by ``|``) — one row per
  state or claimant polity, with its UN membership; ``continues`` is ``CODE YYYY-MM-DD`` for a
  state that continues another's international personality from that day (Russia the USSR):
  the recognitions its predecessor still held are continued by it from that day, as acts
  citing the row's sources;
- any other ``<subject>.csv``: acts, ``id, type, by, of, date, disputed, label, sources,
  evidence, notes`` and, for a Reversal or a Denial, ``concerns`` (the id of the act it is
  about) — ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, several separated by ``|``
  when sources disagree; ``sources`` are URLs separated by spaces; optionally
  ``date_sources``, for an act with several dates, which sources give each date: groups of
  1-based positions in ``sources`` separated by ``|`` in the order of ``date`` (``1 3|2``).
  With it the loader keeps an alternative date only where a source at least as good as the best
  one behind the main date gives it (:func:`~recognition_kg.graph.sources.weigh_dates`); the
  others are stored as ``rkg:setAsideDate``, on the record and out of every answer.

Every problem is reported with its file and row number before anything is produced:
:func:`read_tables` raises :class:`~recognition_kg.graph.errors.InvalidRequest` listing them all.
The rows map to RDF through :mod:`recognition_kg.graph.records`, like every other writer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SDO, XSD

from recognition_kg.graph.dates import parse_precise
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.formats import rdf_format
from recognition_kg.graph.records import (
    ACT_TYPES,
    ActRecord,
    EntityRecord,
    SourceRecord,
    entity_iri,
    source_iri,
    triples,
)
from recognition_kg.graph.sources import weigh_dates
from recognition_kg.ontology import ID, RKG, act_kinds

RDF_TYPE = str(RDF.type)

__all__ = [
    "STATE_COLUMNS",
    "ACT_COLUMNS",
    "OPTIONAL_ACT_COLUMNS",
    "OPTIONAL_STATE_COLUMNS",
    "Succession",
    "Tables",
    "governments_in",
    "read_tables",
    "tables_graph",
]

STATE_COLUMNS = ("code", "label", "kind", "exists_from", "un_admitted", "un_left", "un_observer_since",
                 "continues", "wikidata", "sources", "notes")
ACT_COLUMNS = ("id", "type", "by", "of", "date", "disputed", "label", "sources", "evidence", "notes")
#: Columns states.csv may have besides those: ``exists_until`` and ``alt_labels``.
OPTIONAL_STATE_COLUMNS = ("exists_until", "alt_labels")
#: Columns a table of acts may have besides those: ``concerns``, the id of the act a Reversal or a
#: Denial is about.
OPTIONAL_ACT_COLUMNS = ("concerns", "date_sources")
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://\S+$")
UN = ID["org/UN"]


@dataclass
class Membership:
    """A state's UN membership (or observer status) with its dates and sources."""

    code: str
    start: str
    end: str | None
    observer: bool
    sources: list[str]


@dataclass
class Tables:
    """Everything the tables say, checked."""

    states: list[EntityRecord] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    acts: dict[str, list[ActRecord]] = field(default_factory=dict)
    #: codes of the governments the acts may name (defined in the RDF data, not in the tables)
    governments: frozenset[str] = frozenset()


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.lines:
            shown = self.lines[:50]
            more = f"\n... and {len(self.lines) - 50} more" if len(self.lines) > 50 else ""
            raise InvalidRequest(f"{len(self.lines)} bad row(s) in the tables:\n" + "\n".join(shown) + more,
                                 problems=self.lines)


def _rows(path: Path, columns: tuple[str, ...], problems: _Problems) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.add(path.name, f"the header lacks the column(s) {', '.join(missing)}")
            return
        for number, row in enumerate(reader, start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _date(value: str, where: str, what: str, problems: _Problems, *, day_only: bool = False) -> str | None:
    if not value:
        return None
    try:
        d = parse_precise(value, what=what)
    except InvalidRequest as e:
        problems.add(where, e.message)
        return None
    if day_only and d.precision != "day":
        problems.add(where, f"{what} {value!r} must be one day, written YYYY-MM-DD")
        return None
    return value


def _urls(value: str, where: str, problems: _Problems) -> list[str]:
    urls = [u for u in value.split() if u != ";"]
    for u in urls:
        if not _URL.match(u):
            problems.add(where, f"source {u!r} is not an http(s) URL")
    return [u for u in urls if _URL.match(u)]


def governments_in(paths: Iterable[Path]) -> frozenset[str]:
    """The codes of the governments (``rkg:Government``) that RDF files define.

    Governments live in the Turtle data, with their dates and what they govern; the tables'
    acts may name them by code.
    """
    government, code = str(RKG.Government), str(RKG.code)
    found: set[str] = set()
    for path in paths:
        triples = list(ox.parse(path=str(path), format=rdf_format(path.name).rdf))
        governments = {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == government}
        found |= {t.object.value for t in triples if t.subject in governments and t.predicate.value == code}
    return frozenset(found)


def read_tables(folder: Path, *, governments: Iterable[str] = ()) -> Tables:
    """Read and check every table in ``folder`` (``states.csv`` first).

    :param governments: codes of the governments defined elsewhere (:func:`governments_in`)
        that acts may name besides the states of ``states.csv``.
    :raises InvalidRequest: listing every bad row as ``file row N: problem``.
    """
    problems = _Problems()
    tables = Tables(governments=frozenset(governments))
    states_path = folder / "states.csv"
    if not states_path.exists():
        raise InvalidRequest(f"{folder} has no states.csv")
    codes: dict[str, str] = {}
    for n, row in _rows(states_path, STATE_COLUMNS, problems):
        where = f"states.csv row {n}"
        code, kind = row["code"], row["kind"] or "state"
        if not _CODE.match(code):
            problems.add(where, f"code {code!r} is not capital letters, digits and hyphens")
            continue
        if code in codes:
            problems.add(where, f"code {code} appears twice")
            continue
        if kind != "state":
            problems.add(where, f"kind {kind!r} is not state (governments live in the Turtle data)")
        codes[code] = kind
        sources = _urls(row["sources"], where, problems)
        exists = _date(row["exists_from"], where, "exists_from", problems, day_only=True)
        until = _date(row.get("exists_until", ""), where, "exists_until", problems, day_only=True)
        if (exists or until) and not sources:
            problems.add(where, "exists_from and exists_until need a source")
        alt = [a.strip() for a in row.get("alt_labels", "").split("|") if a.strip()]
        tables.states.append(EntityRecord(code, kind="state", label=row["label"] or code, exists_from=exists,
                                          exists_until=until, wikidata=row["wikidata"] or None, alt_labels=alt,
                                          sources=sources if exists or until else []))
        admitted = _date(row["un_admitted"], where, "un_admitted", problems, day_only=True)
        left = _date(row["un_left"], where, "un_left", problems, day_only=True)
        observer = _date(row["un_observer_since"], where, "un_observer_since", problems, day_only=True)
        if (admitted or observer) and not sources:
            problems.add(where, "UN membership dates need a source")
        if admitted:
            tables.memberships.append(Membership(code, admitted, left, False, sources))
        if observer:
            tables.memberships.append(Membership(code, observer, None, True, sources))
    successions: list[Succession] = []
    for n, row in _rows(states_path, STATE_COLUMNS, problems):
        if row["continues"]:
            where = f"states.csv row {n}"
            parts = row["continues"].split()
            flags = parts[2:]
            only = [f.removeprefix("only=") for f in flags if f.startswith("only=")]
            if len(parts) < 2 or parts[0] not in codes or any(f != "disputed" and not f.startswith("only=")
                                                                for f in flags):
                problems.add(where, f"continues {row['continues']!r} must be a code of states.csv and a day, "
                                    "then optionally 'disputed' and 'only=CODE,CODE'")
                continue
            day = _date(parts[1], where, "continues", problems, day_only=True)
            if day:
                successions.append(Succession(row["code"], parts[0], day, _urls(row["sources"], where, problems),
                                              "disputed" in flags,
                                              frozenset(c for o in only for c in o.split(",") if c)))
    known = set(codes) | tables.governments
    ids: set[str] = set()
    for path in sorted(folder.glob("*.csv")):
        if path.name == "states.csv":
            continue
        acts: list[ActRecord] = []
        for n, row in _rows(path, ACT_COLUMNS, problems):
            where = f"{path.name} row {n}"
            act_id = row["id"]
            if not _ID.match(act_id):
                problems.add(where, f"id {act_id!r} must be lowercase letters, digits and hyphens")
                continue
            if act_id in ids:
                problems.add(where, f"id {act_id} is used twice")
                continue
            ids.add(act_id)
            if row["type"] not in ACT_TYPES:
                problems.add(where, f"type {row['type']!r} is not one of {', '.join(sorted(ACT_TYPES))}")
            for side in ("by", "of"):
                if row[side] not in known:
                    problems.add(where, f"{side} {row[side]!r} is not a code of states.csv nor of a government "
                                        "of the RDF data")
            dates = [d.strip() for d in row["date"].split("|") if d.strip()]
            if not dates:
                problems.add(where, "date is empty")
            for d in dates:
                _date(d, where, "date", problems)
            if row["disputed"] not in ("", "true", "false"):
                problems.add(where, f"disputed {row['disputed']!r} must be true, false or empty")
            sources = _urls(row["sources"], where, problems)
            if not sources:
                problems.add(where, "no source: every act cites at least one page by URL")
            dates, set_aside = _weighed(dates, sources, row.get("date_sources", ""), where, problems)
            concerns = row.get("concerns") or None
            if (row["type"] in act_kinds().claims) != (concerns is not None):
                problems.add(where, "concerns names the act a Reversal or Denial is about, and only those")
            acts.append(ActRecord(act_id, row["type"], row["by"], row["of"], dates, sources,
                                  disputed=row["disputed"] == "true", label=row["label"] or None,
                                  description=row["notes"] or None, concerns=concerns,
                                  set_aside_dates=set_aside))
        tables.acts[path.stem] = acts
    for acts in tables.acts.values():
        for a in acts:
            if a.concerns and a.concerns not in ids:
                problems.add(f"act {a.id}", f"concerns {a.concerns}, which is no act of the tables")
    problems.raise_if_any()
    for acts in tables.acts.values():
        acts.extend(_continued(acts, successions))
    return tables


def _weighed(dates: list[str], sources: list[str], cell: str, where: str,
             problems: _Problems) -> tuple[list[str], list[str]]:
    """The dates an act keeps and those it sets aside, from its ``date_sources`` cell."""
    if not cell:
        return dates, []
    if not re.fullmatch(r"\s*\d+(\s+\d+)*\s*(\|\s*\d+(\s+\d+)*\s*)*", cell):
        problems.add(where, f"date_sources {cell!r} must be groups of source positions like '1 3|2'")
        return dates, []
    try:
        weighed = weigh_dates(dates, sources, [[int(p) for p in group.split()] for group in cell.split("|")])
    except ValueError as exc:
        problems.add(where, f"date_sources {cell!r}: {exc}")
        return dates, []
    return weighed.kept, weighed.set_aside


@dataclass(frozen=True)
class Succession:
    """A state that carries on another's recognitions from a day (``continues`` in states.csv).

    ``disputed``: the continuity is the successor's own claim, denied by others (the FR of
    Yugoslavia's claim to continue the SFRY, which the UN did not accept): what it continues is
    disputed. ``only``: the successor stated it carries on only its recognitions of these
    (Slovakia, of Palestine), not the whole international personality.
    """

    successor: str
    predecessor: str
    day: str
    sources: list[str]
    disputed: bool = False
    only: frozenset[str] = frozenset()


def _continued(acts: list[ActRecord], successions: list[Succession]) -> list[ActRecord]:
    """Recognitions successors continue: those each predecessor held and never ended, through
    chains of successions in date order (SFRY, then the FRY, then Serbia)."""
    pool, out = list(acts), []
    for s in sorted(successions, key=lambda s: s.day):
        ended = {a.of for a in pool if a.by == s.predecessor and a.type in act_kinds().ending}
        for a in list(pool):
            if a.by != s.predecessor or a.type != "Recognition" or a.of in ended or (s.only and a.of not in s.only):
                continue
            record = ActRecord(
                f"{a.id}-continued-by-{s.successor.lower()}", "Recognition", s.successor, a.of, [s.day],
                sources=[*s.sources, *a.sources], disputed=a.disputed or s.disputed,
                label=f"{s.successor} continues {s.predecessor}'s recognition of {a.of}",
                description=f"{s.successor} carries on {s.predecessor}'s recognitions from {s.day}"
                            f"{' (a continuity others dispute)' if s.disputed else ''}; the recognition {a.id} "
                            "carries on.",
            )
            pool.append(record)
            out.append(record)
    return out


def _membership_triples(memberships: Iterable[Membership]) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    yield UN, RDF.type, RKG.InternationalOrganization
    yield UN, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("United Nations", lang="en")
    for m in memberships:
        node = ID[f"membership/UN-{'observer-' if m.observer else ''}{m.code}"]
        yield node, RDF.type, RKG.Membership
        yield node, ORG.member, entity_iri(m.code)
        yield node, ORG.organization, UN
        yield node, SDO.startDate, Literal(m.start, datatype=XSD.date)
        if m.end:
            yield node, SDO.endDate, Literal(m.end, datatype=XSD.date)
        if m.observer:
            yield node, ORG.role, RKG.ObserverState
        for url in m.sources:
            yield node, PROV.wasDerivedFrom, source_iri(url)


def tables_graph(tables: Tables, subject: str) -> Graph:
    """The RDF of one table: ``states`` (states and memberships) or a subject's acts."""
    g = Graph()
    g.bind("rkg", RKG)
    if subject == "states":
        cited = [SourceRecord(url) for m in tables.memberships for url in m.sources]
        for t in triples(tables.states, [], cited):
            g.add(t)
        for m in _membership_triples(tables.memberships):
            g.add(m)
        return g
    kinds = {s.code: "state" for s in tables.states} | {g: "government" for g in tables.governments}
    for t in triples([], tables.acts[subject], kinds=kinds):
        g.add(t)
    return g
