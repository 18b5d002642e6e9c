"""``FastClient``: the ``SnmpClient`` for SNMPv1/v2c on netmon's own codec (ber.py) and
the shared UDP dispatcher (transport.py). The hot path of every poll.

Why not pysnmp here: its codec and engine cost ~100 µs per varbind, ten times the Go
exporter (benchmarks/README.md). pysnmp keeps SNMPv3, where the USM engine is needed.

A response is believed only when its request-id is pending and it comes from the
device's address and port (transport.py). Either SNMP version number is accepted in a
response: the GetResponse PDU is the same in v1 and v2c, and an agent that stamps the
wrong version on a correct answer still told the truth.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Sequence

from netmon.collectors.observation import Status
from netmon.collectors.snmp.ber import GET, GET_BULK, GET_NEXT, V1, V2C, encode_oid, encode_request
from netmon.collectors.snmp.client import (
    AgentError,
    Limits,
    Oid,
    SnmpError,
    get_values,
    walk_columns,
)
from netmon.collectors.snmp.transport import DISPATCHERS, RequestTimeout
from netmon.collectors.snmp.values import SnmpValue
from netmon.target import SnmpCredentials

_PDU = {"get": GET, "next": GET_NEXT, "bulk": GET_BULK}


class FastClient:
    """SNMPv1/v2c. Cheap to build; the socket is the event loop's shared dispatcher."""

    def __init__(self, address: str, creds: SnmpCredentials, *,
                 limits: Limits | None = None) -> None:
        if creds.version not in ("1", "2c"):
            raise ValueError("FastClient speaks SNMPv1/v2c only")
        self.address = address
        self.creds = creds
        self.limits = limits or Limits()
        self._version = V1 if creds.version == "1" else V2C
        self._community = (creds.community.get_secret_value().encode()
                           if creds.community is not None else b"")
        self._peer: tuple[str, int] | None = None
        self._family = socket.AF_INET

    def __repr__(self) -> str:  # never the community
        return f"FastClient({self.address!r}, version={self.creds.version!r})"

    async def _resolve(self) -> tuple[str, int]:
        """The numeric (host, port) responses must come from; resolved once."""
        if self._peer is None:
            port = self.creds.port
            try:
                ip = ipaddress.ip_address(self.address.strip("[]"))
            except ValueError:
                try:  # a name resolves to IPv4, as with pysnmp's UdpTransportTarget
                    infos = await asyncio.get_running_loop().getaddrinfo(
                        self.address, port, family=socket.AF_INET, type=socket.SOCK_DGRAM)
                except OSError as exc:
                    raise SnmpError(Status.UNREACHABLE,
                                    f"{self.address}: bad address ({type(exc).__name__})"
                                    ) from exc
                ip = ipaddress.ip_address(infos[0][4][0])
            self._family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            self._peer = (str(ip), port)
        return self._peer

    async def send(self, kind: str, oids: Sequence[Oid], reps: int,
                   deadline: float | None) -> list[tuple[Oid, SnmpValue]]:
        """One PDU; the answer as (OID tuple, value) pairs. ``AgentError`` on error-status."""
        peer = await self._resolve()
        if deadline is not None and deadline <= time.monotonic():
            raise SnmpError(Status.TIMEOUT, f"{self.address}: deadline reached")
        try:
            dispatcher = await DISPATCHERS.get(self._family)
        except OSError as exc:
            raise SnmpError(Status.INTERNAL,
                            f"{self.address}: no UDP socket ({exc.strerror})") from exc
        names = [encode_oid(o) for o in oids]
        pdu, version, community = _PDU[kind], self._version, self._community
        try:
            response = await dispatcher.request(
                peer, lambda rid: encode_request(version, community, pdu, rid, names, reps),
                self.creds.timeout_s, self.creds.retries, deadline)
        except RequestTimeout as exc:
            if exc.malformed:
                raise SnmpError(Status.PARSE_ERROR,
                                f"{self.address}: {exc.malformed} malformed SNMP answer(s), "
                                "no valid one") from exc
            if exc.cut:
                raise SnmpError(Status.TIMEOUT, f"{self.address}: deadline reached") from exc
            raise SnmpError(Status.TIMEOUT, f"{self.address}: no SNMP answer (a wrong "
                            "community looks the same: the agent stays silent)") from exc
        except OSError as exc:
            raise SnmpError(Status.UNREACHABLE, f"{self.address}: network error "
                            f"({exc.strerror or type(exc).__name__})") from exc
        if response.error_status:
            raise AgentError(response.error_status, response.error_index, self.address)
        return response.varbinds

    async def get(self, oids: Sequence[str], deadline: float | None = None
                  ) -> dict[str, SnmpValue]:
        return await get_values(self.send, oids, deadline, self.address)

    async def walk(self, columns: Sequence[str], deadline: float | None = None
                   ) -> dict[str, dict[str, SnmpValue]]:
        return await walk_columns(self.send, columns, v1=self._version == V1,
                                  reps=self.creds.max_repetitions, deadline=deadline,
                                  limits=self.limits)

    async def close(self) -> None:
        """Nothing per device to free: the socket is shared."""
