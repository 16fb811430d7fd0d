"""Slide-ready exports (issue 20, point 5): projector look, the link and seeds in a footer band below the
axes (never over an axis title, never off the right edge) and in the file's metadata, an animation as its
before and after frames without play buttons, HTML that keeps the animation."""

from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from core.engine.init_schemes import init_params
from core.exports.file_metadata import DUBLIN_CORE, LAB
from core.exports.footer import MAX_LINK_LINES, PAD_X, SHORTENED, footer, footer_font, text_width
from core.exports.image import SLIDE_SIZE, image_browser
from core.exports.slide import CAPTION_HEIGHT, _plot_scale, layout_panels, slide_image, slide_stills
from core.exports.stamp import APP, stamped_html
from core.exports.stills import is_animated, stills
from core.figures.symmetry_movie import ANIMATED_KEYS, move_movie
from core.figures.theme import PROJECTOR_FONT_SIZE, base_layout
from core.symmetry.moves import MoveSpec, make_move

LINK = ("http://localhost:8501/train?data=spiral&layers=2&w1=16&w2=16&noise=0.1&lr=0.03&steps=500&dseed=0"
        "&iseed=3&act=tanh&batch=32&presenter=1&scene=train")
LONG_LINK = LINK + "".join(f"&extra{i}=value{i}" for i in range(60))
SEEDS = {"dseed": 0, "iseed": 3}
WIDTH, HEIGHT = SLIDE_SIZE["width"], SLIDE_SIZE["height"]
SVG = "{http://www.w3.org/2000/svg}"
needs_chromium = pytest.mark.skipif(image_browser() is None, reason="kaleido needs a Chromium")


def line_figure() -> go.Figure:
    """A chart with an x-axis title and tick labels right where the old footer line was printed."""
    fig = go.Figure(go.Scatter(x=np.arange(10), y=np.arange(10.0) ** 2, name="loss", line=dict(width=2)))
    fig.update_layout(**base_layout(title="train loss"), xaxis_title="training step", yaxis_title="loss")
    return fig


