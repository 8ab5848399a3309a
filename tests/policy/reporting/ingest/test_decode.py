"""Choosing an encoding: BOM, header, declaration; valid UTF-8 beats a wrong label."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.reporting.ingest import clean_text, decode_bytes

CYRILLIC = "Экспортный контроль на редкоземельные металлы"


def test_bom_beats_header_and_declaration():
    body = (
        codecs.BOM_UTF8
        + '<?xml version="1.0" encoding="ISO-8859-1"?><t>镝</t>'.encode()
    )
    decoded = decode_bytes(body, content_type="text/xml; charset=windows-1251")
    assert decoded.source == "bom"
    assert decoded.text == '<?xml version="1.0" encoding="ISO-8859-1"?><t>镝</t>'


def test_utf16_bom_is_honoured():
    body = "<feed>Dysprosium – 镝</feed>".encode("utf-16")
    decoded = decode_bytes(body, content_type="application/atom+xml; charset=utf-8")
    assert decoded.text == "<feed>Dysprosium – 镝</feed>"
    assert decoded.source == "bom"


def test_header_charset_beats_the_xml_declaration():
    body = f'<?xml version="1.0" encoding="ISO-8859-1"?><t>{CYRILLIC}</t>'.encode(
        "cp1251"
    )
    decoded = decode_bytes(
        body, content_type="application/rss+xml; charset=windows-1251"
    )
    assert CYRILLIC in decoded.text
    assert decoded.source == "header"


def test_xml_declaration_is_used_without_a_header_charset(fixture_bytes):
    decoded = decode_bytes(fixture_bytes("latin1.xml"), content_type="text/xml")
    assert "Bulletin des métaux rares" in decoded.text
    assert "± 3 %" in decoded.text
    assert decoded.source == "declaration"


def test_html_meta_charset_is_used_without_a_header_charset():
    page = f'<html><head><meta charset="windows-1251"></head><p>{CYRILLIC}</p></html>'
    decoded = decode_bytes(page.encode("cp1251"), content_type="text/html")
    assert CYRILLIC in decoded.text


def test_valid_utf8_wins_over_a_wrong_declaration(fixture_bytes):
    decoded = decode_bytes(
        fixture_bytes("utf8-declared-latin1.xml"),
        content_type="text/xml; charset=ISO-8859-1",
    )
    assert "Dysprosium (镝) and terbium (铽)" in decoded.text
    assert "MOFCOM’s" in decoded.text
    assert decoded.encoding == "utf-8"


def test_undeclared_western_bytes_are_detected_as_windows_1252():
    decoded = decode_bytes("Prix : 45 € la tonne, café".encode("cp1252"))
    assert decoded.text == "Prix : 45 € la tonne, café"
    assert decoded.source == "detected"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("稀土出口许可证审批流程说明", "gb2312"),
        ("レアアースの輸出許可について", "euc_jp"),
        ("Лицензии на экспорт редкоземельных металлов", "koi8_r"),
    ],
)
def test_unlabelled_legacy_encodings_are_detected_not_read_as_windows_1252(text, codec):
    decoded = decode_bytes((text + " ").encode(codec) * 4)
    assert decoded.source == "detected"
    assert text in decoded.text


def test_latin1_label_is_read_as_windows_1252_like_browsers_do():
    decoded = decode_bytes(b"\x93quoted\x94", content_type="text/html; charset=latin1")
    assert decoded.text == "“quoted”"


def test_utf7_declaration_is_ignored():
    decoded = decode_bytes(b"+ADw-script+AD4-", content_type="text/html; charset=utf-7")
    assert decoded.text == "+ADw-script+AD4-"


def test_nul_bytes_are_stripped_on_decode():
    assert decode_bytes(b"sama\x00rium").text == "samarium"


def test_clean_text_drops_nul_and_lone_surrogates_but_keeps_real_characters():
    assert clean_text("Tb\x00 \ud800 Dy \udfff镝") == "Tb  Dy 镝"
    # A pair split into two code points is rejoined, not dropped.
    assert clean_text("magnet \ud83e\uddf2") == "magnet \U0001f9f2"


@given(st.text())
def test_clean_text_output_is_always_storable(value):
    cleaned = clean_text(value)
    assert "\x00" not in cleaned
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in cleaned)
    cleaned.encode("utf-8")  # what psycopg does; must not raise
    assert clean_text(cleaned) == cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_clean_text_leaves_storable_text_alone(value):
    assert clean_text(value) == value.replace("\x00", "")


@given(st.binary(max_size=2048), st.sampled_from([None, "text/xml; charset=utf-8"]))
def test_any_bytes_decode_to_storable_text(content, content_type):
    text = decode_bytes(content, content_type=content_type).text
    assert "\x00" not in text
    text.encode("utf-8")
