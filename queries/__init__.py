"""Named SPARQL queries: the ``.rq`` files beside this module, read by the CLI and the API alike.

Each file opens with a header of ``# key: value`` comment lines (``title``, ``description``,
``parameters``) and is a complete query that any SPARQL client can send as it is: a
parameter left unbound takes its documented default (``?asOf`` is today). Parameters are
bound as values (pyoxigraph substitutions, rdflib ``initBindings``), never pasted into the
text, and each appears in the query's projection so that both stores can bind it.
A query never tests a parameter with ``BOUND``: pyoxigraph substitutes the value into the
patterns yet leaves ``BOUND(?param)`` false; ``COALESCE(test, true)`` reads right in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["NamedQuery", "get", "names"]

_HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name, header fields and text."""

    name: str
    title: str
    description: str
    parameters: tuple[str, ...]
    text: str


def names() -> list[str]:
    """The names of the bundled queries.

    >>> "statuses_on" in names()
    True
    """
    return sorted(p.name[:-3] for p in files(__name__).iterdir() if p.name.endswith(".rq"))


@cache
def get(name: str) -> NamedQuery:
    """The named query ``name`` (file ``name.rq``).

    :raises KeyError: when there is no such query.

    >>> get("statuses_on").parameters
    ('asOf', 'recogniser', 'recognised')
    """
    resource = files(__name__).joinpath(f"{name}.rq")
    if not resource.is_file():
        raise KeyError(f"no query named {name!r}; known: {', '.join(names())}")
    text = resource.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        fields[m[1]] = m[2].strip()
    params = tuple(p.strip().split()[0].lstrip("?") for p in fields.get("parameters", "").split(",") if p.strip())
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""), params, text)
