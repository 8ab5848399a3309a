"""Hostile feeds, generated: the entity attacks at any size, and honest look-alikes."""

from __future__ import annotations

RSS_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def quadratic_blowup(size: int) -> bytes:
    """One internal entity of ~`size`/3 characters, referenced until `size` bytes.

    At 110 KB this is the feed that took a worker to 3 GB: each reference
    expands to the whole entity, so the expanded text grows with size squared.
    """
    entity = "A" * max(size // 3, 16)
    head = (
        f'{RSS_HEAD}<!DOCTYPE rss [<!ENTITY a "{entity}">]>\n'
        '<rss version="2.0"><channel><title>Blowup</title><item><title>t</title>'
        "<description>"
    )
    tail = "</description></item></channel></rss>"
    references = max((size - len(head) - len(tail)) // 3, 1)
    return (head + "&a;" * references + tail).encode()


def billion_laughs(levels: int = 10) -> bytes:
    """Ten nested entities of ten references each: 10**levels "lol"s if expanded."""
    lines = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        refs = f"&lol{level - 1};" * 10
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        f"{RSS_HEAD}<!DOCTYPE rss [\n" + "\n".join(lines) + "\n]>\n"
        '<rss version="2.0"><channel><title>Laughs</title><item>'
        f"<title>&lol{levels - 1};</title></item></channel></rss>"
    ).encode()


def declaration_in_comment() -> bytes:
    """A feed that quotes an entity declaration in an XML comment: harmless."""
    return (
        f'{RSS_HEAD}<!-- an old template had <!ENTITY copy "(c)"> here -->\n'
        '<rss version="2.0"><channel><title>Quiet Desk</title><item>'
        "<guid>c-1</guid><title>Scandium note</title>"
        "<link>https://desk.example.com/scandium</link>"
        "<description>Scandium licences are unchanged.</description>"
        "</item></channel></rss>"
    ).encode()


def declaration_in_cdata() -> bytes:
    """A feed whose item text shows an entity declaration inside CDATA: harmless."""
    return (
        f'{RSS_HEAD}<rss version="2.0"><channel><title>XML Desk</title><item>'
        "<guid>x-1</guid><title>How the billion-laughs attack works</title>"
        "<link>https://desk.example.com/laughs</link>"
        '<description><![CDATA[<p>It starts with <code><!ENTITY lol "lol"></code>'
        " and nests references.</p>]]></description></item></channel></rss>"
    ).encode()


def declaration_after_comment() -> bytes:
    """A closed comment, then a real declaration: refused."""
    return (
        f"{RSS_HEAD}<!-- nothing to see -->\n"
        '<!DOCTYPE rss [<!ENTITY a "AAAA">]>\n'
        '<rss version="2.0"><channel><title>&a;</title></channel></rss>'
    ).encode()
