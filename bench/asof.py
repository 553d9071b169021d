"""Benchmark of the in-process as-of lookup: Oxigraph store against rdflib's own SPARQL engine.

    python bench/asof.py [--sizes 10000 100000 1000000] [--rdflib-max 100000] [--lookups 200]

For each size it generates synthetic acts (recognition_kg.graph.synthetic), bulk-loads them into an
Oxigraph store, derives the statuses, and times ``graph.asof.recognisers`` (the statuses_on
query plus its Python shaping) on random (entity, day) pairs. The same function runs on an
rdflib in-memory store holding the same quads, up to --rdflib-max acts (rdflib needs about
1 GB and minutes per million triples). It prints medians and the ratio, and writes
bench/out/asof.json. Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

from recognition_kg.graph import asof  # noqa: E402
from recognition_kg.graph.entities import catalogue  # noqa: E402
from recognition_kg.graph.load import load_ontology  # noqa: E402
from recognition_kg.graph.statuses import derive_all  # noqa: E402
from recognition_kg.graph.store import Store, open_store  # noqa: E402
from recognition_kg.graph.synthetic import cached  # noqa: E402
from recognition_kg.ontology import source_graph  # noqa: E402

OUT = HERE / "out"


def build(acts: int) -> tuple[Store, Path, float]:
    data = cached(acts, OUT)
    store = open_store()
    t = time.perf_counter()
    load_ontology(store)
    store.bulk_load(data, "nt", source_graph("bench"))
    derive_all(store)
    return store, data, time.perf_counter() - t


def to_rdflib(store: Store) -> Store:
    peer = open_store("rdflib:")
    peer.load(store.dump("nq"), "nq")
    return peer


def time_lookups(store: Store, targets: list[tuple[str, dt.date]]) -> list[float]:
    cat = catalogue(store)
    times = []
    for code, day in targets:
        t = time.perf_counter()
        asof.recognisers(store, code, day, cat=cat)
        times.append(time.perf_counter() - t)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--rdflib-max", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--rdflib-lookups", type=int, default=20)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    rng = random.Random(7)
    rows = []
    for size in args.sizes:
        store, data, built = build(size)
        codes = sorted({c.code for c in catalogue(store).entities if c.code.startswith("XB")})
        targets = [(rng.choice(codes), dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(27000)))
                   for _ in range(args.lookups)]
        ox_times = time_lookups(store, targets)
        row = {"acts": size, "quads": len(store), "build_s": round(built, 1),
               "oxigraph_median_ms": round(statistics.median(ox_times) * 1000, 3)}
        if size <= args.rdflib_max:
            peer = to_rdflib(store)
            rd_times = time_lookups(peer, targets[: args.rdflib_lookups])
            ox_same = statistics.median(ox_times[: args.rdflib_lookups])
            row["rdflib_median_ms"] = round(statistics.median(rd_times) * 1000, 3)
            row["speedup"] = round(statistics.median(rd_times) / ox_same, 1)
            del peer
        rows.append(row)
        print(json.dumps(row), flush=True)
        store.close()
    (OUT / "asof.json").write_text(json.dumps(rows, indent=2) + "\n")
    print("\n| acts | quads | Oxigraph median (ms) | rdflib median (ms) | rdflib / Oxigraph |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['acts']:,} | {r['quads']:,} | {r['oxigraph_median_ms']} | {r.get('rdflib_median_ms', 'not run')} "
              f"| {r.get('speedup', '-')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
