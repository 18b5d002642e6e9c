"""The lab's services: the portals, online services, mail and DNS the inventory names.

``netmon lab up`` serves, for every portal, online-service URL and data-centre check of the
inventory whose address is on loopback, a real server there (``lab_peers``): HTTPS (or
HTTP) on the URL's address and port with a page that names the agency and carries every
``expect`` text asked of it; SMTP/submission (aiosmtpd) and IMAP with STARTTLS; an
authoritative DNS server for the check's zones. Checks on other addresses are left out.

TLS: the lab's own CA (``lab_tls``, kept in ``LAB/services/ca`` across runs) signs each
server's certificate for its address (and a mail check's ``host``), valid a year. The
inventory stays the city's, with no lab path in it: netmon trusts the lab's CA through
OpenSSL's ``SSL_CERT_FILE``, pointed at ``LAB/lab-ca-bundle.pem`` (the system's CAs plus the
lab's), which is how an operator would add a private CA to the system store. ``netmon lab
up`` prints the ``export``.

Faults, chosen at ``lab up`` like ``--down``: ``http_error`` (agency ids, for their portal's
server, or check ids) answer 500; ``cert_days`` ({id: days}) gives a server a certificate
that expires that soon.

The servers run in one background process (``python -m netmon.monitor.lab_services DIR``,
its pid in ``DIR/services.pid``) that reads ``DIR/plan.json`` and writes ``DIR/ready`` once
every server listens; ``stop()`` ends it. Everything binds 127.0.0.0/8 only.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from netmon.errors import UsageError
from netmon.inventory import Inventory
from netmon.inventory.services import MAIL_KINDS, WEB_KINDS

MODULE = "netmon.monitor.lab_services"
CERT_DAYS = 365.0
CA_DAYS = 3650.0


def _loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _page(titles: list[str], expects: list[str]) -> str:
    heads = "".join(f"<h1>{html.escape(t)}</h1>" for t in titles)
    texts = "".join(f"<p>{e}</p>" for e in expects)  # as asked: the probe looks for it
    first = html.escape(titles[0] if titles else "Cổng thông tin điện tử")
    return (f"<html><head><meta charset='utf-8'><title>{first}</title></head><body>{heads}"
            f"<p>Dịch vụ công trực tuyến</p>{texts}</body></html>")


def plan(inv: Inventory, http_error: Iterable[str] = (),
         cert_days: Mapping[str, float] | None = None) -> dict[str, Any]:
    """What to serve: ``{"web": [...], "mail": [...], "dns": [...], "skipped": [...]}``."""
    errors, days = set(http_error), dict(cert_days or {})
    web: dict[tuple[str, str, int], dict[str, Any]] = {}
    mail: dict[tuple[str, int], dict[str, Any]] = {}
    dns: dict[tuple[str, int], dict[str, Any]] = {}
    skipped: list[str] = []
    used: set[str] = set()

    def add_web(url: str, owner: str | None, title: str | None, expect: str | None) -> None:
        """``owner``: the id whose faults this server takes (an agency for its portal, a
        check for itself); an online service shares the server of its URL."""
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if not _loopback(host):
            skipped.append(url)
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        e = web.setdefault((parts.scheme, host, port), {
            "scheme": parts.scheme, "host": host, "port": port, "owners": [], "urls": 0,
            "titles": [],
            "expects": [], "mode": "ok", "days": CERT_DAYS})
        e["urls"] += 1
        if owner is not None:
            e["owners"].append(owner)
        if title and title not in e["titles"]:
            e["titles"].append(title)
        if expect and expect not in e["expects"]:
            e["expects"].append(expect)

    for a in inv.agencies.values():
        title = f"Cổng thông tin điện tử {a.name}"
        if a.portal is not None:
            add_web(a.portal.url, a.id, title, a.portal.expect)
        for s in a.services:
            add_web(s.url, None, None, s.expect)
        for c in a.checks:
            if c.kind in WEB_KINDS and c.url:
                add_web(c.url, c.id, None, c.expect)
            elif not _loopback(c.address):
                skipped.append(c.id)
            elif c.kind in MAIL_KINDS:
                m = mail.setdefault((c.address or "", c.effective_port), {
                    "kind": c.kind, "host": c.address, "port": c.effective_port,
                    "names": [], "owners": [], "starttls": False, "days": CERT_DAYS})
                m["owners"].append(c.id)
                m["starttls"] = m["starttls"] or c.starttls
                if c.host and c.host not in m["names"]:
                    m["names"].append(c.host)
            else:
                d = dns.setdefault((c.address or "", c.effective_port), {
                    "host": c.address, "port": c.effective_port, "zones": [], "owners": []})
                d["owners"].append(c.id)
                d["zones"] += [z.rstrip(".") for z in c.zones if z.rstrip(".") not in d["zones"]]
    for e in [*web.values(), *mail.values()]:
        for owner in e["owners"]:
            if owner in errors and "mode" in e:
                e["mode"] = "error"
                used.add(owner)
            if owner in days:
                e["days"] = float(days[owner])
                used.add(owner)
    unknown = sorted((errors | set(days)) - used)
    if unknown:
        raise UsageError(f"no lab server for {', '.join(map(repr, unknown))}: name an agency "
                         "with a loopback portal or a data-centre check id")
    return {"web": list(web.values()), "mail": list(mail.values()), "dns": list(dns.values()),
            "skipped": skipped}


def _pid(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text())
        os.kill(pid, 0)
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if MODULE.encode() in cmdline else None


def stop(lab: Path) -> None:
    """End the lab's service process (only one whose command line is ours)."""
    pidfile = lab / "services" / "services.pid"
    stop_group(pidfile, _pid(pidfile), _pid)


