"""HTTPS for real: the server serves TLS with a certificate of the organisation's own
authority; the client trusts it only when told to (BACKA_CA_BUNDLE) and otherwise refuses
with a message IT support can act on. Certificates are never left unchecked."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from backa_desktop.sync.client import CA_BUNDLE_ENV, SyncError, enroll
from tests.central.people import PASSWORD, People
from tests.central.support import ServerProcess
from tests.sync.devices import PASSPHRASE, TEST_KDF


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "backa-test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path, db_url: str) -> Iterator[tuple[ServerProcess, Path]]:
    cert, key = _self_signed(tmp_path)
    server = ServerProcess(db_url, tls=(cert, key)).start()
    try:
        yield server, cert
    finally:
        server.stop()


def test_https_with_the_organisations_certificate(
    tmp_path: Path,
    tls_server: tuple[ServerProcess, Path],
    people: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backa_desktop.services.vault import NewUser, Vault
    from backa_desktop.store.sync_state import SyncState

    server, cert = tls_server
    vault = Vault(tmp_path / "laptop", kdf=TEST_KDF)
    vault.create(PASSPHRASE, NewUser(name="Testa", unit_name="Enheten"))
    with vault.unlock(PASSPHRASE) as session:
        state = SyncState(session.db, session.repo)
        monkeypatch.delenv(CA_BUNDLE_ENV, raising=False)
        with pytest.raises(SyncError) as caught:
            enroll(state, server.base_url, people.name("anna"), PASSWORD, "laptop")
        assert "certifikat" in caught.value.message_sv
        assert not caught.value.retryable
        assert state.enrollment() is None
        monkeypatch.setenv(CA_BUNDLE_ENV, str(cert))
        answer = enroll(state, server.base_url, people.name("anna"), PASSWORD, "laptop")
        assert answer.user_id == people.anna
        assert state.enrollment() is not None
