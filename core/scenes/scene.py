"""A guided scene: a few sentences, a question for the class, and the settings that show it.

Scene text marks phrases as ``[[width 32]]``; each marked phrase is a ``Phrase`` whose settings
the page applies when the phrase is pressed ("text drives the figures"). Settings are by the
page's link names (core/links), so a scene is exactly a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PHRASE_MARK = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Phrase:
    text: str
    settings: Mapping[str, Any]


@dataclass(frozen=True)
class Scene:
    id: str                     # in links: ?scene=<id>
    page: str                   # the lesson's page id (core.links.PAGE_FIELDS)
    title: str
    text: str                   # Markdown, phrases marked [[like this]]
    question: str               # for the class
    settings: Mapping[str, Any] = field(default_factory=dict)
    phrases: tuple[Phrase, ...] = ()
    action: str | None = None   # what the page does on entering, e.g. "train" (run to the step setting)
    # Layout hint: the key of the figure (or panel) the text talks about; the scene bar draws it beside the
    # text, so it is on the first screen at a projector and first after the text on a phone.
    key_figure: str | None = None

    def marked_phrases(self) -> list[str]:
        """The text of every [[marked]] phrase, in order of appearance."""
        return PHRASE_MARK.findall(self.text)

    def phrase(self, text: str) -> Phrase:
        """The Phrase whose text is ``text`` (KeyError naming the scene when there is none)."""
        for phrase in self.phrases:
            if phrase.text == text:
                return phrase
        raise KeyError(f"scene {self.id!r} has no phrase {text!r}")


def render_text(text: str, highlight: Callable[[str], str]) -> str:
    """The scene text with each [[phrase]] replaced by ``highlight(phrase)`` (e.g. a coloured span)."""
    return PHRASE_MARK.sub(lambda match: highlight(match.group(1)), text)
