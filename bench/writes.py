"""The latency of a one-act curated write, against Oxigraph's own update of the same triples (issue 17).

    python bench/writes.py [--million DIR] [--rounds 10] [--no-http] [--out bench/out]

Each round makes two one-act changes, as a curator would: it adds a recognition between two
made-up states (``INSERT DATA``), then corrects its date (``DELETE/INSERT ... WHERE``). Ours is
the whole curated write: the write lock, the store opened for writing, the candidate, date
bounds, validation, re-derived statuses, one commit with the log's entry, and the readers'
snapshot (``graph.writes``); over HTTP, ``POST /update`` to ``rkg serve --allow-updates``. The
peer is a bare ``pyoxigraph.Store`` kept open, running the same update text (no validation, no
statuses, no log), and over HTTP ``oxigraph serve`` (PyPI ``oxigraph``) on a copy of the same
store. Each works on its own hard-linked checkpoint of the store, so that both start from the
same data.

Stores: the bundled data (built in ``OUT/writes-bundled``) and, with ``--million``, an existing
store of a million synthetic acts (``bench/lookups.py --sizes 1000000`` builds one); at that size
in process only (a server would first read its indexes for minutes). Medians and p90 in ms, and
the ratio ours / peer, printed as Markdown and written to ``OUT/writes.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from endpoints import wait_ready  # noqa: E402

from tests.helpers import PREFIXES  # noqa: E402

GRAPH = "https://w3id.org/recognition-kg/graph/source/bench-writes"
SETUP = PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
  state:QWA a rkg:State ; rkg:code "QWA" ; rdfs:label "Westland"@en .
  state:QWB a rkg:State ; rkg:code "QWB" ; rdfs:label "Eastland"@en .
  src:qw-bench a rkg:Source ; schema:url "https://example.org/qw-bench"^^xsd:anyURI .
}} }}"""


def add(i: int) -> str:
    """Add one act: a recognition between the made-up states, on a day of its own."""
    day = f"{1950 + i // 12:04d}-{1 + i % 12:02d}-01"
    return PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
  act:qw-bench-{i} a rkg:Recognition ; rkg:by state:QWA ; rkg:of state:QWB ; rkg:date "{day}"^^xsd:date ;
      rdfs:label "Westland recognises Eastland ({i})"@en ; prov:wasDerivedFrom src:qw-bench .
}} }}"""


def correct(i: int) -> str:
    """Correct that act's date."""
    day = f"{1950 + i // 12:04d}-{1 + i % 12:02d}-15"
    return PREFIXES + f"""DELETE {{ GRAPH ?g {{ act:qw-bench-{i} rkg:date ?d }} }}
INSERT {{ GRAPH ?g {{ act:qw-bench-{i} rkg:date "{day}"^^xsd:date }} }}
WHERE {{ GRAPH ?g {{ act:qw-bench-{i} rkg:date ?d }} }}"""


def checkpoint(source: Path, target: Path) -> Path:
    """A hard-linked copy of ``source`` (pyoxigraph's backup), the same data for each contender."""
    import pyoxigraph as ox

    if target.exists():
        shutil.rmtree(target)
    for stale in (target.with_name(target.name + ".snapshots"), target.with_name(target.name + ".write-lock")):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    store = ox.Store(str(source))
    store.backup(str(target))
    del store
    return target


