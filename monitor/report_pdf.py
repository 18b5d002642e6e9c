"""Printing the report to PDF with Debian's headless Chromium.

Why Chromium: the PDF must look like the page a test checked in a browser (the same
layout engine draws the inline SVG charts and shapes the Vietnamese text), it is one
Debian package (``apt-get install chromium``) with no Python binding to keep in step,
and it fetches nothing. Library alternatives were weighed: WeasyPrint has its own layout
engine (partial SVG, other page breaks, pango/cairo to install); wkhtmltopdf is
unmaintained. Fonts: Debian's ``fonts-dejavu-core`` covers Vietnamese.

The browser runs with a fresh profile in a temporary folder and every background network
feature off (no update check, no sync, no QUIC), so printing sends no packet anywhere.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from netmon.errors import UsageError

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio")
TIMEOUT_S = 120


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(args: list[str], timeout_s: float = TIMEOUT_S
                 ) -> subprocess.CompletedProcess[str]:
    """Chromium with the flags above and a new profile; ``args`` add the task."""
    exe = chromium()
    if exe is None:
        raise UsageError("the PDF needs Chromium (apt-get install chromium); the HTML was "
                         "written")
    with tempfile.TemporaryDirectory(prefix="netmon-chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *args]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise UsageError(f"Chromium did not finish within {timeout_s:g} s") from exc


def print_pdf(html: Path, pdf: Path) -> None:
    res = run_chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}",
                        html.resolve().as_uri()])
    if res.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (res.stderr or "").strip().splitlines()[-3:]
        raise UsageError(f"Chromium could not print {pdf} (exit {res.returncode}): "
                         + " / ".join(tail))
