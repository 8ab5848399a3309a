"""HTTPS through the guard: connect to the checked IP, verify the host's certificate."""

import shutil
import ssl
import subprocess

import pytest
from pytest_httpserver import HTTPServer

from policy.reporting.ingest import ConnectFailed, FetchOptions, fetch
from tests.services import require

HOST = "news.example.test"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway self-signed certificate for HOST, made with the openssl CLI."""
    openssl = shutil.which("openssl")
    require(openssl is not None, "needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments, no outside input
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=DNS:{HOST}"],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_server(certificate):
    """A local HTTPS server presenting the certificate for HOST."""
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", ssl_context=context)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_tls_server(tls_server):
    yield
    tls_server.clear()


def options_for(server, certificate, **overrides):
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    values = {
        "resolver": lambda host, port: ["127.0.0.1"],
        "private_allowlist": {("127.0.0.1", server.port)},
        "ssl_context": trust,
        "total_timeout": 2.0,
    }
    values.update(overrides)
    return FetchOptions(**values)


def test_https_connects_to_the_checked_address_and_verifies_the_host_name(
    tls_server, certificate
):
    tls_server.expect_request("/feed").respond_with_data("over tls")
    response = fetch(
        f"https://{HOST}:{tls_server.port}/feed",
        options=options_for(tls_server, certificate),
    )
    assert response.content == b"over tls"
    request, _ = tls_server.log[0]
    assert request.headers["Host"] == f"{HOST}:{tls_server.port}"


def test_https_certificate_for_another_name_is_rejected(tls_server, certificate):
    # Same checked IP, different name: SNI and verification follow the name.
    with pytest.raises(ConnectFailed) as caught:
        fetch(
            f"https://other.example.test:{tls_server.port}/feed",
            options=options_for(tls_server, certificate),
        )
    assert "certificate" in str(caught.value).lower()


def test_https_with_an_untrusted_certificate_is_rejected(tls_server, certificate):
    with pytest.raises(ConnectFailed) as caught:
        fetch(
            f"https://{HOST}:{tls_server.port}/feed",
            options=options_for(tls_server, certificate, ssl_context=None),
        )
    assert "certificate verify failed" in str(caught.value)
