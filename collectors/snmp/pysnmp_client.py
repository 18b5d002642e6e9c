"""``PysnmpClient``: the ``SnmpClient`` on pysnmp 7's asyncio API, for SNMPv3 (and the
reference the fast path is tested against). The only module that builds pysnmp objects.

Numeric OIDs, ``lookupMib=False``, and PDUs sent through pysnmp's command generators
below its high-level API. Failures are raised as ``SnmpError`` with a collector
``Status`` (timeout, auth_failed, unreachable, internal); no message holds a community
or key. The request rules for broken agents are client.py's, shared with ``FastClient``.

Engines: one ``SnmpEngine`` per event loop is shared by every v1/v2c device (pysnmp's
first request to a target is costly and grows with the number of engines/targets; one UDP
socket with a raised SO_RCVBUF keeps replies from being dropped under fan-out). SNMPv3
users are keyed by name inside an engine, so each distinct v3 credential set gets its own
engine (two devices with the same user name but other keys must not share one).
"""

from __future__ import annotations

import asyncio
import hashlib
import socket
import time
import weakref
from collections.abc import Sequence
from typing import Any

from pyasn1.type import univ
from pysnmp.carrier.asyncio.dgram import udp, udp6
from pysnmp.entity import config
from pysnmp.entity.rfc3413 import cmdgen
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    SnmpEngine,
    Udp6TransportTarget,
    UdpTransportTarget,
    UsmUserData,
)
from pysnmp.hlapi.v3arch.asyncio import auth as usm
from pysnmp.hlapi.v3arch.asyncio.cmdgen import LCD
from pysnmp.proto import errind, rfc1902, rfc1905
from pysnmp.proto.rfc1902 import ObjectName

from netmon.collectors.observation import Status
from netmon.collectors.snmp.client import (
    AgentError,
    Limits,
    Oid,
    SnmpError,
    get_values,
    walk_columns,
)
from netmon.collectors.snmp.values import SnmpValue
from netmon.target import SnmpCredentials

RCVBUF_BYTES = 4 * 1024 * 1024

AUTH_PROTOCOLS: dict[str, Any] = {
    "md5": usm.usmHMACMD5AuthProtocol,
    "sha": usm.usmHMACSHAAuthProtocol,
    "sha224": usm.usmHMAC128SHA224AuthProtocol,
    "sha256": usm.usmHMAC192SHA256AuthProtocol,
    "sha384": usm.usmHMAC256SHA384AuthProtocol,
    "sha512": usm.usmHMAC384SHA512AuthProtocol,
}
PRIV_PROTOCOLS: dict[str, Any] = {
    "des": usm.usmDESPrivProtocol,
    "3des": usm.usm3DESEDEPrivProtocol,
    "aes": usm.usmAesCfb128Protocol,
    "aes128": usm.usmAesCfb128Protocol,
    # Reeder key extension, as net-snmp and Cisco do it for AES-192/256.
    "aes192": usm.usmAesCfb192Protocol,
    "aes256": usm.usmAesCfb256Protocol,
}

# pysnmp error indications that mean "your v3 credentials are wrong".
_AUTH_ERRORS = (
    errind.UnknownUserName, errind.WrongDigest, errind.DecryptionError,
    errind.AuthenticationFailure, errind.AuthenticationError, errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel, errind.UnsupportedAuthProtocol,
    errind.UnsupportedPrivProtocol, errind.NoAuthentication, errind.NoEncryption,
    errind.UnknownCommunityName, errind.NotInTimeWindow,
)


def to_value(raw: Any) -> SnmpValue:
    """A pysnmp value as an ``SnmpValue`` (subclass checks first: IpAddress is octets)."""
    if isinstance(raw, rfc1905.NoSuchObject):
        return SnmpValue("nosuchobject")
    if isinstance(raw, rfc1905.NoSuchInstance):
        return SnmpValue("nosuchinstance")
    if isinstance(raw, rfc1905.EndOfMibView):
        return SnmpValue("endofmibview")
    if isinstance(raw, univ.Null):  # a NULL value (pyasn1's Null is an OctetString)
        return SnmpValue("null")
    if isinstance(raw, rfc1902.IpAddress):
        return SnmpValue("ipaddr", ".".join(str(b) for b in raw.asOctets()))
    if isinstance(raw, rfc1902.Opaque):
        return SnmpValue("opaque", bytes(raw.asOctets()))
    if isinstance(raw, rfc1902.Bits):
        return SnmpValue("bits", bytes(raw.asOctets()))
    if isinstance(raw, univ.OctetString):
        return SnmpValue("octets", bytes(raw.asOctets()))
    if isinstance(raw, univ.ObjectIdentifier):
        return SnmpValue("oid", ".".join(str(x) for x in raw))
    for cls, kind in ((rfc1902.Counter64, "counter64"), (rfc1902.TimeTicks, "timeticks"),
                      (rfc1902.Counter32, "counter32"), (rfc1902.Gauge32, "gauge32"),
                      (rfc1902.Unsigned32, "gauge32")):
        if isinstance(raw, cls):
            return SnmpValue(kind, int(raw))
    if isinstance(raw, univ.Integer):
        return SnmpValue("int", int(raw))
    return SnmpValue("null")


