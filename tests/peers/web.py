"""Real HTTP(S) servers on loopback for the service probes (http.server in a thread).

``start_web(handler_mode, ssl_context)`` serves one behaviour on 127.0.0.1 at a free port:
``ok`` (200, a Vietnamese portal page), ``error`` (500), ``slow`` (headers after
``delay_s``), ``redirect`` (301 to ``location``). Each server counts the requests it got
and remembers their User-Agent, so tests can check the prober's manners.
"""

from __future__ import annotations

import http.server
import ssl
import threading
import time
from dataclasses import dataclass, field

PAGE = ("<html><head><meta charset='utf-8'><title>Cổng thông tin điện tử</title></head>"
        "<body><h1>Cổng thông tin điện tử Quận Hoàn Kiếm</h1>"
        "<p>Dịch vụ công trực tuyến</p></body></html>").encode()


@dataclass
class WebServer:
    mode: str
    port: int
    scheme: str
    server: http.server.ThreadingHTTPServer
    thread: threading.Thread
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)

    def url(self, host: str = "localhost", path: str = "/") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_web(mode: str, ctx: ssl.SSLContext | None = None, *, delay_s: float = 3.0,
              location: str = "", page: bytes = PAGE) -> WebServer:
    holder: dict[str, WebServer] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server = holder["s"]
            server.requests.append((self.path, self.headers.get("User-Agent", "")))
            mode = server.mode  # a test may change it between probes
            if mode == "slow":
                time.sleep(delay_s)
            if mode == "redirect":
                self.send_response(301)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"internal error" if mode == "error" else page
            self.send_response(500 if mode == "error" else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if ctx is not None:
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    ws = WebServer(mode, server.server_address[1], "https" if ctx else "http", server, thread)
    holder["s"] = ws
    thread.start()
    return ws
