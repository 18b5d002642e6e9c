"""Fast SNMP agents for benchmarks: Debian's snmpd, one per network namespace.

snmpsim spends ~300 ms of CPU to serve one walk of a 52-port switch, so it cannot load a
fast poller. net-snmp's snmpd can, but it reports the interfaces of the machine it runs
on. So each agent runs in a network namespace of its own holding ``pairs`` veth pairs
(2 x pairs + 1 ifTable rows with lo; the kernel here has no ``dummy`` module), and its
UDP socket is bound in the *root* namespace on a loopback address (127.91.0.N:161) and
handed to snmpd by systemd-style socket activation (LISTEN_FDS, which Debian's snmpd
supports): traffic stays on 127.0.0.0/8, and the poller needs no route into a namespace.

Needs root (namespaces, port 161). ``stop()`` ends the agents and deletes the namespaces.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SNMPD = shutil.which("snmpd") or "/usr/sbin/snmpd"
BASE = "127.91.0."


@dataclass
class FastAgents:
    addresses: list[str]
    community: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    namespaces: list[str] = field(default_factory=list)
    directory: Path | None = None

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.processes.clear()
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)
        self.namespaces.clear()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]


def _namespace(name: str, pairs: int) -> None:
    subprocess.run(["ip", "netns", "add", name], check=True, capture_output=True)
    batch = ["link set lo up"]
    for i in range(pairs):
        batch.append(f"link add gi{i}a type veth peer name gi{i}b")
        batch += [f"link set gi{i}a up", f"link set gi{i}b up"]
    subprocess.run(["ip", "-n", name, "-batch", "-"], input="\n".join(batch).encode(),
                   check=True, capture_output=True)


def _spawn(agents: FastAgents, ns: str, pairs: int, home: Path, address: str, port: int,
           rcvbuf: int, extra_conf: str = "") -> None:
    """One snmpd in network namespace ``ns`` (``pairs`` veth pairs), its UDP socket bound
    in the root namespace on ``address:port`` and handed over by socket activation."""
    _namespace(ns, pairs)
    agents.namespaces.append(ns)
    (home / "persist").mkdir(parents=True)
    conf = home / "snmpd.conf"
    conf.write_text(f"agentAddress udp:{address}:{port}\n"
                    f"rocommunity {agents.community} 127.0.0.0/8\n{extra_conf}"
                    "sysLocation netmon benchmark\nsysContact bench@example.invalid\n")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.bind((address, port))
    fd = sock.fileno()
    # fd 3 is where socket activation looks; LISTEN_PID must be snmpd's own pid, which the
    # shell keeps through both execs.
    move = "" if fd == 3 else f"exec 3<&{fd} {fd}<&-; "
    script = (f"{move}export LISTEN_FDS=1 LISTEN_PID=$$; "
              f"exec ip netns exec {ns} {SNMPD} -f -Lo -C -c {conf} "
              f"-p {home / 'pid'} -I -smux udp:{address}:{port}")
    env = dict(os.environ, MIBS="", MIBDIRS="/nonexistent",
               SNMP_PERSISTENT_DIR=str(home / "persist"))
    with (home / "log").open("wb") as log:
        agents.processes.append(subprocess.Popen(
            ["bash", "-c", script], env=env, stdout=log, stderr=subprocess.STDOUT,
            pass_fds=(fd,)))
    sock.close()


def start_fast_agents(count: int, pairs: int = 26, community: str = "bench") -> FastAgents:
    """``count`` snmpd agents at 127.91.0.1..count:161, each with 2*pairs+1 interfaces."""
    if os.geteuid() != 0:
        raise SystemExit("fast agents need root (network namespaces, port 161)")
    tag = f"nmb{os.getpid()}"
    directory = Path(tempfile.mkdtemp(prefix="netmon-fast-agents-"))
    agents = FastAgents([f"{BASE}{i + 1}" for i in range(count)], community,
                        directory=directory)
    try:
        for i, address in enumerate(agents.addresses):
            _spawn(agents, f"{tag}-{i}", pairs, directory / str(i), address, 161, 1 << 20)
        _wait_ready(agents)
    except BaseException:
        agents.stop()
        raise
    return agents


def _wait_ready(agents: FastAgents, timeout_s: float = 60.0) -> None:
    env = dict(os.environ, MIBS="", MIBDIRS="/nonexistent")
    deadline = time.monotonic() + timeout_s
    for address in agents.addresses:
        while True:
            res = subprocess.run(["snmpget", "-v2c", "-c", agents.community, "-t", "0.5",
                                  "-r", "0", "-Oqv", address, "1.3.6.1.2.1.1.3.0"],
                                 capture_output=True, env=env, check=False)
            if res.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"snmpd at {address} did not answer")
            time.sleep(0.2)


def start_shared_agents(profiles: dict[int, int], community: str = "bench") -> FastAgents:
    """One snmpd per profile ``{udp port: veth pairs}``, serving every loopback address.

    Each agent's socket is bound in the root namespace to 0.0.0.0:port, so one agent
    answers for all of 127.0.0.0/8 on its port, and replies from the address it was asked
    on (net-snmp answers with IP_PKTINFO): thousands of distinct devices, each with its
    own address for ICMP and SNMP, from three processes. ``addresses`` is left empty:
    the caller chooses the devices' addresses. Connections are not logged."""
    if os.geteuid() != 0:
        raise SystemExit("fast agents need root (network namespaces)")
    tag = f"nms{os.getpid()}"
    directory = Path(tempfile.mkdtemp(prefix="netmon-shared-agents-"))
    agents = FastAgents([], community, directory=directory)
    try:
        for port, pairs in profiles.items():
            _spawn(agents, f"{tag}-{port}", pairs, directory / str(port), "0.0.0.0", port,
                   4 << 20, "dontLogTCPWrappersConnects yes\n")
        _wait_ready(FastAgents([f"127.0.0.1:{port}" for port in profiles], community))
    except BaseException:
        agents.stop()
        raise
    return agents
