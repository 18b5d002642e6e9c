"""How often netmon's SNMP facts agree with another source, per vendor, on recorded walks.

Each walk (snmpsim ``.snmprec``, plain or ``.bz2``) is read offline the way the collector
reads a device: the system group, the entPhysicalTable columns and the vendor scalars of
``oids.VENDOR_SCALARS`` (only the vendor's own, chosen by ``snmprec.facts_from_walk``);
nothing else is kept. netmon's model, serial and OS version are then compared with:

- ``--librenms DIR``: walks from LibreNMS's test suite (``<case>.snmprec``) beside what
  LibreNMS discovered from them (``<case>.json``: ``hardware``, ``serial``, ``version``
  from its ``tests/data/<case>.json``). This is the independent source. LibreNMS's data
  is GPL-3.0, so it is not in this repository: give the folder that holds it.
- ``--snmpsim-data``: the ~116 walks of the ``snmpsim-data`` package (BSD-2-Clause,
  ``pip install snmpsim-data``), against ``snmpsim_data_truth.json`` beside this script:
  values read by hand in each walk, where the device states them. Not independent of the
  person who wrote the rules; reported apart.

A fact counts when the other source has a value for it and that value can be a model,
serial or version at all (``usable``: a MIB symbol or an SMI descriptor is skipped).
It agrees when both give the same words once case, punctuation, a leading vendor name and
a "v" before a version's digits are set aside ("exact"), or when one is the other with
words added around it ("within", e.g. ``6.1`` in ``Server 2008 R2 SP1 (NT 6.1)``, ``DGS-1210-52`` in
``WS6-DGS-1210-52/F1 Rev.``). A serial's words of digits are compared as numbers
(``819/01144`` holds ``1144``, read from an integer OID). The headline is exact + within;
both are printed.
LibreNMS's ``hardware`` holds the product number for some systems and the vendor's
description for others (``Aruba 8325 1-slot Chassis`` for JL635A, jnxBoxDescr for Junos);
netmon keeps both, as ``model`` and ``model_descr``. A model fact agrees when it matches
either; each line also prints how many agreed only through ``model_descr``, and the share
without them.

Honesty: a LibreNMS case whose json carries ``"batch": "<name>"`` was collected after
the rules were written, by somebody who did not run netmon on it. Such cases are "fresh":
``--misses`` never prints them, so their first figure is taken before anybody looks
(``--misses --fresh`` shows them afterwards, and from then on they are "seen" like the
others). The table gives "all", "seen" and "fresh", and "complete": a case whose json says
``"partial": true`` (its note says the walk's ENTITY rows or vendor scalars were not all
copied) counts in "all" and its split, and is left out of "complete" only. (Until
2026-11-30 a fixed quarter of the cases, by crc32 of the name, was held out the same way:
65.9 % of its facts agreed when it was first looked at, against 80.4 % for the others.)

    .venv/bin/python benchmarks/vendor_agreement.py --librenms /path/to/librenms-cases \\
        --snmpsim-data [--misses]
"""

from __future__ import annotations

import argparse
import bz2
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.snmprec import facts_from_walk, parse_lines

FIELDS = (("model", "hardware"), ("serial", "serial"), ("os_version", "version"))
_KEEP_PREFIXES = tuple(c + "." for c in oids.ENT_TABLE) + tuple(
    c + "." for columns in oids.VENDOR_TABLES.values() for c in columns)
_KEEP_EXACT = frozenset(oids.SYSTEM) | frozenset(
    oid for scalars in oids.VENDOR_SCALARS.values() for oid in scalars)
_VENDOR_WORDS = frozenset({
    "hp", "hpe", "h3c", "dell", "cisco", "huawei", "juniper", "fortinet", "fortigate",
    "eaton", "apc", "zte", "d", "link", "dlink", "tp", "tplink", "vmware", "microsoft",
    "aruba", "mikrotik", "arista", "meraki",
})


def _lines(path: Path) -> Iterator[str]:
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rt", encoding="utf-8", errors="surrogateescape") as stream:
        yield from stream


def read_walk(path: Path) -> list[str]:
    """Only the lines the collector would fetch (the walks run to hundreds of MB)."""
    keep = []
    for line in _lines(path):
        oid = line.split("|", 1)[0].strip(".")
        if oid in _KEEP_EXACT or oid.startswith(_KEEP_PREFIXES):
            keep.append(line)
    return keep


def _words(text: str, number_words: bool = False) -> list[str]:
    """Lower-case words, without a leading vendor name; "v8.1.2g" is "8.1.2g". With
    ``number_words`` (serials), a word of digits loses its leading zeros: "01144" is the
    serial "1144" that a source read from an integer-typed OID."""
    words = re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()
    while words and words[0] in _VENDOR_WORDS:
        words.pop(0)
    words = [w[1:] if re.fullmatch(r"v\d+", w) else w for w in words]
    return [w.lstrip("0") or "0" if number_words and w.isdigit() else w for w in words]


