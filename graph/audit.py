"""The data's quality figures: what the acts rest on, and whether each could have happened.

:func:`audit` is pure: it takes the acts (with their dates and source URLs) and the days their
parties existed, and counts acts by the best kind of source behind them
(:mod:`~recognition_kg.graph.sources`), single-source acts, acts resting on mirrors or blogs
alone, proxy and sandbox citations, alternative dates with the kind of source behind each act,
the dates set aside because only weaker sources give them, and acts dated outside a party's
existence (the shapes refuse those, so it should be 0).
:func:`audit_store` reads those from a store through the named queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recognition_kg import queries
from recognition_kg.graph.normalise import ACT_CLASSES
from recognition_kg.graph.sources import KINDS, host_of, is_proxy_or_sandbox, rank, source_kind
from recognition_kg.graph.store import Store
from recognition_kg.ontology import act_kinds

__all__ = ["ActFacts", "Audit", "audit", "audit_store"]


@dataclass
class ActFacts:
    """One act as the audit sees it."""

    iri: str
    kind: str
    by: str
    of: str
    earliest: dt.date
    latest: dt.date
    dates: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    set_aside: set[str] = field(default_factory=set)

    def best_kind(self) -> str:
        """The best kind among the act's sources (``mirror`` when it has none)."""
        return min((source_kind(u) for u in self.urls), key=rank, default="mirror")


@dataclass(frozen=True)
class Audit:
    """The figures, JSON-ready through :meth:`to_dict`."""

    acts: int
    by_best_source: dict[str, int]
    single_source: int
    mirrors_only: list[str]
    proxy_or_sandbox_citations: list[str]
    alternative_dates: dict[str, int]
    set_aside_dates: int
    acts_with_set_aside_dates: int
    outside_existence: list[str]
    unreviewed_hosts: list[tuple[str, int]]

    def to_dict(self) -> dict[str, Any]:
        """Everything, for ``--format json``."""
        return {"acts": self.acts, "by_best_source": self.by_best_source, "single_source": self.single_source,
                "mirrors_only": self.mirrors_only, "proxy_or_sandbox_citations": self.proxy_or_sandbox_citations,
                "alternative_dates": self.alternative_dates, "set_aside_dates": self.set_aside_dates,
                "acts_with_set_aside_dates": self.acts_with_set_aside_dates,
                "outside_existence": self.outside_existence,
                "unreviewed_hosts": [{"host": h, "sources": n} for h, n in self.unreviewed_hosts]}

    def text(self) -> str:
        """The figures as a short report for people."""
        n = max(self.acts, 1)
        lines = [f"acts: {self.acts}", "acts by the best kind of source behind them:"]
        lines += [f"  {k:<11} {v:>5}  ({100 * v / n:.1f} %)" for k, v in self.by_best_source.items()]
        lines.append(f"acts with a single source: {self.single_source}")
        lines.append(f"acts resting on mirrors, blogs or aggregators alone: {len(self.mirrors_only)}")
        lines.append(f"citations of proxies or wiki sandboxes: {len(self.proxy_or_sandbox_citations)}")
        alt = ", ".join(f"{k} {v}" for k, v in self.alternative_dates.items() if v) or "none"
        lines.append(f"acts with alternative dates, by the best source behind them: {alt}")
        lines.append(f"dates set aside because only weaker sources give them: {self.set_aside_dates} "
                     f"(on {self.acts_with_set_aside_dates} acts)")
        lines.append(f"acts dated outside a party's existence: {len(self.outside_existence)}")
        if self.unreviewed_hosts:
            lines.append("hosts not yet classed (sources): "
                         + ", ".join(f"{h} ({n})" for h, n in self.unreviewed_hosts[:15]))
        return "\n".join(lines)


def audit(acts: Iterable[ActFacts], existence: Mapping[str, tuple[dt.date | None, dt.date | None]]) -> Audit:
    """The figures for ``acts``, given when each party existed (``(from, until)`` by IRI).

    >>> d = dt.date
    >>> a = ActFacts("x", "Recognition", "A", "B", d(1988, 11, 19), d(1988, 11, 19), {"1988-11-19"},
    ...              {"https://wikimili.com/x"})
    >>> r = audit([a], {"A": (d(1990, 3, 21), None)})
    >>> r.mirrors_only, r.outside_existence
    (['x'], ['x'])
    """
    acts = list(acts)
    best = Counter(a.best_kind() for a in acts)
    outside = []
    for a in acts:
        for party in (a.by, a.of):
            start, end = existence.get(party, (None, None))
            ended_actor = party == a.by and end is not None and a.earliest > end
            recognised_gone = party == a.of and end is not None and a.earliest > end and a.kind in act_kinds().opening
            if (start is not None and a.latest < start) or ended_actor or recognised_gone:
                outside.append(a.iri)
                break
    urls = {u for a in acts for u in a.urls}
    unreviewed = Counter(host_of(u) for u in urls
                         if source_kind(u) == "unreviewed")
    return Audit(
        acts=len(acts),
        by_best_source={k: best.get(k, 0) for k in KINDS},
        single_source=sum(1 for a in acts if len(a.urls) == 1),
        mirrors_only=sorted(a.iri for a in acts if a.best_kind() == "mirror"),
        proxy_or_sandbox_citations=sorted(u for u in urls if is_proxy_or_sandbox(u)),
        alternative_dates={k: sum(1 for a in acts if len(a.dates) > 1 and a.best_kind() == k) for k in KINDS},
        set_aside_dates=sum(len(a.set_aside) for a in acts),
        acts_with_set_aside_dates=sum(1 for a in acts if a.set_aside),
        outside_existence=sorted(outside),
        unreviewed_hosts=unreviewed.most_common(),
    )


def audit_store(store: Store) -> Audit:
    """The figures of the data in ``store``."""
    acts: dict[str, ActFacts] = {}
    rows = store.values(queries.get("audit_acts").text, {"actType": list(ACT_CLASSES)})
    for row in rows:
        a = acts.get(row["act"])
        if a is None:
            a = acts[row["act"]] = ActFacts(row["act"], row["actType"].rsplit("#", 1)[-1], row["by"], row["of"],
                                            dt.date.fromisoformat(row["earliestDate"]),
                                            dt.date.fromisoformat(row["latestDate"]))
        a.dates.add(row["date"])
        if "url" in row:
            a.urls.add(row["url"])
        if "setAside" in row:
            a.set_aside.add(row["setAside"])
    existence: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for row in store.values(queries.get("existence").text):
        start = dt.date.fromisoformat(row["from"]) if "from" in row else None
        end = dt.date.fromisoformat(row["until"]) if "until" in row else None
        existence[row["entity"]] = (start, end)
    return audit(acts.values(), existence)
