"""The inventory as a JSON-able tree, for ``netmon inventory show``."""

from __future__ import annotations

from typing import Any

from netmon.inventory.inventory import Inventory
from netmon.inventory.models import Agency


def tree(inv: Inventory, district: str | None = None) -> list[dict[str, Any]]:
    """Nested agencies with their devices; one district's subtree when named
    (resolved like any lookup, so raises LookupFailed for an unknown name)."""
    if district is not None:
        return [_node(inv, inv.resolve_agency(district, level="district"))]
    return [_node(inv, a) for a in inv.roots()]


def _node(inv: Inventory, agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.id, "name": agency.name, "level": agency.level,
        "code": agency.code, "staff": agency.staff,
        "devices": [
            {"id": d.id, "role": d.role, "address": d.address, "platform": d.platform,
             "reach": d.reach,
             "snmp": d.snmp if isinstance(d.snmp, str) else
             (d.snmp.profile or "(custom)") if d.snmp is not None else None,
             "ssh": d.ssh if isinstance(d.ssh, str) else
             (d.ssh.profile or "(custom)") if d.ssh is not None else None,
             "tags": list(d.tags)}
            for d in inv.devices_of(agency.id)],
        "children": [_node(inv, child) for child in inv.children(agency.id)],
    }
