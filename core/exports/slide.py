"""A figure as a slide-ready PNG or SVG: projector look, animations as before/after panels, and the
provenance in a footer band below the chart and in the file's metadata.

The chart is rendered by kaleido into the space above the band, and the band is drawn next to it
(Pillow for PNG, plain SVG text for SVG), so nothing of the chart, its axis titles or tick labels
can reach the footer, whatever margins the figure has. The whole file is SLIDE_SIZE (16:9).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import plotly.graph_objects as go
from PIL import Image, ImageDraw

from core.exports.file_metadata import png_info, svg_metadata
from core.exports.footer import FONT_FAMILY, FONT_SIZE, LINE_HEIGHT, PAD_X, PAD_Y, Footer, footer, footer_font
from core.exports.image import FORMATS, SLIDE_SIZE, figure_image
from core.exports.stills import Still, stills
from core.figures.theme import FONT, INK, PROJECTOR_FONT_SIZE, projector

if TYPE_CHECKING:
    from collections.abc import Sequence

CAPTION_HEIGHT = 48     # band above each panel of an animation ("before", "after", "step 500")
CAPTION_SIZE = 26
FOOTER_INK = "#333333"
RULE = "#BBBBBB"
TITLE_ROOM = 70
SIDE_ROOM = 190         # beside a fixed-aspect plot: its colour bar and the y-axis title at projector size
TYPE_ROOM = 150         # above and below it: title, x-axis title and tick labels, legend at projector size


def slide_stills(fig: go.Figure | dict) -> list[Still]:
    """The pictures of a slide export: each still in the projector look (see _slide_look)."""
    return [Still(still.caption, _slide_look(still.figure)) for still in stills(fig)]


def _slide_look(figure: dict) -> dict:
    """The projector look of presenter mode, whatever the mode on screen, with room made for its larger type."""
    styled = projector(go.Figure(figure))
    for trace in styled.get("data", []):
        _enlarge_text(trace)
    layout = styled.setdefault("layout", {})
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["automargin"] = True  # larger tick labels and titles push the margins instead of being cut
    if layout.get("title", {}).get("text"):  # a projector-size title needs more than the screen's top margin
        margin = layout.get("margin", {})
        layout["margin"] = {**margin, "t": max(margin.get("t", 0), TITLE_ROOM)}
    return styled


def _enlarge_text(trace: dict) -> None:
    """Text drawn by a trace (unit numbers, sign glyphs) grows with the projector type."""
    font = trace.get("textfont")
    if isinstance(font, dict) and isinstance(font.get("size"), (int, float)):
        font["size"] = round(font["size"] * PROJECTOR_FONT_SIZE / FONT["size"], 1)


def _baseline(top: int, line: int) -> int:
    """Baseline of footer line ``line`` (same in PNG and SVG)."""
    return top + PAD_Y + line * LINE_HEIGHT + FONT_SIZE


@dataclass(frozen=True)
class Panel:
    """One still placed on the slide: its caption band (if any) on top, the rendered chart below."""

    caption: str
    left: int
    top: int
    width: int
    height: int          # of the chart, below the caption band
    caption_height: int


def _aspect(figure: dict) -> float | None:
    """Width over height of the plot area of a figure drawn at a fixed aspect (y scaled to x), else None."""
    layout = figure.get("layout", {})
    x_range, y_range = layout.get("xaxis", {}).get("range"), layout.get("yaxis", {}).get("range")
    if layout.get("yaxis", {}).get("scaleanchor") != "x" or not x_range or not y_range or y_range[1] == y_range[0]:
        return None
    return abs(x_range[1] - x_range[0]) / abs(y_range[1] - y_range[0])


def _plot_scale(figure: dict, width: int, height: int) -> float:
    """Pixels per unit of a fixed-aspect figure's plot area in a panel of width x height (a colour bar and
    type at projector size take SIDE_ROOM and TYPE_ROOM besides the figure's margins)."""
    layout = figure.get("layout", {})
    margin, x_range, y_range = layout.get("margin", {}), layout["xaxis"]["range"], layout["yaxis"]["range"]
    inner_width = width - margin.get("l", 80) - margin.get("r", 80) - SIDE_ROOM
    inner_height = height - margin.get("t", 100) - margin.get("b", 80) - TYPE_ROOM
    return max(0.0, min(inner_width / abs(x_range[1] - x_range[0]), inner_height / abs(y_range[1] - y_range[0])))


