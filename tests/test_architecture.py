"""ARCHITECTURE.md's rules, checked on the code: which layer imports which, no import
cycles (lazy imports inside functions count too), no file over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = {"netmon": REPO / "netmon", "netmon.inventory": REPO / "inventory",
          "netmon.collectors": REPO / "collectors", "netmon.monitor": REPO / "monitor"}
# layer -> the layers it may import (besides itself)
ALLOWED = {
    "netmon": set(),
    "netmon.inventory": {"netmon"},
    "netmon.collectors": {"netmon"},
    "netmon.monitor": {"netmon", "netmon.inventory", "netmon.collectors"},
}


def modules() -> dict[str, Path]:
    out = {}
    for prefix, root in LAYERS.items():
        files = root.glob("*.py") if prefix == "netmon" else root.rglob("*.py")
        for f in files:
            parts = list(f.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = f
    return out


def layer(module: str) -> str:
    for name in ("netmon.inventory", "netmon.collectors", "netmon.monitor"):
        if module == name or module.startswith(name + "."):
            return name
    return "netmon"


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The netmon modules ``module`` imports (type-checking-only imports excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                pkg = module.split(".")[: -node.level] if not path.name.startswith(
                    "__init__") else module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join([*pkg, node.module])
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for n in names:
            while n and n not in known:
                n = n.rpartition(".")[0]
            if n and n != module and n.startswith("netmon"):
                out.add(n)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: imports(m, p, set(mods)) for m, p in mods.items()}


def test_layers_import_only_downward() -> None:
    wrong = [f"{m} imports {i}" for m, deps in graph().items() for i in deps
             if layer(i) != layer(m) and layer(i) not in ALLOWED[layer(m)]
             and not (layer(m) == "netmon" and i == "netmon")]
    # The core's __main__ starts the CLI: the one arrow up, at the very top.
    wrong = [w for w in wrong if not w.startswith("netmon.__main__ ")]
    assert wrong == []


def test_no_import_cycles() -> None:
    g = graph()
    # A package's __init__ re-exporting its own modules is not a cycle between modules.
    for m in g:
        g[m] = {d for d in g[m] if not (m.startswith(d + ".") and g.get(d) is not None)}
    seen: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(g.get(node, ())):
            if seen.get(dep) == 1:
                cycles.append([*stack[stack.index(dep):], dep])
            elif dep not in seen:
                visit(dep, [*stack, dep])
        seen[node] = 2

    for m in sorted(g):
        if m not in seen:
            visit(m, [m])
    assert cycles == []


@pytest.mark.parametrize("root", ["netmon", "inventory", "collectors", "monitor"])
def test_no_file_over_400_lines(root: str) -> None:
    long = {str(f.relative_to(REPO)): n for f in (REPO / root).rglob("*.py")
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
