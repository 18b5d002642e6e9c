"""A clone of netmon has nothing beside it: no tracked file may reach for a sibling folder.

Why: the project was started with recorded data in a folder next to the repository; code
and tests that read it passed on the developers' machines and failed or skipped on every
user's clone. The data now lives in the repository (``monitor/lab_walks``,
``tests/fixtures``), CI runs the suite in a fresh clone alone in an empty folder
(``.ci/run``), and this test keeps the path from coming back. The patterns are assembled
here so that this file does not match itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SIBLING = "shared"
FORBIDDEN = [
    re.compile(re.escape(f"../{SIBLING}").encode()),
    re.compile(re.escape(f"{SIBLING}/fixtures").encode()),
    # Path arithmetic that climbs out of the repository to the same folder:
    # ``ROOT.parent / "<sibling>"``, ``parents[2].parent / '<sibling>'``.
    re.compile(rb"""parents?(\[\d+\])?\s*/\s*["']""" + SIBLING.encode() + rb"""["']"""),
]


def tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist): nothing is tracked")
    res = subprocess.run([git, "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                         check=True)
    return [f for f in res.stdout.decode().split("\0") if f]


def allowed(path: str) -> bool:
    """NOTICE files of tests/fixtures may name where their data came from."""
    return path.startswith("tests/fixtures/") and Path(path).name == "NOTICE"


def offenders(root: Path, files: list[str]) -> list[str]:
    """``file:line: match`` for every forbidden reference in ``files`` (relative to root)."""
    found = []
    for name in files:
        path = root / name
        if allowed(name) or not path.is_file():
            continue
        data = path.read_bytes()
        for pattern in FORBIDDEN:
            m = pattern.search(data)
            if m:
                line = data.count(b"\n", 0, m.start()) + 1
                found.append(f"{name}:{line}: {m.group().decode(errors='replace')}")
    return found


def test_no_tracked_file_refers_to_a_sibling_folder() -> None:
    files = tracked_files()
    assert "monitor/lab.py" in files and "tests/peers/snmpsim.py" in files
    assert offenders(ROOT, files) == []


def test_the_check_finds_what_it_forbids(tmp_path: Path) -> None:
    # The check must be able to fail, or the test above proves nothing.
    bad = {
        "a.py": f'DATA = ROOT.parent / "{SIBLING}" / "fixtures"\n',
        "b.py": f"X = Path(__file__).parents[2].parent / '{SIBLING}'\n",
        "c.md": f"the walks in `../{SIBLING}/x`\n",
        "d.txt": f"see {SIBLING}/fixtures/snmp\n",
        "tests/fixtures/cli/NOTICE": f"copied from ../{SIBLING}/fixtures/cli\n",
        "ok.py": "A spool directory shared by processes; parent / 'state'\n",
    }
    for name, text in bad.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = offenders(tmp_path, sorted(bad))
    assert [f.split(":", 1)[0] for f in found] == ["a.py", "b.py", "c.md", "d.txt"]

