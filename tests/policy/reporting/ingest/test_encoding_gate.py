"""The encoding gate: mojibake is repaired and flagged, clean text passes untouched."""

import pytest

from policy.reporting.ingest import gate_text, looks_misdecoded


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("Chinaâ€™s export licences", "China’s export licences"),
        ("cafÃ© owners in MÃ¼nchen", "café owners in München"),
        ("The Â£5 fee", "The £5 fee"),
        ("donโ€™t expect quick licences", "don’t expect quick licences"),
        ("cafรฉ owners", "café owners"),
    ],
)
def test_mojibake_is_flagged_and_repaired(damaged, repaired):
    gated = gate_text(damaged)
    assert gated.suspect
    assert gated.text == repaired


def test_replacement_characters_are_flagged():
    gated = gate_text("Dysprosium prices rose \ufffd\ufffd in May")
    assert gated.suspect


def test_c1_control_characters_are_flagged():
    assert looks_misdecoded("licences\x93quoted\x94")


@pytest.mark.parametrize(
    "clean",
    [
        "MOFCOM’s “general licences” — consolidation, not liberalisation.",
        'Plain "straight" quotes and an apostrophe\'s fine too.',
        "商务部对钐、钆、铽、镝、镥、钪、钇相关物项实施出口管制。",
        "全角标点：（镝）、【铽】，保持不变。",
        "Contrôles à l’exportation : le lutétium coûte ± 3 % de plus, café, naïve.",
        "ควบคุมการส่งออก แร่หายาก ASEANเกณฑ์ใหม่",
        "Price: ¥1,800/kg, up 3 %; €, £ and ° all fine.",
    ],
)
def test_clean_text_passes_untouched(clean):
    gated = gate_text(clean)
    assert not gated.suspect
    assert gated.text == clean


def test_empty_text_is_not_suspect():
    gated = gate_text("")
    assert gated.text == ""
    assert not gated.suspect


# The reference note as it reached us: each UTF-8 dash or apostrophe read as code
# page 874 kept only its lead byte, now a Thai letter, and lost the rest.
REFERENCE_NOTE_DAMAGE = (
    "Which exporters qualify stays undisclosedโrepresenting a consolidation of "
    "procedure, not a change in Chinaโs controls."
)


def test_a_lone_thai_letter_between_latin_words_is_flagged():
    assert looks_misdecoded(REFERENCE_NOTE_DAMAGE)
    assert gate_text(REFERENCE_NOTE_DAMAGE).suspect


@pytest.mark.parametrize(
    "thai",
    [
        "กระทรวงพาณิชย์จีนอนุมัติใบอนุญาตส่งออกแร่หายากบางราย",
        "ราคา Dy2O3 ปรับขึ้น 3% ในสัปดาห์นี้",
        "iPhoneรุ่นใหม่ใช้แม่เหล็กNdFeBมากขึ้น",
        "ผู้ส่งออก (exporters) ที่ได้รับ general licence",
    ],
)
def test_correctly_decoded_thai_next_to_latin_is_not_flagged(thai):
    assert not looks_misdecoded(thai)
    assert not gate_text(thai).suspect
