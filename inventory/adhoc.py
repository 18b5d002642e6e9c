"""One device given on the command line (``netmon scan host``), built through the
inventory's own models, defaults and rules, so that an address typed at the terminal
and a device in a file are checked the same way and become the same ``Target``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from netmon.errors import UsageError
from netmon.inventory.checks import secret_problems, snmp_rules, ssh_rules
from netmon.inventory.inventory import snmp_credentials, ssh_credentials
from netmon.inventory.models import SnmpProfile, SshProfile
from netmon.target import Target


def host_target(address: str, snmp: Mapping[str, Any] | None,
                ssh: Mapping[str, Any] | None,
                names: Mapping[str, str] | None = None) -> Target:
    """A Target for ``address``. ``snmp``/``ssh`` hold profile keys (None: not used);
    ``names`` maps a key to what the user typed (``auth_key`` -> ``--auth-key``) so that
    errors speak the command line's words. Raises UsageError listing every problem."""
    shown = dict(names or {})
    problems: list[str] = []
    snmp_p = _profile(SnmpProfile, snmp, shown, problems)
    ssh_p = _profile(SshProfile, ssh, shown, problems)
    if snmp_p is not None:
        problems += [f"{shown.get(k, k)}: {m}" for k, m in snmp_rules(snmp_p)]
    if ssh_p is not None:
        problems += [f"{shown.get(k, k)}: {m}" for k, m in ssh_rules(ssh_p)]
    for p in (snmp_p, ssh_p):
        if p is not None:
            problems += [f"{shown.get(k, k)}: {m}" for k, m, warning in secret_problems(p)
                         if not warning]
    if problems:
        raise UsageError("; ".join(problems))
    platform = ssh_p.platform if ssh_p is not None else None
    return Target(id=address, address=address,
                  snmp=snmp_credentials(snmp_p) if snmp_p is not None else None,
                  ssh=ssh_credentials(ssh_p, platform) if ssh_p is not None else None,
                  reach_method="none")


def _profile(model: type[Any], values: Mapping[str, Any] | None, shown: Mapping[str, str],
             problems: list[str]) -> Any:
    if values is None:
        return None
    try:
        return model.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        for e in exc.errors():
            key = str(e["loc"][0]) if e["loc"] else ""
            problems.append(f"{shown.get(key, key)}: {e['msg']}")
        return None
