"""``python -m netmon`` and the ``netmon`` command.

``netmon --version`` answers before the command line's libraries are imported: it is
what a shell script or a package check runs most often.
"""

from __future__ import annotations

import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from netmon import __version__

        sys.stdout.write(f"netmon {__version__}\n")
        return
    from netmon.monitor.cli import main

    main()


if __name__ == "__main__":
    run()