def _values(value) -> np.ndarray:
    """An array from a figure dict: Plotly writes numpy arrays as base64 typed arrays ("bdata")."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value)


@pytest.fixture(scope="module")
def movie():
    from core import rng
    from core.engine import data

    moons = data.make_dataset("moons", 120, 0.2, rng=rng.stream(0, "data"))
    net = init_params((2, 4, 3, 1), scheme="uniform", scale=1.5, rng=np.random.default_rng(0))
    return move_movie(make_move(net, "tanh", MoveSpec("swap", layer=1, unit=0, other=3)), "tanh", moons)


# ---------------------------------------------------------------- animations become before/after stills

def test_an_animation_becomes_its_first_and_last_frame_without_controls(movie):
    before, after = stills(movie)
    assert (before.caption, after.caption) == ("before", "after")  # the slider's own end labels
    for still in (before, after):
        assert not is_animated(still.figure)
        assert not {"frames"} & set(still.figure) and not {"updatemenus", "sliders"} & set(still.figure["layout"])
    first, last = movie.frames[0].data[0], movie.frames[-1].data[0]
    drawn_before, drawn_after = (still.figure["data"][0] for still in (before, after))
    for key in ("x", "y"):  # cell outlines: where the cells are at the start and at the end
        assert key in ANIMATED_KEYS
        np.testing.assert_array_equal(_values(drawn_before[key]), np.asarray(first[key]))
        np.testing.assert_array_equal(_values(drawn_after[key]), np.asarray(last[key]))
    assert not np.array_equal(_values(drawn_before["x"]), _values(drawn_after["x"]))  # the move moved cells


def test_frames_aimed_at_some_traces_change_only_those():
    fig = go.Figure([go.Scatter(x=[0, 1], y=[0, 0], name="still"), go.Scatter(x=[0, 1], y=[1, 1], name="moving")],
                    frames=[go.Frame(name="0", data=[go.Scatter(y=[1, 1])], traces=[1]),
                            go.Frame(name="500", data=[go.Scatter(y=[5, 6])], traces=[1])])
    fig.update_layout(sliders=[dict(steps=[dict(label="0"), dict(label="500")])])
    before, after = stills(fig)
    assert (before.caption, after.caption) == ("step 0", "step 500")
    drawn = go.Figure(after.figure)
    assert list(drawn.data[0].y) == [0, 0] and list(drawn.data[1].y) == [5, 6]
    assert drawn.data[1].name == "moving"  # merged into the trace, not replacing it


def test_a_plain_figure_is_one_still_with_its_data_untouched():
    fig = line_figure()
    [only] = stills(fig)
    assert only.caption == ""
    np.testing.assert_array_equal(_values(only.figure["data"][0]["y"]), fig.data[0].y)


def test_slides_use_the_projector_look_whatever_the_mode_on_screen():
    [still] = slide_stills(line_figure())
    layout = still.figure["layout"]
    assert layout["font"]["size"] == PROJECTOR_FONT_SIZE
    assert layout["xaxis"]["tickfont"]["size"] > base_layout()["font"]["size"]
    assert still.figure["data"][0]["line"]["width"] > 2  # thicker than on screen


def test_the_move_movie_panels_are_placed_where_they_draw_largest(movie):
    """Issue 20 D9: stacked, the move movie's before/after matrices used ~45% of the slide's width; the two
    arrangements are compared and the one drawing the matrices larger is taken."""
    pictures = slide_stills(movie)
    panels = layout_panels(pictures, WIDTH, 800)
    assert [p.caption for p in panels] == ["before", "after"]
    assert all(p.top + p.caption_height + p.height <= 800 and p.left + p.width <= WIDTH for p in panels)
    figure = pictures[0].figure
    chosen = _plot_scale(figure, panels[0].width, panels[0].height)
    stacked = _plot_scale(figure, WIDTH, 800 // 2 - CAPTION_HEIGHT)
    side_by_side = _plot_scale(figure, WIDTH // 2, 800 - CAPTION_HEIGHT)
    assert chosen == max(stacked, side_by_side) > 0


def test_projector_draws_no_line_for_hidden_axes_or_label_rows():
    """Plotly draws an axis line wherever a linecolor is set: the projector look must not set one on an axis
    the figure hides (the network diagram's y axis) or shows only as labels (its layer names), or the slide
    gets a black line through the diagram (issue 20 D9)."""
    from core.figures.network import network_figure
    from core.figures.theme import projector

    layout = projector(network_figure(init_params((2, 4, 1), scheme="xavier", rng=np.random.default_rng(0))))["layout"]
    assert "linecolor" not in layout["xaxis"] and "linecolor" not in layout["yaxis"]
    assert projector(line_figure())["layout"]["xaxis"]["linecolor"] == "#000000"  # a real axis keeps its ink


def test_an_animation_of_side_by_side_panels_stacks_too():
    """The init animation's shape: two subplots in a row, driven by frames (before/after side by side
    would squeeze four plots into one row)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Heatmap(z=[[0, 1], [1, 0]]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1]), row=1, col=2)
    fig.frames = [go.Frame(name=str(t), data=[go.Heatmap(z=[[t, 0], [0, t]])], traces=[0]) for t in (0, 150)]
    fig.update_layout(sliders=[dict(steps=[dict(label="0"), dict(label="150")])], updatemenus=[dict(buttons=[])])
    panels = layout_panels(slide_stills(fig), WIDTH, 800)
    assert [p.caption for p in panels] == ["step 0", "step 150"] and {p.width for p in panels} == {WIDTH}


# ---------------------------------------------------------------- the footer fits the width

@pytest.mark.parametrize("link", [LINK, LONG_LINK], ids=["link", "long link"])
def test_every_footer_line_fits_inside_the_image(link):
    band = footer(link, SEEDS, WIDTH)
    font = footer_font()
    assert all(text_width(line, font) <= WIDTH - 2 * PAD_X for line in band.lines)
    assert band.lines[0] == f"{APP} · seeds: dseed=0, iseed=3"
    assert band.height < HEIGHT / 4


def test_a_short_link_is_printed_whole_and_a_long_one_is_shortened_visibly():
    whole = footer(LINK, SEEDS, WIDTH)
    assert not whole.shortened and "".join(whole.lines[1:]) == LINK
    cut = footer(LONG_LINK, SEEDS, WIDTH)
    link_lines = cut.lines[1:1 + MAX_LINK_LINES]
    assert cut.shortened and link_lines[-1].endswith("…")
    assert LONG_LINK.startswith("".join(link_lines).removesuffix("…"))
    assert " ".join(cut.lines).endswith(SHORTENED)


# ---------------------------------------------------------------- HTML keeps the animation, footer below it

