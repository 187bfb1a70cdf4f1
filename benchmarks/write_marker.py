"""What papers/.writing (the command holding the write lock, for a waiting one to name) costs
each write transaction.

    python benchmarks/write_marker.py [--transactions N] [--rounds R]

In a fresh library in a temporary folder, N write transactions that each commit one small
write (the schema version set as it is, as check_writable does, but committed) are timed with
the record written and removed as shipped, then with it left out (db._writing_marker giving
None, the baseline), alternately R times; the median of each mode and the difference per
transaction are printed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from papers import db as db_module
from papers.db import open_db, write_transaction

MARKER = db_module._writing_marker


def timed(db: db_module.Database, transactions: int) -> float:
    """Seconds for `transactions` write transactions, each one committed write."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    start = time.perf_counter()
    for _ in range(transactions):
        with write_transaction(db):
            db.execute(f"PRAGMA user_version = {version}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"record": [], "none": []}
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder))
        timed(db, 200)  # (warm: the file's pages in the cache)
        for _ in range(args.rounds):
            for mode in times:
                db_module._writing_marker = MARKER if mode == "record" else lambda db: None  # type: ignore[assignment]
                times[mode].append(timed(db, args.transactions) / args.transactions)
        db_module._writing_marker = MARKER
    record, none = (statistics.median(times[mode]) * 1000 for mode in ("record", "none"))
    print(f"{args.transactions} write transactions, median of {args.rounds} rounds")
    print(f"  without papers/.writing: {none:.3f} ms a transaction")
    print(f"  with papers/.writing:    {record:.3f} ms a transaction")
    print(f"  cost: {record - none:.3f} ms a transaction ({record / none:.2f}x)")


if __name__ == "__main__":
    main()