def _stats(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {"median": statistics.median(ordered), "p90": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
            "n": len(ordered)}


def in_process(path: Path, peer_path: Path, rounds: int) -> dict[str, dict[str, dict[str, float]]]:
    """Ours (a curated write through graph.writes) and a bare pyoxigraph update, alternating."""
    import pyoxigraph as ox

    from recognition_kg.graph import writes

    with writes.writing(path) as store:
        writes.update(store, SETUP, curator="bench")
    peer = ox.Store(str(peer_path))
    peer.update(SETUP)
    times: dict[str, dict[str, list[float]]] = {"add": {"ours": [], "peer": []}, "correct": {"ours": [], "peer": []}}
    for i in range(rounds):
        for kind, text in (("add", add(i)), ("correct", correct(i))):
            t = time.perf_counter()
            with writes.writing(path) as store:
                change = writes.update(store, text, curator="bench", message=f"{kind} {i}")
            times[kind]["ours"].append((time.perf_counter() - t) * 1000)
            assert change.report.conforms and change.added, change
            t = time.perf_counter()
            peer.update(text)
            peer.flush()
            times[kind]["peer"].append((time.perf_counter() - t) * 1000)
    del peer
    return {kind: {who: _stats(v) for who, v in t.items()} for kind, t in times.items()}


def _post(url: str, text: str, headers: dict[str, str]) -> float:
    req = urllib.request.Request(url, data=text.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-update", **headers})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        r.read()
        assert r.status in (200, 204), r.status
    return (time.perf_counter() - t) * 1000


def over_http(path: Path, peer_path: Path, rounds: int, out: Path) -> dict[str, dict[str, dict[str, float]]]:
    """POST /update to our server and to ``oxigraph serve``, each on its own copy."""
    import socket

    def port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    tokens = out / "bench-tokens"
    tokens.write_text("bench:bench-token-0123456789abcdef\n")
    auth = {"Authorization": "Bearer bench-token-0123456789abcdef"}
    ours_port, peer_port = port(), port()
    ours = subprocess.Popen([sys.executable, "-m", "recognition_kg.api.cli", "--store", str(path), "serve",
                             "--port", str(ours_port), "--allow-updates", "--tokens", str(tokens)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    peer = subprocess.Popen([oxigraph, "serve", "--location", str(peer_path), "--bind", f"127.0.0.1:{peer_port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    times: dict[str, dict[str, list[float]]] = {"add": {"ours": [], "peer": []}, "correct": {"ours": [], "peer": []}}
    try:
        wait_ready(f"http://127.0.0.1:{ours_port}/healthz", ours, 120)
        wait_ready(f"http://127.0.0.1:{peer_port}/", peer, 120)
        _post(f"http://127.0.0.1:{ours_port}/update", SETUP, auth)
        _post(f"http://127.0.0.1:{peer_port}/update", SETUP, {})
        for i in range(rounds):
            for kind, text in (("add", add(1000 + i)), ("correct", correct(1000 + i))):
                times[kind]["ours"].append(_post(f"http://127.0.0.1:{ours_port}/update", text, auth))
                times[kind]["peer"].append(_post(f"http://127.0.0.1:{peer_port}/update", text, {}))
    finally:
        for p in (ours, peer):
            p.terminate()
            p.wait(30)
    return {kind: {who: _stats(v) for who, v in t.items()} for kind, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--million", type=Path, default=None, help="an existing store of 1M synthetic acts")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from recognition_kg.graph.bundle import build
    from recognition_kg.graph.store import open_store

    results: dict[str, object] = {}
    sources: list[tuple[str, Path]] = []
    if not args.no_bundled:
        bundled = args.out / "writes-bundled"
        if not bundled.exists():
            with open_store(bundled) as s:
                build(s)
        sources.append(("bundled", bundled))
    if args.million is not None:
        sources.append(("1M acts", args.million))
    rows = []
    for name, source in sources:
        slug = name.split()[0].lower()
        ours = checkpoint(source, args.out / f"writes-{slug}-ours")
        peer = checkpoint(source, args.out / f"writes-{slug}-peer")
        found: dict[str, object] = {"in process": in_process(ours, peer, args.rounds)}
        if not args.no_http and name == "bundled":
            found["over HTTP"] = over_http(checkpoint(source, args.out / f"writes-{slug}-ours-http"),
                                           checkpoint(source, args.out / f"writes-{slug}-peer-http"),
                                           args.rounds, args.out)
        results[name] = found
        for where, kinds in found.items():
            for kind, who in kinds.items():  # type: ignore[attr-defined]
                o, p = who["ours"], who["peer"]
                rows.append(f"| {name} | {where} | {'add an act' if kind == 'add' else 'correct its date'} | "
                            f"{o['median']:.1f} / {o['p90']:.1f} | {p['median']:.1f} / {p['p90']:.1f} | "
                            f"{o['median'] / p['median']:.1f}x |")
    (args.out / "writes.json").write_text(json.dumps(results, indent=2))
    print("| store | where | one-act change | ours ms (median / p90) | Oxigraph ms (median / p90) | ours / Oxigraph |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
