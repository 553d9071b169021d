"""Writing answers for people and programs: an aligned table, JSON, or CSV.

Every lookup returns a JSON-ready dict (see :mod:`recognition_kg.graph.asof`); :func:`flatten` turns its
results into rows of a few columns for tables and CSV, and :func:`render` writes any of the
three formats. JSON is the full answer; tables and CSV are one row per result.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

__all__ = ["FORMATS", "flatten", "render", "table"]

FORMATS = ("table", "json", "csv")


def _srcs(item: dict[str, Any]) -> str:
    sources = [s for a in item.get("acts", []) for s in a.get("sources", [])] or item.get("sources", [])
    return " ".join(dict.fromkeys(sources))


def _brief_sources(cell: str) -> str:
    """A table shows the first source and how many more there are (CSV and JSON keep all)."""
    urls = cell.split()
    return urls[0] + (f" (+{len(urls) - 1} more)" if len(urls) > 1 else "") if urls else ""


def flatten(answer: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows for a lookup's answer.

    >>> flatten({"query": {"lookup": "entities"}, "results": [{"code": "RUS", "label": "Russia",
    ...          "kind": "state", "governs": None, "iri": "x"}]})
    (['code', 'label', 'kind', 'governs', 'iri'], [['RUS', 'Russia', 'state', '', 'x']])
    """
    lookup = answer.get("query", {}).get("lookup")
    results = answer.get("results", [])

    def s(v: Any) -> str:
        return "" if v is None else str(v)

    if lookup in ("recognisers", "recognised-by", "status"):
        head = ["code", "label", "status", "since", "until", "sources"]
        if lookup == "status":
            head = ["recogniser", *head]
        rows = []
        for r in results:
            row = [r["code"], r["label"], r["status"], s(r["since"]), s(r["until"]), _srcs(r)]
            if lookup == "status":
                row = [r["recogniser"]["code"], *row]
            rows.append(row)
        return head, rows
    if lookup == "timeline":
        head = ["date", "type", "by", "of", "what", "sources"]
        return head, [[("/".join(r["dates"]) or s(r["date"])) + (" (disputed)" if r["disputed"] else ""),
                       r["type"] + (f" ({r['kind']})" if r.get("kind") else ""),
                       r["by"]["code"], r["of"]["code"], s(r.get("label")), _srcs(r)] for r in results]
    if lookup == "changes":
        head = ["recogniser", "recognised", "before", "after", "sources"]
        return head, [[r["recogniser"]["code"], r["recognised"]["code"], r["before"], r["after"], _srcs(r)]
                      for r in results]
    if lookup == "count":
        head = ["certain", "uncertain", "suspended", "of", "recognisers", "uncertain recognisers",
                "suspended recognisers"]
        return head, [[s(r["certain"]), s(r["uncertain"]), s(r.get("suspended", 0)), s(r["of"]),
                       " ".join(r["recognisers"]), " ".join(r["uncertain_recognisers"]),
                       " ".join(r.get("suspended_recognisers", []))] for r in results]
    if lookup == "entities":
        head = ["code", "label", "kind", "governs", "iri"]
        return head, [[r["code"], r["label"], r["kind"], s(r["governs"]).rsplit("/", 1)[-1], r["iri"]]
                      for r in results]
    if lookup == "log":
        head = ["change", "committed", "curator", "added", "removed", "message"]
        return head, [[s(r["sequence"]), r["committed"], r["curator"], s(r["added"]), s(r["removed"]),
                       ("(base) " if r.get("base") else "") + s(r.get("message"))] for r in results]
    if lookup == "corrections":
        head = ["recogniser", "recognised", "known before", "known after", "changes"]
        return head, [[r["recogniser"]["code"], r["recognised"]["code"], "; ".join(r["before"]) or "none",
                       "; ".join(r["after"]) or "none", " ".join(str(c) for c in r["changes"])] for r in results]
    if lookup == "query":
        head = list(answer.get("head", []))
        return head, [[s(r.get(h)) for h in head] for r in results]
    raise ValueError(f"no table layout for lookup {lookup!r}")


def render(answer: dict[str, Any], fmt: str) -> str:
    """The answer as text in ``fmt`` (``table``, ``json`` or ``csv``)."""
    if fmt == "json":
        return json.dumps(answer, indent=2, ensure_ascii=False)
    head, rows = flatten(answer)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(head)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    return _table(answer, head, rows)


def _table(answer: dict[str, Any], head: list[str], rows: list[list[str]]) -> str:
    if head and head[-1] == "sources":
        rows = [[*r[:-1], _brief_sources(r[-1])] for r in rows]
    title = f"as of {answer['as_of']}" if "as_of" in answer else None
    text = table(head, rows, title=title)
    if "next" in answer:  # a page of a longer answer (changes with --limit)
        text += f"\nmore after these: --after {answer['next']}"
    return text


def table(head: list[str], rows: list[list[str]], *, title: str | None = None, max_width: int = 60) -> str:
    """Rows as aligned columns under a header rule (the last column is never cut), for people.

    >>> print(table(["code", "status"], [["RUS", "recognised"]], title="as of 2025-08-01"))
    as of 2025-08-01
    code  status
    ----  ----------
    RUS   recognised
    """
    widths = [min(max([len(h)] + [len(r[i]) for r in rows]), max_width) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(c if i == len(cells) - 1 else c[: widths[i]].ljust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    out = [line(head), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    if not rows:
        out.append("(none)")
    if title:
        out.insert(0, title)
    return "\n".join(out)
