"""Real HTTP(S) servers on loopback for the service probes: the lab's own
(``netmon.monitor.lab_peers``), one copy of the code.

``start_web(handler_mode, ssl_context)`` serves one behaviour on 127.0.0.1 at a free port:
``ok`` (200, a Vietnamese portal page), ``error`` (500), ``slow`` (headers after
``delay_s``), ``redirect`` (301 to ``location``); each server counts its requests and
their User-Agent.
"""

from __future__ import annotations

from netmon.monitor.lab_peers import PAGE, WebServer, start_web

__all__ = ["PAGE", "WebServer", "start_web"]
