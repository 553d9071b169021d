"""States and governments: listing them and resolving a name (code, IRI or label) to one.

:func:`resolve` is pure: it takes the catalogue and a name, matches case-insensitively on
code, IRI, label and alternative labels, and raises :class:`~recognition_kg.graph.errors.NotFound` with
the closest matches otherwise.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from recognition_kg import queries
from recognition_kg.graph.errors import NotFound
from recognition_kg.graph.store import Store

__all__ = ["Catalogue", "Entity", "catalogue", "resolve", "resolve_all", "search"]


@dataclass(frozen=True)
class Entity:
    """A state or a government as lookups show it."""

    iri: str
    code: str
    label: str
    kind: str
    governs: str | None = None
    start: str | None = None
    end: str | None = None
    exists_from: str | None = None
    alt_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()

    def brief(self) -> dict[str, str]:
        """Code, label and IRI: how answers name an entity."""
        return {"code": self.code, "label": self.label, "iri": self.iri}

    def to_dict(self) -> dict[str, object]:
        """Everything known of the entity, JSON-ready."""
        return {
            "code": self.code, "label": self.label, "iri": self.iri, "kind": self.kind,
            "governs": self.governs, "start": self.start, "end": self.end,
            "exists_from": self.exists_from, "alt_labels": list(self.alt_labels),
            "same_as": list(self.same_as),
        }


@dataclass(frozen=True)
class Catalogue:
    """Every entity, indexed by IRI."""

    entities: tuple[Entity, ...]
    by_iri: dict[str, Entity] = field(default_factory=dict, compare=False)

    #: casefolded code or IRI -> the entities it names; casefolded code, IRI, label or other
    #: label -> the entities it names (both in catalogue order): a lookup names its parties by
    #: these, and a world of thousands of entities is not walked for each
    by_key: dict[str, list[Entity]] = field(default_factory=dict, compare=False)
    by_name: dict[str, list[Entity]] = field(default_factory=dict, compare=False)
    _names: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    #: each entity with its code and labels casefolded into one text, made on the first search
    _haystacks: list[tuple[Entity, str]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_iri.update({e.iri: e for e in self.entities})
        for e in self.entities:
            for key in dict.fromkeys((e.code.casefold(), e.iri.casefold())):
                self.by_key.setdefault(key, []).append(e)
            for n in dict.fromkeys(n.casefold() for n in _names(e)):
                self.by_name.setdefault(n, []).append(e)

    def __getstate__(self) -> dict[str, Any]:
        # Saved (graph/saved_index.py) without the names made on use, which lookups add to meanwhile.
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("_names", "_haystacks")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _names={}, _haystacks=[])

    def haystacks(self) -> list[tuple[Entity, str]]:
        """Each entity with its code and labels casefolded, one per line: what a search looks
        in (made once: casefolding every name on every search cost 20 ms at 10k entities)."""
        if not self._haystacks and self.entities:
            # Made whole, then put in place at once: a server's threads may search meanwhile.
            self._haystacks[:] = [(e, "\n".join(n.casefold() for n in _names(e) if n != e.iri)) for e in self.entities]
        return self._haystacks

    def name(self, iri: str) -> dict[str, str]:
        """Code, label and IRI of an IRI, even one the catalogue does not hold: one dict per
        entity, shared by every answer that names it (answers are read, never written to)."""
        named = self._names.get(iri)
        if named is None:
            e = self.by_iri.get(iri)
            named = e.brief() if e else {"code": iri.rsplit("/", 1)[-1], "label": iri, "iri": iri}
            self._names[iri] = named
        return named


def catalogue(store: Store) -> Catalogue:
    """Read every state and government from the store."""
    rows: dict[str, dict[str, object]] = {}
    # Plain values: building rdflib terms for every row was most of a CLI lookup's time.
    for row in store.values(queries.get("entities").text):
        iri = row["entity"]
        e = rows.setdefault(iri, {"iri": iri, "code": row["code"], "label": row["label"],
                                  "kind": row["kind"], "alt": set(), "same": set()})
        for key, name in (("governs", "governs"), ("start", "start"), ("end", "end"), ("existsFrom", "exists_from")):
            if key in row:
                e[name] = row[key]
        if "altLabel" in row:
            e["alt"].add(row["altLabel"])  # type: ignore[attr-defined]
        if "sameAs" in row:
            e["same"].add(row["sameAs"])  # type: ignore[attr-defined]
    entities = tuple(
        Entity(
            iri=str(e["iri"]), code=str(e["code"]), label=str(e["label"]), kind=str(e["kind"]),
            governs=e.get("governs"), start=e.get("start"), end=e.get("end"),  # type: ignore[arg-type]
            exists_from=e.get("exists_from"),  # type: ignore[arg-type]
            alt_labels=tuple(sorted(e["alt"])), same_as=tuple(sorted(e["same"])),  # type: ignore[call-overload]
        )
        for e in rows.values()
    )
    return Catalogue(tuple(sorted(entities, key=lambda e: e.code)))


def _names(e: Entity) -> Iterable[str]:
    yield e.code
    yield e.iri
    yield e.label
    yield from e.alt_labels


def resolve(cat: Catalogue, name: str, *, on: dt.date | None = None) -> Entity:
    """The entity a user means by ``name``: a code, an IRI or a label, in any case.

    A label can name several governments (the Islamic Emirate of 1996-2001 and the one from
    2021): the one in power on ``on`` wins, else the latest to start before it, else the
    first to start; without ``on``, the latest to start.

    :raises NotFound: when nothing matches; the message and ``details["matches"]`` list the
        closest codes and labels.

    >>> cat = Catalogue((Entity("http://x/RUS", "RUS", "Russia", "state"),))
    >>> resolve(cat, "russia").code
    'RUS'
    >>> resolve(cat, "Rusia")
    Traceback (most recent call last):
    recognition_kg.graph.errors.NotFound: no state or government is called 'Rusia'; closest: RUS (Russia)
    """
    wanted = name.strip().casefold()
    exact = cat.by_key.get(wanted)
    if exact:
        return exact[0]
    found = cat.by_name.get(wanted, [])
    if len(found) == 1:
        return found[0]
    if found:
        return _on_day(found, on)
    raise NotFound(f"no state or government is called {name!r}; closest: {_closest_text(cat, name)}",
                   matches=[e.brief() for e in closest(cat, name)])


def resolve_all(cat: Catalogue, name: str) -> list[Entity]:
    """Every entity ``name`` may mean: one for a code or IRI, all that share a label.

    :raises NotFound: when nothing matches.
    """
    wanted = name.strip().casefold()
    exact = cat.by_key.get(wanted)
    if exact:
        return exact[:1]
    return list(cat.by_name.get(wanted, ())) or [resolve(cat, name)]


def _on_day(found: list[Entity], on: dt.date | None) -> Entity:
    def start(e: Entity) -> str:
        return e.start or e.exists_from or ""

    ordered = sorted(found, key=start)
    if on is None:
        return ordered[-1]
    day = on.isoformat()
    begun = [e for e in ordered if start(e) <= day]
    return begun[-1] if begun else ordered[0]


def closest(cat: Catalogue, name: str, n: int = 5) -> list[Entity]:
    """The entities whose code or labels look most like ``name``."""
    wanted = name.strip().casefold()
    scored: list[tuple[float, str, Entity]] = []
    for e in cat.entities:
        best = 0.0
        for candidate in _names(e):
            c = candidate.casefold()
            ratio = difflib.SequenceMatcher(None, wanted, c).ratio()
            if wanted and wanted in c:
                ratio = max(ratio, 0.8)
            best = max(best, ratio)
        scored.append((-best, e.code, e))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [e for score, _, e in scored[:n] if -score >= 0.4]


def _closest_text(cat: Catalogue, name: str) -> str:
    found = closest(cat, name)
    return ", ".join(f"{e.code} ({e.label})" for e in found) if found else "nothing similar"


def search(cat: Catalogue, text: str | None = None) -> list[Entity]:
    """Entities whose code or labels contain ``text`` (all of them when it is empty).

    >>> cat = Catalogue((Entity("http://x/RUS", "RUS", "Russia", "state"),))
    >>> [e.code for e in search(cat, "uss")]
    ['RUS']
    """
    if not text:
        return list(cat.entities)
    wanted = text.strip().casefold()
    return [e for e, names in cat.haystacks() if wanted in names]
