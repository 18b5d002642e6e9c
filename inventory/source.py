"""Reading inventory files into plain data plus a map of source lines.

A YAML file becomes ``Doc(file, data, lines)`` where ``lines`` maps a path such as
``("devices", 3, "snmp", "port")`` to the line of that key or list item, so any
problem found later can point at ``FILE:LINE``. CSV files become device records
with the line of their row. Nothing here raises for bad input: problems are
collected and returned.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netmon.errors import Problem

Path_ = tuple[str | int, ...]
# libyaml's composer is several times faster; its nodes carry the same marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Doc:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of the longest known prefix of ``path``."""
        for n in range(len(path), -1, -1):
            found = self.lines.get(path[:n])
            if found is not None:
                return found
        return None


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem (missing, unreadable, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(str(path), None, "no such file"))
        return None
    except OSError as exc:
        problems.append(Problem(str(path), None, f"cannot read: {exc.strerror}"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(str(path), line,
                                f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
        return None


def parse_yaml(text: str, file: str, problems: list[Problem]) -> Doc | None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # "end of stream" is one line past a file without a final newline: say the last line
        line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark is not None else None
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        problems.append(Problem(file, line, f"YAML syntax: {what}"))
        return None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        # e.g. an unhashable key; PyYAML gives no mark for some of these.
        problems.append(Problem(file, None, f"YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    doc = Doc(file, data)
    if node is not None:
        _walk(node, (), doc, problems)
    return doc


def _walk(node: yaml.Node, path: Path_, doc: Doc, problems: list[Problem]) -> None:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key == "<<":  # merge key: its keys keep the mapping's line
                continue
            if key in seen:
                problems.append(Problem(doc.file, line,
                                        f"duplicate key '{key}' (first on line {seen[key]})"))
            seen[key] = line
            doc.lines[(*path, key)] = line
            _walk(value_node, (*path, key), doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), doc, problems)


@dataclass
class CsvRow:
    line: int
    data: dict[str, Any]


def parse_csv(text: str, file: str, columns: set[str],
              problems: list[Problem]) -> Iterator[CsvRow]:
    """Device rows. Dotted columns (``snmp.port``) build nested mappings; empty
    cells are absent; a row whose first cell starts with ``#`` is a comment."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(file, 1, f"CSV: {exc}"))
        return
    if header is None:
        return
    header = [h.strip() for h in header]
    bad = [h for h in header if h.split(".", 1)[0] not in columns or h.count(".") > 1]
    for h in bad:
        problems.append(Problem(file, 1, f"unknown column '{h}'"))
    if bad:
        return
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if len(cells) > len(header):
                problems.append(Problem(file, line,
                                        f"{len(cells)} cells for {len(header)} columns"))
                continue
            yield CsvRow(line, _nest(dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        problems.append(Problem(file, reader.line_num, f"CSV: {exc}"))


def _nest(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, cell in row.items():
        value = cell.strip()
        if not value:
            continue
        if "." in key:
            group, sub = key.split(".", 1)
            nested = out.get(group)
            if not isinstance(nested, dict):
                # "snmp" given as a profile name beside "snmp.*" cells: it is the base profile
                nested = {"profile": nested} if isinstance(nested, str) else {}
                out[group] = nested
            nested[sub] = value
        elif isinstance(out.get(key), dict):
            out[key].setdefault("profile", value)
        else:
            out[key] = value
    return out
