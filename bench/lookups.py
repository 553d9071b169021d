"""Every lookup, in process and over HTTP, against the peers asked the same question (issue 14).

    python bench/lookups.py [--sizes 100000 1000000] [--no-bundled] [--no-http] [--rdflib-at 100000]
                            [--seconds 1.0] [--duration 5] [--connections 8] [--out bench/out]

For the bundled data and for synthetic data of each size (recognition_kg.graph.synthetic, with
derived statuses) it asks every lookup of the CLI and the JSON API: recognisers, recognised-by,
status, the timeline of a pair and of one party, changes over a year and over thirty years,
count, the entities search, the map's series, and the export of one day and of a range.

- In process: the engine's function (``graph.asof``, ``graph.export``) on an in-memory store,
  against the same question asked of a bare ``pyoxigraph.Store`` holding the same quads as one
  SPARQL query (the engine's own named query where it has one, else ``bench/peers/*.rq``): the
  difference is what the engine adds around the store. Median and p99 of repeated calls.
- Over HTTP: this server's JSON route (``rkg serve``) against ``oxigraph serve-read-only`` on
  the same store directory answering the peer query, and ``rdflib-endpoint`` at one size,
  each server alone while it is measured, driven by wrk (Debian ``wrk``; a plain Python client
  when it is missing). Requests per second and p50/p99.

One table, with the ratios (peer time / our time in process; our rate / the peer's over HTTP:
above 1 means we are faster), printed as Markdown and written to ``OUT/lookups.json``. Never part
of ``make test``; ``tests/test_bench_lookups.py`` runs it on tiny data so that it cannot rot.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import math
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402
from endpoints import free_port, start, stop, synthetic_store, wait_indexed  # noqa: E402
from rdflib import Literal, URIRef  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from recognition_kg import queries  # noqa: E402
from recognition_kg.graph import asof, saved_index  # noqa: E402
from recognition_kg.graph.act_index import ActIndex  # noqa: E402
from recognition_kg.graph.bundle import build, open_bundled  # noqa: E402
from recognition_kg.graph.entities import Catalogue, catalogue, resolve_all  # noqa: E402
from recognition_kg.graph.export import records, render  # noqa: E402
from recognition_kg.graph.saved_index import Indexes  # noqa: E402
from recognition_kg.graph.series import series  # noqa: E402
from recognition_kg.graph.status_index import StatusIndex, keep_for_the_process  # noqa: E402
from recognition_kg.graph.store import Store, bind, open_store  # noqa: E402

BIN = Path(sys.executable).parent
PEERS = HERE / "peers"
PRELOAD_MAX_QUADS = 2_000_000
PAGE = 1000  # /api/changes's page (api/lookups.py)


@dataclass(frozen=True)
class Params:
    """What to ask of one data set: the entities and days of every question."""

    entity: str
    state: str
    pair: tuple[str, str]
    timeline_pair: tuple[str, str]
    party: str
    day: dt.date
    year: tuple[dt.date, dt.date]
    thirty_years: tuple[dt.date, dt.date]
    group: str
    text: str


BUNDLED = Params(entity="XKX", state="FRA", pair=("PAK", "AFG-IEA-1996"), timeline_pair=("PAK", "AFG"),
                 party="RUS", day=dt.date(2010, 6, 1), year=(dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
                 thirty_years=(dt.date(1990, 1, 1), dt.date(2020, 1, 1)), group="un", text="kos")
SYNTHETIC = Params(entity="XB00000", state="QA001", pair=("QA001", "XB00000"), timeline_pair=("QA001", "XB00000"),
                   party="XB00000", day=dt.date(1990, 1, 1), year=(dt.date(1990, 1, 1), dt.date(1990, 12, 31)),
                   thirty_years=(dt.date(1970, 1, 1), dt.date(2000, 1, 1)), group="states", text="xb0000")


def _st(i: Indexes | None) -> StatusIndex | None:
    return i.status if i else None


def _acts(i: Indexes | None) -> ActIndex | None:
    return i.acts if i else None


@dataclass(frozen=True)
class Question:
    """One lookup: the engine's call, its HTTP route, and the peer's SPARQL for the same question."""

    name: str
    run: Callable[[Store, Catalogue, Indexes | None], object]
    path: str
    peer: str


def _day(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _peer(name: str, bindings: dict[str, Any]) -> str:
    text = (PEERS / f"{name}.rq").read_text() if (PEERS / f"{name}.rq").exists() else queries.get(name).text
    return bind(text, bindings)[0]


def _iris(cat: Catalogue, name: str) -> list[URIRef]:
    """An entity and every government of it, as the timeline folds them in."""
    sides = {e.iri for e in resolve_all(cat, name)}
    return sorted(URIRef(i) for i in sides | {e.iri for e in cat.entities if e.governs in sides})


def questions(cat: Catalogue, p: Params) -> list[Question]:
    """Every lookup, asked of the data that ``p`` describes."""
    one = {e: URIRef(resolve_all(cat, e)[0].iri) for e in (p.entity, p.state, *p.pair)}
    q = urllib.parse.urlencode
    a, b = p.timeline_pair
    return [
        Question("recognisers", lambda s, c, i: asof.recognisers(s, p.entity, p.day, cat=c, index=_st(i)),
                 "/api/recognisers?" + q({"entity": p.entity, "as_of": p.day}),
                 _peer("statuses_on", {"recognised": one[p.entity], "asOf": _day(p.day)})),
        Question("recognised-by", lambda s, c, i: asof.recognised_by(s, p.state, p.day, cat=c, index=_st(i)),
                 "/api/recognised-by?" + q({"state": p.state, "as_of": p.day}),
                 _peer("statuses_on", {"recogniser": one[p.state], "asOf": _day(p.day)})),
        Question("status", lambda s, c, i: asof.status(s, p.pair[0], p.pair[1], p.day, cat=c, index=_st(i)),
                 "/api/status?" + q({"recogniser": p.pair[0], "recognised": p.pair[1], "as_of": p.day}),
                 _peer("statuses_on", {"recogniser": one[p.pair[0]], "recognised": one[p.pair[1]],
                                       "asOf": _day(p.day)})),
        Question("timeline of a pair", lambda s, c, i: asof.timeline(s, a, b, cat=c, acts_index=_acts(i)),
                 "/api/timeline?" + q({"a": a, "b": b}),
                 _peer("timeline_pair", {"a": _iris(cat, a), "b": _iris(cat, b)})),
        Question("timeline of a party", lambda s, c, i: asof.timeline(s, p.party, cat=c, acts_index=_acts(i)),
                 "/api/timeline?" + q({"a": p.party}),
                 _peer("timeline_party", {"party": _iris(cat, p.party)})),
        # As /api/changes answers: a page of 1000 (the peer: the first 1000 candidate pairs in the
        # same order); and the whole thirty years, as `rkg changes` prints it (in process only).
        Question("changes over a year", lambda s, c, i: asof.changes(s, *p.year, cat=c, index=_st(i), limit=PAGE),
                 "/api/changes?" + q({"from": p.year[0], "to": p.year[1]}),
                 _peer("changes_page", {"from": _day(p.year[0]), "to": _day(p.year[1])})),
        Question("changes over 30 years", lambda s, c, i: asof.changes(s, *p.thirty_years, cat=c, index=_st(i),
                                                                        limit=PAGE),
                 "/api/changes?" + q({"from": p.thirty_years[0], "to": p.thirty_years[1]}),
                 _peer("changes_page", {"from": _day(p.thirty_years[0]), "to": _day(p.thirty_years[1])})),
        Question("changes over 30 years, whole", lambda s, c, i: asof.changes(s, *p.thirty_years, cat=c,
                                                                               index=_st(i)),
                 "", _peer("changes", {"from": _day(p.thirty_years[0]), "to": _day(p.thirty_years[1])})),
        Question("count", lambda s, c, i: asof.count(s, p.entity, p.day, group=p.group, cat=c, index=_st(i)),
                 "/api/count?" + q({"entity": p.entity, "as_of": p.day, "group": p.group}),
                 _peer("count", {"recognised": one[p.entity], "asOf": _day(p.day)})),
        Question("entities search", lambda s, c, i: asof.entities(c, p.text),
                 "/api/entities?" + q({"text": p.text}),
                 _peer("entities", {"text": Literal(p.text)})),
        Question("the map's series", lambda s, c, i: series(s, p.entity, cat=c, index=_st(i)),
                 "/api/series?" + q({"entity": p.entity}),
                 _peer("series", {"recognised": one[p.entity]})),
        Question("export of a day", lambda s, c, i: render(records(s, as_of=p.day, cat=c, index=_st(i)), "json"),
                 "/api/export?" + q({"as_of": p.day, "format": "json"}),
                 _peer("network", {"from": _day(p.day), "to": _day(p.day)})),
        Question("export of 30 years", lambda s, c, i: render(records(s, start=p.thirty_years[0],
                                                                       end=p.thirty_years[1], cat=c, index=_st(i)),
                                                               "json"),
                 "/api/export?" + q({"from": p.thirty_years[0], "to": p.thirty_years[1], "format": "json"}),
                 _peer("network", {"from": _day(p.thirty_years[0]), "to": _day(p.thirty_years[1])})),
    ]


# ------------------------------------------------------------------ data sets


@dataclass
class DataSet:
    """A store to ask, its on-disk twin for the servers, and what to ask of it."""

    name: str
    acts: int | None
    store: Store
    directory: Path
    params: Params
    union: Path | None = None
    index_read_s: float | None = None
    index_load_s: float | None = None
    results: dict[str, dict[str, Any]] = field(default_factory=dict)


def bundled_set(out: Path) -> DataSet:
    directory = out / "lookups-bundled"
    open_bundled(directory, read_only=True).close()  # built when missing; a writable open changes its version
    return DataSet("bundled", None, build(open_store()), directory, BUNDLED)


def synthetic_set(acts: int, out: Path) -> DataSet:
    directory = synthetic_store(acts, out / f"lookups-{acts}", out)
    # The same footing as the server: an in-memory copy up to 2M quads, the store on disk beyond.
    disk = open_store(directory, read_only=True)
    if len(disk) <= PRELOAD_MAX_QUADS:
        with disk:
            return DataSet(f"{acts:,} acts", acts, disk.in_memory_copy(), directory, SYNTHETIC)
    return DataSet(f"{acts:,} acts", acts, disk, directory, SYNTHETIC)


# ------------------------------------------------------------------ in process


def _timed(call: Callable[[], object], seconds: float, at_least: int = 5, once_past: float | None = 60) -> list[float]:
    t = time.perf_counter()
    call()  # warm: caches, compiled regexes, the store's pages; ours: the edges the index keeps
    warm = time.perf_counter() - t
    if once_past is not None and warm > once_past:
        return [warm]  # a lookup of minutes (a peer's whole network at 1M acts): once tells enough
    if warm > 5 * seconds:
        at_least = 3  # a lookup of many seconds: three runs tell enough
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(times) < at_least or (time.perf_counter() < deadline and len(times) < 1000):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return times


def _summary_ms(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 3), "p99_ms": round(p99 * 1000, 3),
            "runs": len(ordered)}


def in_process(ds: DataSet, seconds: float, queries_too: bool = True, peer_too: bool = True,
               remote: Store | None = None) -> None:
    if not peer_too:
        peer = None
    elif len(ds.store) <= PRELOAD_MAX_QUADS:
        peer = ox.Store()
        peer.bulk_load(ds.store.dump("nq"), ox.RdfFormat.N_QUADS)
    else:  # both on disk, read-only: the same files
        peer = ox.Store.read_only(str(ds.directory))
    cat = catalogue(ds.store)
    t = time.perf_counter()
    index = saved_index.read(ds.store)  # as a server's worker does (api/runtime.py)
    index.status.prepare()  # and works out what lookups would on first use
    asof.change_order(index.status, cat)
    keep_for_the_process()  # as a server's worker does once its indexes are read
    ds.index_read_s = round(time.perf_counter() - t, 3)
    # Saved beside the disk twin and loaded again, as a restarted worker or a lookup command does.
    with open_store(ds.directory, read_only=True) as disk:
        where, version = saved_index.location(disk)
    saved_index.save(where, version, index)
    t = time.perf_counter()
    loaded = saved_index.load(where, version)
    ds.index_load_s = round(time.perf_counter() - t, 3) if loaded is not None else None
    del loaded
    print(f"  {ds.name}: status and act indexes read in {ds.index_read_s} s, loaded from the saved file in "
          f"{ds.index_load_s} s", file=sys.stderr, flush=True)
    for question in questions(cat, ds.params):
        # Asked twice: as a one-shot command asks (the named queries), and as the server answers
        # (from the status index its workers read once).
        ours = (_summary_ms(_timed(lambda q=question: q.run(ds.store, cat, None), seconds)) if queries_too
                else None)
        # From the index, always timed after its warm-up, however long that took (at 1M acts the
        # first range export makes and keeps 600k edges: a minute, once per process).
        indexed = _summary_ms(_timed(lambda q=question: q.run(ds.store, cat, index), seconds, once_past=None))
        theirs = (_summary_ms(_timed(lambda q=question: sum(1 for _ in peer.query(q.peer,
                                                                                 use_default_graph_as_union=True)),
                                     seconds)) if peer is not None else _NOT_RUN)
        # Over a remote store (``oxigraph serve`` holding the same quads): the named queries,
        # each a request, as a process with no index asks them (graph/remote_store.py).
        far = (_summary_ms(_timed(lambda q=question: q.run(remote, cat, None), seconds))
               if remote is not None else None)
        ds.results.setdefault(question.name, {}).update({"in_process": ours, "indexed": indexed,
                                                         "oxigraph_in_process": theirs, "remote": far})
        print(f"  {ds.name}: {question.name}: {ours['median_ms'] if ours else '-'} ms, "
              f"from the index {indexed['median_ms']} ms "
              f"(Oxigraph {theirs['median_ms']} ms)", file=sys.stderr, flush=True)


@contextlib.contextmanager
def remote_twin(ds: DataSet, out: Path, engine: str = "oxigraph") -> Iterator[Store]:
    """A remote store holding the data set's quads (graph/remote_store.py): ``oxigraph serve``
    in memory, or Virtuoso 7 with a database of its own (the test suite's fixture), on free
    ports; stopped when the block ends."""
    import socket
    import tempfile

    from recognition_kg.graph.remote_store import RemoteStore

    if engine == "virtuoso":
        sys.path.insert(0, str(HERE.parent))
        from tests.helpers import VIRTUOSO_CURATOR, start_virtuoso, stop_process

        with tempfile.TemporaryDirectory(dir=out) as tmp:
            virtuoso, url = start_virtuoso(Path(tmp))
            try:
                with RemoteStore(url + "#dialect=virtuoso", auth=VIRTUOSO_CURATOR, timeout=120) as store:
                    store.load(ds.store.dump("nq"), "nq")
                    yield store
            finally:
                stop_process(virtuoso)
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        store = RemoteStore(f"http://127.0.0.1:{port}/query")
        store.load(ds.store.dump("nq"), "nq")
        yield store
        store.close()
    finally:
        process.terminate()
        process.wait(30)


# ------------------------------------------------------------------ over HTTP


def _python_load(host: str, port: int, path: str, duration: float, headers: dict[str, str]) -> dict[str, float]:
    """A plain one-connection client, where wrk is missing (rates then mean little)."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    times, statuses = [], set()
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline or not times:
        t = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        statuses.add(response.status)
        times.append(time.perf_counter() - t)
    conn.close()
    s = _summary_ms(times)
    return {"rps": round(len(times) / sum(times), 1), "p50_ms": s["median_ms"], "p99_ms": s["p99_ms"],
            "non_2xx": sum(1 for code in statuses if code >= 300), "driver": "python"}


def _load(base: str, path: str, args: argparse.Namespace, accept: str) -> dict[str, float]:
    url = base + path
    if args.driver == "python" or shutil.which("wrk") is None:
        parts = urllib.parse.urlsplit(url)
        return _python_load(parts.hostname or "127.0.0.1", parts.port or 80,
                            parts.path + "?" + parts.query, args.duration, {"Accept": accept})
    from endpoints import wrk

    load = argparse.Namespace(threads=2, connections=args.connections, duration=max(1, round(args.duration)))
    result = wrk(url, load, accept=accept)
    return {**result, "driver": "wrk"}


def _settle(url: str, deadline_s: float = 600) -> None:
    """Wait until ``url`` answers within 50 ms three times in a row: the server is idle."""
    deadline, quick = time.monotonic() + deadline_s, 0
    while quick < 3 and time.monotonic() < deadline:
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                r.read()
        except OSError:
            quick = 0
            continue
        quick = quick + 1 if time.perf_counter() - t < 0.05 else 0


def over_http(ds: DataSet, args: argparse.Namespace) -> None:
    """Each lookup's rate from our server and from each peer, all started at once and each driven
    alone in turn: round after round, ours then each peer on the same question, so that the
    shared machine's load falls on both sides alike; the median rate of the rounds is kept."""
    cat = catalogue(ds.store)
    asked = questions(cat, ds.params)
    # What an idle server answers at once: our index page (not /healthz, which counts the
    # store's statuses), a peer's empty ASK.
    ask_nothing = Question("idle", lambda s, c, i: None, "/", "ASK {}")
    port = free_port()
    servers = [start([str(BIN / "rkg"), "--store", str(ds.directory), "serve", "--port", str(port)],
                     f"http://127.0.0.1:{port}/healthz", 600)]
    routes: dict[str, tuple[str, Callable[[Question], str], str]] = {
        "http": (f"http://127.0.0.1:{port}", lambda q: q.path, "application/json")}
    try:
        wait_indexed(f"http://127.0.0.1:{port}")
        peers = [("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(ds.directory),
                               "--bind", "{addr}", "--union-default-graph"], "/query")]
        if ds.acts == args.rdflib_at and shutil.which(str(BIN / "rdflib-endpoint")):
            union = ds.directory.parent / f"lookups-union-{ds.acts}.nt"
            if not union.exists():
                union.write_bytes(ds.store.dump("nt", union=True))
            peers.append(("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", str(union), "--host",
                                              "127.0.0.1", "--port", "{port}"], "/"))
        for name, command, route in peers:
            if name not in args.peers:
                continue
            if not Path(command[0]).exists():
                print(f"({name} is not installed: pip install -e '.[bench]')", file=sys.stderr)
                continue
            peer_port = free_port()
            cmd = [c.replace("{addr}", f"127.0.0.1:{peer_port}").replace("{port}", str(peer_port)) for c in command]
            ask = urllib.parse.quote("ASK {}")
            servers.append(start(cmd, f"http://127.0.0.1:{peer_port}{route}?query={ask}", 3600))
            routes[name] = (f"http://127.0.0.1:{peer_port}",
                            lambda q, r=route: r + "?query=" + urllib.parse.quote(q.peer),
                            "application/sparql-results+json")
        for question in asked:
            if not question.path:  # asked in process only
                continue
            rounds: dict[str, list[dict[str, float]]] = {name: [] for name in routes}
            for _ in range(args.rounds):
                for name, (base, path, accept) in routes.items():
                    rounds[name].append(_load(base, path(question), args, accept))
                    # A server may still be answering what the load generator gave up on (a
                    # whole-world answer takes seconds): the next measurement waits until it is idle.
                    _settle(base + ("/" if name == "http" else path(ask_nothing)))
            for name, results in rounds.items():
                ds.results[question.name][name] = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
    finally:
        for server in servers:
            stop(server)