class _Engines:
    """Engines per event loop (pysnmp binds its socket to the loop that opened it)."""

    def __init__(self) -> None:
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[tuple[str, bool], SnmpEngine]
        ] = weakref.WeakKeyDictionary()

    def get(self, key: str, ipv6: bool) -> SnmpEngine:
        loop = asyncio.get_running_loop()
        engines = self._by_loop.setdefault(loop, {})
        engine = engines.get((key, ipv6))
        if engine is None:
            engine = SnmpEngine()
            proto = udp6.Udp6AsyncioTransport if ipv6 else udp.UdpAsyncioTransport
            transport = proto(loop=loop).open_client_mode()
            domain = udp6.DOMAIN_NAME if ipv6 else udp.DOMAIN_NAME
            config.add_transport(engine, domain, transport)
            transport._lport.add_done_callback(lambda _f, t=transport: _raise_rcvbuf(t))
            engines[(key, ipv6)] = engine
        return engine

    def close_all(self) -> None:
        """Close every engine of the running loop (the daemon calls this at shutdown)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for engine in self._by_loop.pop(loop, {}).values():
            engine.close_dispatcher()


def _raise_rcvbuf(transport: Any) -> None:
    sock = transport.transport.get_extra_info("socket") if transport.transport else None
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF_BYTES)


ENGINES = _Engines()


def _secret(value: Any) -> str:
    return "" if value is None else str(value.get_secret_value())


def auth_data(creds: SnmpCredentials) -> tuple[Any, str]:
    """pysnmp auth object and the engine key for these credentials."""
    if creds.version in ("1", "2c"):
        community = _secret(creds.community)
        return CommunityData(community, mpModel=0 if creds.version == "1" else 1), "community"
    if not creds.user:
        raise SnmpError(Status.INTERNAL, "SNMPv3 needs a user name")
    auth_proto = AUTH_PROTOCOLS[creds.auth_protocol] if creds.auth_protocol else None
    priv_proto = PRIV_PROTOCOLS[creds.priv_protocol] if creds.priv_protocol else None
    auth_key = _secret(creds.auth_key) if creds.auth_key else None
    priv_key = _secret(creds.priv_key) if creds.priv_key else None
    if auth_key is None:
        auth_proto = usm.usmNoAuthProtocol
    elif auth_proto is None:
        auth_proto = usm.usmHMACSHAAuthProtocol
    if priv_key is None:
        priv_proto = usm.usmNoPrivProtocol
    elif priv_proto is None:
        priv_proto = usm.usmAesCfb128Protocol
    material = "\0".join([creds.user, str(creds.auth_protocol), auth_key or "",
                          str(creds.priv_protocol), priv_key or ""])
    key = "v3:" + hashlib.sha256(material.encode()).hexdigest()
    data = UsmUserData(creds.user, authKey=auth_key, privKey=priv_key,
                       authProtocol=auth_proto, privProtocol=priv_proto)
    return data, key


def describe_error(indication: Any, address: str, version: str = "2c") -> SnmpError:
    """pysnmp's error indication -> SnmpError with a status and a secret-free message."""
    name = type(indication).__name__
    if isinstance(indication, errind.RequestTimedOut):
        hint = ("a wrong SNMPv3 privacy key looks the same" if version == "3" else
                "a wrong community looks the same: the agent stays silent")
        return SnmpError(Status.TIMEOUT, f"{address}: no SNMP answer ({hint})")
    if isinstance(indication, _AUTH_ERRORS):
        return SnmpError(Status.AUTH_FAILED, f"{address}: SNMPv3 authentication failed ({name})")
    return SnmpError(Status.INTERNAL, f"{address}: SNMP engine error ({name})")


