"""Canonical links, sanitized HTML, plain text and content hashes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.reporting.ingest import (
    canonical_url,
    content_hash,
    html_to_text,
    sanitize_html,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://Wire.Example.COM/Notes/A", "https://wire.example.com/Notes/A"),
        ("https://wire.example.com/a#comments", "https://wire.example.com/a"),
        ("http://wire.example.com:80/a", "http://wire.example.com/a"),
        ("https://wire.example.com:443/a", "https://wire.example.com/a"),
        ("https://wire.example.com:8443/a", "https://wire.example.com:8443/a"),
        ("https://wire.example.com", "https://wire.example.com/"),
        ("https://wire.example.com./a", "https://wire.example.com/a"),
        ("https://editor:pw@wire.example.com/a", "https://wire.example.com/a"),
        (
            "https://wire.example.com/a?utm_source=rss&utm_medium=feed&id=7",
            "https://wire.example.com/a?id=7",
        ),
        (
            "https://wire.example.com/a?fbclid=x&gclid=y&mc_cid=1&mc_eid=2&ref=home"
            "&igshid=z&UTM_Campaign=c",
            "https://wire.example.com/a",
        ),
        (
            "https://wire.example.com/a?b=2&a=1&c=",
            "https://wire.example.com/a?a=1&b=2&c=",
        ),
        ("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
    ],
)
def test_canonical_url_cases(raw, canonical):
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    "bad",
    ["javascript:alert(1)", "mailto:desk@example.com", "/relative/path", "https://"],
)
def test_canonical_url_refuses_what_is_not_an_absolute_web_link(bad):
    with pytest.raises(ValueError):
        canonical_url(bad)


_segment = st.text(alphabet="abcXYZ019-._~%", min_size=0, max_size=8)
_param = st.tuples(
    st.sampled_from(["id", "page", "utm_source", "fbclid", "q", "Ref", "z"]),
    st.text(alphabet="ab 1+&=é%", max_size=6),
)


@st.composite
def web_links(draw):
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(st.sampled_from(["wire.example.com", "Wire.Example.com", "10.1.2.3"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(st.lists(_segment, max_size=4)))
    params = draw(st.lists(_param, max_size=4))
    query = "&".join(f"{k}={v}" for k, v in params)
    fragment = draw(st.sampled_from(["", "#top", "#"]))
    return f"{scheme}://{host}{port}/{path}{'?' + query if query else ''}{fragment}"


@given(web_links())
def test_canonical_url_is_idempotent(link):
    once = canonical_url(link)
    assert canonical_url(once) == once
    assert "#" not in once
    assert "utm_" not in once.lower()


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java\nscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_script_links_are_removed_in_every_spelling(href):
    html = f'<p>See <a href="{href}">the annex</a></p>'
    for base in (None, "https://wire.example.com/feed.xml"):
        cleaned = sanitize_html(html, base_url=base)
        assert "script" not in cleaned.lower()
        assert "data:" not in cleaned
        assert "the annex" in cleaned


def test_sanitized_links_are_absolute_and_carry_rel_noopener():
    cleaned = sanitize_html(
        '<a href="/notes/licences">notes</a> <img src="charts/tb.png" alt="Tb">',
        base_url="https://wire.example.com/feeds/main.xml",
    )
    assert (
        '<a href="https://wire.example.com/notes/licences" rel="noopener noreferrer">'
        in cleaned
    )
    assert 'src="https://wire.example.com/feeds/charts/tb.png"' in cleaned


def test_mailto_links_are_kept():
    cleaned = sanitize_html('<a href="mailto:desk@example.com">desk</a>')
    assert 'href="mailto:desk@example.com"' in cleaned


def test_scripts_styles_handlers_and_unknown_tags_are_removed():
    cleaned = sanitize_html(
        '<div onclick="x()"><script>alert(1)</script><style>p{}</style>'
        '<iframe src="https://evil.example/"></iframe><p style="color:red">Sm</p>'
        '<img src="https://cdn.example.com/a.png" onerror="alert(2)"></div>'
    )
    assert cleaned == '<p>Sm</p><img src="https://cdn.example.com/a.png">'


def test_empty_href_does_not_become_a_link_to_the_page_itself():
    cleaned = sanitize_html('<a href="">x</a>', base_url="https://wire.example.com/")
    assert "href" not in cleaned


def test_html_to_text_keeps_paragraphs_and_drops_layout_whitespace():
    text = html_to_text(
        "<h2>Controls</h2><p>Seven rare\n   earths are <b>controlled</b>.</p>"
        "<ul><li>samarium</li><li>terbium<br>dysprosium</li></ul>"
    )
    assert text.split("\n\n") == [
        "Controls",
        "Seven rare earths are controlled.",
        "samarium",
        "terbium\ndysprosium",
    ]


def test_content_hash_ignores_case_and_whitespace_but_not_words():
    a = content_hash(title="Terbium  licences", text="First approvals\n\nreported.")
    b = content_hash(title="terbium licences", text="First approvals reported.")
    c = content_hash(title="terbium licences", text="First approvals denied.")
    assert a == b
    assert a != c
    assert len(a) == 64