def compare(ours: str | None, theirs: str, field: str = "") -> str:
    """"exact", "within" or "differs" (``ours`` None: "missing")."""
    if ours is None:
        return "missing"
    a, b = _words(ours, field == "serial"), _words(theirs, field == "serial")
    if a == b or "".join(a) == "".join(b):  # "2024F-4X" is "2024F4X"
        return "exact"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short and any(any(ch.isdigit() for ch in w) for w in short):
        n = len(short)
        if any(long_[i:i + n] == short for i in range(len(long_) - n + 1)):
            return "within"
    return "differs"


# Batches whose misses have been looked at, with the figure they gave before that.
SEEN_BATCHES: dict[str, str] = {
    "s14": "24 walks, 52 facts: 24/52 = 46.2 % agreed before any rule was written for them "
           "(2026-11-30)",
    "s15": "11 walks, 30 facts: 19/30 = 63.3 % agreed before any rule was written for them "
           "(2026-11-30, after the s14 rules)",
    "s16": "11 walks, 26 facts: 18/26 = 69.2 % agreed before any rule was written for them "
           "(2026-11-30, after the s15 rules and model_descr; 17/26 = 65.4 % on c965868)",
    "s17": "18 walks, 47 facts: 4/47 = 8.5 % agreed before any rule was written for them "
           "(2026-11-30, after the s16 rules; vendors netmon had no rule for)",
    "s18d": "9 walks, 16 facts: 0/16 = 0.0 % agreed before any rule was written for them "
            "(2026-11-30, on ca07390; UPS, PDUs, environment monitors and a storage array "
            "of vendors netmon had no rule for)",
    "s18n": "10 walks, 24 facts: 5/24 = 20.8 % agreed before any rule was written for them "
            "(2026-11-30, on ca07390; switches, routers, firewalls and an OLT, chosen among "
            "LibreNMS os names not yet in the sample, so mostly vendors netmon had no rule "
            "for)",
    "s19": "6 walks, 16 facts: 9/16 = 56.2 % agreed before any rule was written for them "
           "(2026-11-30, on cfbffa0; new variants of families netmon has rules for: Junos "
           "SRX cluster and EX3400, AOS-CX 10.16, airOS, CIMC M6, PowerVault MD38xx; 9/14 "
           "on the 5 complete walks; 11/16 once the airOS walk's two IEEE 802.11 MIB lines, "
           "left out of its first copy, were added: netmon's rule already read them)",
}


def fresh(truth: dict[str, object]) -> bool:
    """A case collected after the rules were written, not looked at since."""
    batch = truth.get("batch")
    return bool(batch) and batch not in SEEN_BATCHES


@dataclass
class Tally:
    facts: int = 0
    exact: int = 0
    within: int = 0
    walks: int = 0
    by_descr: int = 0  # of exact + within: agreed with netmon's model_descr, not its model

    @property
    def agree(self) -> int:
        return self.exact + self.within

    def line(self, name: str) -> str:
        share = 100.0 * self.agree / self.facts if self.facts else 0.0
        strict = 100.0 * (self.agree - self.by_descr) / self.facts if self.facts else 0.0
        return (f"  {name:18} walks {self.walks:4}  facts {self.facts:4}  exact {self.exact:4}"
                f"  within {self.within:3}  agree {share:6.1f} %"
                f"  (model_descr {self.by_descr:2}; without it {strict:5.1f} %)")


_SMI_DESCRIPTOR = re.compile(r"[a-z][A-Za-z0-9-]*")


def usable(field: str, value: object) -> str | None:
    """The other source's value, or None where it cannot be a fact of the device:

    - a MIB symbol (``FORTINET-CORE-MIB::fortinet.15``, anything with ``::``);
    - for ``hardware``, an SMI descriptor: one token that starts with a lower-case letter
      and holds only letters, digits and hyphens, the SMI's own rule for descriptors
      (RFC 2578 3.1). LibreNMS sometimes stores the name of sysObjectID's MIB object
      (``catalyst2950t24``, ``ciscoASR1002F``, ``s4128Fon``) where no model was found:
      that names a MIB node, not the model the device states;
    - ``<private>``: LibreNMS's test data redacts private values with it.
    """
    if (not isinstance(value, str) or not value.strip() or "::" in value
            or value.strip() == "<private>"):
        return None
    value = value.strip()
    if field == "hardware" and _SMI_DESCRIPTOR.fullmatch(value):
        return None
    return value


Case = tuple[str, Path, dict[str, object]]
SPLITS = ("all", "ruled", "seen", "fresh", "complete")


def _splits(name: str, truth: dict[str, object]) -> tuple[str, ...]:
    """The columns a case counts in ("ruled": "all" less the ruled facts, fact by fact)."""
    split = "fresh" if fresh(truth) else "seen"
    return ("all", "ruled", split) if truth.get("partial") else (
        "all", "ruled", split, "complete")


def _share(t: Tally) -> str:
    return f"{t.agree:3}/{t.facts:<3} {100.0 * t.agree / t.facts:5.1f} %" if t.facts else \
        f"{'-':>15}"


