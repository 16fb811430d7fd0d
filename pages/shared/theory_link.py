"""Links from a label on screen to its section of the Theory page (the same text as docs/theory.md)."""

from __future__ import annotations

import re

from core.theory import SECTIONS, check_section


def theory_link(section: str, text: str | None = None) -> str:
    """Markdown for a link to one section of the Theory page; the text defaults to "theory: <heading>".

    The address is relative ("theory?section=…"), so it works under any host and base path.
    """
    check_section(section)
    return f"[{text or 'theory: ' + SECTIONS[section]}](theory?section={section})"


def on_page(markdown: str) -> str:
    """docs/theory.md's in-document links (`](#orbit-count)`) as links to that section of the Theory page.

    On the page one section may be shown alone, so an in-page anchor would have nothing to jump to.
    """
    return re.sub(r"\]\(#([\w-]+)\)", lambda match: f"](theory?section={check_section(match[1])})", markdown)
