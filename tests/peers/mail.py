"""Mail servers on loopback for the mail probes: the lab's own
(``netmon.monitor.lab_peers``), one copy of the code.

SMTP is aiosmtpd with STARTTLS; IMAP a minimal server speaking the banner, CAPABILITY,
STARTTLS and LOGOUT.
"""

from __future__ import annotations

from netmon.monitor.lab_peers import ImapServer, free_port, start_imap, start_smtp

__all__ = ["ImapServer", "free_port", "start_imap", "start_smtp"]
