"""What exists: agencies (levels, parents, targets), their devices, and how to reach them.

Inventory format (YAML; one file, or a folder whose ``*.yaml``/``*.yml``/``*.csv``
files, searched recursively in name order, are merged; ids are unique across files)::

    targets: {department: 1.0, district: 1.0, commune: 0.8}   # optional, the defaults
    levels: [cluster]             # optional: levels beyond department/district/commune
    roles: [ups]                  # optional: roles beyond wan_router/lan_switch/firewall/server
    snmp_profiles:
      default: {version: 2c, community: env:NETMON_COMMUNITY, timeout_s: 2, retries: 1}
      core-v3: {version: 3, user: netmon, auth_protocol: sha, auth_key: env:V3_AUTH,
                priv_protocol: aes, priv_key: env:V3_PRIV}
    ssh_profiles:
      ops: {username: netops, password: file:/etc/netmon/ssh-pass, platform: cisco_ios}
    agencies:
      - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: "002"}
      - {id: hoan-kiem.phuc-tan, name: Phường Phúc Tân, level: commune, parent: hoan-kiem}
    devices:
      - id: hk-rtr-01
        agency: hoan-kiem
        role: wan_router
        address: 127.0.0.1
        snmp: default               # a profile name, or {profile: default, port: 16100, ...}
        ssh: ops                    # likewise
        reach: icmp                 # icmp | snmp | tcp | none; tcp uses tcp_port (22)
    csv: [more-devices.csv]         # optional: device CSV files, relative to this file

SNMP profile keys: version (1, 2c, 3; YAML ``2`` means 2c), community, user,
auth_protocol (md5 sha sha224 sha256 sha384 sha512), auth_key, priv_protocol (des
3des aes aes128 aes192 aes256), priv_key, context, port (161), timeout_s (2),
retries (1), max_repetitions (25). SSH profile keys: username, password, key_file,
port (22), timeout_s (10), platform.

Secrets (community, auth_key, priv_key, password) are references: ``env:NAME``,
``file:/path`` (relative paths are relative to the inventory file), or a literal,
which works but is warned about; ``plain:VALUE`` is a literal on purpose (lab
communities that only select simulated data) and is not warned about.

Device CSV: one header row; the columns are the device keys (id, agency, role,
address, platform, snmp, ssh, reach, tcp_port, tags, description). Dotted
columns set one key of an override: ``snmp.port``, ``snmp.community``,
``ssh.username`` ...; when a row has dotted cells, its ``snmp``/``ssh`` cell
(if any) names the base profile. Empty cells are absent; ``tags`` is split on
``;``, ``,`` or spaces; rows starting with ``#`` are comments.

Every problem is reported as ``FILE:LINE: what is wrong``; ``load`` raises
InventoryError carrying them all, ``check`` returns them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from netmon.errors import InventoryError, Problem
from netmon.inventory.bootstrap import bootstrap_hanoi
from netmon.inventory.checks import EXPOSED, analyse
from netmon.inventory.inventory import Inventory
from netmon.inventory.models import (
    Agency,
    Device,
    SnmpOverride,
    SnmpProfile,
    SshOverride,
    SshProfile,
)
from netmon.inventory.names import fold, normalize_name
from netmon.inventory.refs import SecretRef, resolve_secret
from netmon.inventory.tree import tree

__all__ = [
    "Agency", "Device", "Inventory", "SecretRef", "SnmpOverride", "SnmpProfile",
    "SshOverride", "SshProfile", "bootstrap_hanoi", "check", "check_report", "fold", "load",
    "normalize_name", "resolve_secret", "tree",
]


def check_report(path: str | Path) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings). Warnings (literal secrets) do not make an inventory bad."""
    _, problems, warnings = _analyse(Path(path))
    return problems, warnings


def check(path: str | Path) -> list[Problem]:
    """Every problem, [] when the inventory is good. Never raises for bad input."""
    return check_report(path)[0]


def load(path: str | Path) -> Inventory:
    """The inventory, or InventoryError listing every problem."""
    inv, problems, _ = _analyse(Path(path))
    if problems or inv is None:
        raise InventoryError(problems)
    for w in inv.warnings:  # said at every load (daemon start, reload): a secret is exposed
        if EXPOSED in w.message:
            logging.getLogger(__name__).warning("%s", w)
    return inv


def _analyse(path: Path) -> tuple[Inventory | None, list[Problem], list[Problem]]:
    try:
        return analyse(path)
    except RecursionError:
        return None, [Problem(str(path), None, "nested too deeply to read")], []
    except Exception as exc:  # a bug must still not show a traceback for bad input
        message = f"internal error while checking ({type(exc).__name__}); please report it"
        return None, [Problem(str(path), None, message)], []
