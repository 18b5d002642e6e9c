"""What every command shares: the options that locate netmon's files, error handling,
the consoles and JSON output. Command modules import this; ``cli.py`` assembles them."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from netmon.errors import InventoryError, NetmonError

if TYPE_CHECKING:
    from rich.console import Console

    from netmon.monitor.config import Settings

class _Lazy:
    """A Rich console made on first use: importing Rich costs more than ``--help``."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich import console

            self._console = console.Console(stderr=self._stderr, highlight=False)
        return getattr(self._console, name)


out: Console = _Lazy(stderr=False)  # type: ignore[assignment]
err: Console = _Lazy(stderr=True)  # type: ignore[assignment]

F = TypeVar("F", bound=Callable[..., Any])

ConfigOpt = Annotated[str | None, typer.Option(
    "--config", "-c", help="Config file (default $NETMON_CONFIG, /etc/netmon/netmon.yaml or "
    "~/.config/netmon/netmon.yaml).")]
InventoryOpt = Annotated[str | None, typer.Option(
    "--inventory", "-i", help="Inventory file or folder (default $NETMON_INVENTORY, then "
    "the config file).")]
DataDirOpt = Annotated[str | None, typer.Option(
    "--data-dir", help="State, spool and host keys (default $NETMON_DATA_DIR, "
    "/var/lib/netmon as root, else ~/.local/state/netmon).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")]


class Ctx:
    """Where netmon's files are: given before the command, after it, or not at all."""

    def __init__(self, config: str | None, inventory: str | None,
                 data_dir: str | None) -> None:
        self.config, self.inventory, self.data_dir = config, inventory, data_dir
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from netmon.monitor.config import load_settings

            self._settings = load_settings(self.config, self.inventory, self.data_dir)
        return self._settings


_current = Ctx(None, None, None)


def begin(ctx: Ctx) -> None:
    """Called by the app's callback at each invocation, before the command runs."""
    global _current
    _current = ctx


def current() -> Ctx:
    """The running command's Ctx (set by the app's callback, refined by the command)."""
    return _current


def settings() -> Settings:
    return current().settings


def command(fn: F) -> F:
    """A command: netmon's own errors become a clear message and exit 2, never a
    traceback; ``--config``, ``--inventory`` and ``--data-dir`` are accepted after the
    command too (``netmon scan district X --inventory city.yaml``) and win there."""

    @wraps(fn)
    def wrapper(*args: Any, config: str | None = None, inventory: str | None = None,
                data_dir: str | None = None, **kwargs: Any) -> Any:
        ctx = current()
        if config or inventory or data_dir:
            ctx.config = config or ctx.config
            ctx.inventory = inventory or ctx.inventory
            ctx.data_dir = data_dir or ctx.data_dir
            ctx._settings = None
        try:
            return fn(*args, **kwargs)
        except InventoryError as exc:
            for p in exc.problems:
                err.print(str(p), markup=False, soft_wrap=True)
            n = len(exc.problems)
            err.print(f"inventory refused: {n} problem{'s' if n != 1 else ''}", style="red")
            raise typer.Exit(2) from None
        except NetmonError as exc:  # usage, lookups, secrets, config, state
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    sig = inspect.signature(fn, eval_str=True)  # typer reads the Annotated options
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                               annotation=kind)
             for name, kind in (("config", ConfigOpt), ("inventory", InventoryOpt),
                                ("data_dir", DataDirOpt))]
    wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[*sig.parameters.values(), *extra])
    wrapper.__annotations__ = {**fn.__annotations__, "config": ConfigOpt,
                               "inventory": InventoryOpt, "data_dir": DataDirOpt}
    return wrapper  # type: ignore[return-value]


T = TypeVar("T")
GC_YOUNG_THRESHOLD = 20_000  # allocations between young collections while a scan runs


def run_async(main: Callable[[], Awaitable[T]]) -> T:
    """``asyncio.run(main())``, the result handed back outside the main task.

    Python 3.11's ``asyncio.run`` puts SIGINT's handler back with ``signal.signal``, which
    tries to turn the old handler into a ``Handlers`` enum; the failed lookup formats the
    ``repr()`` of that handler, a partial holding the main task, whose repr holds the
    task's result. A district's ScanResult (every interface of 60 devices) took some
    0.1 s of CPU to format for nothing (benchmarks/README.md, scan district).

    While it runs, what was allocated before (modules, pydantic's schemas, the inventory)
    is frozen out of the cyclic garbage collector's way, and the youngest generation is
    collected every 20,000 allocations rather than 700; both are given back after. A
    district's poll allocates some 200,000 tuples that all live to the end: the collector
    spent ~0.15 s of a scan walking them and the start-up heap, ~0.05 s with this
    (measured with gc.callbacks; benchmarks/README.md, scan district)."""
    import asyncio
    import gc

    box: list[T] = []

    async def task() -> None:
        box.append(await main())

    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        asyncio.run(task())
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    return box[0]


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; one line for a pipe or a file (``jq`` reads
    both): Python's C encoder serves only ``indent=None``, some 10x faster on a district's
    1 MB scan."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent, default=str) + "\n")