def _is_wide(figure: dict, width: int, body_height: int, count: int) -> bool:
    """Before above after rather than side by side: for panels side by side in one figure (subplots in a
    row, like the init animation's loss map and moving starts), or for a figure drawn at a fixed aspect
    (the matrices of the move movie) when stacked panels draw it larger."""
    layout = figure.get("layout", {})
    if sum(name.startswith("xaxis") for name in layout) > 1:
        return True
    if _aspect(figure) is None:
        return False
    stacked = _plot_scale(figure, width, body_height // count - CAPTION_HEIGHT)
    return stacked > _plot_scale(figure, width // count, body_height - CAPTION_HEIGHT)


def _fitted_width(figure: dict, width: int, height: int) -> int:
    """The width a fixed-aspect figure fills at ``height`` (its plot, margins, colour bar): the panel is no
    wider, so the colour bar sits by the plot instead of across a band of white."""
    if _aspect(figure) is None:
        return width
    layout = figure.get("layout", {})
    margin, x_range = layout.get("margin", {}), layout["xaxis"]["range"]
    needed = (_plot_scale(figure, width, height) * abs(x_range[1] - x_range[0]) + margin.get("l", 80)
              + margin.get("r", 80) + SIDE_ROOM)
    return min(width, round(needed))


def layout_panels(pictures: Sequence[Still], width: int, body_height: int) -> list[Panel]:
    """Where each still goes above the footer: alone it fills the space (a fixed-aspect figure centred at
    the width it fills); two stills (before, after) sit side by side, or one above the other when that
    draws them larger (see _is_wide)."""
    if len(pictures) == 1:
        fitted = _fitted_width(pictures[0].figure, width, body_height)
        return [Panel(pictures[0].caption, (width - fitted) // 2, 0, fitted, body_height, 0)]
    count = len(pictures)
    if _is_wide(pictures[0].figure, width, body_height, count):
        height = body_height // count
        return [Panel(still.caption, 0, index * height, width, height - CAPTION_HEIGHT, CAPTION_HEIGHT)
                for index, still in enumerate(pictures)]
    return [Panel(still.caption, index * (width // count), 0, width // count, body_height - CAPTION_HEIGHT,
                  CAPTION_HEIGHT) for index, still in enumerate(pictures)]


def _png(panels: Sequence[tuple[Panel, bytes]], band: Footer, size: tuple[int, int], link: str, seeds: dict) -> bytes:
    width, height = size
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    for panel, image in panels:
        if panel.caption_height:
            draw.text((panel.left + panel.width // 2, panel.top + panel.caption_height // 2), panel.caption,
                      font=footer_font(CAPTION_SIZE), fill=INK, anchor="mm")
        with Image.open(io.BytesIO(image)) as picture:
            canvas.paste(picture.convert("RGB"), (panel.left, panel.top + panel.caption_height))
    top = height - band.height
    draw.line([(PAD_X, top), (width - PAD_X, top)], fill=RULE, width=1)
    for number, line in enumerate(band.lines):
        draw.text((PAD_X, _baseline(top, number)), line, font=footer_font(), fill=FOOTER_INK, anchor="ls")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", pnginfo=png_info(link, seeds))
    return buffer.getvalue()


def _svg_text(x: float, y: float, text: str, size: int, colour: str, anchor: str = "start") -> str:
    return (f'<text x="{x}" y="{y}" font-family="{FONT_FAMILY}" font-size="{size}" fill="{colour}" '
            f'text-anchor="{anchor}" xml:space="preserve">{escape(text)}</text>')


def _placed(inner: str, left: int, top: int) -> str:
    """Kaleido's SVG as a nested ``<svg>`` at (left, top), marked as a slide panel (class added to its own)."""
    inner = inner[inner.index("<svg"):]  # drop any XML declaration: it may only start a document
    opening = inner[:inner.index(">") + 1]
    classes = re.search(r'\sclass="([^"]*)"', opening)
    marked = (opening.replace(classes.group(0), f' class="{classes.group(1)} slide-panel"', 1) if classes
              else opening.replace("<svg", '<svg class="slide-panel"', 1))
    return marked.replace("<svg", f'<svg x="{left}" y="{top}"', 1) + inner[len(opening):]


def _svg(panels: Sequence[tuple[Panel, bytes]], band: Footer, size: tuple[int, int], link: str, seeds: dict) -> bytes:
    width, height = size
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             svg_metadata(link, seeds), f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    for panel, image in panels:
        if panel.caption_height:
            middle = panel.top + panel.caption_height / 2 + CAPTION_SIZE / 3  # baseline of centred text
            parts.append(_svg_text(panel.left + panel.width / 2, middle, panel.caption, CAPTION_SIZE, INK, "middle"))
        parts.append(_placed(image.decode("utf-8"), panel.left, panel.top + panel.caption_height))
    top = height - band.height
    parts.append(f'<line class="slide-footer-rule" x1="{PAD_X}" y1="{top}" x2="{width - PAD_X}" y2="{top}" '
                 f'stroke="{RULE}" stroke-width="1"/>')
    parts.append('<g class="slide-footer">')
    parts += [_svg_text(PAD_X, _baseline(top, number), line, FONT_SIZE, FOOTER_INK)
              for number, line in enumerate(band.lines)]
    parts.append("</g></svg>")
    return "".join(parts).encode("utf-8")


def slide_image(fig: go.Figure | dict, fmt: str, link: str, seeds: dict) -> bytes:
    """PNG or SVG bytes of the figure for a slide (see the module's docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"image format {fmt!r}: must be one of {', '.join(FORMATS)}")
    width, height = SLIDE_SIZE["width"], SLIDE_SIZE["height"]
    pictures = slide_stills(fig)
    band = footer(link, seeds, width)
    places = layout_panels(pictures, width, height - band.height)
    panels = [(panel, figure_image(still.figure, fmt, width=panel.width, height=panel.height))
              for panel, still in zip(places, pictures)]
    compose = _png if fmt == "png" else _svg
    return compose(panels, band, (width, height), link, seeds)
