"""Stamp exports with where they came from: the share link and the seeds, so a figure in a slide
can be reproduced. PNG and SVG get a footer band and metadata (core.exports.slide); CSV a commented
header; HTML a footer below the chart and meta tags; JSON a "provenance" entry.
"""

from __future__ import annotations

import html
import io
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

APP = "Equivalence Lab"
FOOTER_STYLE = "font: 14px sans-serif; color: #444; margin: 8px 12px; overflow-wrap: anywhere"


def seed_text(seeds: dict) -> str:
    """E.g. "data_seed=0, init_seed=3" (sorted by name), or "none"."""
    return ", ".join(f"{name}={value}" for name, value in sorted(seeds.items())) or "none"


def provenance_line(link: str, seeds: dict) -> str:
    """E.g. "Equivalence Lab · seeds: data_seed=0, init_seed=3 · http://host/train?..."."""
    return f"{APP} · seeds: {seed_text(seeds)} · {link or 'link unavailable'}"


def stamped_csv(table: pd.DataFrame, link: str, seeds: dict) -> str:
    """CSV text with '#' comment lines first (pandas reads it back with comment='#')."""
    buffer = io.StringIO()
    buffer.write(f"# {provenance_line(link, seeds)}\n")
    buffer.write(f"# link: {link}\n")
    buffer.write(f"# seeds: {json.dumps(seeds, sort_keys=True)}\n")
    table.to_csv(buffer, index=False)
    return buffer.getvalue()


def stamped_html(fig: go.Figure, link: str, seeds: dict) -> str:
    """Interactive HTML (plotly.js inlined, so it works offline; animations keep their controls) with the
    provenance in a footer below the chart, never over it."""
    body = fig.to_html(include_plotlyjs=True, full_html=True, auto_play=False)  # opens as first drawn, like the app
    meta = (f'<meta name="equivalence-lab-link" content="{html.escape(link, quote=True)}">'
            f'<meta name="equivalence-lab-seeds" '
            f'content="{html.escape(json.dumps(seeds, sort_keys=True), quote=True)}">')
    shown = html.escape(link or "link unavailable")
    if link.startswith(("http://", "https://")):  # only a web link becomes clickable
        shown = f'<a href="{html.escape(link, quote=True)}">{shown}</a>'
    footer = f'<footer style="{FOOTER_STYLE}">{html.escape(f"{APP} · seeds: {seed_text(seeds)} · ")}{shown}</footer>'
    return body.replace("<head>", "<head>" + meta, 1).replace("</body>", footer + "</body>", 1)


def stamped_json(document: dict, link: str, seeds: dict) -> dict:
    """The document with a "provenance" entry (link and seeds) added."""
    return {**document, "provenance": {"link": link, "seeds": seeds, "app": APP}}
