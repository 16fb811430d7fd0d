"""Maths on screen is typeset: no raw ``d_L``, ``f_θ`` or ``10^9.2`` in what a page, a scene or a figure shows.

Streamlit Markdown (text, captions, alerts, widget labels, help, metric values) renders ``$…$`` with
KaTeX, so maths there is ``$d_1!\\cdots d_L!$``, ``$f_\\theta$``, as in docs/theory.md. Inside Plotly figures
KaTeX does not render: maths there is Unicode (``10¹²``) or Plotly's ``<sub>``/``<sup>`` (``f<sub>θ</sub>``).
The scan reads the rendered text of every lesson page (AppTest, with its defaults), its figures' specs
and every scene, drops ``$…$`` maths, code spans and link targets, and fails on what is left that looks
like typed maths: ``x_y`` and ``a^b`` (snake_case names such as ``leaky_relu`` are not maths)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.scenes import SCENES
from pages.shared.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]

MATHS = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)   # KaTeX renders these
CODE = re.compile(r"`[^`]*`")                             # code spans show names as code, on purpose
LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+|\?\S*=\S*")  # link targets and query strings
RAW_SUBSCRIPT = re.compile(r"(?<![\w/])([^\W\d_]|\d+)_(\{[^}]*\}|[^\W_]+)")   # d_L, f_θ, W_0, a_{ij}
RAW_POWER = re.compile(r"[\w)\]]\^[\w({\-−]")              # 10^9.2, 2^d, e^{x}, (…)^2


def raw_maths(text: str) -> list[str]:
    """Pieces of ``text`` that look like maths typed as characters, outside ``$…$`` and code spans."""
    plain = LINK_TARGET.sub(" ", CODE.sub(" ", MATHS.sub(" ", text)))
    words = [m.group(0) for m in RAW_SUBSCRIPT.finditer(plain) if not _identifier(plain, m)]
    return words + [m.group(0) for m in RAW_POWER.finditer(plain)]


ITALIC_WORD = re.compile(r"_\{?([A-Za-z]{3,})\b")   # N_{base} inside $…$: a word set as a product of italic letters


def italic_words(text: str) -> list[str]:
    """Subscript words inside ``$…$`` not set upright: ``N_{base}`` (write ``N_{\\text{base}}``), not ``d_{ij}``."""
    return [f"_{word}" for maths in MATHS.findall(text) for word in ITALIC_WORD.findall(maths)]


def _identifier(text: str, match: re.Match) -> bool:
    """snake_case words (file and setting names such as leaky_relu) are not maths: two letters or more on a side."""
    left, right = match.group(1), match.group(2)
    return len(left) > 1 and not left.isdigit() and len(right) > 1 and right.isalpha() and right.islower()


def test_the_scanner_finds_raw_maths_and_spares_typeset_maths():
    assert raw_maths("it shrinks by the factor d₁!···d_L!") == ["d_L"]
    assert raw_maths("the map Λ of θ ↦ f_θ") == ["f_θ"] and raw_maths("about 10^9.2 functions") == ["0^9"]
    assert raw_maths("the factor $d_1!\\cdots d_L!$ and $$\nf_\\theta\n$$") == []
    assert raw_maths("`leaky_relu`, the file init_map.csv, ?w1=16&hide=data") == []
    assert raw_maths("W₀ and 10⁹·² and 1.6 × 10⁹") == []
    assert italic_words("falls by $N_{base}/N_{red}$ and $d_{ij}$") == ["_base", "_red"]
    assert italic_words(r"falls by $N_{\text{base}}/N_{\mathrm{red}}$, $d_{\text{in}}$, N_base") == []
    assert figure_text({"layout": {"title": {"text": "|f<sub>θ</sub>|"}}, "data": [{"name": "N_base",
                                                                                   "hovertemplate": "%{y:,.6g}"}]}) \
        == ["|f<sub>θ</sub>|", "N_base", " "]


@pytest.mark.parametrize("scene", SCENES, ids=[scene.id for scene in SCENES])
def test_no_scene_types_maths_as_characters(scene):
    texts = [scene.title, scene.text, scene.question, *(phrase.text for phrase in scene.phrases)]
    assert not [(t, raw_maths(t)) for t in texts if raw_maths(t)]
    assert not [(t[:80], italic_words(t)) for t in texts if italic_words(t)]


def rendered_text(at: AppTest, *, include_help: bool = True) -> list[str]:
    """Every piece of text the page shows: Markdown, captions, alerts, headings, labels, help, metrics."""
    texts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "title", "header", "subheader",
                 "latex", "text"):
        texts += [str(element.value) for element in getattr(at, kind)]
    for element in at.get("expander") + list(at.tabs):
        texts.append(str(getattr(element, "label", "")))
    for kind in ("button", "checkbox", "toggle", "radio", "selectbox", "slider", "select_slider", "number_input",
                 "text_input", "multiselect", "metric"):
        for element in getattr(at, kind):
            texts.append(str(getattr(element, "label", "")))
            if include_help:
                texts.append(str(getattr(element, "help", "") or ""))
            if kind == "metric":
                texts.append(str(element.value))
    return texts


FIGURE_TEXT_KEYS = {"text", "name", "title", "hovertemplate", "ticktext"}
PLACEHOLDER = re.compile(r"%\{[^}]*\}")  # Plotly's %{y:,.6g}: a format, not text


def figure_text(spec: dict | list) -> list[str]:
    """The words of a Plotly figure: titles, trace names, annotations, hover templates, tick labels.

    Inside a figure KaTeX does not render, so maths there is Unicode or Plotly's <sub>/<sup>."""
    found: list[str] = []
    items = spec.items() if isinstance(spec, dict) else enumerate(spec)
    for key, value in items:
        if key in FIGURE_TEXT_KEYS and isinstance(value, str):
            found.append(PLACEHOLDER.sub(" ", value))
        elif key in FIGURE_TEXT_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
            found += [PLACEHOLDER.sub(" ", v) for v in value]
        elif isinstance(value, (dict, list)):
            found += figure_text(value)
    return found


@pytest.mark.parametrize("path", ["app.py"] + [lesson.path for lesson in LESSONS])
def test_no_page_types_maths_as_characters(path):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if path != "app.py":
        at.switch_page(path).run()
    assert not at.exception
    found = {text[:80]: raw_maths(text) for text in rendered_text(at) if raw_maths(text)}
    assert not found, found
    assert not {text[:80]: italic_words(text) for text in rendered_text(at) if italic_words(text)}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts = figure_text({"layout": spec.get("layout", {}), "data": spec.get("data", [])})
        assert not {text[:80]: raw_maths(text) for text in texts if raw_maths(text)}


def test_a_network_too_big_to_sample_says_so_in_typeset_maths():
    """Issue 20 review D3: "Monte Carlo check skipped: the share is 10^-26.64" was typed maths. A width of 16 is
    far too big to sample (the scene "bound-width" and most widths from 8 up take this path)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/bounds.py").run()
    at.select_slider(key="bounds.width").set_value(16).run()
    assert not at.exception
    skipped = [info.value for info in at.info if "Monte Carlo check skipped" in info.value]
    assert skipped and "$10^{" in skipped[0]
    assert not {text[:80]: raw_maths(text) for text in rendered_text(at) if raw_maths(text)}