class PysnmpClient:
    """``SnmpClient`` on pysnmp 7 asyncio. Cheap to build; sockets are the shared engines'."""

    def __init__(self, address: str, creds: SnmpCredentials, *,
                 limits: Limits | None = None) -> None:
        self.address = address
        self.creds = creds
        self.limits = limits or Limits()
        self._auth, self._engine_key = auth_data(creds)
        self._ipv6 = ":" in address
        self._target: Any = None
        self._context = ContextData(contextName=creds.context.encode())

    def __repr__(self) -> str:  # never the credentials
        return f"PysnmpClient({self.address!r}, version={self.creds.version!r})"

    async def _prepare(self) -> tuple[SnmpEngine, Any]:
        engine = ENGINES.get(self._engine_key, self._ipv6)
        if self._target is None:
            cls = Udp6TransportTarget if self._ipv6 else UdpTransportTarget
            try:
                self._target = await cls.create(
                    (self.address, self.creds.port),
                    timeout=self.creds.timeout_s, retries=self.creds.retries)
            except Exception as exc:  # bad address, resolution failure
                raise SnmpError(Status.UNREACHABLE,
                                f"{self.address}: bad address ({type(exc).__name__})") from exc
        return engine, self._target

    async def send(self, kind: str, oids: Sequence[Oid], reps: int,
                   deadline: float | None) -> list[tuple[Oid, SnmpValue]]:
        """One PDU; the answer as (OID tuple, value) pairs. ``AgentError`` on error-status."""
        engine, target = await self._prepare()
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise SnmpError(Status.TIMEOUT, f"{self.address}: deadline reached")
        try:
            res = await asyncio.wait_for(self._send(engine, target, kind, oids, reps), left)
        except TimeoutError as exc:
            raise SnmpError(Status.TIMEOUT, f"{self.address}: deadline reached") from exc
        except SnmpError:
            raise
        except OSError as exc:
            raise SnmpError(Status.UNREACHABLE,
                            f"{self.address}: network error ({exc.strerror or type(exc).__name__})"
                            ) from exc
        except Exception as exc:
            raise SnmpError(Status.INTERNAL,
                            f"{self.address}: SNMP request failed ({type(exc).__name__})") from exc
        indication, status, index, var_binds = res
        if indication:
            raise describe_error(indication, self.address, self.creds.version)
        if status:
            raise AgentError(int(status), int(index), self.address)
        return [(tuple(vb[0]), to_value(vb[1])) for vb in var_binds]

    async def _send(self, engine: SnmpEngine, target: Any, kind: str, oids: Sequence[Oid],
                    reps: int) -> tuple[Any, Any, Any, Any]:
        """One PDU through pysnmp's command generators, below its high-level API.

        The hlapi resolves every request OID through a MIB view (and builds pysmi's
        compiler on first use) even with lookupMib=False: numeric OIDs need none of it,
        and skipping it saves a third of the poller's CPU on small devices.
        """
        addr_name, _params = LCD.configure(engine, self._auth, target,
                                           self._context.contextName)
        future: asyncio.Future[tuple[Any, Any, Any, Any]] = \
            asyncio.get_running_loop().create_future()

        def done(_engine: Any, _handle: Any, indication: Any, status: Any, index: Any,
                 var_binds: Any, _ctx: Any) -> None:
            if not future.done():
                future.set_result((indication, status, index, var_binds))

        vbs = [(ObjectName(oid), univ.Null("")) for oid in oids]
        ctx_id, ctx_name = self._context.contextEngineId, self._context.contextName
        if kind == "get":
            cmdgen.GetCommandGenerator().send_varbinds(engine, addr_name, ctx_id, ctx_name,
                                                       vbs, done)
        elif kind == "next":
            cmdgen.NextCommandGenerator().send_varbinds(engine, addr_name, ctx_id, ctx_name,
                                                        vbs, done)
        else:
            cmdgen.BulkCommandGenerator().send_varbinds(engine, addr_name, ctx_id, ctx_name,
                                                        0, reps, vbs, done)
        return await future

    async def get(self, oids: Sequence[str], deadline: float | None = None
                  ) -> dict[str, SnmpValue]:
        return await get_values(self.send, oids, deadline, self.address)

    async def walk(self, columns: Sequence[str], deadline: float | None = None
                   ) -> dict[str, dict[str, SnmpValue]]:
        return await walk_columns(self.send, columns, v1=self.creds.version == "1",
                                  reps=self.creds.max_repetitions, deadline=deadline,
                                  limits=self.limits)

    async def close(self) -> None:
        """Nothing per device to free: the engine and its socket are shared."""
        self._target = None
