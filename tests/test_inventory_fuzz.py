"""Property-based tests of the inventory loader: no input, however broken, makes it raise
anything but InventoryError, and every problem it reports names the file (and a line inside
it, when it gives one).

The catch-all in ``netmon.inventory._analyse`` turns a bug into an "internal error" problem so
that a user never sees a traceback; these tests treat that problem as a failure, so a bug
cannot hide behind it. ``NETMON_FUZZ_EXAMPLES`` raises the number of examples per property
(the default keeps the file under a minute on a 2-core machine).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmon.errors import InventoryError, Problem
from netmon.inventory import check_report, load
from netmon.inventory.models import Agency, Device, Header, SnmpProfile, SshProfile

EXAMPLES = int(os.environ.get("NETMON_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Keys the loader knows, so that generated documents reach past the first validation.
KEYS = sorted({*Header.model_fields, *Agency.model_fields, *Device.model_fields,
               *SnmpProfile.model_fields, *SshProfile.model_fields, "profile", "<<"})
CSV_COLUMNS = sorted({*Device.model_fields, "snmp.port", "snmp.community", "snmp.version",
                      "snmp.profile", "ssh.username", "ssh.password", "ssh.port",
                      "snmp.auth_key", "ssh.key_file"})
SECRETISH = st.sampled_from(["env:NETMON_FUZZ_UNSET", "env:", "env:1BAD", "file:", "file:x",
                             "file:/nonexistent/secret", "plain:", "plain:public", "",
                             "short", "a-literal-community"])
WORDS = st.sampled_from(["department", "district", "commune", "wan_router", "lan_switch",
                         "2c", "3", "1", "sha", "aes", "md5", "des", "icmp", "snmp", "tcp",
                         "none", "127.0.0.1", "::1", "999.1.1.1", "hk", "hk.1", "a b",
                         "cisco_ios", "0x10", "1e9", "-1", "65536", ".inf", "~", "null"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), WORDS, SECRETISH,
    st.sampled_from(KEYS),
)


def values(max_leaves: int = 25) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8),
                                      st.integers(-3, 3)), inner, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def record(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping of mostly-known keys with wrong-ish and right-ish values mixed."""
    return st.dictionaries(st.one_of(st.sampled_from(fields), st.sampled_from(KEYS)),
                           st.one_of(WORDS, SECRETISH, values(6)), max_size=8)


INVENTORY_DOCS = st.fixed_dictionaries({}, optional={
    "targets": st.one_of(values(4), st.dictionaries(WORDS, SCALARS, max_size=4)),
    "levels": st.one_of(values(4), st.lists(WORDS, max_size=3)),
    "roles": st.one_of(values(4), st.lists(WORDS, max_size=3)),
    "snmp_profiles": st.one_of(values(4), st.dictionaries(
        st.one_of(WORDS, st.text(max_size=6)), record(list(SnmpProfile.model_fields)),
        max_size=3)),
    "ssh_profiles": st.one_of(values(4), st.dictionaries(
        st.one_of(WORDS, st.text(max_size=6)), record(list(SshProfile.model_fields)),
        max_size=3)),
    "agencies": st.one_of(values(4), st.lists(record(list(Agency.model_fields)), max_size=5)),
    "devices": st.one_of(values(4), st.lists(record(list(Device.model_fields)), max_size=5)),
    "csv": st.one_of(values(3), st.lists(st.sampled_from(["devices.csv", "missing.csv",
                                                           "../x.csv", ""]), max_size=2)),
})


