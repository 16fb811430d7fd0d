"""The "plain words" setting (issue 20, point 11): with it on, no provenance tag is printed as text (each
is a ⓘ whose hover text holds it), every glossary word a page uses has its definition on that page, and
chart descriptions fold into an expander; with it off, the tags are shown as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.glossary import GLOSSARY, TAG, TAGS, find_tags, replace_tags, terms_in, without_tags
from pages.shared.lessons import LESSONS
from pages.shared.plain_words import CHOICE, DETAIL, MARK, TAG_TARGET
from tests.test_typeset_maths import figure_text, rendered_text

ROOT = Path(__file__).resolve().parents[1]
LINK_TITLE = re.compile(r'\]\(([^)\s]*) "[^"]*"\)')   # [text](target "hover text"): the hover text is help


def _page(path: str, plain: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[CHOICE] = plain
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    assert not at.exception
    return at


def shown_outside_help(text: str) -> str:
    """The text a reader sees without hovering: link hover texts (titles) removed."""
    return LINK_TITLE.sub(r"](\1)", text)


def test_tags_and_terms_are_found_in_every_written_form():
    text = "*[PAPER, v1 abstract]* a [RECON: standard mathematics, our reconstruction] b [OURS] c [SUMMARY]"
    assert [kind for kind, _ in find_tags(text)] == ["PAPER", "RECON", "OURS", "SUMMARY"]
    assert not TAG.search(replace_tags(text, lambda kind, detail: MARK))
    words = {t.name for t in terms_in("the loss Barrier after Git Re-Basin, and its twins; see [x](theory?barrier)")}
    assert words == {"barrier", "Git Re-Basin", "twin"}
    assert not terms_in("$\\Lambda$ and the link [x](theory?section=lipschitz-constant)")
    assert without_tags("bound on ln N, reduced [RECON]") == "bound on ln N, reduced"
    assert without_tags("*[PAPER, v1 abstract]* wider is easier [OURS]") == "wider is easier"
    for term in GLOSSARY:  # a definition needs no other definition
        assert {t.name for t in terms_in(term.definition)} <= {term.name}, term.name


@pytest.mark.parametrize("path", ["app.py"] + [lesson.path for lesson in LESSONS])
def test_with_plain_words_no_tag_is_printed_and_every_term_is_defined(path):
    at = _page(path, plain=True)
    texts = rendered_text(at, include_help=False)  # a help tooltip may keep the tag: it is the hover text
    shown = [shown_outside_help(text) for text in texts]
    printed = [text[:80] for text in shown if TAG.search(text)]
    assert not printed, printed
    page = "\n".join(texts)
    for term in terms_in("\n".join(shown)):
        assert term.definition in page, f"{term.name} is used on {path} but not defined there"
    if path != "app.py":
        assert any(element.label == "What this chart shows" for element in at.get("expander")) == \
            (path != "pages/train.py" or bool(at.get("plotly_chart")))


def test_a_tag_keeps_its_words_in_the_hover_text_and_links_to_the_theory_page():
    at = _page("pages/init_regions.py", plain=True)
    marks = [m for text in rendered_text(at) for m in re.findall(re.escape(f"[{MARK}](") + r'([^ ]+) "([^"]+)"\)', text)]
    assert marks and all(target == TAG_TARGET and TAG.search(note) for target, note in marks)


def test_without_plain_words_the_tags_are_shown_as_written():
    at = _page("pages/init_regions.py", plain=False)
    texts = rendered_text(at)
    assert any(TAG.search(text) for text in texts)
    assert not any(element.label == "What this chart shows" for element in at.get("expander"))
    assert not any(term.definition in "\n".join(texts) for term in GLOSSARY)


def _figure_words(at: AppTest) -> list[str]:
    return [text for chart in at.get("plotly_chart") for text in figure_text(json.loads(chart.proto.spec))]


def _table_cells(at: AppTest) -> list[str]:
    frames = [element.value for element in at.dataframe] + [element.value for element in at.table]
    return [str(cell) for frame in frames for cell in frame.reset_index().to_numpy().ravel()]


@pytest.mark.parametrize("plain", [True, False])
def test_chart_legends_and_table_sources_follow_plain_words(plain):
    """Review D4: legends ("bound on ln N, reduced [RECON]") and the orbit and extensions tables' source column
    ("[RECON] grid") kept the bracket tags with plain words on; now a legend drops them and a table says a
    short word ("reconstruction grid") with a caption that says what it means. Off, the tags are as written."""
    at = _page("pages/bounds.py", plain=plain)
    legends, cells = _figure_words(at), _table_cells(at)
    assert legends and any("reconstruction" in cell or "[RECON]" in cell for cell in cells)
    tagged = [text for text in legends + cells if TAG.search(text)]
    legend_of_words = [c.value for c in at.caption if c.value.startswith("Source column:")]
    if plain:
        assert not tagged, tagged
        assert "reconstruction grid" in cells and legend_of_words and TAGS["RECON"] in legend_of_words[0]
    else:
        assert any("[RECON]" in text for text in legends) and "[RECON] grid" in cells and not legend_of_words


LONG_CAPTIONS = [("pages/symmetries.py", "Surfaces: the network's P(class 1)"),
                 ("pages/bounds.py", "Both curves are upper bounds on ln N"),
                 ("pages/init_regions.py", "What this shows and what it does not")]


@pytest.mark.parametrize(("path", "opening"), LONG_CAPTIONS, ids=[path for path, _ in LONG_CAPTIONS])
def test_a_long_chart_caption_folds_into_more_detail_with_plain_words(path, opening):
    """Review D5: these grey blocks of several lines stayed unfolded; with plain words on each sits in a
    "More detail" expander (still in the page), off it is a caption as before."""
    for plain in (True, False):
        at = _page(path, plain=plain)
        folded = [c.value for e in at.get("expander") if e.label == DETAIL for c in e.caption if opening in c.value]
        anywhere = [c.value for c in at.caption if opening in c.value]
        assert anywhere, f"{opening!r} is not on {path}"
        assert bool(folded) == plain


def test_a_tap_on_a_touch_screen_shows_what_the_tags_mean():
    """Review: on a phone a tap on the ⓘ follows its link to the Theory page and never shows the hover text.
    Every text with ⓘ marks now has a help icon (a tap opens it in place) listing each of its tags with its
    meaning, and the Theory link, one tap further."""
    at = _page("pages/init_regions.py", plain=True)
    marked = [element for element in list(at.markdown) + list(at.caption) if f"[{MARK}](" in str(element.value)]
    assert marked
    for element in marked:
        notes = [note for _, note in re.findall(re.escape(f"[{MARK}](") + r'([^ ]+) "([^"]+)"\)', element.value)]
        assert notes and all(note in element.proto.help for note in notes), element.value[:80]
        assert f"]({TAG_TARGET})" in element.proto.help
