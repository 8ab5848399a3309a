"""How long an article takes to read (pure code: plain strings in, minutes out)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

# A common figure for careful reading of analysis on screen, in words per minute.
WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")


def reading_minutes(texts: Iterable[str]) -> int:
    """Whole minutes to read `texts` (HTML tags ignored), at least one."""
    words = sum(len(_WORD.findall(_TAG.sub(" ", text))) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
