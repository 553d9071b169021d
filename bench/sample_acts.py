"""Draw a seeded random sample of the bundled acts for re-reading against their sources (issue 13).

    python bench/sample_acts.py [--n 60] [--seed 13] [--out sample.csv]

Each row: the table, the act's id, type, parties, dates as written, the dates the answers use
(after weighing the sources behind each: ``kept``) and those set aside, and the cited URLs, so
that a reader can open every page and give a verdict (supported / wrong date / wrong type or
actor / unsupported) on what the graph actually answers with.
The same seed always draws the same acts from the same tables.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from recognition_kg.graph.bundle import act_table_rows, bundled_tables

COLUMNS = ["table", "id", "type", "by", "of", "date", "kept", "set_aside", "sources"]
RAW = ["id", "type", "by", "of", "date", "sources"]


def draw(n: int, seed: int) -> list[dict[str, str]]:
    """``n`` acts drawn without replacement from every act table, in a stable order."""
    rows = [{"table": table, **{k: row[k] for k in RAW}} for table, row in act_table_rows()]
    drawn = random.Random(seed).sample(rows, min(n, len(rows)))
    records = {a.id: a for acts in bundled_tables().acts.values() for a in acts}
    for row in drawn:
        row["kept"] = "|".join(records[row["id"]].dates)
        row["set_aside"] = "|".join(records[row["id"]].set_aside_dates)
    return drawn


def main(argv: list[str] | None = None) -> int:
    """Write the sample as CSV."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(draw(args.n, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
