"""Pictures for the demo publication, drawn with Pillow when the demo loads.

Pure drawing: no Django here. Each function returns PNG bytes that depend only on its
arguments, so the demo ships no binary files and needs no download. `articles.demo`
stores the results as Wagtail images.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

# The reader site's palette (static/css/site.css), so the pictures sit in the page.
INK = "#16191d"
PAPER = "#fdfcf9"
PANEL = "#f5f2ec"
RULE = "#dcd7ce"
MUTED = "#5a616a"
ACCENT = "#8a2b0e"
CHANGED = "#0b5d3b"
UNCHANGED = "#3f4a57"
UNDISCLOSED = "#7a4b00"

# Covers are 40:21, the shape of a 1200×630 social card, and wide enough for the
# largest rendition the article page asks for.
COVER_SIZE = (1600, 840)
PORTRAIT_SIZE = (400, 400)
CHART_WIDTH = 900

ATOMIC_NUMBERS = {
    "Sc": 21,
    "Y": 39,
    "Pr": 59,
    "Nd": 60,
    "Sm": 62,
    "Gd": 64,
    "Tb": 65,
    "Dy": 66,
    "Lu": 71,
}


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled scalable font: the same on every machine, nothing to install.
    return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _blend(colour: str, other: str, share: float) -> tuple[int, int, int]:
    a = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    b = Image.new("RGB", (1, 1), other).getpixel((0, 0))
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def cover_png(*, symbols: list[str], background: str, tile: str) -> bytes:
    """A stylised cover: a faint lattice of element cells with the piece's elements
    picked out, in the middle, as periodic-table tiles (symbol, atomic number)."""
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE, background)
    draw = ImageDraw.Draw(image)
    cell, gap = 200, 16
    step = cell + gap
    # Two rows of tiles, centred; the lattice is laid so the tiles sit on it.
    per_row = max(1, -(-len(symbols) // 2))
    rows = -(-len(symbols) // per_row) if symbols else 0
    x0 = (width - (per_row * step - gap)) // 2
    y0 = (height - (rows * step - gap)) // 2
    faint = _blend(background, PAPER, 0.12)
    for y in range(y0 % step - step, height, step):
        for x in range(x0 % step - step, width, step):
            draw.rectangle((x, y, x + cell, y + cell), outline=faint, width=3)
    for i, symbol in enumerate(symbols):
        x = x0 + (i % per_row) * step
        y = y0 + (i // per_row) * step
        draw.rectangle((x, y, x + cell, y + cell), fill=tile)
        number = str(ATOMIC_NUMBERS.get(symbol, ""))
        draw.text((x + 16, y + 12), number, font=_font(34), fill=PAPER)
        draw.text(
            (x + cell / 2, y + cell / 2 + 14),
            symbol,
            font=_font(96),
            fill=PAPER,
            anchor="mm",
        )
    draw.rectangle((0, height - 20, width, height), fill=tile)
    return _png(image)


def initials(name: str) -> str:
    """First letters of the first and last words of a name: 'Mei-Lin Zhou' → 'MZ'."""
    words = name.split()
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def portrait_png(*, name: str, colour: str) -> bytes:
    """A portrait placeholder: the author's initials on a coloured disc."""
    width, height = PORTRAIT_SIZE
    image = Image.new("RGB", PORTRAIT_SIZE, PANEL)
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, width - 8, height - 8), fill=colour)
    draw.text(
        (width / 2, height / 2),
        initials(name),
        font=_font(150),
        fill=PAPER,
        anchor="mm",
    )
    return _png(image)


@dataclass(frozen=True)
class ChartRow:
    """One licence event on the chart: when, what, and how its facts divide."""

    announced_on: dt.date
    label: str
    changed: int
    unchanged: int
    undisclosed: int

    @property
    def total(self) -> int:
        return self.changed + self.unchanged + self.undisclosed


CHART_SERIES = (
    ("changed", "Changed", CHANGED),
    ("unchanged", "Unchanged", UNCHANGED),
    ("undisclosed", "Undisclosed", UNDISCLOSED),
)


def chart_png(*, title: str, rows: list[ChartRow]) -> bytes:
    """A stacked bar chart: for each event, its facts split into changed,
    unchanged and undisclosed, one bar per event in date order."""
    rows = sorted(rows, key=lambda r: r.announced_on)
    row_height, top, left, right = 92, 150, 24, 24
    height = top + row_height * len(rows) + 30
    image = Image.new("RGB", (CHART_WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((left, 30), title, font=_font(31), fill=INK)
    x = left
    for _, label, colour in CHART_SERIES:
        draw.rectangle((x, 92, x + 22, 114), fill=colour)
        draw.text((x + 32, 103), label, font=_font(24), fill=INK, anchor="lm")
        x += 52 + round(draw.textlength(label, font=_font(24)))
    most = max((r.total for r in rows), default=1) or 1
    unit = (CHART_WIDTH - left - right) / most
    for i, row in enumerate(rows):
        y = top + i * row_height
        draw.text(
            (left, y),
            f"{row.announced_on:%d %b %Y} · {row.label}",
            font=_font(24),
            fill=INK,
        )
        x = float(left)
        for attr, _, colour in CHART_SERIES:
            count = getattr(row, attr)
            if not count:
                continue
            end = x + count * unit
            draw.rectangle((round(x), y + 36, round(end) - 3, y + 76), fill=colour)
            draw.text(
                ((x + end) / 2, y + 56),
                str(count),
                font=_font(24),
                fill=PAPER,
                anchor="mm",
            )
            x = end
        rule_y = y + row_height - 6
        draw.line((left, rule_y, CHART_WIDTH - right, rule_y), fill=RULE, width=1)
    return _png(image)


def chart_alt(*, rows: list[ChartRow]) -> str:
    """The chart's data in words, for its alt text."""
    parts = [
        f"{row.announced_on:%B %Y}: {row.changed} changed, {row.unchanged} "
        f"unchanged, {row.undisclosed} undisclosed"
        for row in sorted(rows, key=lambda r: r.announced_on)
    ]
    return "Bar chart of each event's facts. " + "; ".join(parts) + "."