def assert_clean(root: Path, files: list[Path]) -> list[Problem]:
    """check_report and load on ``root``: only InventoryError, and every problem points into
    one of ``files`` (or the root itself), at a line that exists."""
    problems, warnings = check_report(root)
    # an editor's lines; PyYAML and csv also break lines at \r, U+0085, U+2028, U+2029
    lines = {str(f): max(1, len(f.read_bytes().decode("utf-8", "replace").splitlines()))
             for f in files if f.is_file()}
    lines.setdefault(str(root), 1)
    for p in [*problems, *warnings]:
        # The catch-all's own words (a column named "internal error" is not a bug).
        assert not p.message.startswith("internal error while checking"), \
            f"a bug behind the catch-all: {p}"
        assert p.file in lines, f"problem names an unknown file: {p}"
        if p.line is not None:
            assert 1 <= p.line <= lines[p.file], f"line outside the file: {p}"
        assert p.message.strip(), p
    try:
        inv = load(root)
    except InventoryError as exc:
        assert exc.problems == problems
        assert str(exc).splitlines()[0] == str(problems[0]).splitlines()[0]
    else:
        assert problems == []
        for device_id in inv.devices:  # a built inventory gives targets or a clear error
            try:
                inv.target(device_id)
            except Exception as exc:
                assert type(exc).__module__.startswith("netmon"), repr(exc)
    return problems


def _write(directory: Path, name: str, data: str | bytes) -> Path:
    path = directory / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_as_yaml(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = _write(Path(d), "inventory.yaml", text)
        assert_clean(path, [path])


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_yaml_and_csv(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        for name in ("inventory.yaml", "devices.csv"):
            path = _write(Path(d), name, data)
            assert_clean(path, [path])
            path.unlink()


@FUZZ
@given(doc=INVENTORY_DOCS, flow=st.booleans())
def test_inventory_shaped_documents(doc: dict[str, Any], flow: bool) -> None:
    with tempfile.TemporaryDirectory() as d:
        try:
            text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow,
                                  sort_keys=False)
        except yaml.YAMLError:
            return  # a value PyYAML cannot write is no inventory anyone has
        path = _write(Path(d), "inventory.yaml", text)
        csv_path = _write(Path(d), "devices.csv",
                          "id,agency,role,address\nx1,hk,wan_router,127.0.0.9\n")
        assert_clean(path, [path, csv_path])


@FUZZ
@given(doc=INVENTORY_DOCS, cut=st.integers(min_value=0, max_value=2000),
       junk=st.sampled_from(["", ":", "- ", "&a", "*a", "<<: *a", "!!python/object:os.system",
                             "\t", "{", "]", "'", '"', "%YAML 1.1\n---", "--- |\n", "? "]))
def test_documents_cut_and_spliced(doc: dict[str, Any], cut: int, junk: str) -> None:
    """A hand edit gone wrong: a valid-looking document cut at any point, with junk spliced
    in where the cut was."""
    with tempfile.TemporaryDirectory() as d:
        try:
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        except yaml.YAMLError:
            return
        cut = min(cut, len(text))
        path = _write(Path(d), "inventory.yaml", text[:cut] + junk + text[cut:])
        assert_clean(path, [path])


CELLS = st.one_of(st.text(max_size=20), WORDS, SECRETISH,
                  st.sampled_from(["", " ", "#comment", '"', "a;b c", "0", "70000", "x.y.z"]))


@FUZZ
@given(header=st.lists(st.one_of(st.sampled_from(CSV_COLUMNS), st.text(max_size=8)),
                       min_size=0, max_size=8),
       rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
       raw=st.booleans())
def test_device_csv(header: list[str], rows: list[list[str]], raw: bool) -> None:
    with tempfile.TemporaryDirectory() as d:
        if raw:  # written by hand: no quoting at all
            text = "\n".join(",".join(r) for r in [header, *rows])
        else:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(header)
            w.writerows(rows)
            text = buf.getvalue()
        inv = _write(Path(d), "inventory.yaml",
                     "agencies:\n  - {id: hk, name: Hoàn Kiếm, level: district}\n"
                     "snmp_profiles:\n  default: {community: plain:public}\n"
                     "csv: [devices.csv]\n")
        csv_path = _write(Path(d), "devices.csv", text)
        assert_clean(inv, [inv, csv_path])
        assert_clean(Path(d), [inv, csv_path])  # the folder form reads the CSV on its own too
