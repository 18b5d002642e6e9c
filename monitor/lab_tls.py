"""A private certificate authority for the lab's TLS servers and the tests' (cryptography).

Why a CA of our own: the lab's portals and mail server must present certificates that a
probe can verify (and one that is about to expire), on loopback addresses no public CA
would sign. ``LabCA(directory)`` writes ``ca.pem`` (the root to trust) and issues server
certificates: valid for ``localhost``/127.0.0.1 or any names and addresses, expired, for
another host name, or expiring in N days. Keys are EC P-256: generated in milliseconds.
``LabCA.load_or_create`` keeps one root across ``netmon lab up`` runs, so a daemon that
trusts it goes on trusting it when the lab restarts.
"""

from __future__ import annotations

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT_NAME = "netmon lab root"


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


class LabCA:
    def __init__(self, directory: Path, days: float = 30.0, org: str = "netmon tests",
                 key: ec.EllipticCurvePrivateKey | None = None,
                 cert: x509.Certificate | None = None) -> None:
        self.directory = directory
        self.org = org
        directory.mkdir(parents=True, exist_ok=True)
        self.pem = directory / "ca.pem"
        if key is not None and cert is not None:
            self.key, self.cert = key, cert
            return
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        usage = x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                              content_commitment=False, key_encipherment=False,
                              data_encipherment=False, key_agreement=False,
                              encipher_only=False, decipher_only=False)
        self.cert = (
            x509.CertificateBuilder().subject_name(_name(ROOT_NAME, org))
            .issuer_name(_name(ROOT_NAME, org)).public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(self.key, hashes.SHA256()))
        self.pem.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    @classmethod
    def load_or_create(cls, directory: Path, days: float, org: str) -> LabCA:
        """The root kept in ``directory`` (``ca.pem`` + ``ca.key``) while it has more than a
        tenth of ``days`` left, else a new one."""
        pem, key_file = directory / "ca.pem", directory / "ca.key"
        if pem.is_file() and key_file.is_file():
            try:
                cert = x509.load_pem_x509_certificate(pem.read_bytes())
                key = serialization.load_pem_private_key(key_file.read_bytes(), None)
            except ValueError:
                cert = key = None  # type: ignore[assignment]
            if isinstance(key, ec.EllipticCurvePrivateKey) and cert is not None and \
                    cert.not_valid_after_utc - datetime.now(UTC) > timedelta(days=days / 10):
                return cls(directory, days, org, key, cert)
        ca = cls(directory, days, org)
        key_file.touch(mode=0o600)
        key_file.write_bytes(_key_bytes(ca.key))
        return ca

    def issue(self, name: str, hosts: tuple[str, ...] = ("localhost", "127.0.0.1"),
              days: float = 20.0, expired: bool = False) -> tuple[Path, Path, datetime]:
        """(cert file, key file, not_after) for a server certificate."""
        now = datetime.now(UTC).replace(microsecond=0)
        if expired:
            before, after = now - timedelta(days=20), now - timedelta(days=3)
        else:
            before, after = now - timedelta(hours=1), now + timedelta(days=days)
        key = ec.generate_private_key(ec.SECP256R1())
        alt: list[x509.GeneralName] = []
        for h in hosts:
            try:
                alt.append(x509.IPAddress(ipaddress.ip_address(h)))
            except ValueError:
                alt.append(x509.DNSName(h))
        cert = (
            x509.CertificateBuilder().subject_name(_name(hosts[0], self.org))
            .issuer_name(self.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(before).not_valid_after(after)
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(self.key, hashes.SHA256()))
        cert_path = self.directory / f"{name}.crt"
        key_path = self.directory / f"{name}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM)
                              + self.cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(_key_bytes(key))
        return cert_path, key_path, after

    def server_context(self, name: str, **kw: object) -> tuple[ssl.SSLContext, datetime]:
        cert, key, after = self.issue(name, **kw)  # type: ignore[arg-type]
        return context_from(cert, key), after


def context_from(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    return ctx
