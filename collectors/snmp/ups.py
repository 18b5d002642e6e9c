"""UPS over UPS-MIB (RFC 1628), with APC PowerNet and Eaton XUPS where present.

What breaks a data centre's day: the UPS went to battery (mains lost), its charge and the
minutes of runtime left, its load, and whether its last self-test passed. RFC 1628 is
read first (most UPS cards implement it); a value it does not give is taken from the
vendor MIB the agent answers (APC PowerNet-MIB ``upsBasic``/``upsAdv``, Eaton
XUPS-MIB), so an APC card without UPS-MIB still reports. ``parse_ups`` is pure.

- on battery: the output source is ``battery`` (RFC 1628 upsOutputSource 5, XUPS
  xupsOutputSource 5, APC upsBasicOutputStatus 3 onBattery), else seconds on battery > 0.
  Unknown (None) when the agent says neither.
- load: the highest output line's percent load (one overloaded phase is the risk).
- self-test: RFC 1628 upsTestResultsSummary, else XUPS xupsTestBatteryStatus, else APC
  upsAdvTestDiagnosticsResults, as passed / warning / failed / aborted / in_progress /
  never.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netmon.collectors.snmp.client import SnmpClient
from netmon.collectors.snmp.values import SnmpValue

U = "1.3.6.1.2.1.33.1."
BATTERY_STATUS = U + "2.1.0"  # 1 unknown 2 normal 3 low 4 depleted
SECONDS_ON_BATTERY = U + "2.2.0"
MINUTES_REMAINING = U + "2.3.0"
CHARGE_PCT = U + "2.4.0"
OUTPUT_SOURCE = U + "4.1.0"
OUTPUT_LOAD = U + "4.4.1.5"  # column, per output line
TEST_RESULT = U + "7.3.0"
ALARMS = U + "6.1.0"
MANUFACTURER = U + "1.1.0"
MODEL = U + "1.2.0"

X = "1.3.6.1.4.1.534.1."  # Eaton XUPS-MIB
X_TIME_REMAINING_S = X + "2.1.0"
X_CAPACITY_PCT = X + "2.4.0"
X_OUTPUT_LOAD = X + "4.1.0"
X_OUTPUT_SOURCE = X + "4.5.0"
X_TEST_STATUS = X + "8.2.0"  # 1 unknown 2 passed 3 failed 4 inProgress 5 notSupported ...

A = "1.3.6.1.4.1.318.1.1.1."  # APC PowerNet-MIB
A_BATTERY_STATUS = A + "2.1.1.0"  # 1 unknown 2 normal 3 low
A_CAPACITY_PCT = A + "2.2.1.0"
A_RUNTIME_TICKS = A + "2.2.3.0"
A_OUTPUT_STATUS = A + "4.1.1.0"  # 2 onLine 3 onBattery 4 onSmartBoost ...
A_OUTPUT_LOAD = A + "4.2.3.0"
A_TEST_RESULT = A + "7.2.3.0"  # 1 ok 2 failed 3 invalidTest 4 testInProgress
A_TEST_DATE = A + "7.2.4.0"

SCALARS = (BATTERY_STATUS, SECONDS_ON_BATTERY, MINUTES_REMAINING, CHARGE_PCT, OUTPUT_SOURCE,
           TEST_RESULT, ALARMS, MANUFACTURER, MODEL,
           X_TIME_REMAINING_S, X_CAPACITY_PCT, X_OUTPUT_LOAD, X_OUTPUT_SOURCE, X_TEST_STATUS,
           A_BATTERY_STATUS, A_CAPACITY_PCT, A_RUNTIME_TICKS, A_OUTPUT_STATUS, A_OUTPUT_LOAD,
           A_TEST_RESULT, A_TEST_DATE)

SOURCES = {1: "other", 2: "none", 3: "mains", 4: "bypass", 5: "battery", 6: "booster",
           7: "reducer"}
APC_SOURCES = {1: "other", 2: "mains", 3: "battery", 4: "booster", 5: "off", 6: "bypass",
               12: "reducer"}
BATTERY = {1: "unknown", 2: "normal", 3: "low", 4: "depleted"}
TESTS = {1: "passed", 2: "warning", 3: "failed", 4: "aborted", 5: "in_progress", 6: "never"}
X_TESTS = {2: "passed", 3: "failed", 4: "in_progress", 6: "never", 7: "never"}
APC_TESTS = {1: "passed", 2: "failed", 3: "failed", 4: "in_progress"}


@dataclass(frozen=True)
class UpsFacts:
    source: str | None = None  # mains, battery, bypass, none, booster, reducer, other
    on_battery: bool | None = None
    battery_status: str | None = None
    charge_pct: int | None = None
    runtime_min: float | None = None
    load_pct: int | None = None
    self_test: str | None = None
    alarms: int | None = None
    mibs: tuple[str, ...] = ()  # which MIBs answered: rfc1628, xups, apc


def _i(values: Mapping[str, SnmpValue], oid: str) -> int | None:
    v = values.get(oid)
    return None if v is None or v.missing else v.as_int()


def _first(*candidates: int | float | str | None) -> int | float | str | None:
    return next((c for c in candidates if c is not None), None)


def parse_ups(values: Mapping[str, SnmpValue],
              load_column: Mapping[str, SnmpValue] | None = None) -> UpsFacts:
    rfc = any(_i(values, o) is not None for o in (BATTERY_STATUS, OUTPUT_SOURCE, CHARGE_PCT))
    xups = any(_i(values, o) is not None for o in (X_OUTPUT_SOURCE, X_CAPACITY_PCT))
    apc = any(_i(values, o) is not None for o in (A_OUTPUT_STATUS, A_CAPACITY_PCT))
    source = _first(SOURCES.get(_i(values, OUTPUT_SOURCE) or 0),
                    SOURCES.get(_i(values, X_OUTPUT_SOURCE) or 0),
                    APC_SOURCES.get(_i(values, A_OUTPUT_STATUS) or 0))
    on_battery: bool | None = None
    seconds = _i(values, SECONDS_ON_BATTERY)
    if source is not None and source != "other":
        on_battery = source == "battery"
    elif seconds is not None:
        on_battery = seconds > 0
    line_loads = [v for v in (x.as_int() for x in (load_column or {}).values())
                  if v is not None]
    apc_ticks = _i(values, A_RUNTIME_TICKS)
    x_seconds = _i(values, X_TIME_REMAINING_S)
    runtime = _first(_i(values, MINUTES_REMAINING),
                     None if x_seconds is None else round(x_seconds / 60.0, 1),
                     None if apc_ticks is None else round(apc_ticks / 6000.0, 1))
    test = _first(TESTS.get(_i(values, TEST_RESULT) or 0),
                  X_TESTS.get(_i(values, X_TEST_STATUS) or 0),
                  APC_TESTS.get(_i(values, A_TEST_RESULT) or 0))
    load = _first(max(line_loads) if line_loads else None, _i(values, X_OUTPUT_LOAD),
                  _i(values, A_OUTPUT_LOAD))
    battery = _first(BATTERY.get(_i(values, BATTERY_STATUS) or 0),
                     BATTERY.get(_i(values, A_BATTERY_STATUS) or 0))
    charge = _first(_i(values, CHARGE_PCT), _i(values, X_CAPACITY_PCT),
                    _i(values, A_CAPACITY_PCT))
    return UpsFacts(
        source=str(source) if source is not None else None, on_battery=on_battery,
        battery_status=None if battery is None else str(battery),
        charge_pct=None if charge is None else int(charge),
        runtime_min=None if runtime is None else float(runtime),
        load_pct=None if load is None else int(load),
        self_test=None if test is None else str(test),
        alarms=_i(values, ALARMS),
        mibs=tuple(name for name, seen in (("rfc1628", rfc), ("xups", xups), ("apc", apc))
                   if seen),
    )


async def collect_ups(client: SnmpClient) -> UpsFacts:
    """Raises SnmpError when the agent does not answer (the caller records the status)."""
    values = await client.get(SCALARS)
    loads = await client.walk([OUTPUT_LOAD])
    return parse_ups(values, loads.get(OUTPUT_LOAD, {}))
