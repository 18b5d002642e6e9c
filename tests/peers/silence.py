"""Make a loopback address silent for real: an iptables DROP rule, always removed after.

Every copy of the rule is removed before it is added and after the test, so a run that was
killed half-way (and left its rule behind) does not leave the next run with two copies.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

IPTABLES = shutil.which("iptables")


def _remove_all(address: str, match: tuple[str, ...] = ()) -> None:
    rule = ["INPUT", "-d", address, *match, "-j", "DROP"]
    for _ in range(100):  # bounded: a stale pile of copies is removed, then we stop
        if subprocess.run([IPTABLES or "iptables", "-D", *rule], capture_output=True,
                          check=False).returncode != 0:
            return


@contextmanager
def silenced(address: str, *match: str) -> Iterator[str]:
    """Drop what comes to ``address`` (only what ``match`` selects, e.g. ``-p icmp``, or
    ``-p icmp -m statistic --mode nth --every 3 --packet 0`` for one echo in three)."""
    if os.geteuid() != 0 or IPTABLES is None:
        pytest.skip("needs root and iptables to make an address silent for real")
    if not ipaddress.ip_address(address).is_loopback:
        raise ValueError("tests silence loopback addresses only")
    _remove_all(address, match)
    subprocess.run([IPTABLES, "-I", "INPUT", "-d", address, *match, "-j", "DROP"], check=True)
    try:
        yield address
    finally:
        _remove_all(address, match)
