"""Bounded work per fetch: no entity expansion, and a time and size budget per parse.

A feed is at most INGEST_MAX_BYTES on the wire. Without entity declarations no
parser can turn those bytes into more text than they hold, so each parse step's
memory is bounded by the input; the budget below stops the steps that are left
(one per item) once their time or output runs past what any real feed needs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import ParseError, format_seconds

__all__ = [
    "ENTITIES_REFUSED",
    "ParseBudget",
    "bounded_parse",
    "refuse_entity_declarations",
]

ENTITIES_REFUSED = "refused: XML entity declarations"
# Any entity declaration is refused, even a "harmless" one: one short internal
# entity referenced 100,000 times is the quadratic blowup (110 KB of feed, 1 G
# characters once expanded by feedparser's loose parser).
_ENTITY_HINT = re.compile(r"<!ENTITY", re.IGNORECASE)
# Comments and CDATA sections are skipped whole, so a declaration quoted in
# either is text, not markup; an unclosed one runs to the end of the document,
# as a parser would read it.
_DECLARATION_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<!ENTITY", re.IGNORECASE | re.DOTALL
)
# Output budget: several times the input covers sanitized HTML, plain text and a
# summary per item; the floor keeps tiny documents from tripping it.
OUTPUT_FACTOR = 8
OUTPUT_FLOOR = 4_000_000
PARSE_SECONDS = 20.0


def refuse_entity_declarations(text: str) -> None:
    """Raise ParseError if the document declares an XML entity outside comments."""
    if not _ENTITY_HINT.search(text):
        return
    for match in _DECLARATION_SCAN.finditer(text):
        if match.group(0).upper() == "<!ENTITY":
            raise ParseError(ENTITIES_REFUSED)


@dataclass(slots=True)
class ParseBudget:
    """How much time and output text one parse may use before it is stopped."""

    seconds: float
    max_chars: int
    used_chars: int = 0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def for_input(cls, size: int, *, seconds: float = PARSE_SECONDS) -> ParseBudget:
        """The budget for parsing a document of `size` bytes or characters."""
        return cls(seconds=seconds, max_chars=max(size * OUTPUT_FACTOR, OUTPUT_FLOOR))

    def spend(self, chars: int) -> None:
        """Count `chars` of output; ParseError once time or output is used up."""
        self.used_chars += chars
        if self.used_chars > self.max_chars:
            raise ParseError(
                f"refused: the content grows past {self.max_chars:,} characters"
                " when parsed"
            )
        if time.monotonic() - self.started > self.seconds:
            raise ParseError(
                f"refused: parsing took longer than {format_seconds(self.seconds)}"
            )

    def check(self, text: str) -> str:
        """Spend the length of `text` and hand it back."""
        self.spend(len(text))
        return text


@contextmanager
def bounded_parse() -> Iterator[None]:
    """Turn running out of memory or stack while parsing into a ParseError."""
    try:
        yield
    except MemoryError:
        # The big allocation that failed is gone by now; what is left is ours.
        raise ParseError("refused: parsing ran out of memory") from None
    except RecursionError:
        raise ParseError("refused: the content is nested too deeply") from None
