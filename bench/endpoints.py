"""HTTP benchmark: the as-of query through this server, Oxigraph server and rdflib-endpoint.

    python bench/endpoints.py [--acts 100000] [--duration 10] [--connections 8] [--threads 2]

One run, same machine, same data (synthetic acts from recognition_kg.graph.synthetic with their derived
statuses), same SPARQL query (queries/statuses_on.rq bound to one claimant and one day), each
server alone while it is measured, driven by wrk (Debian package ``wrk``) with several
concurrent connections. Also measures this server's JSON as-of API on the same question.
Prints requests per second and p50/p99 latency of each, the ratios, and writes
bench/out/endpoints.json. Peers: ``oxigraph serve-read-only`` (PyPI ``oxigraph``, the same
store directory), ``oxigraph serve`` holding the same triples in memory (this server's executors
copy a store of up to ``preload_max_quads`` into memory, so this is the peer of the same engine
on the same storage tier) and ``rdflib-endpoint serve`` (PyPI ``rdflib-endpoint``, the same
triples).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent

from rdflib import Literal, URIRef  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from recognition_kg import queries  # noqa: E402
from recognition_kg.graph.load import load_ontology  # noqa: E402
from recognition_kg.graph.statuses import derive_all  # noqa: E402
from recognition_kg.graph.store import bind, open_store  # noqa: E402
from recognition_kg.graph.synthetic import cached  # noqa: E402
from recognition_kg.ontology import source_graph  # noqa: E402

OUT = HERE / "out"
ENTITY = "XB00007"
DAY = "1990-01-01"
BIN = Path(sys.executable).parent


def synthetic_store(acts: int, directory: Path, out: Path = OUT) -> Path:
    """An on-disk store of ``acts`` synthetic acts with their derived statuses, built once
    (a ``done`` file marks it finished, so a run stopped midway builds it again)."""
    if not (directory / "done").exists():
        data = cached(acts, out)
        shutil.rmtree(directory, ignore_errors=True)
        with open_store(directory) as store:
            load_ontology(store)
            store.bulk_load(data, "nt", source_graph("bench"))
            derive_all(store)
        (directory / "done").write_text("ok\n")
    return directory


def build_store(acts: int) -> tuple[Path, Path]:
    """An on-disk store of ``acts`` synthetic acts, and the same triples as one N-Triples file."""
    store_dir, union = synthetic_store(acts, OUT / f"http-store-{acts}"), OUT / f"http-union-{acts}.nt"
    if not union.exists():
        with open_store(store_dir, read_only=True) as store, union.open("wb") as fh:
            for graph in store.named_graphs():
                fh.write(store.dump("nt", graph))
    return store_dir, union


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} stopped with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {deadline_s} s")


def start(cmd: list[str], ready: str, deadline_s: float = 600) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_ready(ready, process, deadline_s)
    except BaseException:
        stop(process)  # never leave a server running behind a failed start
        raise
    return process


def wait_indexed(base: str, deadline_s: float = 900, in_a_row: int = 20) -> None:
    """Wait until the server's workers answer from their status indexes (each worker reads its own
    in the background after start-up, and answers from the named queries meanwhile): until
    ``in_a_row`` health checks in a row, answered by whichever worker, say so."""
    deadline, streak = time.monotonic() + deadline_s, 0
    while streak < in_a_row:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base}: the indexes were not read within {deadline_s:.0f} s")
        with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
            ready = json.load(r).get("indexes") == "ready"
        streak = streak + 1 if ready else 0
        if not ready:
            time.sleep(0.5)  # a poll with a deadline: the indexes take seconds to minutes


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def load_into(url: str, triples: Path) -> None:
    """PUT an N-Triples file into a Graph Store Protocol endpoint (streamed from disk)."""
    with triples.open("rb") as body:
        req = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": "application/n-triples", "Content-Length": str(triples.stat().st_size)})
        with urllib.request.urlopen(req, timeout=1800) as resp:
            resp.read()


def rows_of(url: str, query: str) -> int:
    req = urllib.request.Request(url, data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return len(json.load(r)["results"]["bindings"])


def wrk(url: str, args: argparse.Namespace, body: str | None = None, accept: str | None = None) -> dict[str, float]:
    script = OUT / "post.lua"
    if body is not None:
        script.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/sparql-query"\n'
                          'wrk.headers["Accept"] = "application/sparql-results+json"\n'
                          f"wrk.body = [==[{body}]==]\n")
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
           "--timeout", "60s", *(["-s", str(script)] if body is not None else []),
           *(["-H", f"Accept: {accept}"] if accept and body is None else []), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out)[1])  # type: ignore[index]

    def pct(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([0-9.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m[2]]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": pct("50"), "p99_ms": pct("99"), "non_2xx": int(errors[1]) if errors else 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-rdflib", action="store_true", help="leave rdflib-endpoint out (it loads slowly)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    store_dir, union = build_store(args.acts)
    iri = f"https://w3id.org/recognition-kg/id/state/{ENTITY}"
    query, _ = bind(queries.get("statuses_on").text,
                    {"recognised": URIRef(iri), "asOf": Literal(DAY, datatype=XSD.date)})
    results: dict[str, dict[str, float]] = {}

    port = free_port()
    ours = start([str(BIN / "rkg"), "--store", str(store_dir), "serve", "--port", str(port)],
                 f"http://127.0.0.1:{port}/healthz", 600)
    try:
        wait_indexed(f"http://127.0.0.1:{port}")
        url = f"http://127.0.0.1:{port}/sparql"
        expected = rows_of(url, query)
        results["recognition-kg /sparql"] = wrk(url, args, query)
        api = f"http://127.0.0.1:{port}/api/recognisers?" + urllib.parse.urlencode({"entity": ENTITY, "as_of": DAY})
        results["recognition-kg /api/recognisers"] = wrk(api, args)
    finally:
        stop(ours)

    port = free_port()
    oxi = start([str(BIN / "oxigraph"), "serve-read-only", "--location", str(store_dir), "--bind",
                 f"127.0.0.1:{port}", "--union-default-graph"], f"http://127.0.0.1:{port}/", 120)
    try:
        url = f"http://127.0.0.1:{port}/query"
        assert rows_of(url, query) == expected, "Oxigraph server answers other rows"
        results["oxigraph serve-read-only"] = wrk(url, args, query)
    finally:
        stop(oxi)

    # The same engine holding the same triples in memory, as this server's executors do for a
    # store of up to preload_max_quads: the peer for the storage tier as well as the engine.
    port = free_port()
    oxi = start([str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/", 120)
    try:
        load_into(f"http://127.0.0.1:{port}/store?default", union)
        url = f"http://127.0.0.1:{port}/query"
        assert rows_of(url, query) == expected, "Oxigraph server (in memory) answers other rows"
        results["oxigraph serve (in memory)"] = wrk(url, args, query)
    finally:
        stop(oxi)

    if not args.skip_rdflib:
        port = free_port()
        rdf = start([str(BIN / "rdflib-endpoint"), "serve", str(union), "--host", "127.0.0.1", "--port", str(port)],
                    f"http://127.0.0.1:{port}/?query=ASK%7B%7D", 1800)
        try:
            url = f"http://127.0.0.1:{port}/"
            assert rows_of(url, query) == expected, "rdflib-endpoint answers other rows"
            results["rdflib-endpoint"] = wrk(url, args, query)
        finally:
            stop(rdf)

    ours_rps = results["recognition-kg /sparql"]["rps"]
    oxi_rps = results["oxigraph serve-read-only"]["rps"]
    summary = {
        "acts": args.acts, "rows": expected, "connections": args.connections, "duration_s": args.duration,
        "results": results,
        "ratios": {
            "sparql_vs_oxigraph": round(ours_rps / oxi_rps, 2),
            "sparql_vs_oxigraph_in_memory": round(ours_rps / results["oxigraph serve (in memory)"]["rps"], 2),
            "api_vs_oxigraph_sparql": round(results["recognition-kg /api/recognisers"]["rps"] / oxi_rps, 2),
            **({"sparql_vs_rdflib_endpoint": round(ours_rps / results["rdflib-endpoint"]["rps"], 1)}
               if "rdflib-endpoint" in results else {}),
        },
    }
    (OUT / "endpoints.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{args.acts:,} acts; the query returns {expected} rows; wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s\n")
    print("| server | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['non_2xx']} |")
    print()
    for k, v in summary["ratios"].items():  # type: ignore[union-attr]
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
