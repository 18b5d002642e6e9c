"""The SNMP client seam (STYLE 5) and the request logic both implementations share.

``SnmpClient`` is what the collector sees: ``get`` a few scalars, ``walk`` several table
columns at once, ``close``. Two implementations:

- ``FastClient`` (fast.py): SNMPv1/v2c on netmon's own BER codec and one shared UDP
  socket per event loop -- the hot path (benchmarks/README.md);
- ``PysnmpClient`` (pysnmp_client.py): pysnmp 7, for SNMPv3, and the reference.

Both hand ``get_values`` and ``walk_columns`` below a ``Send`` function that puts one
PDU on the wire; the rules for broken agents therefore live once, here:

- GET answers are matched by OID, never by position; an OID without an answer is absent.
- ``tooBig`` splits: a GET into halves, a walk into smaller max-repetitions, then fewer
  columns per PDU. ``noSuchName`` (v1) drops the OID and asks again; ``genErr`` at an
  index drops that OID, and otherwise fails as ``agent error genErr``.
- A walk maps answers to columns by OID prefix (duplicates and gaps in a GETBULK reply do
  not shift later answers into the wrong column); a column ends at the end of its
  subtree, at endOfMibView, or when a request brings nothing new (an agent that repeats
  or goes backwards); every walk is bounded by ``Limits``.
- A deadline (a ``time.monotonic()`` instant) stops the asking: ``SnmpCut`` carries what
  was read, so the collector can keep it and say the poll is partial.

Errors::

    SnmpError(NetmonError)  status (a collector Status) + a message with no secret in it
     ├── SnmpCut            stopped early; ``partial`` holds what was read
     └── AgentError         the agent answered with an error-status (internal to the logic)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from netmon.collectors.observation import Status
from netmon.collectors.snmp.values import SnmpValue, oid_tuple
from netmon.errors import NetmonError

Oid = tuple[int, ...]
Send = Callable[[str, Sequence[Oid], int, float | None], Awaitable[list[tuple[Oid, SnmpValue]]]]

# RFC 3416 error-status names.
ERROR_NAMES = ("noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr",
               "noAccess", "wrongType", "wrongLength", "wrongEncoding", "wrongValue",
               "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed",
               "undoFailed", "authorizationError", "notWritable", "inconsistentName")
TOO_BIG, NO_SUCH_NAME, GEN_ERR = 1, 2, 5


@dataclass(frozen=True)
class Limits:
    """Bounds on one walk. The figures fit the biggest devices a city WAN has: a core
    chassis (Catalyst 6500/9600, Nexus 7000) with every slot full and a few thousand SVIs
    and subinterfaces lists under ~10,000 ifTable rows; an ASR 9000 with 8 line cards
    ~3,000 entPhysical rows (transceivers, sensors). ``max_bytes`` estimates the Python
    memory a walk holds (~200 bytes per value plus its payload): a 20,000-row ifTable of
    11 columns is ~45 MB, and an endless table of 60 kB values stops at the budget, not at
    the row cap. A device past a bound is ``partial``; its rows so far are kept."""

    max_rows: int = 20_000        # per column
    max_bytes: int = 64 << 20     # per walk, estimated as above
    max_requests: int = 5_000     # PDUs per walk


VALUE_COST = 200  # bytes a stored value costs besides its payload (measured: benchmarks/)


class SnmpError(NetmonError):
    """A request that got no usable answer; ``status`` is what the Observation will say."""

    def __init__(self, status: Status, message: str) -> None:
        super().__init__(message)
        self.status = status


class SnmpCut(SnmpError):
    """A GET or walk that stopped early (deadline, bound, error); ``partial`` is what was
    read: ``{oid: value}`` for a GET, ``{column: {index: value}}`` for a walk."""

    def __init__(self, status: Status, message: str, partial: Any) -> None:
        super().__init__(status, message)
        self.partial = partial


class AgentError(SnmpError):
    """An answer with a non-zero error-status; ``index`` is 1-based (0: the whole PDU)."""

    def __init__(self, code: int, index: int, address: str) -> None:
        self.code, self.index = code, index
        name = ERROR_NAMES[code] if 0 <= code < len(ERROR_NAMES) else f"error-status {code}"
        super().__init__(Status.UNSUPPORTED, f"{address}: agent error {name}")


class SnmpClient(Protocol):
    """Ask one device. Values are ``SnmpValue``; OIDs are dotted numeric strings;
    ``deadline`` is a ``time.monotonic()`` instant after which nothing more is asked."""

    async def get(self, oids: Sequence[str], deadline: float | None = None
                  ) -> dict[str, SnmpValue]: ...

    async def walk(self, columns: Sequence[str], deadline: float | None = None
                   ) -> dict[str, dict[str, SnmpValue]]:
        """``{column oid: {index suffix: value}}`` for each column, walked together."""
        ...

    async def close(self) -> None: ...



async def get_values(send: Send, oids: Sequence[str], deadline: float | None,
                     address: str) -> dict[str, SnmpValue]:
    """GET ``oids``: ``{oid: value}`` for each OID the agent answered (see module doc)."""
    wanted = [(o, oid_tuple(o)) for o in dict.fromkeys(o.strip(".") for o in oids)]
    out: dict[str, SnmpValue] = {}
    batches = [wanted] if wanted else []
    for _ in range(4 * len(wanted) + 4):  # each round answers, drops or halves a batch
        if not batches:
            break
        batch = batches.pop()
        try:
            answers = await send("get", [t for _, t in batch], 0, deadline)
        except AgentError as exc:
            if exc.code == TOO_BIG:
                if len(batch) > 1:  # a single OID too big to send stays missing
                    batches += [batch[:len(batch) // 2], batch[len(batch) // 2:]]
                continue
            if exc.code in (NO_SUCH_NAME, GEN_ERR) and 1 <= exc.index <= len(batch):
                if exc.code == NO_SUCH_NAME:
                    out[batch[exc.index - 1][0]] = SnmpValue("nosuchobject")
                rest = batch[:exc.index - 1] + batch[exc.index:]
                if rest:
                    batches.append(rest)
                continue
            raise _cut(exc, out) from exc
        except SnmpError as exc:
            raise _cut(exc, out) from exc
        by_oid = dict(answers)
        for name, t in batch:
            value = by_oid.get(t)
            if value is not None:
                out[name] = value
    return out


def _cut(exc: SnmpError, partial: Any) -> SnmpError:
    return SnmpCut(exc.status, str(exc), partial) if partial else exc


async def walk_columns(send: Send, columns: Sequence[str], *, v1: bool, reps: int,
                       deadline: float | None, limits: Limits
                       ) -> dict[str, dict[str, SnmpValue]]:
    """Walk ``columns`` together with GETBULK (GETNEXT for v1); see the module doc."""
    cols = list(dict.fromkeys(c.strip(".") for c in columns))
    prefix = {c: oid_tuple(c) for c in cols}
    plen = {c: len(prefix[c]) for c in cols}
    by_prefix = {p: c for c, p in prefix.items()}
    lengths = sorted(set(plen.values()), reverse=True)
    result: dict[str, dict[str, SnmpValue]] = {c: {} for c in cols}
    last = dict(prefix)
    active = list(cols)
    width, reps = len(cols), max(1, reps)
    budget = limits.max_bytes
    problems: list[str] = []
    for _ in range(limits.max_requests):
        if not active:
            break
        asked = active[:width]
        asked_set = frozenset(asked)
        try:
            answers = await send("next" if v1 else "bulk", [last[c] for c in asked], reps,
                                 deadline)
        except AgentError as exc:
            if exc.code == TOO_BIG:
                if reps > 1 and not v1:
                    reps = max(1, reps // 2)
                elif width > 1:
                    width = (width + 1) // 2
                else:  # one value bigger than the agent can send: that column stops here
                    problems.append(f"{asked[0]}: tooBig at one row")
                    active.remove(asked[0])
                continue
            if v1 and exc.code == NO_SUCH_NAME and 1 <= exc.index <= len(asked):
                active.remove(asked[exc.index - 1])  # v1: that column ran off the MIB's end
                continue
            raise SnmpCut(exc.status, str(exc), result) from exc
        except SnmpError as exc:
            raise SnmpCut(exc.status, str(exc), result) from exc
        n = len(asked)
        slots = [(c, prefix[c], plen[c]) for c in asked]
        ended: set[str] = set()
        trusted = True  # positions still line up with the asked columns
        progressed = False
        max_rows = limits.max_rows
        for i, (oid, value) in enumerate(answers):
            col, p, k = slots[i % n]
            if value[0] == "endofmibview":
                ended.add(col)
                continue
            if oid[:k] != p or len(oid) == k:
                owner = _owner(oid, asked_set, by_prefix, lengths)
                if owner is None:  # past every asked subtree: its slot's column has ended
                    if trusted:
                        ended.add(col)
                    continue
                trusted = False
                col, k = owner, plen[owner]
            if col in ended:
                continue
            if oid <= last[col]:  # a duplicate or a step backwards: ignored
                trusted = False
                continue
            rows = result[col]
            payload = value[1]
            budget -= VALUE_COST + len(payload) if type(payload) is bytes else VALUE_COST
            if len(rows) >= max_rows or budget < 0:
                what = (f"more than {max_rows} rows" if len(rows) >= max_rows
                        else f"more than {limits.max_bytes >> 20} MiB")
                raise SnmpCut(Status.PARTIAL, f"table bounded: {what}", result)
            rows[str(oid[k]) if len(oid) == k + 1 else ".".join(map(str, oid[k:]))] = value
            last[col] = oid
            progressed = True
        if ended:
            active = [c for c in active if c not in ended]
        elif not progressed:  # nothing new and nothing ended: the agent does not advance
            active = [c for c in active if c not in asked]
    else:
        if active:
            raise SnmpCut(Status.PARTIAL, f"more than {limits.max_requests} requests", result)
    if problems:
        raise SnmpCut(Status.PARTIAL, "; ".join(problems), result)
    return result


def _owner(oid: Oid, asked: Collection[str], by_prefix: dict[Oid, str],
           lengths: Sequence[int]) -> str | None:
    """The asked column whose subtree holds ``oid`` (the longest match), if any.

    ``by_prefix`` maps each column's OID to the column, ``lengths`` are their lengths,
    longest first: one dict lookup per length, not a scan of every column (this runs for
    each value past a column's end, some 350 times per 53-port device)."""
    for k in lengths:
        if len(oid) > k:
            col = by_prefix.get(oid[:k])
            if col is not None and col in asked:
                return col
    return None
