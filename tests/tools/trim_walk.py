"""Cut a recorded walk down to the lines a vendor-rule test needs (how the fixtures in
``tests/fixtures/snmp/vendors`` were made).

    python tests/tools/trim_walk.py WALK[.bz2] OUT --rows 1,2 [--oid PREFIX ...]

Keeps the system group, the entPhysicalTable columns of the given rows (all rows when
``--rows`` is left out) and every line under each ``--oid`` prefix, in the walk's order.
"""

from __future__ import annotations

import argparse
import bz2
from pathlib import Path

ENT = "1.3.6.1.2.1.47.1.1.1.1."
SYSTEM = tuple(f"1.3.6.1.2.1.1.{i}.0" for i in range(1, 8))


def keep(oid: str, rows: set[str] | None, prefixes: tuple[str, ...]) -> bool:
    if oid in SYSTEM or any(oid == p or oid.startswith(p + ".") for p in prefixes):
        return True
    if oid.startswith(ENT):
        return rows is None or oid[len(ENT):].split(".", 1)[-1] in rows
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("walk", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", help="entPhysicalIndex values to keep, comma-separated")
    parser.add_argument("--oid", action="append", default=[], help="an OID prefix to keep")
    args = parser.parse_args()
    rows = set(args.rows.split(",")) if args.rows else None
    opener = bz2.open if args.walk.suffix == ".bz2" else open
    with opener(args.walk, "rt", encoding="utf-8", errors="surrogateescape") as src, \
            args.out.open("w", encoding="utf-8", errors="surrogateescape") as dst:
        for line in src:
            if keep(line.split("|", 1)[0].strip("."), rows, tuple(args.oid)):
                dst.write(line)


if __name__ == "__main__":
    main()
