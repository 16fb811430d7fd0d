"""Static images of figures (PNG, SVG) through kaleido, which drives a Chromium browser.

kaleido finds Debian's Chromium by itself; ``BROWSER_PATH`` overrides. Without a browser there
are no static images on the server: pages say so and point to the chart's own camera button.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import plotly.io as pio

if TYPE_CHECKING:
    import plotly.graph_objects as go

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SLIDE_SIZE = dict(width=1600, height=900)  # 16:9, sharp on a projector and in slides
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def image_browser() -> str | None:
    """The browser kaleido will use, or None when the server has none."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit and os.path.exists(explicit):
        return explicit
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def figure_image(fig: go.Figure | dict, fmt: str, *, width: int = SLIDE_SIZE["width"],
                 height: int = SLIDE_SIZE["height"]) -> bytes:
    """PNG or SVG bytes of the figure as it is, slide size unless told (RuntimeError with a clear message
    without a browser). Slide exports with footer and metadata: core.exports.slide.slide_image."""
    if fmt not in FORMATS:
        raise ValueError(f"image format {fmt!r}: must be one of {', '.join(FORMATS)}")
    if image_browser() is None:
        raise RuntimeError("no Chromium found for kaleido: install the 'chromium' package or set BROWSER_PATH")
    return pio.to_image(fig, format=fmt, width=width, height=height, validate=not isinstance(fig, dict))
