"""Stamp exports with where they came from: the share link and the seeds, so a figure in a slide
can be reproduced. Figures get a small footer line; CSV a commented header; HTML a footer and
meta tags; JSON a "provenance" entry.
"""

from __future__ import annotations

import copy
import html
import io
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

APP = "Equivalence Lab"


def provenance_line(link: str, seeds: dict) -> str:
    """E.g. "Equivalence Lab · seeds: data_seed=0, init_seed=3 · http://host/train?..."."""
    seed_text = ", ".join(f"{name}={value}" for name, value in sorted(seeds.items())) or "none"
    return f"{APP} · seeds: {seed_text} · {link or 'link unavailable'}"


def stamped_figure(fig: go.Figure, link: str, seeds: dict) -> go.Figure:
    """A copy of the figure with the provenance line in its bottom margin (for PNG/SVG/HTML)."""
    stamped = copy.deepcopy(fig)
    bottom = max((stamped.layout.margin.b or 40), 60)
    stamped.update_layout(margin=dict(b=bottom))
    stamped.add_annotation(text=html.escape(provenance_line(link, seeds)), xref="paper", yref="paper", x=0, y=0,
                           yshift=-bottom + 8, xanchor="left", yanchor="bottom", showarrow=False,
                           font=dict(size=10, color="#555555"))
    return stamped


def stamped_csv(table: pd.DataFrame, link: str, seeds: dict) -> str:
    """CSV text with '#' comment lines first (pandas reads it back with comment='#')."""
    buffer = io.StringIO()
    buffer.write(f"# {provenance_line(link, seeds)}\n")
    buffer.write(f"# link: {link}\n")
    buffer.write(f"# seeds: {json.dumps(seeds, sort_keys=True)}\n")
    table.to_csv(buffer, index=False)
    return buffer.getvalue()


def stamped_html(fig: go.Figure, link: str, seeds: dict) -> str:
    """Interactive HTML (plotly.js inlined, so it works offline) with the link in a footer."""
    body = stamped_figure(fig, link, seeds).to_html(include_plotlyjs=True, full_html=True)
    meta = (f'<meta name="equivalence-lab-link" content="{html.escape(link, quote=True)}">'
            f'<meta name="equivalence-lab-seeds" '
            f'content="{html.escape(json.dumps(seeds, sort_keys=True), quote=True)}">')
    return body.replace("<head>", "<head>" + meta, 1)


def stamped_json(document: dict, link: str, seeds: dict) -> dict:
    """The document with a "provenance" entry (link and seeds) added."""
    return {**document, "provenance": {"link": link, "seeds": seeds, "app": APP}}
