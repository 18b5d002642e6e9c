"""The command line loads a command's module only when that command runs (monitor/cli.py
``COMMANDS``): ``netmon --help`` lists a table. These tests keep the table true."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from netmon.monitor.cli import COMMANDS, app, load_command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_short_help_is_the_commands_own(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    _, _, short = COMMANDS[name]
    for limit in (45, 60, 1000):  # as click shortens it for the listing, at any width
        assert click.Command(name, help=short).get_short_help_str(limit) \
            == command.get_short_help_str(limit), name


def test_every_command_module_lists_nothing_unlisted() -> None:
    """A typer app or command added to a cli_* module must be added to COMMANDS too."""
    import importlib

    import typer

    attributes = {(module, attribute) for module, attribute, _ in COMMANDS.values()}
    for module in {m for m, _ in attributes}:
        mod = importlib.import_module(f"netmon.monitor.{module}")
        apps = {name for name, obj in vars(mod).items() if isinstance(obj, typer.Typer)}
        assert apps <= {a for m, a in attributes if m == module}, (module, apps)


def test_help_imports_no_command_module() -> None:
    code = ("import sys; from netmon.__main__ import run; sys.argv = ['netmon', '--help']\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('netmon.monitor.cli_')"
            " or m.startswith('netmon.inventory') or m == 'rich'))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert res.stdout.strip().splitlines()[-1] == "['netmon.monitor.cli_common']"
    assert "Commands:" in res.stdout and "scan" in res.stdout


def test_a_mistyped_command_is_suggested() -> None:
    from typer.testing import CliRunner

    res = CliRunner().invoke(app, ["scna"])
    assert res.exit_code == 2
    assert "Did you mean 'scan'?" in res.output
