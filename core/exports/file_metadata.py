"""Provenance inside the image file itself: PNG text chunks and an SVG ``<metadata>`` element.

The footer printed in the picture may shorten a long link; the metadata always holds it whole,
with the seeds as JSON and the app's name, where image viewers (e.g. ``exiftool``, Inkscape's
document properties) and Pillow (``Image.open(path).text``) read it.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from PIL.PngImagePlugin import PngInfo

from core.exports.stamp import APP, provenance_line

# PNG keywords: "Software" and "Comment" are registered ones; "Link" and "Seeds" are ours.
PNG_KEYS = ("Link", "Seeds", "Software", "Comment")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
LAB = "urn:equivalence-lab:provenance"


def provenance_fields(link: str, seeds: dict) -> dict[str, str]:
    """The text stored under PNG_KEYS (seeds as sorted JSON, so a script can read them back)."""
    return {"Link": link, "Seeds": json.dumps(seeds, sort_keys=True), "Software": APP,
            "Comment": provenance_line(link, seeds)}


def png_info(link: str, seeds: dict) -> PngInfo:
    """tEXt chunks (Pillow writes iTXt instead for text outside Latin-1)."""
    info = PngInfo()
    for key, value in provenance_fields(link, seeds).items():
        info.add_text(key, value)
    return info


def svg_metadata(link: str, seeds: dict) -> str:
    """A ``<metadata>`` element: Dublin Core (source = the link, creator = the app) and the seeds as JSON."""
    fields = provenance_fields(link, seeds)
    return (f'<metadata><rdf:RDF xmlns:rdf="{RDF}" xmlns:dc="{DUBLIN_CORE}" xmlns:lab="{LAB}">'
            f'<rdf:Description rdf:about="">'
            f'<dc:source>{escape(fields["Link"])}</dc:source>'
            f'<dc:creator>{escape(fields["Software"])}</dc:creator>'
            f'<dc:description>{escape(fields["Comment"])}</dc:description>'
            f'<lab:seeds>{escape(fields["Seeds"])}</lab:seeds>'
            f'</rdf:Description></rdf:RDF></metadata>')
