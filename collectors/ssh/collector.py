"""The SSH collector: netmiko in a bounded thread pool, ntc-templates parsing.

netmiko blocks, so each device's whole session runs in one worker of a pool of
``max_workers`` threads: the pool is the concurrency bound. A device failure is
an Observation with a status, never an exception.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from netmon.collectors.observation import DeviceFacts, Observation, Status
from netmon.collectors.ssh.client import CliClient, NetmikoClient
from netmon.collectors.ssh.errors import CliError, CliUnsupported
from netmon.collectors.ssh.hostkeys import HostKeyStore, PinnedKey, fetch_host_key
from netmon.collectors.ssh.parse import hostname_from_prompt, parse_report, platform_spec
from netmon.target import Target

log = logging.getLogger(__name__)

ClientFactory = Callable[[Target, str, PinnedKey], CliClient]


def netmiko_client(target: Target, device_type: str, pinned: PinnedKey) -> CliClient:
    assert target.ssh is not None
    return NetmikoClient(target.id, target.address, target.ssh, device_type, pinned)


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
        client_factory: ClientFactory = netmiko_client,
    ) -> None:
        self.host_keys = host_keys
        self.max_workers = max_workers
        self._client_factory = client_factory
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="netmon-ssh")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def collect(self, target: Target) -> Observation:
        start = time.monotonic()

        def result(status: Status, error: str) -> Observation:
            return Observation(target.id, target.address, self.name, status,
                               duration_s=time.monotonic() - start, error=_scrub(error, target))

        try:
            if target.ssh is None:
                return result(Status.UNSUPPORTED, "no SSH profile for this device")
            spec = platform_spec(target.ssh.platform)
            # Each step is bounded by timeout_s; this deadline is only the safety net.
            deadline = target.ssh.timeout_s * (4 + len(spec.commands))
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._pool, self.collect_blocking, target)
            return await asyncio.wait_for(future, deadline)
        except CliError as exc:
            return result(exc.status, str(exc))
        except TimeoutError:
            return result(Status.TIMEOUT, f"{target.address}: SSH session exceeded its deadline")
        except Exception as exc:  # a bug of ours is data too: 'internal'
            log.exception("ssh collector failed on %s", target.id)
            return result(Status.INTERNAL, f"internal error: {type(exc).__name__}")

    def collect_blocking(self, target: Target) -> Observation:
        """One device's whole session, in the calling thread. Never raises for a device."""
        start = time.monotonic()
        outputs: dict[str, str] = {}

        def obs(status: Status, *, facts: DeviceFacts | None = None, error: str | None = None,
                raw: dict[str, str] | None = None) -> Observation:
            return Observation(
                target.id, target.address, self.name, status,
                duration_s=time.monotonic() - start, facts=facts,
                error=_scrub(error, target) if error else None, raw=raw or {},
            )

        creds = target.ssh
        if creds is None:
            return obs(Status.UNSUPPORTED, error="no SSH profile for this device")
        try:
            spec = platform_spec(creds.platform)
            pinned = self.host_keys.get(target.id)
            if pinned is None:  # trust on first use
                key = fetch_host_key(target.address, creds.port, creds.timeout_s)
                pinned = self.host_keys.pin(target.id, target.address, creds.port, key)
                log.info("pinned host key of %s: %s", target.id, pinned.fingerprint)
            client = self._client_factory(target, spec.device_type, pinned)
            try:
                client.connect()
                for cmd in spec.commands:
                    outputs[cmd.command] = client.send_command(cmd.command)
                prompt = client.prompt
            finally:
                client.close()
        except CliError as exc:
            return obs(exc.status, error=str(exc), raw=outputs)

        report = parse_report(creds.platform, outputs)
        facts = report.facts
        if facts.sys_name is None and (name := hostname_from_prompt(prompt)):
            facts = _with(facts, sys_name=name)
        if report.failed:
            why = "; ".join(f"{c}: {w}" for c, w in report.failed.items())
            rejected_all = all(w == "rejected by the device" for w in report.failed.values())
            status = Status.UNSUPPORTED if rejected_all else Status.PARSE_ERROR
            return obs(status, facts=facts, error=why, raw=outputs)
        # Optional commands that failed keep their output for the engineer.
        raw = {c: outputs[c] for c in report.skipped if c in outputs}
        return obs(Status.OK, facts=facts, raw=raw)


def _with(facts: DeviceFacts, **changes: object) -> DeviceFacts:
    sources = dict(facts.sources)
    sources.update({k: "ssh" for k, v in changes.items() if v is not None})
    return dataclasses.replace(facts, **changes, sources=sources)  # type: ignore[arg-type]


__all__ = ["CliUnsupported", "ClientFactory", "SshCollector", "netmiko_client"]
