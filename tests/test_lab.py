"""``netmon lab``'s data: walks shipped with the package, one varied copy per device.

The lab must work from any folder of a plain install (its walks are package data), and a
city of 78 simulated devices must not show one serial and one sysName per recording.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Status
from netmon.collectors.snmp import SnmpCollector
from netmon.collectors.snmp import oids as O
from netmon.collectors.snmp.snmprec import facts_from_walk, load
from netmon.inventory import load as load_inventory
from netmon.monitor import lab
from netmon.monitor.lab_devices import new_serial, uptime_ticks, vary, write_device_walk
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpsim import requires_snmpsim, start_snmpsim

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "examples" / "hanoi"
LAB_WALK_NAMES = set(lab.ROUTER_WALKS) | set(lab.SWITCH_WALKS)


def oids_of(lines: list[str]) -> list[str]:
    return [line.split("|", 1)[0] for line in lines]


def test_walks_are_package_data_found_from_any_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETMON_LAB_WALKS", raising=False)
    assert lab.walk_dirs() == [lab.PACKAGED_WALKS]
    assert lab.PACKAGED_WALKS.parent == Path(lab.__file__).resolve().parent
    found = lab.find_walks(lab.walk_dirs())
    assert set(found) == LAB_WALK_NAMES
    notice = (lab.PACKAGED_WALKS / "NOTICE").read_text()
    assert "BSD" in notice and all(name in notice for name in LAB_WALK_NAMES)


def test_netmon_lab_walks_overrides_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "walks"
    mine.mkdir()
    (mine / "huawei-s5720.snmprec").write_text(f"{O.SYS_NAME}|4|mine\n")
    (mine / "extra.snmprec").write_text(f"{O.SYS_NAME}|4|extra\n")
    monkeypatch.setenv("NETMON_LAB_WALKS", f"{mine}:{tmp_path / 'absent'}")
    assert lab.walk_dirs() == [mine, lab.PACKAGED_WALKS]
    found = lab.find_walks(lab.walk_dirs())
    assert found["huawei-s5720"] == mine / "huawei-s5720.snmprec"
    assert found["cisco-c3560"] == lab.PACKAGED_WALKS / "cisco-c3560.snmprec"
    assert found["extra"] == mine / "extra.snmprec"


@pytest.mark.parametrize("walk", sorted(LAB_WALK_NAMES))
def test_device_copy_varies_name_serials_uptime_only(walk: str, tmp_path: Path) -> None:
    path = lab.PACKAGED_WALKS / f"{walk}.snmprec"
    a, b, a2 = (tmp_path / "a.snmprec", tmp_path / "b.snmprec", tmp_path / "a2.snmprec")
    write_device_walk(path, "ba-dinh.kim-ma-rtr", a)
    write_device_walk(path, "tay-ho.buoi-sw", b)
    write_device_walk(path, "ba-dinh.kim-ma-rtr", a2)
    assert a.read_bytes() == a2.read_bytes(), "a device's copy is deterministic"
    orig_lines = path.read_text(errors="surrogateescape").splitlines()
    for copy in (a, b):
        lines = copy.read_text(errors="surrogateescape").splitlines()
        assert oids_of(lines) == oids_of(orig_lines), "same OIDs, same (sorted) order"
    orig, fa, fb = (facts_from_walk(load(p)) for p in (path, a, b))
    assert (fa.sys_name, fb.sys_name) == ("ba-dinh.kim-ma-rtr", "tay-ho.buoi-sw")
    assert orig.serial and fa.serial and fb.serial
    assert len({orig.serial, fa.serial, fb.serial}) == 3
    assert len(fa.serial) == len(orig.serial) and fa.serial[:3] == orig.serial[:3]
    assert fa.uptime_s == uptime_ticks("ba-dinh.kim-ma-rtr") / 100 != fb.uptime_s
    assert 86_400 <= (fa.uptime_s or 0) <= 400 * 86_400
    # What the device is stays the recording's: model, OS, interfaces, hardware rows.
    for f in (fa, fb):
        assert (f.vendor, f.model, f.os, f.os_version, f.sys_descr) == \
            (orig.vendor, orig.model, orig.os, orig.os_version, orig.sys_descr)
        assert f.interfaces == orig.interfaces
        assert [h.model for h in f.hardware] == [h.model for h in orig.hardware]
    recorded = {h.serial for h in orig.hardware if h.serial}
    varied = {h.serial for h in fa.hardware if h.serial}
    assert len(varied) == len(recorded) and not recorded & varied


def test_copy_is_kept_when_unchanged_and_never_written_through_a_link(tmp_path: Path) -> None:
    recording = tmp_path / "rec.snmprec"
    recording.write_text(f"{O.SYS_NAME}|4|recorded\n")
    dest = tmp_path / "dev-1.snmprec"
    os.link(recording, dest)  # what a lab of an earlier netmon left in its data folder
    write_device_walk(recording, "dev-1", dest)
    assert recording.read_text() == f"{O.SYS_NAME}|4|recorded\n", "the recording is intact"
    assert dest.read_text().endswith(f"{O.SYS_NAME}|4|dev-1\n")
    os.utime(dest, (1_000_000, 1_000_000))
    write_device_walk(recording, "dev-1", dest)  # the same copy: snmpsim's index stays valid
    assert dest.stat().st_mtime == 1_000_000
    write_device_walk(recording, "dev-2", dest)
    assert dest.read_text().endswith(f"{O.SYS_NAME}|4|dev-2\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dev-1.snmprec", "rec.snmprec"]


def test_vary_inserts_missing_system_oids_in_order_and_keeps_the_rest() -> None:
    walk = [
        "# recorded by hand",
        "1.3.6.1.2.1.1.1.0|4|Cisco IOS Software",
        "1.3.6.1.2.1.1.4.0|4|noc",
        "1.3.6.1.2.1.2.2.1.2.1|4|Gi0/1",
        "1.3.6.1.2.1.47.1.1.1.1.11.1|4x|464f43313233344b3030312020",  # "FOC1234K001  "
        "1.3.6.1.2.1.47.1.1.1.1.11.2|4|",
        "1.3.6.1.2.1.47.1.1.1.1.11.3|4|FOC1234K001",
        "1.3.6.1.4.1.9.3.6.3.0|4|FOC1234K001",
    ]
    out = list(vary(walk, "xã-đông-anh"))
    assert oids_of(out) == ["# recorded by hand", O.SYS_DESCR, O.SYS_UPTIME, O.SYS_CONTACT,
                            O.SYS_NAME, *oids_of(walk[3:])]
    assert out[4] == f"{O.SYS_NAME}|4x|{'xã-đông-anh'.encode().hex()}"
    assert out[2] == f"{O.SYS_UPTIME}|67:numeric|rate=100,initial={uptime_ticks('xã-đông-anh')}"
    new = new_serial("xã-đông-anh", b"FOC1234K001")
    assert new != b"FOC1234K001" and new[:3] == b"FOC" and new[3:7].isdigit()
    assert out[6] == f"1.3.6.1.2.1.47.1.1.1.1.11.1|4x|{(new + b'  ').hex()}"
    assert out[7] == walk[5], "an empty serial stays empty"
    assert out[8].endswith("|4|" + new.decode()) and out[9].endswith("|4|" + new.decode())
    assert [out[0], out[1], out[3], out[5]] == [walk[0], walk[1], walk[2], walk[3]]


def test_every_sample_device_gets_its_own_serial_and_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_COMMUNITY", "public")
    monkeypatch.delenv("NETMON_LAB_WALKS", raising=False)
    inv = load_inventory(HANOI)
    plan = lab.plan(inv, lab.find_walks(lab.walk_dirs()))
    n = len(inv.devices)
    assert n >= 78 and len(plan.devices) == n and not plan.skipped
    assert len({d.community for d in plan.devices}) == n
    recorded = {w: facts_from_walk(load(w)).serial for w in {d.walk for d in plan.devices}}
    assert len(set(recorded.values())) < len(plan.devices)  # what the lab had to vary
    serials = {new_serial(d.device_id, (recorded[d.walk] or "").encode()) for d in plan.devices}
    assert len(serials) == n
    assert len({uptime_ticks(d.device_id) for d in plan.devices}) == n


@pytest.mark.integration
@requires_snmpsim
def test_simulated_devices_answer_with_their_own_facts(tmp_path: Path) -> None:
    walk = lab.PACKAGED_WALKS / "cisco-unmarked-0.snmprec"  # the smallest: quick to index
    ids = ["hk.rtr-1", "hk.rtr-2"]
    files = {}
    for device_id in ids:
        files[device_id] = tmp_path / f"{device_id}.snmprec"
        write_device_walk(walk, device_id, files[device_id])
    sim = start_snmpsim(files, directory=tmp_path / "sim")
    try:
        def poll() -> list[Target]:
            return [Target(id=i, address=sim.address, snmp=SnmpCredentials(
                community=SecretStr(i), port=sim.port, timeout_s=3.0, retries=1)) for i in ids]

        async def collect() -> list[tuple[str | None, str | None, float | None]]:
            c = SnmpCollector()
            out = []
            for t in poll():
                obs = await c.collect(t)
                assert obs.status is Status.OK, obs.error
                assert obs.facts is not None
                out.append((obs.facts.sys_name, obs.facts.serial, obs.facts.uptime_s))
            return out
        first = asyncio.run(collect())
        time.sleep(1.5)
        second = asyncio.run(collect())
    finally:
        sim.stop()
    assert [f[0] for f in first] == ids
    assert first[0][1] != first[1][1] and [f[1] for f in first] == [f[1] for f in second]
    for i, device_id in enumerate(ids):
        start = uptime_ticks(device_id) / 100
        up1, up2 = first[i][2], second[i][2]
        assert up1 is not None and up2 is not None
        assert start <= up1 < up2, "the uptime ticks (snmpsim's numeric variation)"