def test_html_keeps_the_animation_and_puts_the_link_below_the_chart(movie):
    text = stamped_html(movie, LINK, SEEDS)
    assert '"frames"' in text or "addFrames" in text
    assert '"updatemenus"' in text and '"sliders"' in text
    assert "Plotly.animate(" not in text  # opens on "before", as in the app, until someone presses Play
    footer_at = text.index("<footer")
    assert footer_at > text.index('class="plotly-graph-div"')
    assert f'href="{LINK.replace("&", "&amp;")}"' in text[footer_at:]
    assert "Equivalence Lab · seeds" not in text[:footer_at]  # no annotation inside the chart any more


def test_html_never_makes_a_non_web_link_clickable():
    text = stamped_html(line_figure(), "javascript:alert(1)", SEEDS)
    assert "<a href" not in text[text.index("<footer"):]


# ---------------------------------------------------------------- rendered files (kaleido + Chromium)

@pytest.fixture(scope="module")
def line_png():
    return slide_image(line_figure(), "png", LONG_LINK, SEEDS)


@pytest.fixture(scope="module")
def line_svg():
    return slide_image(line_figure(), "svg", LINK, SEEDS).decode()


@needs_chromium
def test_the_png_carries_link_seeds_and_app_in_text_chunks(line_png):
    with Image.open(io.BytesIO(line_png)) as image:
        assert image.size == (WIDTH, HEIGHT)
        text = image.text
    assert text["Link"] == LONG_LINK  # whole, though the printed footer shortens it
    assert json.loads(text["Seeds"]) == SEEDS and text["Software"] == APP
    assert b"tEXt" in line_png


@needs_chromium
def test_the_png_footer_sits_below_the_chart_and_inside_the_edges(line_png):
    """Above the band the pixels are exactly the chart as kaleido draws it alone (so the footer covers
    nothing of the axes); the band's ink stays inside the image's side margins."""
    from core.exports.image import figure_image

    band = footer(LONG_LINK, SEEDS, WIDTH)
    [still] = slide_stills(line_figure())
    chart = figure_image(still.figure, "png", width=WIDTH, height=HEIGHT - band.height)
    with Image.open(io.BytesIO(chart)) as alone, Image.open(io.BytesIO(line_png)) as slide:
        top = np.asarray(slide.convert("RGB"))[:HEIGHT - band.height]
        np.testing.assert_array_equal(top, np.asarray(alone.convert("RGB")))
        ink = np.asarray(slide.convert("L"))[HEIGHT - band.height + 2:] < 200  # below the rule
    columns = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.any(axis=1))
    assert len(rows) and columns[0] >= PAD_X // 2 and columns[-1] <= WIDTH - PAD_X // 2


def _svg_footer(root) -> tuple[float, list]:
    rule = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "slide-footer-rule")
    group = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "slide-footer")
    return float(rule.get("y1")), list(group.iter(f"{SVG}text"))


@needs_chromium
def test_the_svg_has_metadata_and_its_footer_below_every_panel(line_svg):
    root = ET.fromstring(line_svg)
    assert root.find(f"{SVG}metadata").find(f".//{{{DUBLIN_CORE}}}source").text == LINK
    assert json.loads(root.find(f".//{{{LAB}}}seeds").text) == SEEDS
    band_top, lines = _svg_footer(root)
    assert [t.text for t in lines] == footer(LINK, SEEDS, WIDTH).lines
    assert all(float(t.get("y")) - PROJECTOR_FONT_SIZE >= band_top for t in lines)
    font = footer_font()
    assert all(float(t.get("x")) + text_width(t.text, font) <= WIDTH for t in lines)
    panels = [e for e in root if "slide-panel" in e.get("class", "").split()]
    assert len(panels) == 1 and float(panels[0].get("y")) + float(panels[0].get("height")) <= band_top
    title = re.search(r'class="xtitle"[^>]*y="([\d.]+)"', line_svg)
    assert title and float(title.group(1)) <= float(panels[0].get("height"))
    sizes = {float(size) for size in re.findall(r"font-size: ([\d.]+)px", line_svg)}
    assert min(sizes) >= PROJECTOR_FONT_SIZE - 2  # projector type everywhere, not the 13 px of the screen


@needs_chromium
def test_an_animation_exports_two_panels_and_no_play_buttons(movie):
    svg = slide_image(movie, "svg", LINK, SEEDS).decode()
    root = ET.fromstring(svg)
    panels = [e for e in root if "slide-panel" in e.get("class", "").split()]
    assert len(panels) == 2
    assert "updatemenu" not in svg and "slider-" not in svg  # Plotly's control groups are not drawn
    captions = [t.text for t in root if t.tag == f"{SVG}text"]
    assert captions == ["before", "after"]
    band_top, _ = _svg_footer(root)
    assert all(float(p.get("y")) + float(p.get("height")) <= band_top for p in panels)


