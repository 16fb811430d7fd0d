"""The project's own theory: docs/theory.md, split into the sections the app links to.

Every on-screen provenance label points at one of SECTIONS; the Theory page renders the same file.
A section's slug is the anchor GitHub gives its `## ` heading, so `docs/theory.md#orbit-count` works
on GitHub and `theory?section=orbit-count` in the app.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

THEORY_FILE = Path(__file__).resolve().parents[1] / "docs" / "theory.md"

# slug -> heading, in reading order; each slug is heading_slug(heading). A test checks both against docs/theory.md.
SECTIONS: dict[str, str] = {
    "provenance-labels": "Provenance labels",
    "notation": "Notation",
    "functional-equivalence": "Functional equivalence",
    "symmetries-by-activation": "Symmetries by activation",
    "distinct-twins": "Distinct twins",
    "canonical-form": "Canonical form",
    "alignment": "Alignment",
    "covering-numbers": "Covering numbers",
    "lipschitz-constant": "Lipschitz constant",
    "baseline-bound": "Baseline bound",
    "orbit-count": "Orbit count",
    "reduced-bound": "Reduced bound",
    "relative-reduction": "Relative reduction",
    "effective-volume": "Effective volume",
    "generalisation-gap": "Generalisation gap",
    "extensions": "Extensions",
    "training-symmetry": "Training symmetry",
    "init-map": "Init map",
    "width-experiment": "Width experiment",
    "references": "References",
}


def heading_slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def check_section(section: str) -> str:
    """The slug itself when it names a section; ValueError naming the parameter otherwise."""
    if section not in SECTIONS:
        raise ValueError(f"section {section!r}: must be one of {', '.join(SECTIONS)}")
    return section


def split_sections(markdown: str) -> dict[str, str]:
    """The body of each `## ` section of a Markdown text, keyed by its heading's slug (the preamble is left out)."""
    parts = re.split(r"^## +(.+)$", markdown, flags=re.MULTILINE)
    return {heading_slug(heading): body.strip() for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


@lru_cache(maxsize=1)
def theory_sections() -> dict[str, str]:
    """docs/theory.md's sections (cached: the file ships with the app and does not change while it runs)."""
    return split_sections(THEORY_FILE.read_text(encoding="utf-8"))


def section_text(section: str) -> str:
    """The Markdown body of one section of docs/theory.md."""
    return theory_sections()[check_section(section)]
