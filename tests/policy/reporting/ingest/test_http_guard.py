"""The address guard: only public addresses (or the exact allowlist) are reached."""

import pytest

from policy.reporting.ingest import (
    BadScheme,
    BadURL,
    FetchError,
    FetchOptions,
    RefusedAddress,
    check_addresses,
    fetch,
    is_public_address,
    parse_allowlist,
)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.10",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "::127.0.0.1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"],
)
def test_public_addresses_are_public(address):
    assert is_public_address(address)


def test_a_name_resolving_to_public_and_private_addresses_is_refused():
    # What a DNS-rebinding answer looks like: one good address, one internal.
    with pytest.raises(RefusedAddress) as caught:
        check_addresses(
            host="feeds.example.com",
            port=443,
            addresses=["93.184.215.14", "127.0.0.1"],
        )
    assert str(caught.value) == "refused: private address 127.0.0.1:443"


def test_an_allowlisted_host_and_port_passes_the_address_check():
    check_addresses(
        host="minio.internal",
        port=9000,
        addresses=["10.0.0.7"],
        allowlist={("minio.internal", 9000)},
    )


def test_the_allowlist_is_exact_about_the_port():
    with pytest.raises(RefusedAddress):
        check_addresses(
            host="minio.internal",
            port=9001,
            addresses=["10.0.0.7"],
            allowlist={("minio.internal", 9000)},
        )


def test_allowlist_setting_is_parsed_into_exact_pairs():
    parsed = parse_allowlist(" Feeds.Internal:8080, 127.0.0.1:9000,[::1]:8443,")
    assert parsed == {("feeds.internal", 8080), ("127.0.0.1", 9000), ("::1", 8443)}
    assert parse_allowlist("") == frozenset()


@pytest.mark.parametrize("value", ["no-port", "host:port", "host:0", "a:1:2"])
def test_a_malformed_allowlist_entry_is_an_error(value):
    with pytest.raises(ValueError):
        parse_allowlist(value)


def test_allowlisted_local_server_is_fetched(httpserver, options):
    httpserver.expect_request("/feed").respond_with_data(
        "ok", content_type="text/plain"
    )
    response = fetch(httpserver.url_for("/feed"), options=options)
    assert response.status == 200
    assert response.content == b"ok"


def test_localhost_on_a_non_allowlisted_port_is_refused(httpserver, unused_port):
    options = FetchOptions(private_allowlist={("127.0.0.1", httpserver.port)})
    with pytest.raises(RefusedAddress) as caught:
        fetch(f"http://localhost:{unused_port}/feed", options=options)
    assert "127.0.0.1" in str(caught.value) or "::1" in str(caught.value)


def test_local_server_without_an_allowlist_is_refused_before_any_request(httpserver):
    httpserver.expect_request("/feed").respond_with_data("secret")
    with pytest.raises(RefusedAddress):
        fetch(httpserver.url_for("/feed"), options=FetchOptions())
    assert httpserver.log == []


def test_a_name_resolving_to_loopback_is_refused_whatever_the_name(httpserver):
    # The check is on the resolved address, so a friendly-looking name that
    # resolves to 127.0.0.1 is refused like 127.0.0.1 itself.
    options = FetchOptions(resolver=lambda host, port: ["127.0.0.1"])
    with pytest.raises(RefusedAddress) as caught:
        fetch(f"http://feeds.example.test:{httpserver.port}/", options=options)
    assert str(caught.value) == f"refused: private address 127.0.0.1:{httpserver.port}"
    assert httpserver.log == []


def test_the_host_is_resolved_once_and_the_connection_uses_that_answer(httpserver):
    # A rebinding resolver: the allowlisted answer first, an internal one after.
    # Had the client resolved again to connect, it would go to 10.9.9.9.
    answers = iter([["127.0.0.1"]])
    calls = []

    def resolver(host, port):
        calls.append(host)
        return next(answers, ["10.9.9.9"])

    httpserver.expect_request("/feed").respond_with_data("ok")
    options = FetchOptions(
        resolver=resolver, private_allowlist={("127.0.0.1", httpserver.port)}
    )
    response = fetch(
        f"http://news.example.test:{httpserver.port}/feed", options=options
    )
    assert response.content == b"ok"
    assert calls == ["news.example.test"]
    # Connected by IP, yet the server saw the original Host header.
    request, _ = httpserver.log[0]
    assert request.headers["Host"] == f"news.example.test:{httpserver.port}"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_redirect_to_a_private_address_is_refused(httpserver, options, target):
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    with pytest.raises(RefusedAddress) as caught:
        fetch(httpserver.url_for("/start"), options=options)
    assert str(caught.value).startswith("refused: redirect to private address ")


def test_redirect_to_loopback_on_a_non_allowlisted_port_is_refused(
    httpserver, options, unused_port
):
    httpserver.expect_request("/start").respond_with_data(
        "", status=301, headers={"Location": f"http://127.0.0.1:{unused_port}/"}
    )
    with pytest.raises(RefusedAddress) as caught:
        fetch(httpserver.url_for("/start"), options=options)
    assert str(caught.value) == (
        f"refused: redirect to private address 127.0.0.1:{unused_port}"
    )


def test_redirect_to_an_octal_spelled_loopback_is_refused(httpserver, options):
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": "http://0177.0.0.1/"}
    )
    with pytest.raises((RefusedAddress, BadURL)):
        fetch(httpserver.url_for("/start"), options=options)


def test_redirect_to_an_allowlisted_address_is_followed(httpserver, options):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("moved here")
    response = fetch(httpserver.url_for("/old"), options=options)
    assert response.content == b"moved here"
    assert response.url == httpserver.url_for("/new")
    assert response.redirects == (httpserver.url_for("/new"),)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://example.com/feed.xml"],
)
def test_non_http_schemes_are_refused(url):
    with pytest.raises(BadScheme) as caught:
        fetch(url)
    assert "only http and https" in str(caught.value)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://example.com/"])
def test_redirect_to_a_non_http_scheme_is_refused(httpserver, options, target):
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    with pytest.raises(BadScheme) as caught:
        fetch(httpserver.url_for("/start"), options=options)
    assert str(caught.value).startswith("refused: redirect to a ")


@pytest.mark.parametrize("url", ["http:///no-host", "not a url at all", ""])
def test_links_without_a_host_are_bad_links(url):
    with pytest.raises(FetchError):
        fetch(url)
