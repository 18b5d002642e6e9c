"""A small city for the other indicators, every peer real and on loopback.

- snmpsim replays recorded walks: LAN switches with FDB/ARP tables (tests/fixtures/snmp/
  lan), a Linux server and two UPS of the data centre (the lab's, ``monitor/lab_walks/dc``);
- HTTPS portals signed by a test CA the inventory trusts (``ca_file``): two that answer,
  one that answers 500; the data centre's web service; aiosmtpd with STARTTLS; a DNS
  server for the city's zone. The servers and the CA are the lab's own
  (``netmon.monitor.lab_peers``, ``lab_tls``: one copy, which ``netmon lab up`` runs too);
- an inventory naming all of it, with headcounts, portals, critical items.

``IndicatorLab.start(tmp)`` starts everything; ``stop()`` ends it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmon.monitor.lab_data import DC_WALKS
from netmon.monitor.lab_peers import DnsServer, WebServer, start_dns, start_smtp, start_web
from tests.peers.snmpsim import SnmpSim, start_snmpsim, walk_files
from tests.peers.tls import TestCA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "snmp"

INVENTORY = """\
snmp_profiles:
  sim: {{version: 2c, community: "plain:x", port: {snmp_port}, timeout_s: 2, retries: 1}}
agencies:
  - {{id: so-tttt, name: "Sở Thông tin và Truyền thông", level: department, staff: 20,
     portal: {{url: "{portal_ok}", expect: "Cổng thông tin", ca_file: ca.pem}}}}
  - {{id: so-tc, name: "Sở Tài chính", level: department, staff: 30,
     portal: {{url: "{portal_err}", ca_file: ca.pem}}}}
  - {{id: so-yt, name: "Sở Y tế", level: department, staff: 25}}
  - {{id: hoan-kiem, name: "Quận Hoàn Kiếm", level: district, code: "002", staff: 12,
     portal: {{url: "{portal_hk}", ca_file: ca.pem}},
     services: [{{url: "{portal_hk}dvc", ca_file: ca.pem}}]}}
  - {{id: hoan-kiem.phuc-tan, name: "Phường Phúc Tân", level: commune, parent: hoan-kiem,
     staff: 30}}
  - {{id: ba-dinh, name: "Quận Ba Đình", level: district, code: "001", staff: 40}}
  - id: ttdl
    name: "Trung tâm Dữ liệu Thành phố"
    level: data_centre
    checks:
      - {{id: dc-web, kind: https, url: "{dc_web}", ca_file: ca.pem, critical: true}}
      - {{id: dc-mail, kind: smtp, address: 127.0.0.1, port: {smtp_port},
         host: mail.hanoi.test, ca_file: ca.pem, critical: true}}
      - {{id: dc-dns, kind: dns, address: 127.0.0.1, port: {dns_port},
         zones: [hanoi.gov.vn], critical: true}}
devices:
  # WAN routers without SNMP here: the test records their reach as the main poll would.
  - {{id: tttt-rtr, agency: so-tttt, role: wan_router, address: 127.0.0.1}}
  - {{id: tc-rtr, agency: so-tc, role: wan_router, address: 127.0.0.1}}
  - {{id: yt-rtr, agency: so-yt, role: wan_router, address: 127.0.0.1}}
  - {{id: hk-rtr, agency: hoan-kiem, role: wan_router, address: 127.0.0.1}}
  - {{id: bd-rtr, agency: ba-dinh, role: wan_router, address: 127.0.0.1}}
  - {{id: tttt-sw, agency: so-tttt, role: lan_switch, address: 127.0.0.1,
     snmp: {{profile: sim, community: "plain:switch-dlink-des3038"}}}}
  - {{id: tc-sw, agency: so-tc, role: lan_switch, address: 127.0.0.1,
     snmp: {{profile: sim, community: "plain:switch-zte-5250-qbridge"}}}}
  - {{id: hk-sw, agency: hoan-kiem, role: lan_switch, address: 127.0.0.1,
     user_ports: [ethernet1/1/1],
     snmp: {{profile: sim, community: "plain:switch-brocade-icx6430"}}}}
  - {{id: pt-rtr, agency: hoan-kiem.phuc-tan, role: wan_router, address: 127.0.0.1,
     snmp: {{profile: sim, community: "plain:switch-cisco-c3560-arp-only"}}}}
  - {{id: bd-sw, agency: ba-dinh, role: lan_switch, address: 127.0.0.1,
     snmp: {{profile: sim, community: "plain:no-such-switch", timeout_s: 0.3, retries: 0}}}}
  - {{id: dc-srv, agency: ttdl, role: server, address: 127.0.0.1, critical: true,
     snmp: {{profile: sim, community: "plain:linux-centos7-server"}}}}
  - {{id: dc-ups, agency: ttdl, role: ups, address: 127.0.0.1, critical: true,
     snmp: {{profile: sim, community: "plain:ups-eaton-93e"}}}}
  - {{id: dc-ups2, agency: ttdl, role: ups, address: 127.0.0.1,
     snmp: {{profile: sim, community: "plain:ups-phoenixtec"}}}}
"""


@dataclass
class IndicatorLab:
    directory: Path
    inventory: Path
    ca: TestCA
    sim: SnmpSim
    web: dict[str, WebServer]
    smtp: Any
    dns: DnsServer
    extra: list[Any] = field(default_factory=list)

    @classmethod
    def start(cls, directory: Path) -> IndicatorLab:
        directory.mkdir(parents=True, exist_ok=True)
        ca = TestCA(directory)
        web: dict[str, WebServer] = {}
        sim = smtp = dns = None
        try:
            for name, mode in (("portal-ok", "ok"), ("portal-err", "error"),
                               ("portal-hk", "ok"), ("dc-web", "ok")):
                ctx, _ = ca.server_context(name)
                web[name] = start_web(mode, ctx)
            mail_ctx, _ = ca.server_context("mail", hosts=("mail.hanoi.test",), days=12)
            smtp = start_smtp(mail_ctx)
            dns = start_dns({"hanoi.gov.vn": 2026110101})
            sim = start_snmpsim({**walk_files(FIXTURES / "lan"), **walk_files(DC_WALKS)},
                                directory=directory / "snmpsim")
        except BaseException:
            for s in web.values():
                s.stop()
            for peer in (smtp, dns, sim):
                if peer is not None:
                    peer.stop()
            raise
        inventory = directory / "inventory.yaml"
        inventory.write_text(textwrap.dedent(INVENTORY).format(
            snmp_port=sim.port, portal_ok=web["portal-ok"].url(),
            portal_err=web["portal-err"].url(), portal_hk=web["portal-hk"].url(),
            dc_web=web["dc-web"].url(), smtp_port=smtp.port, dns_port=dns.port),
            encoding="utf-8")
        # the inventory's ca_file is relative to it
        (directory / "ca.pem").write_bytes(ca.pem.read_bytes()) if ca.pem.parent != directory \
            else None
        return cls(directory, inventory, ca, sim, web, smtp, dns)

    def stop(self) -> None:
        for s in self.web.values():
            s.stop()
        self.smtp.stop()
        self.dns.stop()
        self.sim.stop()
