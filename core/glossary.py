"""Plain words for a first-year room: one-line definitions of the lesson's jargon, and the provenance
tags ([PAPER], [SUMMARY], [RECON], [OURS]) found in a text so a page can fold them into a small ⓘ.

Pure text, no streamlit: pages/shared/plain_words.py draws what this finds. Each definition names
the Theory section that says more (core.theory.SECTIONS).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A jargon word: the forms it appears in on screen, its one-line definition and its Theory section."""

    name: str
    forms: tuple[str, ...]   # regular expressions, matched whole-word and case-insensitively
    definition: str
    section: str


GLOSSARY: tuple[Term, ...] = (
    Term("twin", (r"twins?",),
         "another setting of the weights that computes exactly the same function (a relabelling of units, a "
         "sign flip)", "distinct-twins"),
    Term("orbit", (r"orbits?",),
         "every network that one network's symmetries can turn it into", "orbit-count"),
    Term("canonical form", (r"canonical forms?",),
         "one agreed representative among networks the symmetries link, so two of them can be compared by "
         "comparing their representatives",
         "canonical-form"),
    Term("barrier", (r"(?:loss )?barriers?",),
         "how far the loss rises above the straight line when you walk from one trained network to another",
         "alignment"),
    Term("Git Re-Basin", (r"Git Re-Basin", r"weight matching"),
         "a published method (Ainsworth et al., 2023) that reorders one network's units to match another's "
         "before comparing them; here 'weight matching' lines up units by their weights", "alignment"),
    Term("covering number", (r"covering numbers?",),
         "how many functions you need so that every network of the class is within ε of one of them: a "
         "measure of how rich the class is", "covering-numbers"),
    Term("Lipschitz constant", (r"Lipschitz(?: constant)?",),
         "how much the network's output can change, at most, when every weight moves by 1",
         "lipschitz-constant"),
    Term("logit", (r"logits?",),
         "the network's raw output before the sigmoid turns it into a probability", "functional-equivalence"),
)

# A definition uses no other glossary word (tests/test_plain_words.py checks), so it needs none defined.
# Where a number comes from, in the words of docs/theory.md#provenance-labels.
TAGS = {
    "PAPER": "what the paper's abstract says",
    "SUMMARY": "the paper's claim as third-party summaries report it",
    "RECON": "our reconstruction: correct mathematics consistent with the paper's claims, not its exact theorem",
    "OURS": "our own addition (an experiment or a check the paper does not make)",
}
# A tag as a short word, for a table cell or a chart's legend (the meaning goes in the help beside it).
TAG_WORDS = {"PAPER": "paper", "SUMMARY": "summaries", "RECON": "reconstruction", "OURS": "ours"}
# "*[PAPER, v1 abstract]*", "[RECON: standard mathematics, our reconstruction]", "[OURS]", with optional emphasis.
TAG = re.compile(r"(\*?)\[(PAPER|SUMMARY|RECON|OURS)((?:[,:][^\]\[]*)?)\]\1")


def tag_note(kind: str, detail: str) -> str:
    """The hover text of one tag: '[RECON] our reconstruction: …' (its detail, e.g. 'v1 abstract', kept)."""
    detail = detail.lstrip(",: ").strip()
    return f"[{kind}{', ' + detail if detail else ''}] {TAGS[kind]}"


def find_tags(text: str) -> list[tuple[str, str]]:
    """(kind, detail) of every provenance tag in ``text``, in order."""
    return [(match.group(2), match.group(3)) for match in TAG.finditer(text)]


def without_tags(text: str) -> str:
    """``text`` with its provenance tags (and the space before each) removed: a chart label for plain words."""
    return re.sub(r"\s*" + TAG.pattern, "", text).strip() if TAG.search(text) else text


# A Markdown link's hover text, ](target "title"): a tag already folded into one stays there.
LINK_TITLE = re.compile(r'\]\([^)\s]* "[^"]*"\)')


def replace_tags(text: str, replacement: Callable[[str, str], str]) -> str:
    """``text`` with each tag replaced by ``replacement(kind, detail)``; tags inside link hover texts are kept."""
    kept = LINK_TITLE.findall(text)
    parts = LINK_TITLE.split(text)
    replaced = [TAG.sub(lambda match: replacement(match.group(2), match.group(3)), part) for part in parts]
    return "".join(part + (kept[i] if i < len(kept) else "") for i, part in enumerate(replaced))


def _pattern(term: Term) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(term.forms) + r")(?![\w-])", re.IGNORECASE)


def terms_in(text: str) -> list[Term]:
    """The glossary terms that ``text`` uses, in glossary order (link targets and maths left out)."""
    visible = re.sub(r"\]\([^)]*\)|\$[^$]*\$", " ", text)
    return [term for term in GLOSSARY if _pattern(term).search(visible)]


def definition_line(term: Term) -> str:
    """'**barrier**: how far the loss rises …' (Markdown), one line."""
    return f"**{term.name}**: {term.definition}"