def run(cases: Iterable[Case], title: str, misses: bool,
        show_fresh: bool = False,
        rulings: dict[str, dict[str, str]] | None = None) -> dict[str, Tally]:
    per_vendor: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    totals: dict[str, Tally] = defaultdict(Tally)
    ruled_out: list[str] = []
    lines_out = []
    partial = 0
    for name, walk_path, truth in cases:
        facts = facts_from_walk(parse_lines(read_walk(walk_path)))
        vendor = facts.vendor or "unknown"
        splits = _splits(name, truth)
        partial += "complete" not in splits
        tallies = [per_vendor[vendor][s] for s in splits] + [totals[s] for s in splits]
        for t in tallies:
            t.walks += 1
        for ours_field, their_field in FIELDS:
            theirs = usable(their_field, truth.get(their_field))
            if theirs is None:
                continue
            ours = getattr(facts, ours_field)
            verdict = compare(ours, theirs, ours_field)
            by_descr = False
            if ours_field == "model" and verdict in ("differs", "missing") and (
                    again := compare(facts.model_descr, theirs)) in ("exact", "within"):
                verdict, by_descr = again, True  # the other source keeps the description
            counted = [s for s in splits
                       if s != "ruled" or their_field not in (rulings or {}).get(name, {})]
            for t in [per_vendor[vendor][s] for s in counted] + [totals[s] for s in counted]:
                t.facts += 1
                t.exact += verdict == "exact"
                t.within += verdict == "within"
                t.by_descr += by_descr
            if reason := (rulings or {}).get(name, {}).get(their_field):
                ruled_out.append(f"    {name}: {their_field} {theirs!r} ({verdict}): {reason}")
            if misses and (show_fresh or not fresh(truth)) and verdict in ("differs", "missing"):
                lines_out.append(f"    {name}: {ours_field} netmon={ours!r} other={theirs!r}")
    print(f"{title}")
    print(f"  {'':18} {'walks':>5}  " + "  ".join(f"{s:>15}" for s in SPLITS))
    silent = 0
    for vendor in sorted(per_vendor):
        row = per_vendor[vendor]
        if row["all"].facts:
            print(f"  {vendor:18} {row['all'].walks:5}  "
                  + "  ".join(_share(row[s]) for s in SPLITS))
        else:
            silent += row["all"].walks
    print(f"  {'OVERALL':18} {totals['all'].walks:5}  "
          + "  ".join(_share(totals[s]) for s in SPLITS))
    for split in SPLITS:
        print(totals[split].line(f"{split}"))
    if rulings is not None:
        for batch, figure in SEEN_BATCHES.items():
            print(f"  (batch {batch}, now seen: {figure})")
        print(f"  ('ruled' is 'all' less {len(ruled_out)} ruled facts, listed below)")
    print(f"  ({silent} walks where the other source states no model, serial or version; "
          f"{partial} partial walks, left out of 'complete' only)")
    if misses:
        print("  misses" + ("" if show_fresh else " (fresh cases are not shown)") + ":")
    for line in lines_out:
        print(line)
    if ruled_out:
        print("  ruled out (the walk shows the other source's value is not the fact it names):")
        print("\n".join(ruled_out))
    return totals


def librenms_cases(folder: Path) -> Iterator[Case]:
    for walk in sorted(folder.glob("*.snmprec")):
        truth_path = walk.with_suffix(".json")
        if truth_path.is_file():
            yield walk.stem, walk, json.loads(truth_path.read_text(encoding="utf-8"))


def snmpsim_data_cases(truth_file: Path) -> Iterator[Case]:
    import snmpsim_data  # the pip package; its data/ folder holds the walks

    root = Path(snmpsim_data.__file__).parent / "data"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    for walk in sorted(root.rglob("*.snmprec*")):
        name = str(walk.relative_to(root)).removesuffix(".bz2").removesuffix(".snmprec")
        yield name, walk, truth.get(name, {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--librenms", type=Path, help="folder of <case>.snmprec + <case>.json")
    parser.add_argument("--snmpsim-data", action="store_true",
                        help="the snmpsim-data package's walks against the hand-read truth")
    parser.add_argument("--truth", type=Path,
                        default=Path(__file__).with_name("snmpsim_data_truth.json"))
    parser.add_argument("--rulings", type=Path,
                        default=Path(__file__).with_name("librenms_rulings.json"),
                        help="facts of the other source that the walk shows to be another "
                             "attribute: reported apart, left out of the 'ruled' column only")
    parser.add_argument("--misses", action="store_true",
                        help="list every fact that differs (seen cases only)")
    parser.add_argument("--fresh", action="store_true",
                        help="with --misses: the fresh cases' too (they are seen from then on)")
    args = parser.parse_args(argv)
    if not args.librenms and not args.snmpsim_data:
        parser.error("give --librenms DIR and/or --snmpsim-data")
    walks = 0
    if args.librenms:
        total = run(librenms_cases(args.librenms), "LibreNMS test walks vs LibreNMS's "
                    "discovered hardware/serial/version (independent)", args.misses,
                    args.fresh, json.loads(args.rulings.read_text(encoding="utf-8")))
        walks += total["all"].walks
    if args.snmpsim_data:
        total = run(snmpsim_data_cases(args.truth), "snmpsim-data walks vs hand-read truth",
                    args.misses)
        walks += total["all"].walks
    print(f"walks read: {walks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
