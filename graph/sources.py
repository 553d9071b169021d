"""What kind of page a source is, from its address: official, news, reference, or mirror.

The kinds, best first (an alternative date stands only when a source at least as good as the
best behind the main date gives it):

- ``official``: a government, a foreign ministry, the UN, or an archive of their documents;
- ``news``: a news agency or newspaper;
- ``reference``: an encyclopedia or reference work (Wikipedia, Britannica);
- ``unreviewed``: an address no curator has classed yet (the audit lists them);
- ``mirror``: a copy of another page, a blog, an aggregator, or a proxy in front of a page.

Which host is which kind is the curators' table ``graph/data/source-kinds.csv`` (a host, its
kind and why), with patterns for what no list can name (every ``*.gov.xx``). A host in neither
is ``unreviewed`` until a curator classes it; ``rkg audit`` lists those.

No network: only the host name and path of the URL.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["KINDS", "WeighedDates", "host_kinds", "host_of", "is_proxy_or_sandbox", "rank", "source_kind",
           "weigh_dates"]

KINDS = ("official", "news", "reference", "unreviewed", "mirror")

# Hosts by pattern, where no list could name them all: every government's domain, every copy of
# a wiki dump. Named hosts live in the curators' table (graph/data/source-kinds.csv).
_PATTERNS = (
    ("official", re.compile(r"(^|\.)((gov|gob|gouv)\.[a-z]{2}|(mfa|mofa)\.[a-z.]+)$")),
    ("mirror", re.compile(r"(^|\.)(kiwix|friendlywiki|reddit)\.[a-z.]+$")),
)
_PROXY = re.compile(r"oszar\.com|workers\.dev|gtool\.pro|paperai\.life|/wiki/[^/]*/?User:|[/:]User:[^/]*/sandbox",
                    re.IGNORECASE)


@cache
def host_kinds() -> dict[str, str]:
    """The curators' table of hosts and their kinds (``host, kind, why``): a host names itself
    and every host under it (``gov`` every ``*.gov``, ``bbc.co.uk`` ``news.bbc.co.uk``)."""
    path = Path(__file__).parent / "data" / "source-kinds.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["host"]: row["kind"] for row in csv.DictReader(fh)}


def host_of(url: str) -> str:
    """The host a kind is looked up by: lower case, without ``www.`` or a trailing dot.

    >>> host_of("https://WWW.en.m.wikipedia.org./wiki/X")
    'en.m.wikipedia.org'
    """
    return (urlsplit(url).hostname or "").lower().removeprefix("www.").rstrip(".")


def source_kind(url: str) -> str:
    """The kind of a source, from its URL (see the module's list).

    >>> [source_kind(u) for u in ("https://history.state.gov/historicaldocuments/frus1913/d102",
    ...                           "https://www.b92.net/eng/news", "https://en.wikipedia.org/wiki/Kosovo",
    ...                           "https://wikimili.com/en/Kosovo", "https://example.org/page")]
    ['official', 'news', 'reference', 'mirror', 'unreviewed']
    """
    host = host_of(url)
    if _PROXY.search(url):
        return "mirror"
    table = host_kinds()
    labels = host.split(".")
    for i in range(len(labels)):
        kind = table.get(".".join(labels[i:]))
        if kind is not None:
            return kind
    for kind, pattern in _PATTERNS:
        if pattern.search(host):
            return kind
    return "unreviewed"


def rank(kind: str) -> int:
    """How good a kind of source is: 0 is best (official).

    >>> rank("official") < rank("news") < rank("reference") < rank("mirror")
    True
    """
    return KINDS.index(kind)


def is_proxy_or_sandbox(url: str) -> bool:
    """Whether the URL is a proxy in front of another page, or a user's sandbox on a wiki.

    >>> is_proxy_or_sandbox("https://www.how.com.vn/wiki/en/User:Pixius/sandbox")
    True
    """
    return bool(_PROXY.search(url))



@dataclass(frozen=True)
class WeighedDates:
    """An act's dates after weighing the sources behind each.

    ``kept``: the dates the answers use (the main date and the alternatives as well sourced);
    ``set_aside``: dates only weaker sources give, kept for the record and used by no answer.
    """

    kept: list[str]
    set_aside: list[str]


def weigh_dates(dates: Sequence[str], sources: Sequence[str],
                date_sources: Sequence[Sequence[int]]) -> WeighedDates:
    """Keep an alternative date only where a source at least as good as the best one behind
    the main date gives it (issue 13, rule 8).

    ``date_sources[i]`` lists the 1-based positions in ``sources`` of the pages that give
    ``dates[i]``. The main date is the one the best source gives; ties keep every date so
    sourced, and the answers then say ``uncertain`` between them, as they should.

    >>> weigh_dates(["1972-09-29", "1972-09-27"],
    ...             ["https://www.taipeitimes.com/a", "https://kiwix.example.nl/wikipedia_en/A/b"], [[1], [2]])
    WeighedDates(kept=['1972-09-29'], set_aside=['1972-09-27'])
    >>> weigh_dates(["2008-02-17", "2008-02-18"],
    ...             ["https://en.wikipedia.org/a", "https://de.wikipedia.org/b"], [[1], [2]])
    WeighedDates(kept=['2008-02-17', '2008-02-18'], set_aside=[])
    """
    if len(date_sources) != len(dates):
        raise ValueError(f"{len(dates)} date(s) but {len(date_sources)} group(s) of sources")
    best = []
    for group in date_sources:
        if not group or any(not 1 <= i <= len(sources) for i in group):
            raise ValueError(f"source positions {list(group)} must name 1 to {len(sources)}")
        best.append(min(rank(source_kind(sources[i - 1])) for i in group))
    top = min(best)
    return WeighedDates([d for d, b in zip(dates, best, strict=True) if b == top],
                        [d for d, b in zip(dates, best, strict=True) if b != top])
