"""The SSH collector: netmiko in a bounded thread pool, ntc-templates parsing.

**Concurrency.** netmiko blocks, so each device's whole session runs in one worker
of a pool of ``max_workers`` threads. A worker is a session slot, and the collector
holds it until the netmiko call has really returned, whatever becomes of the
coroutine that asked: at most ``max_workers`` sessions exist at any time. A device
waiting for a slot is not being slow, so its deadline does not run while it waits.

**Time.** Each session is bounded from the moment a worker starts it: by the
``deadline_s`` given to ``collect()`` (else the collector's, else
``timeout_s * (4 + commands)``). Its ``SessionGuard`` ends it ``margin`` before that
deadline (a tenth of it, at most 1 s, for closing and parsing), and ``collect()``
then returns the observation itself, ``timeout`` or ``partial``. A caller that
cancels ``collect()`` cancels a queued session, and aborts a running one at once;
as a last resort, ``collect()`` answers ``timeout`` ``_GRACE_S`` after the deadline
even if the worker is stuck, and the slot stays taken until the worker returns.

**Partial answers.** A device that answers some commands and not others keeps
what it said:

================================================  =====================================
commands                                          status (``missing``: commands not read)
================================================  =====================================
all read                                          ok
some read; a required one rejected, unparsable,   partial: facts of the commands read,
or not reached (the session ended: deadline,      with their sources
dropped, too much output)
none read, the session failed                     that failure (timeout, unreachable...)
none read, every one rejected                     unsupported
none read otherwise                               parse_error
only optional commands failed (rejected or        ok; their output kept in ``raw``
unparsable, platforms.py says why)
================================================  =====================================

``error`` names each command not read and why; ``raw`` keeps the output of every
command not read, truncated to ``session.KEEP_BYTES``. A device failure is an
Observation with a status, never an exception.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from netmon.collectors.observation import DeviceFacts, Observation, Status
from netmon.collectors.ssh.client import CliClient, NetmikoClient
from netmon.collectors.ssh.errors import CliError, CliTimeout, CliUnsupported
from netmon.collectors.ssh.hostkeys import HostKeyStore, PinnedKey, fetch_host_key
from netmon.collectors.ssh.parse import hostname_from_prompt, parse_report, platform_spec
from netmon.collectors.ssh.session import SessionGuard, truncate
from netmon.target import Target

log = logging.getLogger(__name__)

ClientFactory = Callable[[Target, str, PinnedKey, SessionGuard], CliClient]

_GRACE_S = 1.0  # past the deadline, collect() stops waiting for a stuck worker
_POLL_S = 0.25  # how often collect() looks at a running session's clock


def netmiko_client(target: Target, device_type: str, pinned: PinnedKey,
                   guard: SessionGuard) -> CliClient:
    assert target.ssh is not None
    return NetmikoClient(target.id, target.address, target.ssh, device_type, pinned, guard)


def session_margin(deadline_s: float) -> float:
    """How long before its deadline a session is cut: time to close and parse."""
    return min(1.0, 0.1 * deadline_s)


def _scrub(text: str, target: Target) -> str:
    # Our messages never hold secrets; this is the belt to those braces.
    if target.ssh and target.ssh.password:
        secret = target.ssh.password.get_secret_value()
        if secret:
            text = text.replace(secret, "***")
    return text


class SshCollector:
    name = "ssh"

    def __init__(
        self, host_keys: HostKeyStore, max_workers: int = 16,
        client_factory: ClientFactory = netmiko_client, deadline_s: float | None = None,
    ) -> None:
        self.host_keys = host_keys
        self.max_workers = max_workers
        self.deadline_s = deadline_s
        self._client_factory = client_factory
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="netmon-ssh")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _budget(self, target: Target, deadline_s: float | None) -> float:
        assert target.ssh is not None
        chosen = deadline_s if deadline_s is not None else self.deadline_s
        if chosen is not None:
            return chosen
        return target.ssh.timeout_s * (4 + len(platform_spec(target.ssh.platform).commands))

    async def collect(self, target: Target, deadline_s: float | None = None) -> Observation:
        """One device's inventory over SSH; its session lasts at most ``deadline_s``."""
        start = time.monotonic()

        def result(status: Status, error: str) -> Observation:
            return Observation(target.id, target.address, self.name, status,
                               duration_s=time.monotonic() - start, error=_scrub(error, target))

        if target.ssh is None:
            return result(Status.UNSUPPORTED, "no SSH profile for this device")
        try:
            budget = self._budget(target, deadline_s)
        except CliError as exc:
            return result(exc.status, str(exc))
        guard = SessionGuard(math.inf)
        future = self._pool.submit(self._session, target, guard, budget)
        waiting = asyncio.wrap_future(future)
        try:
            while True:
                done, _ = await asyncio.wait({waiting}, timeout=_POLL_S)
                if done:
                    return waiting.result()
                if guard.started is not None and time.monotonic() > (
                        guard.started + budget + _GRACE_S):
                    guard.abort()
                    waiting.cancel()
                    log.warning("ssh session of %s did not end at its deadline", target.id)
                    return result(Status.TIMEOUT,
                                  f"{target.address}: SSH session exceeded its "
                                  f"{budget:g}s deadline")
        except asyncio.CancelledError:
            future.cancel()  # a session still queued never starts
            guard.abort()  # a running one ends now; its worker frees the slot
            waiting.cancel()
            raise
        except Exception as exc:  # a bug of ours is data too: 'internal'
            log.exception("ssh collector failed on %s", target.id)
            return result(Status.INTERNAL, f"internal error: {type(exc).__name__}")

    def _session(self, target: Target, guard: SessionGuard, budget: float) -> Observation:
        """In a worker: the session's clock starts now, not when it was queued."""
        guard.start(budget - session_margin(budget))
        try:
            return self.collect_blocking(target, guard)
        finally:
            guard.close()

    def collect_blocking(self, target: Target, guard: SessionGuard | None = None) -> Observation:
        """One device's whole session, in the calling thread. Never raises for a device."""
        start = time.monotonic()
        outputs: dict[str, str] = {}

        def obs(status: Status, *, facts: DeviceFacts | None = None, error: str | None = None,
                raw: dict[str, str] | None = None, missing: tuple[str, ...] = ()) -> Observation:
            return Observation(
                target.id, target.address, self.name, status,
                duration_s=time.monotonic() - start, facts=facts,
                error=_scrub(error, target) if error else None,
                raw={c: truncate(text) for c, text in (raw or {}).items()}, missing=missing,
            )

        creds = target.ssh
        if creds is None:
            return obs(Status.UNSUPPORTED, error="no SSH profile for this device")
        if guard is None:
            guard = SessionGuard(math.inf)
            guard.start(self._budget(target, None))
        failure: CliError | None = None
        prompt = ""
        logged_in = False
        try:
            spec = platform_spec(creds.platform)
            pinned = self.host_keys.get(target.id)
            if pinned is None:  # trust on first use
                if guard.expired:
                    raise CliTimeout(f"{target.address}: session deadline reached")
                key = fetch_host_key(target.address, creds.port,
                                     max(0.1, min(creds.timeout_s, guard.remaining())))
                pinned = self.host_keys.pin(target.id, target.address, creds.port, key)
                log.info("pinned host key of %s: %s", target.id, pinned.fingerprint)
            client = self._client_factory(target, spec.device_type, pinned, guard)
            try:
                client.connect()
                logged_in, prompt = True, client.prompt
                for cmd in spec.commands:
                    outputs[cmd.command] = client.send_command(cmd.command)
            finally:
                client.close()
        except CliError as exc:
            failure = exc
        if failure is not None and not logged_in:
            raw = {"login": failure.output} if failure.output else {}
            return obs(failure.status, error=str(failure), raw=raw)
        return self._judge(target, outputs, prompt, failure, obs)

    def _judge(self, target: Target, outputs: dict[str, str], prompt: str,
               failure: CliError | None, obs: Callable[..., Observation]) -> Observation:
        """The status of a session that ran commands (see the table in the docstring)."""
        assert target.ssh is not None
        spec = platform_spec(target.ssh.platform)
        report = parse_report(target.ssh.platform, outputs)
        facts = report.facts
        if facts.sys_name is None and (name := hostname_from_prompt(prompt)):
            facts = _with(facts, sys_name=name)
        why = {**report.failed, **report.skipped}
        raw = {c: outputs[c] for c in why if c in outputs}
        not_reached = [c.command for c in spec.commands if c.command not in outputs]
        if failure is not None and not_reached:
            why[not_reached[0]] = str(failure)
            if failure.output:
                raw[not_reached[0]] = failure.output
            why.update(dict.fromkeys(not_reached[1:], "not asked: the session had ended"))
        # Required commands not read, and, when the session ended early, every command
        # it did not reach.
        missing = tuple(c.command for c in spec.commands
                        if c.command in report.failed or (c.command in not_reached and failure))
        error = "; ".join(f"{c}: {w}" for c, w in why.items() if c in missing) or None
        if not report.read:
            if failure is not None:
                return obs(failure.status, facts=facts, error=error, raw=raw)
            if set(report.failed) <= report.rejected:
                return obs(Status.UNSUPPORTED, facts=facts, error=error, raw=raw)
            return obs(Status.PARSE_ERROR, facts=facts, error=error, raw=raw)
        if missing:
            return obs(Status.PARTIAL, facts=facts, error=error, raw=raw, missing=missing)
        return obs(Status.OK, facts=facts, raw=raw)


def _with(facts: DeviceFacts, **changes: object) -> DeviceFacts:
    sources = dict(facts.sources)
    sources.update({k: "ssh" for k, v in changes.items() if v is not None})
    return dataclasses.replace(facts, **changes, sources=sources)  # type: ignore[arg-type]


__all__ = ["CliUnsupported", "ClientFactory", "SshCollector", "netmiko_client", "session_margin"]
