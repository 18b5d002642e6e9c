"""Debian's real ``rabbitmq-server`` (3.10.8) on loopback, private to one test run.

``start_rabbitmq(directory, users)`` runs the broker from ``/usr/lib/rabbitmq/bin`` with
every file it writes (Mnesia, logs, pid, cookie) under ``directory``, on free 127.0.0.1
ports, with its own ``epmd`` on a free port too (started by us in the foreground, so that
we know its PID and stop exactly what we started; the system service is never touched).
Users, the vhost, their permissions and topic permissions are loaded at boot from a
definitions file (``load_definitions``), which is much faster than one ``rabbitmqctl`` call
each (an Erlang VM start per call). With ``tls=True`` an AMQPS listener is added, with a
CA and a server certificate made by ``openssl`` for 127.0.0.1.

``Rabbit.stop()`` / ``start()`` keep the ports and the data folder, for outage tests.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.peers.process import terminate

SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
EPMD = shutil.which("epmd")
OPENSSL = shutil.which("openssl")

requires_rabbitmq = pytest.mark.skipif(
    not SERVER.exists() or EPMD is None,
    reason="Debian's rabbitmq-server is not installed (bash deploy/setup.sh test installs it)",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class User:
    """A broker user and what it may do (regexes, as ``rabbitmqctl set_permissions``)."""

    name: str
    password: str
    configure: str = ""
    write: str = ""
    read: str = ""
    topic_write: str | None = None  # on ``topic_exchange``; None: no topic permission
    topic_read: str | None = None
    topic_exchange: str = ""
    tags: tuple[str, ...] = ()


def _password_hash(password: str) -> str:
    """rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))."""
    salt = secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(vhost: str, users: Sequence[User]) -> dict[str, object]:
    return {
        "rabbit_version": "3.10.8",
        "vhosts": [{"name": vhost}],
        "users": [{"name": u.name, "password_hash": _password_hash(u.password),
                   "hashing_algorithm": "rabbit_password_hashing_sha256",
                   "tags": list(u.tags)} for u in users],
        "permissions": [{"user": u.name, "vhost": vhost, "configure": u.configure,
                         "write": u.write, "read": u.read} for u in users],
        "topic_permissions": [{"user": u.name, "vhost": vhost, "exchange": u.topic_exchange,
                               "write": u.topic_write or "", "read": u.topic_read or ""}
                              for u in users if u.topic_write is not None],
    }


@dataclass
class Rabbit:
    directory: Path
    port: int
    vhost: str
    tls_port: int | None = None
    epmd_port: int = 0
    dist_port: int = 0
    node: str = ""
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    epmd: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def ca_file(self) -> Path:
        return self.directory / "tls" / "ca.pem"

    def env(self) -> dict[str, str]:
        d = self.directory
        return {**os.environ, "HOME": str(d / "home"), "RABBITMQ_NODENAME": self.node,
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port), "ERL_EPMD_PORT": str(self.epmd_port),
                "ERL_EPMD_ADDRESS": "127.0.0.1",
                "RABBITMQ_MNESIA_BASE": str(d / "mnesia"), "RABBITMQ_LOG_BASE": str(d / "log"),
                "RABBITMQ_PID_FILE": str(d / "rabbit.pid"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(d / "enabled_plugins"),
                "RABBITMQ_CONFIG_FILE": str(d / "rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE": str(d / "advanced.config"),
                "RABBITMQ_CONF_ENV_FILE": str(d / "rabbitmq-env.conf"),
                "RABBITMQ_PLUGINS_EXPAND_DIR": str(d / "plugins-expand")}

    def start(self, timeout_s: float = 60.0) -> None:
        assert self.proc is None, "already running"
        if self.epmd is None or self.epmd.poll() is not None:
            assert EPMD is not None
            self.epmd = subprocess.Popen([EPMD, "-port", str(self.epmd_port), "-address",
                                          "127.0.0.1"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, env=self.env(),
                                         cwd=self.directory)
        log = (self.directory / "server.out").open("ab")
        # cwd: where Erlang drops its crash dumps (MnesiaCore.*, erl_crash.dump), not the repo
        self.proc = subprocess.Popen([str(SERVER)], stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env(),
                                     start_new_session=True, cwd=self.directory)
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:  # bounded wait for an AMQP handshake
            if self.proc.poll() is not None:
                self.proc = None
                raise RuntimeError(f"rabbitmq-server exited: {self.log_tail()}")
            if _amqp_answers(self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"rabbitmq-server did not answer in {timeout_s}s: {self.log_tail()}")

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop the broker: SIGTERM to the process group we started it in (the Erlang VM
        and its helpers, nothing else), SIGKILL if it lingers (bounded)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout_s)
                break
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + 10
        while _group_alive(proc.pid) and time.monotonic() < deadline:  # helpers exit too
            time.sleep(0.1)
        (self.directory / "rabbit.pid").unlink(missing_ok=True)

    def close(self) -> None:
        self.stop()
        epmd, self.epmd = self.epmd, None
        terminate(epmd)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 3000) -> str:
        text = ""
        for p in [self.directory / "server.out", *sorted((self.directory / "log").glob("*.log"))]:
            if p.exists():
                text += f"--- {p.name}\n" + p.read_text(errors="replace")[-n:]
        return text


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _amqp_answers(port: int) -> bool:
    """The broker speaks AMQP on ``port``: it answers our protocol header with a frame."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"AMQP\x00\x00\x09\x01")
            return s.recv(1) == b"\x01"  # a method frame: Connection.Start
    except OSError:
        return False


