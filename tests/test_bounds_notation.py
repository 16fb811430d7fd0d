"""What the bounds lesson prints beside its figures: exact integers where the quantity is a count, numbers
in the units of the axis they sit on, labels that stay clear of the axis, and one typography for symbols.

Issue 13, a teacher's walk-through of "Count functions, not weights":
A  ∏ d_l! is an integer [SUMMARY]; N_base/N_red after the tie correction is a real number [RECON]: both,
   apart, each with its own label.
B  the digits tab quotes log10 values (its axis), and the factor's label never covers the y-axis ticks.
C  sample sizes are whole numbers: the required n rounded up, the saving a difference of integers.
D  symbols with sub- or superscripts are Markdown math ($d_l!$, $m^S$) in scenes and captions, never
   "d_L!" or "m^S" beside "d₁!".
"""

from __future__ import annotations

import ast
import functools
import math
import re
from pathlib import Path

import pytest

from core.big_numbers import format_real
from core.bounds import claims
from core.bounds.generalisation import LOSS, required_sample_size, sample_size_saving, whole_samples
from core.bounds.report import bounds_report
from core.bounds.settings import BoundsSettings
from core.figures.bounds_covering import raw_covering_figure
from core.figures.bounds_markers import WIDTH_AXIS
from core.scenes.bounds import SCENES

ROOT = Path(__file__).resolve().parents[1]
SWEEP = [(1,), (2,), (4, 4), (8, 8), (3, 7, 5), (512,), (64,) * 4, (4096,), (4096,) * 3]
ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"]


@functools.cache
def _cached(hidden, activation, n):
    return bounds_report(BoundsSettings(hidden=hidden, activation=activation, n=n))


def _report(hidden, activation="tanh", n=None):
    return _cached(tuple(hidden), activation, n if n is not None else BoundsSettings().n)


# ---------------------------------------------------------------- A: the integer and the corrected ratio

@pytest.mark.parametrize("hidden", [(1,), (2,), (4, 4), (8, 8), (3, 7, 5), (12, 13)])
def test_the_group_order_is_printed_as_the_exact_integer(hidden):
    exact = math.prod(math.factorial(d) for d in hidden)  # the oracle: Python's exact factorials
    assert claims.group_order_text(hidden) == f"{exact:,}"


def test_a_huge_group_order_is_printed_from_its_logarithm():
    text = claims.group_order_text((4096,) * 3)
    assert text.startswith("4.83e+39058") and "." in text  # 3·log10(4096!) = 39,058.68


@pytest.mark.parametrize("hidden", SWEEP)
def test_the_factor_sentence_separates_the_integer_from_the_corrected_ratio(hidden):
    current = _report(hidden).current
    sentence = claims.factor_sentence(current)
    assert f"$\\prod_l d_l!$ = {claims.group_order_text(hidden)} for your network" in sentence
    assert sentence.index("[SUMMARY]") < sentence.index("tie correction") < sentence.index("[RECON]")
    assert f"$N_{{\\text{{base}}}}/N_{{\\text{{red}}}}$ ≈ {claims.factor_text(current)} [RECON]" in sentence
    # the [SUMMARY] number is never the corrected real ratio (1,625,702,397.8 at 8-8)
    summary_part = sentence.split("[SUMMARY]")[0]
    if current.log10_factor < 11:
        assert claims.factor_text(current) not in summary_part or claims.factor_text(current) == \
            claims.group_order_text(hidden)


def test_at_width_8_the_two_factors_differ_and_each_is_right():
    current = _report((8, 8)).current
    ratio = 10 ** current.log10_factor
    assert claims.group_order_text((8, 8)) == "1,625,702,400"
    assert claims.factor_text(current) == "1,625,702,397.8" and ratio == pytest.approx(1_625_702_397.8, abs=0.1)


# ---------------------------------------------------------------- B: digits in the digits tab; the label

@pytest.mark.parametrize("hidden", SWEEP)
def test_the_digits_tab_alt_quotes_log10_values(hidden):
    current = _report(hidden).current
    digits = claims.width_alt(current, len(hidden), "x", digits=True)
    assert f"log10 of the bound on N {format_real(current.log10_baseline)} (baseline)" in digits
    assert "ln N" not in digits
    nats = claims.width_alt(current, len(hidden), "x", digits=False)
    assert f"bound on ln N {format_real(current.terms['log_baseline'])} (baseline)" in nats


def test_at_width_4_the_digits_tab_quotes_what_the_axis_shows():
    current = _report((4, 4)).current
    text = claims.width_alt(current, 2, "x", digits=True)
    assert "105.9 (baseline)" in text and "243.9" not in text  # ln N = 243.9 is log10 N = 105.9


PLOT_LEFT, PLOT_RIGHT = 60, 30   # the raw figure's margins, pixels
CHAR_PX = 7.5                    # a generous width per character of the 12-13 px label font


@pytest.mark.parametrize("figure_width", [520, 700, 1200])
@pytest.mark.parametrize("hidden", [(2,), (3,), (4, 4), (8, 8), (20,), (64,), (120,), (300,), (1000,), (4096,) * 3])
def test_the_factor_label_never_reaches_the_y_axis(hidden, figure_width):
    """The label box, placed as plotly places an arrow annotation (box anchored at the arrow's tail),
    stays right of the plot's left edge, where the y-axis tick labels ("100") are drawn."""
    report = _report(hidden)
    note = raw_covering_figure(report.curves, report.current).layout.annotations[0].to_plotly_json()
    low, high = WIDTH_AXIS["range"]
    plot_width = figure_width - PLOT_LEFT - PLOT_RIGHT
    point = PLOT_LEFT + (note["x"] - low) / (high - low) * plot_width
    tail = point + note["ax"]
    box = max(len(line) for line in note["text"].split("<br>")) * CHAR_PX + 10
    anchor = note.get("xanchor", "auto")  # plotly's "auto" centres the box on the arrow's tail
    left = {"left": tail, "center": tail - box / 2, "auto": tail - box / 2, "right": tail - box}[anchor]
    assert left > PLOT_LEFT + 5, (hidden, figure_width, note)
    assert left + box < figure_width, (hidden, figure_width, note)  # and stays inside the figure


