"""The tests' private CA: the lab's own (``netmon.monitor.lab_tls``), one copy of the code.

``TestCA(tmp)`` writes ``ca.pem`` (the root the tests trust) and issues server
certificates: valid for ``localhost``/127.0.0.1, expired, for another host name, or
expiring in N days.
"""

from __future__ import annotations

from netmon.monitor.lab_tls import LabCA


class TestCA(LabCA):
    __test__ = False  # not a test class for pytest
