"""A small InfluxQL reader for the dashboard tests: which measurements, tags and fields a
query names, and whether netmon writes them (the schema comes from netmon's own points)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Schema:
    tags: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)



KEYWORDS = {
    "select", "from", "where", "and", "or", "group", "by", "order", "asc", "desc", "limit",
    "offset", "slimit", "soffset", "as", "show", "tag", "values", "with", "key", "in", "tz",
    "time", "true", "false", "null", "none", "previous", "linear", "measurements", "field",
    "keys", "series", "not",
}
FUNCTIONS = {
    "mean", "median", "mode", "last", "first", "max", "min", "sum", "count", "distinct",
    "spread", "stddev", "percentile", "derivative", "non_negative_derivative", "difference",
    "non_negative_difference", "moving_average", "cumulative_sum", "integral", "elapsed",
    "time", "fill", "now",
}
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<ident>"(?:[^"\\]|\\.)*")
  | (?P<string>'(?:[^'\\]|\\.)*')
  | (?P<var>\$\{?\w+(?::\w+)?\}?)
  | (?P<number>\d+(?:\.\d+)?(?:ns|u|ms|s|m|h|d|w)?\b)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<op>=~|!~|!=|<>|<=|>=|[=<>*+\-,()/;])
""", re.VERBOSE)
_REGEX = re.compile(r"/(?:[^/\\]|\\.)*/")


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str

    @property
    def name(self) -> str:
        return self.text[1:-1].replace('\\"', '"') if self.kind == "ident" else self.text


def tokenize(query: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    while pos < len(query):
        if out and out[-1].text in ("=~", "!~"):
            m = _REGEX.match(query, pos)
            if m:
                out.append(Tok("regex", m.group()))
                pos = m.end()
                continue
        m = _TOKEN.match(query, pos)
        if m is None:
            raise ValueError(f"cannot read {query[pos:pos + 20]!r} in {query!r}")
        assert m.lastgroup is not None
        if m.lastgroup != "ws":
            out.append(Tok(m.lastgroup, m.group()))
        pos = m.end()
    return out


@dataclass
class QueryNames:
    measurements: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)  # GROUP BY, WITH KEY
    fields: set[str] = field(default_factory=set)  # function arguments
    any: set[str] = field(default_factory=set)  # elsewhere: a tag or a field
    aliases: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def names_in(query: str) -> QueryNames:
    """Which names a query uses, and in which role (tag, field, either)."""
    toks = tokenize(query)
    q = QueryNames()
    calls: list[str] = []  # function names of the open parentheses ("" for grouping)
    clause = ""
    for i, t in enumerate(toks):
        prev = toks[i - 1].text.lower() if i else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        low = t.text.lower()
        if t.kind == "var":
            q.variables.add(t.text.strip("${}").split(":")[0])
            continue
        if t.kind == "op":
            if t.text == "(":
                calls.append(toks[i - 1].text.lower() if i and toks[i - 1].kind == "word"
                             else "")
            elif t.text == ")" and calls:
                calls.pop()
            continue
        if t.kind == "word" and nxt == "(" and low not in KEYWORDS - FUNCTIONS:
            q.functions.add(low)
            if low not in FUNCTIONS:
                q.problems.append(f"unknown function {t.text}")
            continue
        if t.kind == "word" and low in KEYWORDS:
            if low in ("select", "where", "group", "order", "limit", "with", "from"):
                clause = low
            continue
        if t.kind not in ("ident", "word"):
            continue
        name = t.name
        if prev == "as":
            q.aliases.add(name)
        elif prev == "from":
            q.measurements.add(name)
        elif (clause == "with" and prev == "=") or clause == "group":
            q.tags.add(name)
        elif calls and calls[-1] in FUNCTIONS:
            q.fields.add(name)
        else:
            q.any.add(name)
    if not q.measurements:
        q.problems.append("no FROM measurement")
    return q


def check_query(query: str, schema: dict[str, Schema]) -> list[str]:
    """Problems of one query against the schema points.py writes; [] when it is sound."""
    q = names_in(query)
    problems = list(q.problems)
    tags: set[str] = set()
    fields: set[str] = set()
    for m in q.measurements:
        if m not in schema:
            problems.append(f"measurement {m!r} is not written by netmon")
            continue
        tags |= schema[m].tags
        fields |= schema[m].fields
    # An outer query over a subquery may name the inner query's aliases.
    problems += [f"{n!r} is not a tag of {sorted(q.measurements)}"
                 for n in sorted(q.tags - tags)]
    problems += [f"{n!r} is not a field of {sorted(q.measurements)}"
                 for n in sorted(q.fields - fields - q.aliases)]
    problems += [f"{n!r} is neither a tag nor a field of {sorted(q.measurements)}"
                 for n in sorted(q.any - tags - fields - q.aliases)]
    return problems
