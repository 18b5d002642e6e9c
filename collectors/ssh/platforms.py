"""What to ask each platform over the CLI, and where the answers sit: data, not code.

Each platform names its netmiko ``device_type``, the commands to run, and for
each command which ntc-templates (TextFSM) field fills which DeviceFacts
field. ``parse.py`` is the one interpreter of this table; adding a platform
whose templates exist in ntc-templates is adding an entry here.

Field specs are template keys; a list-valued key (IOS ``serial``, ``hardware``)
gives its first element, the chassis (in a stack: the first member). When several
commands fill one field, the first command listed with a non-empty value wins;
``fallback`` fields (the chassis row of an inventory) only fill what no command's
``facts`` gave. An inventory field spec ``"slot+card"`` joins several keys with
``/``, leaving out empty and ``-`` parts. The OS is named only when a command that
states its version (an ``os_version`` fact) was read: never guessed from the
platform alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

FactField = Literal[
    "sys_name", "model", "serial", "os_version", "uptime", "sys_location", "sys_contact",
]
HardwareField = Literal["name", "descr", "model", "serial", "hardware_rev"]
InventoryLayout = Literal["rows", "prefixed"]


@dataclass(frozen=True)
class InventorySpec:
    """How a command's records become HardwareComponents.

    ``rows``: one record is one component; ``fields`` maps component fields to keys.
    ``prefixed``: one record holds several components, each under a key prefix
    (Junos ``show chassis hardware``: ``ps_part``, ``fpc_serial_number``...); the
    ``fields`` values are suffixes, and ``name_from`` the suffix of the slot number.
    """

    layout: InventoryLayout
    fields: MappingProxyType[str, str]
    prefixes: tuple[str, ...] = ()
    name_from: str | None = None


@dataclass(frozen=True)
class CommandSpec:
    command: str
    facts: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    inventory: InventorySpec | None = None
    # Read from the first record only after every command's ``facts``: e.g. the
    # chassis PID of `show inventory` when `show version` names no model.
    fallback: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # A required command that is rejected, unparsable or not reached makes the
    # observation ``partial`` (the other commands' facts kept, the command named in
    # ``missing``); an optional one is skipped and the observation stays ``ok`` (its
    # output kept in Observation.raw). See collector.py for the whole table.
    required: bool = True


@dataclass(frozen=True)
class PlatformSpec:
    device_type: str  # netmiko's name for the driver
    os: str
    commands: tuple[CommandSpec, ...]
    # (template key, regex, os name): the first match overrides ``os``; IOS-XE is
    # told apart from IOS only by what its ``show version`` says.
    os_when: tuple[tuple[str, str, str], ...] = ()
    template_platform: str | None = None  # ntc-templates name when not the key


def _m(**kv: str) -> MappingProxyType[str, str]:
    return MappingProxyType(kv)


# The first `show inventory` row is the chassis (a stack's first member).
_CHASSIS_ROW = _m(model="pid", serial="sn")

_CISCO_INVENTORY = InventorySpec(
    "rows", _m(name="name", descr="descr", model="pid", serial="sn", hardware_rev="vid")
)

PLATFORMS: MappingProxyType[str, PlatformSpec] = MappingProxyType({
    "cisco_ios": PlatformSpec(
        device_type="cisco_ios",
        os="IOS",
        os_when=(
            ("rommon", r"^IOS-XE$", "IOS-XE"),
            ("running_image", r"^packages\.conf$", "IOS-XE"),
            # CAT9K_IOSXE, CAT9K_LITE_IOSXE; X86_64_LINUX_IOSD-... (ISR 4k, ASR 1k, C8000)
            ("software_image", r"IOSXE|_IOSD-", "IOS-XE"),
        ),
        commands=(
            CommandSpec("show version", _m(
                sys_name="hostname", model="hardware", serial="serial",
                os_version="version", uptime="uptime",
            )),
            CommandSpec("show inventory", inventory=_CISCO_INVENTORY, fallback=_CHASSIS_ROW),
        ),
    ),
    "cisco_nxos": PlatformSpec(
        device_type="cisco_nxos",
        os="NX-OS",
        commands=(
            CommandSpec("show version", _m(
                sys_name="hostname", model="platform", serial="serial",
                os_version="os", uptime="uptime",
            )),
            CommandSpec("show inventory", inventory=_CISCO_INVENTORY, fallback=_CHASSIS_ROW),
        ),
    ),
    "arista_eos": PlatformSpec(
        device_type="arista_eos",
        os="EOS",
        commands=(
            CommandSpec("show version", _m(
                model="model", serial="serial_number", os_version="image", uptime="uptime",
            )),
            CommandSpec("show inventory", inventory=InventorySpec(
                "rows",
                _m(name="port", descr="descr", model="pid", serial="sn", hardware_rev="vid"),
            )),  # show version always names model and serial (vEOS: none to find)
        ),
    ),
    "juniper_junos": PlatformSpec(
        device_type="juniper_junos",
        os="Junos",
        commands=(
            CommandSpec("show version", _m(
                sys_name="hostname", model="model", os_version="junos_version",
            ), fallback=_m(serial="serial_number")),
            CommandSpec(
                "show chassis hardware",
                _m(serial="chassis_serial_number"),
                fallback=_m(model="chassis_description"),
                inventory=InventorySpec(
                    "prefixed",
                    _m(descr="description", model="part", serial="serial_number",
                       hardware_rev="version"),
                    prefixes=("chassis", "mid", "ps", "re", "cb", "fpc", "mic", "pic", "xcvr",
                              "tfeb", "qxm", "afeb", "fpm", "cpu", "fan"),
                    name_from="number",
                ),
            ),
        ),
    ),
    "huawei_vrp": PlatformSpec(
        device_type="huawei",
        template_platform="huawei_vrp",
        os="VRP",
        commands=(
            CommandSpec("display version", _m(
                model="model", os_version="product_version", uptime="uptime",
            )),
            # Older boxes and some VRP editions answer `display device` in other
            # layouts than the template's: optional.
            CommandSpec("display device", inventory=InventorySpec(
                "rows", _m(name="slot+card", model="pid"),
            ), required=False),
        ),
    ),
    "hp_procurve": PlatformSpec(
        device_type="hp_procurve",
        os="ProCurve",
        commands=(
            CommandSpec("show system", _m(
                sys_name="name", serial="serial", os_version="software_version",
                uptime="uptime", sys_location="location", sys_contact="contact",
            )),
            # The ntc template reads ArubaOS's layout; on ProCurve switches it may not parse.
            CommandSpec("show version", _m(model="model", os_version="version"), required=False),
        ),
    ),
    # cisco_xr is served by the tests' SSH server. cisco_asa: its template exists, but
    # no recorded output is in the tests, and its netmiko session needs `show curpriv`
    # and configuration mode, which that server does not play.
    "cisco_xr": PlatformSpec(
        device_type="cisco_xr",
        os="IOS-XR",
        commands=(
            CommandSpec("show version", _m(
                model="hardware", os_version="version", uptime="uptime",
            )),
            CommandSpec("admin show inventory", inventory=_CISCO_INVENTORY, required=False),
        ),
    ),
    "cisco_asa": PlatformSpec(
        device_type="cisco_asa",
        os="ASA",
        commands=(
            CommandSpec("show version", _m(
                sys_name="hostname", model="model", serial="serial",
                os_version="version", uptime="uptime",
            )),
            CommandSpec("show inventory", inventory=_CISCO_INVENTORY, fallback=_CHASSIS_ROW),
        ),
    ),
})
