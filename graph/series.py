"""The map's series: every state's status towards one entity on every day, in one answer.

A map with a time slider recolours on every step; asking the server for each day would be a
request per step. The series is each recogniser's answer as steps (a status from a day on),
built from the same rules as the as-of lookups (:class:`~recognition_kg.graph.intervals.AnswerSteps`
for the answer, :func:`~recognition_kg.graph.intervals.suspended_on` for a frozen recognition),
with the acts behind each step and the UN's membership over time, so that a browser counts a
day exactly as ``rkg count`` does: certain and uncertain among the UN members of that day, and
the suspended apart.

The statuses of a step: ``recognised`` and ``uncertain`` (the answer of the as-of rules),
``suspended`` (not recognised, its recognition standing frozen), ``withdrawn`` (not recognised
after a step that was) and ``not_recognised``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from recognition_kg.graph.asof import UN
from recognition_kg.graph.entities import Catalogue, catalogue, resolve
from recognition_kg.graph.intervals import ActWindow, AnswerSteps, suspended_on
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store

__all__ = ["series"]



def series(store: Store, entity: str, *, cat: Catalogue | None = None,
           index: StatusIndex | None = None) -> dict[str, Any]:
    """Each state's status towards ``entity`` on every day, as steps, with the acts behind them
    and the UN's members over time (a one-shot caller without an index reads one).

    :raises NotFound: for an unknown entity, listing the closest matches.
    """
    cat = cat or catalogue(store)
    index = index or StatusIndex.read(store)
    target = resolve(cat, entity)
    frozen = index.frozen.get(target.iri, {})
    acts: dict[str, dict[str, Any]] = {}
    states: list[dict[str, Any]] = []
    for pair in index.pairs_of(recognised=target.iri):
        steps = _steps(index.steps(pair), frozen.get(pair[0], ()))
        for _, _, giving in steps:
            for iri in giving:
                for a in index.evidence.get(iri, ()):
                    acts.setdefault(a.iri, a.to_dict())
        shown = [[day, status, sorted({a.iri for iri in giving for a in index.evidence.get(iri, ())})]
                 for day, status, giving in steps]
        states.append({**cat.name(pair[0]), "steps": shown})
    states.sort(key=lambda s: s["code"])
    members: dict[str, list[list[str | None]]] = {}
    for m in index.memberships:
        if m.organization == str(UN):
            members.setdefault(cat.name(m.member)["code"], []).append(
                [m.start.isoformat(), m.end.isoformat() if m.end else None])
    subject = {**target.brief(), "kind": target.kind,
               "governs": cat.name(target.governs)["code"] if target.governs else None}
    return {"query": {"lookup": "series", "entity": target.brief()}, "entity": subject, "states": states,
            "acts": acts, "un_members": members}


def _steps(steps: AnswerSteps, frozen_acts: Sequence[ActWindow]) -> list[tuple[str | None, str, tuple[str, ...]]]:
    """The pair's statuses from each day on (``None``: from the beginning), equal neighbours
    merged: the answer changes only on its bounds, a suspension only on its acts' first days."""
    days = sorted({*steps.bounds, *(a.earliest for a in frozen_acts)})
    out: list[tuple[str | None, str, tuple[str, ...]]] = []
    held = False
    for day in (None, *days):
        answer, giving = steps.on(day or dt.date.min)
        status: str = answer
        if answer == "not_recognised":
            if frozen_acts and suspended_on(frozen_acts, day or dt.date.min):
                status = "suspended"
            elif held:
                status = "withdrawn"
        held = held or answer != "not_recognised"
        if out and out[-1][1] == status and out[-1][2] == giving:
            continue
        out.append((day.isoformat() if day else None, status, giving))
    return out