def stop_group(pidfile: Path, pid: int | None, alive: Callable[[Path], int | None]) -> None:
    """TERM, then KILL, the process group of ``pid`` until ``alive(pidfile)`` says it is
    gone (bounded: 7 s); the pid file is removed either way."""
    if pid is not None:
        for sig, tries in ((signal.SIGTERM, 50), (signal.SIGKILL, 20)):  # bounded: 7 s
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig)
            for _ in range(tries):
                if alive(pidfile) is None:
                    break
                time.sleep(0.1)
            else:
                continue
            break
    pidfile.unlink(missing_ok=True)


def trust_bundle(lab: Path, ca_pem: Path) -> Path:
    """``LAB/lab-ca-bundle.pem``: the system's CAs, then the lab's (for ``SSL_CERT_FILE``)."""
    bundle = lab / "lab-ca-bundle.pem"
    # OpenSSL's compiled-in file, not $SSL_CERT_FILE: in a shell that exported the lab's
    # bundle, that is the bundle itself, which would grow at every `lab up`.
    system = Path(ssl.get_default_verify_paths().openssl_cafile)
    ok = system.is_file() and system.resolve() != bundle.resolve()
    parts = [system.read_bytes()] if ok else []
    bundle.write_bytes(b"\n".join([*parts, ca_pem.read_bytes()]))
    return bundle


def start(lab: Path, inv: Inventory, http_error: Iterable[str] = (),
          cert_days: Mapping[str, float] | None = None) -> dict[str, Any]:
    """Issue the certificates, start the service process, wait until it listens."""
    from netmon.monitor.lab_tls import LabCA

    want = plan(inv, http_error, cert_days)
    root = lab / "services"
    stop(lab)
    root.mkdir(parents=True, exist_ok=True)
    (root / "ready").unlink(missing_ok=True)
    ca = LabCA.load_or_create(root / "ca", CA_DAYS, "netmon lab")
    for e in want["web"]:
        if e["scheme"] == "https":
            name = f"web-{e['host']}-{e['port']}"
            e["cert"], e["key"], _ = map(str, ca.issue(name, (e["host"],), e["days"]))
    for m in want["mail"]:
        name = f"mail-{m['host']}-{m['port']}"
        m["cert"], m["key"], _ = map(str, ca.issue(name, (*m["names"], m["host"]), m["days"]))
    (root / "plan.json").write_text(json.dumps(want, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    bundle = trust_bundle(lab, ca.pem)
    info = {"web": len(want["web"]), "mail": len(want["mail"]), "dns": len(want["dns"]),
            "urls": sum(e["urls"] for e in want["web"]), "ca_bundle": str(bundle),
            "skipped": want["skipped"]}
    if not (want["web"] or want["mail"] or want["dns"]):
        return info
    log = (root / "services.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", MODULE, str(root)], stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    (root / "services.pid").write_text(str(proc.pid))
    for _ in range(300):  # bounded: 30 s (aiosmtpd checks itself with a connection)
        if (root / "ready").exists() or proc.poll() is not None:
            break
        time.sleep(0.1)
    if not (root / "ready").exists():
        stop(lab)
        raise UsageError(f"the lab's services did not start (see {root / 'services.log'})")
    return info


# ------------------------------------------------------------------ the service process

def serve(root: Path, stopped: threading.Event) -> None:
    """Start every server of ``root/plan.json``, write ``root/ready``, run until
    ``stopped`` is set, stop them."""
    from netmon.monitor import lab_peers as P
    from netmon.monitor.lab_tls import context_from

    want = json.loads((root / "plan.json").read_text(encoding="utf-8"))
    running: list[Any] = []
    try:
        for e in want["web"]:
            ctx = context_from(Path(e["cert"]), Path(e["key"])) if "cert" in e else None
            page = _page(e["titles"], e["expects"]).encode()
            running.append(P.start_web(e["mode"], ctx, page=page, host=e["host"],
                                       port=e["port"], poll_interval=0.5))
        for m in want["mail"]:
            ctx = context_from(Path(m["cert"]), Path(m["key"])) if m["starttls"] else None
            name = (m["names"] or [m["host"]])[0]
            if m["kind"] == "imap":
                running.append(P.start_imap(ctx, m["host"], m["port"],
                                            greeting=f"{name} IMAP4rev1 ready"))
            else:
                running.append(P.start_smtp(ctx, m["host"], m["port"], ident=f"{name} ESMTP"))
        for d in want["dns"]:
            running.append(P.start_dns(dict.fromkeys(d["zones"], int(time.strftime("%Y%m%d01"))),
                                       host=d["host"], port=d["port"]))
        (root / "ready").write_text(f"{len(running)} servers\n")
        print(f"lab services: {len(running)} servers listening", flush=True)
        stopped.wait()
    finally:
        for server in reversed(running):
            with contextlib.suppress(Exception):
                server.stop()
        (root / "ready").unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(f"usage: python -m {MODULE} DIR", file=sys.stderr)
        return 2
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    serve(Path(argv[0]), stopped)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
