"""The act index: every act of a store by party, read once, for timelines.

The companion of :mod:`~recognition_kg.graph.status_index` for a long-lived process: a
timeline is every act by or about a party (and its governments), with its dates and sources.
One whole-store read of the rows of ``queries/acts.rq`` files each act under both its parties; a
timeline then picks the acts of the parties asked for instead of running a query per party.

>>> from recognition_kg.graph.store import open_store
>>> with open_store() as s:
...     ActIndex.read(s).by_party
{}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from recognition_kg.graph.normalise import ACT_CLASSES, precision_name
from recognition_kg.graph.scans import ActFacts, act_rows
from recognition_kg.graph.store import Store
from recognition_kg.ontology import local_name

__all__ = ["ActIndex", "TimelineAct"]

_ACT_TYPES = {str(c) for c in ACT_CLASSES}


@dataclass
class TimelineAct:
    """An act as a timeline shows it, its parties as IRIs (names are the catalogue's)."""

    iri: str
    type: str
    by: str
    of: str
    earliest: str
    latest: str
    precision: str | None
    disputed: bool
    label: str | None
    description: str | None
    kind: str | None
    mode: str | None
    dates: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> TimelineAct:
        """The act of the first row of it that ``timeline.rq`` (or ``timeline_pair.rq``) gives."""
        return cls(row["act"], local_name(row["actType"]), row["by"], row["of"], row["earliestDate"], row["latestDate"],
                   precision_name(row.get("precision")), row.get("disputed") in ("true", "1"),
                   row.get("label"), row.get("description"), _named(row.get("kind")), _named(row.get("mode")))

    def add(self, row: Mapping[str, str]) -> None:
        """Another row of the act: one more date or source."""
        if row["date"] not in self.dates:
            self.dates.append(row["date"])
        source = row.get("url") or row.get("citation")
        if source is not None and source not in self.sources:
            self.sources.append(source)



def _named(iri: str | None) -> str | None:
    return local_name(iri) if iri is not None else None


def gather(rows: Iterable[Mapping[str, str]]) -> dict[str, TimelineAct]:
    """The acts of timeline rows by IRI (rows of types that are no act kind are left out)."""
    acts: dict[str, TimelineAct] = {}
    for row in rows:
        if row["actType"] not in _ACT_TYPES:
            continue
        act = acts.get(row["act"])
        if act is None:
            act = acts[row["act"]] = TimelineAct.from_row(row)
        act.add(row)
    return acts


@dataclass(frozen=True)
class ActIndex:
    """Every act of a store under each of its two parties."""

    by_party: Mapping[str, tuple[TimelineAct, ...]]

    @classmethod
    def read(cls, store: Store, facts: ActFacts | None = None) -> ActIndex:
        """Read every act (the rows of ``queries/acts.rq``, by predicate scans:
        :mod:`~recognition_kg.graph.scans`; from ``facts`` when the caller read them already), and
        file each under its ``by`` and under its ``of``."""
        rows = act_rows(store, facts)
        by_party: dict[str, list[TimelineAct]] = defaultdict(list)
        for act in gather(rows).values():
            by_party[act.by].append(act)
            if act.of != act.by:
                by_party[act.of].append(act)
        return cls({party: tuple(acts) for party, acts in by_party.items()})

    def between(self, parties: Iterable[str], others: Iterable[str] | None = None) -> list[TimelineAct]:
        """The acts involving any of ``parties`` (and, when given, any of ``others`` on the other
        side), each once."""
        wanted = set(others) if others is not None else None
        seen: dict[str, TimelineAct] = {}
        for party in parties:
            for act in self.by_party.get(party, ()):
                if wanted is None or (act.of if act.by == party else act.by) in wanted:
                    seen.setdefault(act.iri, act)
        return list(seen.values())
