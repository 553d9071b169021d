"""Four curators write while sixteen readers read, for a bounded time: no write is lost, and no
reader ever sees an answer derived from half of one.

Each write adds, in one request, a made-up state that recognises the made-up state QWZ in 2001
and withdraws in 2005. A reader that saw half a write would see a recogniser of QWZ in 2010
(the recognition without its withdrawal), or a recogniser with one act on QWZ's timeline.
Right after its write is answered, a writer reads its own acts back (from whichever worker
takes the request) and gets a new ETag.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

from tests.helpers import PREFIXES, Server, bearer

GRAPH = "https://w3id.org/recognition-kg/graph/source/concurrency"
SETUP = f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
  state:QWZ a rkg:State ; rkg:code "QWZ" ; rdfs:label "Zedland"@en .
  src:qw-example a rkg:Source ; schema:url "https://example.org/qw"^^xsd:anyURI .
}} }}"""
WRITERS, READERS, SECONDS = 4, 16, 12.0


def _one(w: int, i: int) -> str:
    code = f"QW-{w}-{i}"
    act = f"act:qw-{w}-{i}"
    return f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
  state:{code} a rkg:State ; rkg:code "{code}" ; rdfs:label "Test state {w} {i}"@en .
  {act}-r a rkg:Recognition ; rkg:by state:{code} ; rkg:of state:QWZ ; rkg:date "2001-01-01"^^xsd:date ;
      rdfs:label "{code} recognises QWZ"@en ; prov:wasDerivedFrom src:qw-example .
  {act}-w a rkg:Withdrawal ; rkg:by state:{code} ; rkg:of state:QWZ ; rkg:date "2005-01-01"^^xsd:date ;
      rdfs:label "{code} withdraws"@en ; prov:wasDerivedFrom src:qw-example .
}} }}"""


def _post(server: Server, curator: str, text: str) -> tuple[int, bytes]:
    headers = {**bearer(curator, text[:40]), "Content-Type": "application/sparql-update"}
    status, _, body = server.request("POST", "/update", body=(PREFIXES + text).encode(), headers=headers)
    return status, body


def test_concurrent_writers_lose_nothing_and_readers_never_see_half_a_write(curated: Server) -> None:
    assert _post(curated, "alice", SETUP)[0] == 200
    stop = time.monotonic() + SECONDS
    accepted: list[tuple[str, int]] = []  # (state code, change sequence)
    problems: list[str] = []
    reads = Counter[str]()
    lock = threading.Lock()

    def writer(w: int) -> None:
        i = 0
        while time.monotonic() < stop:
            status, body = _post(curated, ("alice", "bob")[w % 2], _one(w, i))
            if status != 200:
                with lock:
                    problems.append(f"write {w}-{i}: {status} {body[:200]!r}")
                return
            code = f"QW-{w}-{i}"
            with lock:
                accepted.append((code, json.loads(body)["change"]["sequence"]))
            # Read your write, from any worker, at once.
            s, headers, tl = curated.request("GET", f"/api/timeline?a={code}")
            if s != 200 or len(json.loads(tl)["results"]) != 2:
                with lock:
                    problems.append(f"write {code} not seen right after its commit: {s} {tl[:200]!r}")
            i += 1

    def reader() -> None:
        while time.monotonic() < stop:
            s, _, body = curated.request("GET", "/api/recognisers?entity=QWZ&as_of=2010-01-01")
            found = json.loads(body)["results"] if s == 200 else []
            late = [r["code"] for r in found if r["status"] != "not_recognised"]
            s2, _, body2 = curated.request("GET", "/api/timeline?a=QWZ")
            per = Counter(r["by"]["code"] for r in json.loads(body2)["results"]) if s2 == 200 else Counter()
            halves = [c for c, n in per.items() if n != 2]
            with lock:
                reads["recognisers"] += 1
                reads["timeline"] += 1
                if s != 200 or s2 != 200:
                    problems.append(f"a read failed: {s} {s2}")
                if late:
                    problems.append(f"recognising QWZ in 2010 (a recognition without its withdrawal): {late}")
                if halves:
                    problems.append(f"half a write on QWZ's timeline: {halves}")

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + 120)
    assert not problems, problems[:5]
    assert len(accepted) >= WRITERS, accepted
    assert reads["timeline"] > READERS
    # No lost update: every accepted write is in the log, once, and in the data.
    _, _, log = curated.request("GET", "/api/log")
    logged = Counter(e["sequence"] for e in json.loads(log)["changes"])
    assert all(logged[seq] == 1 for _, seq in accepted)
    assert len({seq for _, seq in accepted}) == len(accepted)
    _, _, timeline = curated.request("GET", "/api/timeline?a=QWZ")
    per = Counter(r["by"]["code"] for r in json.loads(timeline)["results"])
    assert {code for code, _ in accepted} == set(per) and set(per.values()) == {2}
    s, _, body = curated.request("GET", "/api/recognisers?entity=QWZ&as_of=2003-01-01")
    assert {r["code"] for r in json.loads(body)["results"] if r["status"] == "recognised"} == set(per)
    print(f"{len(accepted)} writes by {WRITERS} writers, {reads['timeline'] * 2} reads by {READERS} readers "
          f"in {SECONDS:g} s")
