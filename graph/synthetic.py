"""Synthetic recognition acts that pass the shapes, for benchmarks and tests:
``python -m recognition_kg.graph.synthetic --acts N``.

States QA000.. recognise claimant states XB0000..; each pair gets a recognition, and some get a
withdrawal (a few disputed) and a later recognition again. Dates are mostly to the day, some to
the month or the year; every act cites one of a pool of sources. The output is N-Triples,
written through the same record mapping as the bundled data (:mod:`~recognition_kg.graph.records`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from recognition_kg.graph.records import ActRecord, EntityRecord, SourceRecord, write_ntriples

RECOGNISERS = 200


def _date(rng: random.Random, day: dt.date) -> str:
    roll = rng.random()
    if roll < 0.8:
        return day.isoformat()
    if roll < 0.9:
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def plan(acts: int, seed: int = 1) -> tuple[list[EntityRecord], Iterator[ActRecord], list[SourceRecord]]:
    """Entities, a stream of ``acts`` acts, and the sources they cite."""
    rng = random.Random(seed)
    claimants = max(1, acts // (RECOGNISERS // 2))
    recognisers = [EntityRecord(f"QA{i:03d}", label=f"Synthetic state {i}") for i in range(RECOGNISERS)]
    targets = [EntityRecord(f"XB{i:05d}", label=f"Synthetic claimant {i}", exists_from="1950-01-01")
               for i in range(claimants)]
    sources = [SourceRecord(f"https://example.org/bench/source/{i}", title=f"Synthetic source {i}")
               for i in range(1000)]

    def stream() -> Iterator[ActRecord]:
        made = 0
        while made < acts:
            by = recognisers[rng.randrange(RECOGNISERS)].code
            of = targets[rng.randrange(claimants)].code
            # A withdrawal always follows the recognition of its own visit, so every end has a
            # recognition before it even when a pair is visited twice.
            day = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
            sequence = ["Recognition"]
            if rng.random() < 0.3:
                sequence.append("Withdrawal")
                if rng.random() < 0.3:
                    sequence.append("Recognition")
            for kind in sequence:
                if made >= acts:
                    break
                src = sources[rng.randrange(len(sources))].url
                disputed = kind == "Withdrawal" and rng.random() < 0.05
                yield ActRecord(f"bench-{made}", kind, by, of, [_date(rng, day)], [src], disputed=disputed)
                made += 1
                day += dt.timedelta(days=400 + rng.randrange(3000))

    return recognisers + targets, stream(), sources


def cached(acts: int, folder: Path, seed: int = 1) -> Path:
    """The N-Triples file of ``acts`` generated acts in ``folder``, written on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / f"acts-{acts}.nt"
    if not data.exists():
        entities, stream, sources = plan(acts, seed)
        with data.open("w", encoding="utf-8") as fh:
            write_ntriples(fh, entities, stream, sources)
    return data


def main(argv: list[str] | None = None) -> int:
    """The command line: write ``--acts N`` acts as N-Triples to ``--out`` or standard output."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acts", type=int, required=True, help="how many acts to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, help="N-Triples file to write (default: standard output)")
    args = parser.parse_args(argv)
    entities, acts, sources = plan(args.acts, args.seed)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            n = write_ntriples(fh, entities, acts, sources)
    else:
        n = write_ntriples(sys.stdout, entities, acts, sources)
    print(f"{args.acts} acts, {n} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