def _make_tls(directory: Path) -> None:
    """A CA and a server certificate for 127.0.0.1 (subjectAltName IP), by openssl."""
    if OPENSSL is None:
        pytest.skip("openssl is not installed")
    directory.mkdir(parents=True, exist_ok=True)

    def run(*args: str) -> None:
        subprocess.run([OPENSSL, *args], cwd=directory, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
        "ca.pem", "-days", "2", "-subj", "/CN=netmon test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=127.0.0.1")
    (directory / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")


def start_rabbitmq(directory: Path, users: Sequence[User], *, vhost: str = "netmon",
                   tls: bool = False) -> Rabbit:
    if not SERVER.exists() or EPMD is None:
        pytest.skip("Debian's rabbitmq-server is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    for sub in ("home", "mnesia", "log"):
        (directory / sub).mkdir(exist_ok=True)
    rabbit = Rabbit(directory, free_port(), vhost, free_port() if tls else None, free_port(),
                    free_port(), f"netmon-test-{secrets.token_hex(3)}@localhost")
    (directory / "enabled_plugins").write_text("[].\n")
    (directory / "advanced.config").write_text("[].\n")
    (directory / "rabbitmq-env.conf").write_text("")
    (directory / "definitions.json").write_text(json.dumps(definitions(vhost, users)))
    conf = [f"listeners.tcp.default = 127.0.0.1:{rabbit.port}",
            f"load_definitions = {directory / 'definitions.json'}",
            "log.console = false", "log.file.level = warning",
            "disk_free_limit.absolute = 10MB"]
    if tls:
        _make_tls(directory / "tls")
        t = directory / "tls"
        conf += [f"listeners.ssl.default = 127.0.0.1:{rabbit.tls_port}",
                 f"ssl_options.cacertfile = {t / 'ca.pem'}",
                 f"ssl_options.certfile = {t / 'server.pem'}",
                 f"ssl_options.keyfile = {t / 'server.key'}",
                 "ssl_options.verify = verify_none",
                 "ssl_options.fail_if_no_peer_cert = false"]
    (directory / "rabbitmq.conf").write_text("\n".join(conf) + "\n")
    try:
        rabbit.start()
    except BaseException:
        rabbit.close()
        raise
    return rabbit
