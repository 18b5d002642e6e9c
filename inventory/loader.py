"""Reading a whole inventory (file or folder) into records, with every problem found.

Each record is validated on its own so that one bad agency does not hide the
others; cross-references are checked in ``checks.py`` once everything is read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from netmon.errors import Problem
from netmon.inventory.models import (
    Agency,
    Device,
    Header,
    Record,
    SnmpOverride,
    SnmpProfile,
    SshOverride,
    SshProfile,
)
from netmon.inventory.refs import SecretRef
from netmon.inventory.source import Doc, Path_, parse_csv, parse_yaml, read_text

YAML_SUFFIXES = (".yaml", ".yml")
# Where each nested mapping's keys are defined, for "did you mean" hints.
_NESTED: dict[str, type[BaseModel]] = {"snmp": SnmpOverride, "ssh": SshOverride}
DEVICE_COLUMNS = set(Device.model_fields)
SECRET_FIELDS = ("community", "auth_key", "priv_key", "password")


@dataclass
class Pos:
    """Where a record came from: a YAML path, or a CSV row (doc is None)."""

    file: str
    line: int | None
    doc: Doc | None = None
    path: Path_ = ()

    def of(self, *sub: str | int) -> int | None:
        return self.doc.line((*self.path, *sub)) if self.doc else self.line


@dataclass
class Collected:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # file -> lines of literal secrets in it: warned about when others can read the file
    literal_secrets: dict[str, list[int | None]] = field(default_factory=dict)
    targets: dict[str, tuple[Any, Pos]] = field(default_factory=dict)
    levels: dict[str, Pos] = field(default_factory=dict)
    roles: dict[str, Pos] = field(default_factory=dict)
    snmp_profiles: dict[str, SnmpProfile] = field(default_factory=dict)
    ssh_profiles: dict[str, SshProfile] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    pos: dict[tuple[str, str], Pos] = field(default_factory=dict)
    # ids of records that failed validation: known, so no "unknown id" echoes
    broken: set[tuple[str, str]] = field(default_factory=set)
    broken_raw: list[tuple[str, dict[str, Any], Pos]] = field(default_factory=list)

    def add(self, pos: Pos, line: int | None, message: str) -> None:
        self.problems.append(Problem(pos.file, line, message))


def files_of(root: Path, c: Collected) -> list[Path]:
    if root.is_dir():
        found = sorted(p for p in root.rglob("*")
                       if p.is_file() and p.suffix.lower() in (*YAML_SUFFIXES, ".csv")
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))
        if not found:
            c.problems.append(Problem(str(root), None, "folder holds no .yaml, .yml or .csv file"))
        return found
    if not root.exists():
        c.problems.append(Problem(str(root), None, "no such file or folder"))
        return []
    return [root]


def collect(root: Path) -> Collected:
    c = Collected()
    queue = files_of(root, c)
    done: set[Path] = set()
    while queue:
        path = queue.pop(0)
        if path.resolve() in done:
            continue
        done.add(path.resolve())
        text = read_text(path, c.problems)
        if text is None:
            continue
        if path.suffix.lower() == ".csv":
            _read_csv(text, str(path), path.parent, c)
        else:
            queue.extend(_read_yaml(text, str(path), path.parent, c))
    return c


def _read_yaml(text: str, file: str, base: Path, c: Collected) -> list[Path]:
    doc = parse_yaml(text, file, c.problems)
    if doc is None or doc.data is None:
        return []
    top = Pos(file, 1, doc, ())
    if not isinstance(doc.data, dict):
        c.add(top, 1, "the file must be a mapping with keys such as agencies:, devices:, "
                      "snmp_profiles:")
        return []
    data = doc.data
    try:
        Header.model_validate(data)
    except ValidationError as exc:
        _report(exc, top, "", Header, c)
        data = {k: v for k, v in data.items() if k in Header.model_fields}
        for err in exc.errors():  # drop whole sections of the wrong shape, or holding
            data.pop(str(err["loc"][0]), None)  # items of the wrong type (csv: [null])

    for level, value in (data.get("targets") or {}).items():
        c.targets.setdefault(str(level), (value, Pos(file, doc.line(("targets", level)))))
    for key, declared in (("levels", c.levels), ("roles", c.roles)):
        for i, name in enumerate(data.get(key) or []):
            declared.setdefault(str(name), Pos(file, doc.line((key, i))))
    profile_kinds: tuple[tuple[str, type[Record], dict[str, Any]], ...] = (
        ("snmp_profiles", SnmpProfile, c.snmp_profiles),
        ("ssh_profiles", SshProfile, c.ssh_profiles))
    for key, model, into in profile_kinds:
        for name, spec in (data.get(key) or {}).items():
            pos = Pos(file, doc.line((key, name)), doc, (key, name))
            kind = key[:-1]
            if name in into:
                first = c.pos[(kind, name)]
                c.add(pos, pos.line, f"duplicate {kind.replace('_', ' ')} '{name}' "
                                     f"(first at {first.file}:{first.line})")
                continue
            rec = _validate(model, spec, pos, f"{kind.replace('_', ' ')} {name}", c)
            c.pos[(kind, name)] = pos
            if rec is not None:
                into[name] = _anchor(rec, base)
    for key, record in (("agencies", Agency), ("devices", Device)):
        for i, item in enumerate(data.get(key) or []):
            pos = Pos(file, doc.line((key, i)), doc, (key, i))
            _add_record(record, item, pos, base, c)
    extra: list[Path] = []
    for i, name in enumerate(data.get("csv") or []):
        csv_path = base / name
        if not csv_path.is_file():
            c.add(top, doc.line(("csv", i)), f"CSV file {csv_path} does not exist")
        else:
            extra.append(csv_path)
    return extra


def _read_csv(text: str, file: str, base: Path, c: Collected) -> None:
    for row in parse_csv(text, file, DEVICE_COLUMNS, c.problems):
        _add_record(Device, row.data, Pos(file, row.line), base, c)


def _add_record(model: type[Agency] | type[Device], item: Any, pos: Pos, base: Path,
                c: Collected) -> None:
    kind = "agency" if model is Agency else "device"
    ident = item.get("id") if isinstance(item, dict) else None
    label = f"{kind} {ident}" if isinstance(ident, str) else kind
    if isinstance(ident, str):
        if (kind, ident) in c.pos:
            first = c.pos[(kind, ident)]
            c.add(pos, pos.of("id"), f"duplicate {kind} id '{ident}' "
                                     f"(first at {first.file}:{first.line})")
            return
        c.pos[(kind, ident)] = pos
    rec = _validate(model, item, pos, label, c)
    if rec is None:
        if isinstance(ident, str):
            c.broken.add((kind, ident))
        if isinstance(item, dict):
            c.broken_raw.append((kind, item, pos))
        return
    rec = _anchor(rec, base)
    if isinstance(rec, Agency):
        c.agencies[rec.id] = rec
    elif isinstance(rec, Device):
        c.devices[rec.id] = rec


def _validate(model: type[Record], item: Any, pos: Pos, label: str, c: Collected) -> Any:
    if not isinstance(item, dict):
        c.add(pos, pos.line, f"{label}: expected a mapping of keys, got {_shape(item)}")
        return None
    try:
        rec = model.model_validate(item)
    except ValidationError as exc:
        _report(exc, pos, label, model, c)
        return None
    return rec.at(pos.file, pos.line)


def _report(exc: ValidationError, pos: Pos, label: str, model: type[BaseModel],
            c: Collected) -> None:
    who = f"{label}: " if label else ""
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("~")))
        dotted = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            owner = _NESTED.get(str(loc[0]), model) if len(loc) > 1 else model
            hint = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            allowed = ", ".join(k for k in owner.model_fields if k != "profile" or len(loc) > 1)
            msg = f"unknown key '{dotted}'{did}; allowed: {allowed}"
        elif err["type"] == "missing":
            msg = f"missing key '{dotted}'"
        else:
            text = err["msg"].removeprefix("Value error, ")
            value = err.get("input")
            # Echo the bad value, except in a secret's place.
            if (text.startswith("Input should") and loc and loc[-1] not in SECRET_FIELDS
                    and isinstance(value, int | float | str) and len(str(value)) < 40):
                text = f"{value!r} is wrong: it" + text.removeprefix("Input")
            msg = f"{dotted}: {text}" if dotted else text
        c.add(pos, pos.of(*loc), who + msg)


def _shape(item: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing"}.get(type(item), type(item).__name__)


def _anchor(rec: Any, base: Path) -> Any:
    """Make relative ``file:`` secrets and key files relative to the inventory file."""
    update: dict[str, Any] = {}
    for name in rec.model_fields_set:
        value = getattr(rec, name)
        if isinstance(value, SecretRef) and value.kind == "file":
            update[name] = value.with_base(base)
        elif name == "key_file" and value and not Path(value).is_absolute():
            update[name] = str(base / value)
        elif isinstance(value, SnmpOverride | SshOverride):
            update[name] = _anchor(value, base)
    if not update:
        return rec
    return rec.model_copy(update=update).at(rec.file, rec.line)
