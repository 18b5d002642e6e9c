"""The agreement checker of benchmarks/vendor_agreement.py: how two sources' values are
matched (pure logic; the benchmark itself runs on LibreNMS's walks outside the repo)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _checker() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "vendor_agreement.py"
    spec = importlib.util.spec_from_file_location("vendor_agreement", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("vendor_agreement", module)
    spec.loader.exec_module(module)
    return module


va = _checker()


@pytest.mark.parametrize(("ours", "theirs", "field", "verdict"), [
    ("SX550X-24F-K9", "SX550X-24F-K9", "model", "exact"),
    ("2024F-4X", "2024F4X", "model", "exact"),  # punctuation set aside
    ("Aruba 8325", "8325", "model", "exact"),  # a leading vendor name set aside
    ("v8.1.2g", "8.1.2g", "os_version", "exact"),
    ("6.1", "Server 2008 R2 SP1 (NT 6.1)", "os_version", "within"),
    ("819/01144", "1144", "serial", "within"),  # the number read from an integer OID
    ("819/01144", "1144", "model", "differs"),  # only serials compare digits as numbers
    ("1.02", "1.2", "os_version", "differs"),
    ("SX550X-24F-K9", "SX550X-24F V02", "model", "differs"),
    ("ABC", "ABC DEF", "model", "differs"),  # "within" needs a digit in the shorter value
    (None, "X1", "model", "missing"),
])
def test_compare(ours: str | None, theirs: str, field: str, verdict: str) -> None:
    assert va.compare(ours, theirs, field) == verdict


@pytest.mark.parametrize(("field", "value", "kept"), [
    ("hardware", "catalyst2950t24", None),  # an SMI descriptor names a MIB node
    ("hardware", "FORTINET-CORE-MIB::fortinet.15", None),
    ("serial", "<private>", None),  # LibreNMS's redaction
    ("serial", "  ", None),
    ("hardware", "WS-C2950T-24", "WS-C2950T-24"),
    ("version", 15, None),
])
def test_usable(field: str, value: object, kept: str | None) -> None:
    assert va.usable(field, value) == kept
