"""A UDP SNMP agent for tests that answers badly on purpose, one behaviour at a time.

``HostileAgent(mib, behaviour)`` serves a small Cisco-like device (``device_mib``: the
system group, ifTable/ifXTable rows, an entPhysicalTable, the chassisId scalar) on a free
127.0.0.1 port from a thread. A correct answer is computed first (GET, GETNEXT, GETBULK
with the usual semantics); the behaviour then gets the request and that answer and
returns the datagrams to send (none, garbage, a changed answer), and may sleep.

Values in the MIB are encoded TLVs (``ber.encode_value`` or raw bytes), so a behaviour can
serve what no honest encoder would: a 3-byte IpAddress, an overflowing Counter32.
"""

from __future__ import annotations

import bisect
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from netmon.collectors.snmp import ber
from netmon.collectors.snmp.values import SnmpValue

Oid = tuple[int, ...]
Mib = dict[Oid, bytes]
Pairs = list[tuple[Oid, bytes]]

SYS = (1, 3, 6, 1, 2, 1, 1)
IF = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
ENT = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1)
CHASSIS_ID = (1, 3, 6, 1, 4, 1, 9, 3, 6, 3, 0)
SERIAL = "FOC1234X0AB"


def v(kind: str, value: int | bytes | str | None = None) -> bytes:
    return ber.encode_value(SnmpValue(kind, value))


def device_mib(interfaces: int = 8, modules: int = 3) -> Mib:
    """A Catalyst-like switch: what the tests expect back is derived from these lines."""
    mib: Mib = {
        (*SYS, 1, 0): v("octets", b"Cisco IOS Software, C3560 Software (C3560-IPBASE-M), "
                                  b"Version 12.2(55)SE5, RELEASE SOFTWARE (fc1)"),
        (*SYS, 2, 0): v("oid", "1.3.6.1.4.1.9.1.1208"),
        (*SYS, 3, 0): v("timeticks", 123456),
        (*SYS, 4, 0): v("octets", b"noc@hanoi.example"),
        (*SYS, 5, 0): v("octets", b"sw-hoan-kiem-01"),
        (*SYS, 6, 0): v("octets", b"Hoan Kiem rack 2"),
        CHASSIS_ID: v("octets", SERIAL.encode()),
    }
    for i in range(1, interfaces + 1):
        name = f"Gi0/{i}".encode()
        for col, value in ((1, v("int", i)), (2, v("octets", b"GigabitEthernet0/%d" % i)),
                           (3, v("int", 6)), (5, v("gauge32", 1_000_000_000)),
                           (6, v("octets", bytes([0, 0x1b, 0x2c, 0, 0, i])))
                           , (7, v("int", 1)), (8, v("int", 1 if i % 2 else 2)),
                           (10, v("counter32", 1000 * i)), (14, v("counter32", 0)),
                           (16, v("counter32", 2000 * i)), (20, v("counter32", 0))):
            mib[(*IF, col, i)] = value
        for col, value in ((1, v("octets", name)), (6, v("counter64", 2**40 + i)),
                           (10, v("counter64", 2**41 + i)), (15, v("gauge32", 1000)),
                           (18, v("octets", b"uplink %d" % i))):
            mib[(*IFX, col, i)] = value
    rows = [(1, 3, 0, b"WS-C3560-8PC-S", SERIAL.encode(), b"1")]  # class 3: chassis
    rows += [(100 + m, 9, 1, b"GLC-T", f"MOD{m:04d}".encode(), b"%d" % m)
             for m in range(1, modules + 1)]
    for index, cls, parent, model, serial, name in rows:
        for col, value in ((2, v("octets", model + b" descr")), (4, v("int", parent)),
                           (5, v("int", cls)), (7, v("octets", name)),
                           (8, v("octets", b"V01")), (9, v("octets", b"")),
                           (10, v("octets", b"12.2(55)SE5")), (11, v("octets", serial)),
                           (13, v("octets", model))):
            mib[(*ENT, col, index)] = value
    return mib


@dataclass
class Request:
    version: int
    community: bytes
    pdu_type: int
    request_id: int
    field1: int  # non-repeaters for GETBULK
    field2: int  # max-repetitions for GETBULK
    oids: list[Oid]


@dataclass
class Answer:
    """What a correct agent would send; a behaviour may change any of it."""

    pairs: Pairs
    error_status: int = 0
    error_index: int = 0
    version: int | None = None  # None: the request's

    def encode(self, req: Request) -> bytes:
        return ber.encode_message(req.version if self.version is None else self.version,
                                  req.community, ber.RESPONSE, req.request_id,
                                  self.error_status, self.error_index,
                                  [(ber.encode_oid(o), val) for o, val in self.pairs])


Behaviour = Callable[[Request, Answer, "HostileAgent"], list[bytes]]


def honest(req: Request, answer: Answer, _agent: HostileAgent) -> list[bytes]:
    return [answer.encode(req)]


@dataclass
class HostileAgent:
    mib: Mib
    behaviour: Behaviour = honest
    community: bytes = b"public"
    address: str = "127.0.0.1"
    port: int = 0
    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = sorted(self.mib)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        self._sock.bind((self.address, 0))
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> HostileAgent:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._sock.close()

    def set_keys(self) -> None:
        self.keys = sorted(self.mib)

    def next_after(self, oid: Oid) -> tuple[Oid, bytes] | None:
        at = bisect.bisect_right(self.keys, oid)
        if at >= len(self.keys):
            return None
        key = self.keys[at]
        return key, self.mib[key]

    def answer(self, req: Request) -> Answer:
        eom = v("endofmibview")
        if req.pdu_type == ber.GET:
            return Answer([(o, self.mib.get(o, v("nosuchobject"))) for o in req.oids])
        if req.pdu_type == ber.GET_NEXT:
            pairs = []
            for o in req.oids:
                found = self.next_after(o)
                pairs.append(found if found is not None else (o, eom))
            return Answer(pairs)
        pairs, cursor = [], list(req.oids)
        for _ in range(max(1, req.field2)):
            for i, o in enumerate(cursor):
                found = self.next_after(o)
                pairs.append(found if found is not None else (o, eom))
                cursor[i] = found[0] if found is not None else o
        return Answer(pairs)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._sock], [], [], 0.05)
            if not ready:
                continue
            data, peer = self._sock.recvfrom(65535)
            try:
                msg = ber.decode(data)
                req = Request(msg.version, msg.community, msg.pdu_type, msg.request_id,
                              msg.error_status, msg.error_index, [o for o, _ in msg.varbinds])
                self.requests.append(req)
                if msg.community != self.community:
                    continue
                for datagram in self.behaviour(req, self.answer(req), self):
                    self._sock.sendto(datagram, peer)
            except Exception as exc:  # the test reads these: a broken responder is no test
                self.errors.append(repr(exc))