# ------------------------------------------------------------------ the CLI's wall time


CLI_COMMANDS = (["timeline", "PAK", "AFG"], ["status", "PAK", "AFG-IEA-1996", "--as-of", "1999-01-01"],
                ["count", "XKX", "--as-of", "2020-01-01"])


def cli_wall(directory: Path, runs: int) -> dict[str, dict[str, float]]:
    """Whole-command wall time of the CLI's lookups on the bundled store (python start, imports,
    opening the store, the answer), against a bare interpreter that imports pyoxigraph and rdflib
    (the floor no Python CLI over this store can go under), run in turns so that the machine's
    load falls on each alike.

    A first run of each is not timed: it warms the page cache, writes Python's bytecode and
    saves the store's indexes, as a user's first command does. Python is left to write its
    bytecode, as it does by default (an environment that forbids it would measure compiling
    every module on every call)."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {"python -c 'import pyoxigraph, rdflib'": [sys.executable, "-c", "import pyoxigraph, rdflib"]}
    commands.update({"rkg " + " ".join(args[:3]): [str(BIN / "rkg"), "--store", str(directory), *args]
                     for args in CLI_COMMANDS})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        subprocess.run(cmd, capture_output=True, check=True, env=env)
    for _ in range(runs):
        for name, cmd in commands.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - t)
    return {name: _summary_ms(ts) for name, ts in times.items()}


# ------------------------------------------------------------------ the table


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b and not (math.isnan(a) or math.isnan(b)) else "-"


def _ms(summary: dict[str, float]) -> str:
    if math.isnan(summary["median_ms"]):
        return "-"
    return f"{summary['median_ms']:.2f} / {summary['p99_ms']:.2f}"


_NOT_RUN = {"median_ms": float("nan"), "p99_ms": float("nan")}


def table(sets: list[DataSet]) -> str:
    """The one table: per data set and lookup, in process and over HTTP, with the ratios."""
    lines = ["| data | lookup | ours, named queries: median / p99 ms | ours, status index: median / p99 ms "
             "| Oxigraph in process: median ms | ratio (queries) | ratio (index) "
             "| ours over HTTP: req/s (p99 ms) | Oxigraph server: req/s | ratio | rdflib-endpoint: req/s "
             "| ours over the remote store: median / p99 ms | ratio (embedded / remote) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for ds in sets:
        for name, r in ds.results.items():
            ours, peer = r["in_process"] or _NOT_RUN, r["oxigraph_in_process"]
            indexed = r.get("indexed", ours)
            http_ours, http_oxi, http_rdf = r.get("http"), r.get("oxigraph"), r.get("rdflib-endpoint")
            rate = f"{http_ours['rps']:.0f} ({http_ours['p99_ms']:.1f})" if http_ours else "-"
            oxi = f"{http_oxi['rps']:.0f}" if http_oxi else "-"
            rdf = f"{http_rdf['rps']:.1f}" if http_rdf else "-"
            over_http = _ratio(http_ours["rps"] if http_ours else None, http_oxi["rps"] if http_oxi else None)
            lines.append(
                f"| {ds.name} | {name} | {_ms(ours)} | {_ms(indexed)} | {peer['median_ms']:.2f} "
                f"| {_ratio(peer['median_ms'], ours['median_ms'])} | {_ratio(peer['median_ms'], indexed['median_ms'])} "
                f"| {rate} | {oxi} | {over_http} | {rdf} "
                f"| {_ms(r['remote']) if r.get('remote') else '-'} "
                f"| {_ratio(ours['median_ms'], r['remote']['median_ms']) if r.get('remote') else '-'} |")
    lines.append("")
    lines += [f"status and act indexes of {ds.name} read in {ds.index_read_s} s, loaded from the saved file in "
              f"{ds.index_load_s} s" for ds in sets if ds.index_read_s is not None]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--index-only", action="store_true",
                        help="in process, time only the status index's answers (the named queries take minutes at 1M)")
    parser.add_argument("--no-peer-in-process", action="store_true",
                        help="in process, leave Oxigraph out (its whole-network queries take many minutes at 1M)")
    parser.add_argument("--rdflib-at", type=int, default=100_000, help="the one size rdflib-endpoint is asked at")
    parser.add_argument("--seconds", type=float, default=1.0, help="in process: time spent on each lookup")
    parser.add_argument("--duration", type=float, default=3,
                        help="over HTTP: seconds of load on each route, each round")
    parser.add_argument("--driver", choices=["wrk", "python"], default="wrk",
                        help="the load generator (python: one connection, where wrk is missing)")
    parser.add_argument("--peers", nargs="*", default=["oxigraph", "rdflib-endpoint"],
                        help="the servers to compare with over HTTP (those installed)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--remote", nargs="?", const="oxigraph", default=None, choices=["oxigraph", "virtuoso"],
                        help="also ask each lookup of a remote store holding the same quads: oxigraph serve "
                             "(the default) or Virtuoso 7")
    parser.add_argument("--rounds", type=int, default=3,
                        help="over HTTP: rounds of ours-then-each-peer on each lookup (the median is kept)")
    parser.add_argument("--cli-runs", type=int, default=10, help="runs of each CLI command (bundled data)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sets: list[DataSet] = []
    makers: list[Callable[[], DataSet]] = [] if args.no_bundled else [lambda: bundled_set(args.out)]
    makers += [lambda n=n: synthetic_set(n, args.out) for n in args.sizes]
    for make in makers:
        ds = make()
        if args.remote:
            with remote_twin(ds, args.out, args.remote) as far:
                in_process(ds, args.seconds, queries_too=not args.index_only, peer_too=not args.no_peer_in_process,
                           remote=far)
        else:
            in_process(ds, args.seconds, queries_too=not args.index_only, peer_too=not args.no_peer_in_process)
        if not args.no_http:
            over_http(ds, args)
        sets.append(ds)
        print(f"{ds.name}: done", file=sys.stderr)
        # Written after each data set, so that a long run that is stopped keeps what it measured.
        (args.out / "lookups.json").write_text(json.dumps(
            {"argv": sys.argv[1:], "sets": {d.name: d.results for d in sets}}, indent=2) + "\n")
    walls = cli_wall(sets[0].directory, args.cli_runs) if sets and sets[0].acts is None and args.cli_runs else {}
    summary = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "argv": sys.argv[1:],
               "sets": {ds.name: ds.results for ds in sets}, "cli_wall": walls}
    (args.out / "lookups.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(table(sets))
    if walls:
        print("\n| command (bundled store) | wall median ms | p99 ms |\n| --- | ---: | ---: |")
        for name, w in walls.items():
            print(f"| `{name}` | {w['median_ms']:.0f} | {w['p99_ms']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
