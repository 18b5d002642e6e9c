"""netmon: reachability, equipment inventory and WAN coverage for a city's network.

Packages, in the direction data flows (DESIGN.md "The house"):

- ``netmon.inventory``  what exists: agencies, devices, profiles, targets.
- ``netmon.collectors`` how to ask one device: reachability, SNMP, SSH; pure parsers.
- ``netmon.monitor``    the application: config, runner, state, sinks, coverage, CLI.

An import never points back up this list.
"""

__version__ = "0.1.0"