# ---------------------------------------------------------------- C: whole samples

@pytest.mark.parametrize("hidden", SWEEP)
@pytest.mark.parametrize("n", [10, 1_000, 10_000, 123_457, 10**8])
def test_the_sample_sizes_are_whole_and_the_saving_is_their_difference(hidden, n):
    settings = BoundsSettings(hidden=hidden, n=n)
    gen = _report(hidden, n=n).generalisation
    if gen.saving is None:
        return
    saving = gen.saving
    assert all(type(saving[key]) is int for key in ("n_baseline", "n_reduced", "saving"))
    assert saving["n_baseline"] == n  # the baseline's own n, not n + 1 from float noise
    assert saving["saving"] == saving["n_baseline"] - saving["n_reduced"] >= 0
    # the oracle: the real solution, rounded up, reaches the gap; one sample fewer does not
    common = dict(target_gap=gen.at_n[0], B=settings.B, eps=settings.eps, activation="tanh", **LOSS)
    real = required_sample_size(settings.widths, reduced=True, **common)
    assert saving["n_reduced"] - 1 < real * (1 + 1e-9) and saving["n_reduced"] >= real * (1 - 1e-9)
    sentence = claims.saving_sentence(n, saving)
    assert f"with {saving['n_reduced']:,} samples" in sentence and f"{saving['saving']:,} fewer" in sentence
    assert not re.search(r"\d\.\d+ (?:samples|fewer)", sentence)


def test_whole_samples_rounds_up_but_ignores_float_noise():
    assert whole_samples(9743.3) == 9744 and whole_samples(10_000.000000000002) == 10_000
    assert whole_samples(1.0) == 1 and whole_samples(1.01) == 2


def test_the_saving_keeps_the_exact_real_difference():
    saving = sample_size_saving((2, 4, 4, 1), target_gap=0.3, B=1.0, eps=0.1, activation="tanh")
    assert isinstance(saving["saving_exact"], float) and not saving["saving_exact"].is_integer()
    assert abs(saving["saving"] - saving["saving_exact"]) < 1


# ---------------------------------------------------------------- D: one typography for symbols

# Sub- or superscripted symbols written in plain text: d_l, d_L, F_{..}, N_base, m^S, 10^9, [..]^d₀,
# Unicode subscripts (d₁) and ∏ Σ √ ² outside math.
PLAIN_SYMBOL = re.compile(r"\^|(?<![A-Za-z_])[A-Za-z]_[A-Za-z0-9{]|[₀-₉ₗ²]|[∏Σ√]")


def outside_math(text: str) -> str:
    """The text with every $...$ span removed (Streamlit Markdown math)."""
    assert text.count("$") % 2 == 0, f"unbalanced $ in {text!r}"
    return re.sub(r"\$[^$]*\$", " ", text)


def plain_symbols(text: str) -> list[str]:
    return PLAIN_SYMBOL.findall(outside_math(text))


@pytest.mark.parametrize("text, found", [("divided by about d₁!···d_L!", True), ("m^S = 512", True),
                                         ("≈ 10^9.2", True), ("$\\prod_l d_l!$ = 576", False),
                                         ("bounds.log_view", False), ("$m^S/|G|$", False)])
def test_the_notation_scan_catches_plain_symbols(text, found):
    assert bool(plain_symbols(text)) is found


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.id)
def test_scenes_write_symbols_as_math(scene):
    for text in (scene.text, scene.question):
        assert plain_symbols(text) == [], text


SHOWN_CALLS = {"caption", "markdown", "info", "warning", "error", "metric", "subheader"}
CAPTION_FILES = sorted({*ROOT.glob("pages/shared/bounds/*.py"), ROOT / "pages/bounds.py"})


def _shown_texts(path: Path) -> list[tuple[int, str]]:
    """The first argument of every st.caption/markdown/... call, its f-string holes as '{}'."""
    texts = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        shown = []
        if isinstance(node.func, ast.Attribute) and node.func.attr in SHOWN_CALLS and node.args:
            shown.append(node.args[0])
        shown += [keyword.value for keyword in node.keywords if keyword.arg == "alt"]  # charts.show: a caption
        for arg in shown:
            if isinstance(arg, (ast.Constant, ast.JoinedStr)):
                parts = [arg] if isinstance(arg, ast.Constant) else arg.values
                text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in parts)
                texts.append((node.lineno, str(text)))
    return texts


@pytest.mark.parametrize("path", CAPTION_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_captions_write_symbols_as_math(path):
    bad = [(line, text) for line, text in _shown_texts(path) if plain_symbols(text)]
    assert bad == []


@pytest.mark.parametrize("hidden", SWEEP)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_the_computed_sentences_write_symbols_as_math(hidden, activation):
    report = _report(hidden, activation)
    sentences = [claims.factor_sentence(report.current),
                 claims.reduction_claim(report.curves, len(hidden)),
                 claims.effective_share_claim(report.curves, report.volume.log10_fraction),
                 claims.absolute_volume_claim(report.curves, report.volume.log10_absolute, 1.0)]
    if report.generalisation.saving is not None:
        sentences.append(claims.saving_sentence(report.generalisation.n_chosen, report.generalisation.saving))
    for sentence in sentences:
        assert plain_symbols(sentence) == [], sentence
