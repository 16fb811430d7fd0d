"""The provenance footer of a slide image: app, seeds and link, wrapped to the image's width.

Text is measured with the font the PNG is drawn in (DejaVu Sans, Debian's default; the SVG names
the same family), so no line runs off the right edge. A link longer than MAX_LINK_LINES lines is
cut with "…" and the footer says so: the whole link is always in the file's metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from core.exports.stamp import APP, seed_text

FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")
FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"  # for the SVG; common fallbacks are narrower, never wider
FONT_SIZE = 20        # projector type, like core.figures.theme.PROJECTOR_FONT_SIZE
LINE_HEIGHT = 28
PAD_X, PAD_Y = 24, 12
MAX_LINK_LINES = 2
BREAK_AFTER = "&?/ ,;"  # a line may end after one of these (inside a link: between query parameters)
SHORTENED = "link shortened here; the full link is in this file's metadata"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=4)
def footer_font(size: int = FONT_SIZE) -> Font:
    """DejaVu Sans at ``size`` px, or Pillow's own scalable font where DejaVu is not installed."""
    path = next((path for path in FONT_FILES if os.path.exists(path)), None)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def text_width(text: str, font: Font) -> float:
    """Width in pixels of ``text`` drawn in ``font``."""
    return float(font.getlength(text))


def _cut(text: str, font: Font, width: float) -> int:
    """Length of the longest prefix of ``text`` that fits (at least one character, so wrapping ends)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle], font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, font: Font, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken after a separator where one falls in the line's
    second half, else mid-word (links have no spaces)."""
    lines = []
    rest = text
    while rest:
        if text_width(rest, font) <= width:
            lines.append(rest)
            break
        end = _cut(rest, font, width)
        breaks = [i + 1 for i, char in enumerate(rest[:end]) if char in BREAK_AFTER and i + 1 >= end // 2]
        end = breaks[-1] if breaks else end
        lines.append(rest[:end].rstrip())
        rest = rest[end:].lstrip()
    return lines


def _shortened(lines: list[str], font: Font, width: float) -> list[str]:
    kept = lines[:MAX_LINK_LINES]
    last = kept[-1]
    while last and text_width(last + "…", font) > width:
        last = last[:-1]
    return kept[:-1] + [last + "…"]


@dataclass(frozen=True)
class Footer:
    """Lines of the footer and the band's height in pixels."""

    lines: list[str]
    shortened: bool

    @property
    def height(self) -> int:
        """The band's height in pixels: padding plus one line height per line."""
        return 2 * PAD_Y + LINE_HEIGHT * len(self.lines)


def footer(link: str, seeds: dict, width: int, *, font: Font | None = None) -> Footer:
    """The footer for an image ``width`` px wide: "Equivalence Lab · seeds: …", then the link."""
    font = font or footer_font()
    usable = width - 2 * PAD_X
    head = wrap(f"{APP} · seeds: {seed_text(seeds)}", font, usable)
    link_lines = wrap(link or "link unavailable", font, usable)
    shortened = len(link_lines) > MAX_LINK_LINES
    if shortened:
        link_lines = _shortened(link_lines, font, usable) + wrap(SHORTENED, font, usable)
    return Footer(head + link_lines, shortened)
