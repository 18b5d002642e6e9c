"""How to ask one device: reachability, SNMP, SSH, and the pure parsers behind them.

Collectors know nothing of InfluxDB, schedules or agencies: they take a
``Target`` (collectors.target) and return an ``Observation``
(collectors.observation), never raising for a device's failure.
"""