# ---------------------------------------------------------------- measured in Chromium: bounding boxes

BOXES = """() => {
  const svg = document.querySelector('svg');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const footer = Array.from(document.querySelectorAll('.slide-footer text')).map(box);
  const chart = Array.from(document.querySelectorAll('.slide-panel text')).filter(t => t.textContent.trim()).map(box);
  return {width: svg.getBoundingClientRect().width, footer, chart};
}"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("link", [LINK, LONG_LINK], ids=["link", "long link"])
def test_in_chromium_no_axis_text_overlaps_the_footer_and_nothing_runs_off(browser, link):
    svg = slide_image(line_figure(), "svg", link, SEEDS).decode()
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    boxes = page.evaluate(BOXES)
    page.close()
    assert boxes["footer"] and boxes["chart"]
    footer_top = min(box[1] for box in boxes["footer"])
    assert max(box[3] for box in boxes["chart"]) <= footer_top  # tick labels and axis titles end above it
    assert max(box[2] for box in boxes["footer"]) <= boxes["width"]


@pytest.mark.browser
@needs_chromium
def test_a_png_exported_in_presenter_mode_has_its_footer_and_metadata(app_url, browser):
    """The lecturer's path: presenter mode at 1280x720, Export → PNG under the decision figure."""
    from tests.browser import SHOTS, ConsoleLog, wait_until_drawn

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/train?iseed=9&present=1")
    page.locator('[data-testid="stMain"] .js-plotly-plot >> visible=true').first.wait_for(timeout=90_000)
    wait_until_drawn(page)
    page.get_by_role("button", name="Export").first.click()  # the sidebar's preview is hidden in presenter mode
    with page.expect_download(timeout=120_000) as download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="PNG", exact=True).click()
    data = open(download.value.path(), "rb").read()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "export-train-presenter.png").write_bytes(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (WIDTH, HEIGHT)
        text, grey = image.text, np.asarray(image.convert("L"))
    assert "/train?" in text["Link"] and "iseed=9" in text["Link"] and json.loads(text["Seeds"])["iseed"] == 9
    band = footer(text["Link"], json.loads(text["Seeds"]), WIDTH)
    ink = grey[HEIGHT - band.height + 2:] < 200
    assert ink.any(axis=1).sum() >= 2 * len(band.lines)  # every footer line printed below the chart
    assert not ink[:, -PAD_X // 2:].any()  # and none of it runs off the right edge
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def _chart_ink(png: bytes, link: str = LINK) -> np.ndarray:
    """Where the chart above the footer band is not white (a boolean image)."""
    band = footer(link, SEEDS, WIDTH)
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))[:HEIGHT - band.height].min(axis=2) < 235


@needs_chromium
def test_a_figure_with_hidden_axes_has_no_axis_line_on_its_slide():
    """The network diagram's slide: no dark line runs across it (the old projector look drew its x axis)."""
    from core.figures.network import network_figure

    png = slide_image(network_figure(init_params((2, 4, 1), scheme="xavier", rng=np.random.default_rng(0))),
                      "png", LINK, SEEDS)
    band = footer(LINK, SEEDS, WIDTH)
    with Image.open(io.BytesIO(png)) as image:
        grey = np.asarray(image.convert("L"))[:HEIGHT - band.height]
    assert (grey < 60).mean(axis=1).max() < 0.5  # no row more than half dark


@needs_chromium
def test_the_move_movie_slide_uses_the_width_and_a_colour_bar_sits_by_its_plot(movie):
    """The before/after panels span most of the slide (they used ~45%), and the decision boundary's colour
    bar is not across a band of white (there were ~400 px)."""
    from core import rng
    from core.engine import data
    from core.figures.decision import decision_figure

    columns = np.flatnonzero(_chart_ink(slide_image(movie, "png", LINK, SEEDS)).any(axis=0))
    assert columns[-1] - columns[0] > 0.8 * WIDTH
    moons = data.make_dataset("moons", 120, 0.2, rng=rng.stream(0, "data"))
    net = init_params((2, 8, 1), scheme="xavier", rng=np.random.default_rng(0))
    inked = _chart_ink(slide_image(decision_figure(net, "tanh", moons, None), "png", LINK, SEEDS)).any(axis=0)
    inside = inked[np.flatnonzero(inked)[0]:np.flatnonzero(inked)[-1] + 1]
    gaps = np.diff(np.flatnonzero(np.concatenate([[True], inside, [True]]))) - 1
    assert gaps.max() < 120, f"{gaps.max()} white columns inside the chart"
