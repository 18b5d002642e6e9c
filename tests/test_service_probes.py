"""Service probes against real servers on loopback: HTTPS with a CA the test trusts, an
expired certificate, a wrong host name, a slow server, a 500, a redirect, SMTP (aiosmtpd)
and IMAP with STARTTLS, a DNS server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netmon.collectors.dns_probe import probe_dns
from netmon.collectors.http_probe import WebProber, WebTarget, default_redirect_from, probe_url
from netmon.collectors.mail_probe import probe_mail
from netmon.collectors.probes import USER_AGENT, ProbeStatus
from tests.peers.dnsd import start_dns
from tests.peers.mail import free_port, start_imap, start_smtp
from tests.peers.tls import TestCA
from tests.peers.web import WebServer, start_web

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def servers(ca: TestCA) -> Iterator[dict[str, WebServer]]:
    good, _ = ca.server_context("good", days=20)
    expired, _ = ca.server_context("expired", expired=True)
    wrong, _ = ca.server_context("wrong", hosts=("portal.elsewhere.test",))
    slow_ctx, _ = ca.server_context("slow")
    err_ctx, _ = ca.server_context("err")
    made = {"good": start_web("ok", good), "expired": start_web("ok", expired),
            "wrong": start_web("ok", wrong), "slow": start_web("slow", slow_ctx, delay_s=3),
            "error": start_web("error", err_ctx)}
    made["redirect"] = start_web("redirect", location=made["good"].url())
    made["plain"] = start_web("ok")
    yield made
    for s in made.values():
        s.stop()


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_a_good_portal_is_up_with_its_certificate_and_text(ca: TestCA,
                                                            servers: dict[str, WebServer]
                                                            ) -> None:
    s = servers["good"]
    r = run(probe_url(WebTarget(s.url(), expect="Dịch vụ công", ca_file=ca.pem,
                                redirect_from=servers["redirect"].url())))
    assert r.status is ProbeStatus.OK and r.up, r.error
    assert r.http_status == 200 and r.expect_found is True
    assert r.ttfb_ms is not None and 0 < r.ttfb_ms < 3000
    assert r.cert is not None and r.cert.verified
    left = r.cert_days_left()
    assert left is not None and 19.9 < left < 20.01
    assert r.redirects_to_https is True
    assert s.requests[-1][1] == USER_AGENT and USER_AGENT.startswith("netmon/")


def test_missing_text_and_missing_redirect_are_said(ca: TestCA,
                                                    servers: dict[str, WebServer]) -> None:
    r = run(probe_url(WebTarget(servers["good"].url(), expect="Không có ở đây",
                                ca_file=ca.pem, redirect_from=servers["plain"].url())))
    assert r.status is ProbeStatus.EXPECT_MISSING and not r.up
    assert r.expect_found is False and r.http_status == 200
    assert r.redirects_to_https is False  # the http twin answered 200 on http


def test_an_untrusted_ca_is_a_tls_error(servers: dict[str, WebServer]) -> None:
    r = run(probe_url(WebTarget(servers["good"].url())))  # the system store only
    assert r.status is ProbeStatus.TLS_ERROR
    assert r.error is not None and "self-signed certificate in certificate chain" in r.error
    assert r.cert is not None and not r.cert.verified


def test_an_expired_certificate_is_down_and_its_date_is_read(ca: TestCA,
                                                             servers: dict[str, WebServer]
                                                             ) -> None:
    r = run(probe_url(WebTarget(servers["expired"].url(), ca_file=ca.pem)))
    assert r.status is ProbeStatus.TLS_ERROR and not r.up
    assert r.error == "certificate has expired"
    assert r.cert is not None and r.cert.not_after < datetime.now(UTC)
    left = r.cert_days_left()
    assert left is not None and -3.01 < left < -2.99
    assert servers["expired"].requests == []  # no request went over an untrusted channel


def test_a_wrong_host_name_is_a_tls_error(ca: TestCA, servers: dict[str, WebServer]) -> None:
    r = run(probe_url(WebTarget(servers["wrong"].url(), ca_file=ca.pem)))
    assert r.status is ProbeStatus.TLS_ERROR
    assert r.error is not None and "Hostname mismatch" in r.error
    assert r.cert is not None and "portal.elsewhere.test" in (r.cert.subject or "")


def test_a_slow_server_times_out(ca: TestCA, servers: dict[str, WebServer]) -> None:
    r = run(probe_url(WebTarget(servers["slow"].url(), ca_file=ca.pem, timeout_s=0.5)))
    assert r.status is ProbeStatus.TIMEOUT and not r.up
    r = run(probe_url(WebTarget(servers["slow"].url(), ca_file=ca.pem, timeout_s=10)))
    assert r.status is ProbeStatus.OK and r.ttfb_ms is not None and r.ttfb_ms >= 3000


def test_a_500_is_an_http_error(ca: TestCA, servers: dict[str, WebServer]) -> None:
    r = run(probe_url(WebTarget(servers["error"].url(), ca_file=ca.pem)))
    assert r.status is ProbeStatus.HTTP_ERROR and r.http_status == 500 and not r.up


def test_nothing_listening_is_refused() -> None:
    r = run(probe_url(WebTarget(f"http://127.0.0.1:{free_port()}/", timeout_s=2)))
    assert r.status is ProbeStatus.REFUSED


def test_the_prober_asks_each_url_once_per_interval(ca: TestCA,
                                                    servers: dict[str, WebServer]) -> None:
    s = servers["good"]
    before = len(s.requests)
    prober = WebProber(concurrency=2, min_interval_s=3600)
    same = [WebTarget(s.url(), ca_file=ca.pem)] * 5  # five agencies name one URL
    other = WebTarget(s.url(path="/dvc"), ca_file=ca.pem)
    first = run(prober.probe([*same, other]))
    again = run(prober.probe([*same, other]))
    assert set(first) == {s.url(), s.url(path="/dvc")}
    assert len(s.requests) - before == 2  # one per URL, none for the second round
    assert again[s.url()] is first[s.url()]
    assert prober.requests == 2


def test_default_redirect_twin() -> None:
    assert default_redirect_from("https://hoankiem.hanoi.gov.vn/a?b=1") == \
        "http://hoankiem.hanoi.gov.vn/a?b=1"
    assert default_redirect_from("https://x.vn:8443/") is None
    assert default_redirect_from("http://x.vn/") is None


@pytest.mark.parametrize("kind", ["smtp", "imap"])
def test_mail_with_starttls_and_its_certificate(ca: TestCA, kind: str) -> None:
    ctx, not_after = ca.server_context(f"mail-{kind}", hosts=("mail.hanoi.test",), days=10)
    server = start_smtp(ctx) if kind == "smtp" else start_imap(ctx)
    try:
        r = run(probe_mail("mail", kind, "127.0.0.1", server.port, host="mail.hanoi.test",
                           ca_file=ca.pem, timeout_s=5))
        assert r.status is ProbeStatus.OK, r.error
        assert r.banner and ("Hanoi city mail" in r.banner if kind == "smtp"
                             else "test IMAP ready" in r.banner)
        assert r.cert is not None and r.cert.verified and r.cert.not_after == not_after
        wrong = run(probe_mail("mail", kind, "127.0.0.1", server.port, host="mx.other.test",
                               ca_file=ca.pem, timeout_s=5))
        assert wrong.status is ProbeStatus.TLS_ERROR and wrong.error is not None
        assert "Hostname mismatch" in wrong.error
        assert wrong.cert is not None and wrong.cert.not_after == not_after
    finally:
        server.stop()


@pytest.mark.parametrize("kind", ["smtp", "imap"])
def test_mail_without_starttls_is_said(kind: str) -> None:
    server = start_smtp(None) if kind == "smtp" else start_imap(None)
    try:
        r = run(probe_mail("mail", kind, "127.0.0.1", server.port, timeout_s=5))
        assert r.status is ProbeStatus.NO_STARTTLS and not r.up
        plain = run(probe_mail("mail", kind, "127.0.0.1", server.port, starttls=False,
                               timeout_s=5))
        assert plain.status is ProbeStatus.OK and plain.cert is None
    finally:
        server.stop()


def test_a_web_server_is_not_a_mail_server(servers: dict[str, WebServer]) -> None:
    r = run(probe_mail("mail", "smtp", "127.0.0.1", servers["plain"].port, timeout_s=2))
    assert r.status in (ProbeStatus.PROTOCOL_ERROR, ProbeStatus.TIMEOUT)
    assert not r.up


def test_dns_answers_for_each_zone() -> None:
    server = start_dns({"hanoi.gov.vn": 2026110101, "hanoi.test": 7})
    try:
        r = run(probe_dns("dns", "127.0.0.1", server.port, ["hanoi.gov.vn", "hanoi.test"]))
        assert r.status is ProbeStatus.OK, r.error
        assert r.answers == ("hanoi.gov.vn SOA serial 2026110101", "hanoi.test SOA serial 7")
        bad = run(probe_dns("dns", "127.0.0.1", server.port, ["hanoi.gov.vn", "nope.vn"]))
        assert bad.status is ProbeStatus.DNS_ERROR and bad.error == "nope.vn: REFUSED, no SOA"
        assert bad.answers == ("hanoi.gov.vn SOA serial 2026110101",)
    finally:
        server.stop()


def test_a_silent_name_server_times_out() -> None:
    server = start_dns({}, silent=True)
    try:
        r = run(probe_dns("dns", "127.0.0.1", server.port, ["hanoi.gov.vn"], timeout_s=0.5))
        assert r.status is ProbeStatus.TIMEOUT and server.queries >= 1
    finally:
        server.stop()


def test_probe_ca_is_a_path(ca: TestCA) -> None:
    assert isinstance(ca.pem, Path) and ca.pem.read_text().startswith("-----BEGIN CERT")
