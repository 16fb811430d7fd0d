"""Real browser: open "Count functions, not weights" from the sidebar, move the width slider,
see the curves' marker move, with no console errors; screenshots for a person to look at."""


import pytest

from tests.browser import SHOTS, open_lesson, wait_until_drawn

pytestmark = pytest.mark.browser

# x of the "your network" marker in every plotly chart that has one, read from plotly's own state.
MARKER_X = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .flatMap(gd => (gd._fullData || []).filter(t => t.meta === 'your network').map(t => t.x[0]))"""


def _markers_at(width: int) -> str:
    # two charts carry the marker: the open covering view (log or raw; the closed one is not drawn)
    # and the volume chart
    return f"(() => {{ const xs = ({MARKER_X})(); return xs.length >= 2 && xs.every(x => x === {width}); }})()"


def _settle(page) -> None:
    """Until Streamlit's rerun is over and its charts are drawn (charts are replaced while it runs)."""
    wait_until_drawn(page)


def _open_tab_drawn(page) -> None:
    """After a tab click: until the selected tab's panel holds a drawn chart (the rerun draws only it)."""
    page.locator('[role="tabpanel"]:not([hidden]) .js-plotly-plot').first.wait_for(state="visible", timeout=90_000)
    _settle(page)


def _chart_shot(page, index: int, name: str) -> None:
    """One chart on its own; a chart replaced mid-shot by a late rerun is shot again once settled."""
    for attempt in range(3):
        try:
            page.locator('[data-testid="stPlotlyChart"]').nth(index).screenshot(path=str(SHOTS / name))
            return
        except Exception:  # "not attached to the DOM": Streamlit swapped the element
            if attempt == 2:
                raise
            _settle(page)


def _screenshots(page) -> None:
    """The page at 1400 x 1000, each chart on its own, then the page at 1280 x 720."""
    _settle(page)
    page.screenshot(path=str(SHOTS / "bounds.png"))
    _chart_shot(page, 0, "bounds_log.png")
    _chart_shot(page, 1, "bounds_volume.png")
    _chart_shot(page, 2, "bounds_generalisation.png")
    page.get_by_role("tab", name="Bound on N (digits)").click()  # reruns: only the open tab is drawn
    _open_tab_drawn(page)
    _chart_shot(page, 0, "bounds_raw.png")
    page.get_by_role("tab", name="Bound on ln N (what generalisation bounds use)").click()
    _open_tab_drawn(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, 0)")
    _settle(page)  # the charts re-lay out to the narrower page
    page.screenshot(path=str(SHOTS / "bounds_1280x720.png"))


def test_moving_the_width_slider_moves_the_marker(app_url, browser):
    page, console = open_lesson(browser, app_url, "Count functions, not weights")
    page.wait_for_function(_markers_at(4), timeout=90_000)  # the default width

    slider = page.get_by_role("slider", name="Width of every hidden layer")
    slider.focus()
    slider.press("ArrowRight")  # the next option: 4 -> 5 (one key, one rerun)
    assert slider.get_attribute("aria-valuetext") == "5"
    page.wait_for_function(_markers_at(5), timeout=90_000)
    assert page.get_by_text("Count the orbits of a small grid exactly").is_visible()
    _settle(page)  # the last chart finishes drawing
    _screenshots(page)
    assert console.errors == [], "\n".join(console.errors)
    page.close()


# ---------------------------------------------------------------- links, scenes, presenter mode

def _open(browser, url: str, *, width: int = 1400, height: int = 1000):
    from tests.browser import ConsoleLog

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.goto(url)
    return page, console


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_link_opens_the_same_view(app_url, browser):
    page, console = _open(browser, f"{app_url}/bounds?depth=3&width=64&eps=0.001&view=raw&hide=lip")
    page.wait_for_function(_markers_at(64), timeout=90_000)
    assert page.get_by_role("slider", name="Width of every hidden layer").get_attribute("aria-valuetext") == "64"
    assert page.get_by_role("spinbutton", name="Depth (hidden layers)").input_value() == "3"
    assert page.get_by_role("spinbutton", name="ε (radius)").input_value() == "0.001"
    assert page.get_by_role("tab", name="Bound on N (digits)").get_attribute("aria-selected") == "true"
    assert page.get_by_role("radio", name="recursion").count() == 0  # the Lipschitz choice is hidden by the link
    assert "width=64" in page.url and "hide=lip" in page.url
    _no_exception(page)
    page.screenshot(path=str(SHOTS / "bounds_link.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_hostile_link_warns_and_never_shows_a_traceback(app_url, browser):
    page, console = _open(browser, f"{app_url}/bounds?depth=abc&widths=%3Cscript%3Ealert(1)%3C/script%3E"
                                   "&eps=1e999&zzz=1&scene=nope")
    page.wait_for_function(_markers_at(4), timeout=90_000)
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    text = " ".join(warnings.all_inner_texts())
    for named in ("depth=abc", "widths=<script>", "eps=1e999", "zzz", "scene=nope"):
        assert named in text, named
    _no_exception(page)
    assert console.errors == [], "\n".join(console.errors)
    page.close()


@pytest.mark.parametrize("scene, width", [("bound-width", 8), ("count-orbits", 2), ("ln-n-moves", 8)])
def test_every_scene_opens_in_presenter_mode(app_url, browser, scene, width):
    page, console = _open(browser, f"{app_url}/bounds?scene={scene}&present=1", width=1280, height=720)
    page.wait_for_function(_markers_at(width), timeout=90_000)
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    assert page.get_by_text("Ask the class:").is_visible()
    _no_exception(page)
    _settle(page)
    page.screenshot(path=str(SHOTS / f"bounds_scene_{scene}.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_scene_phrases_drive_the_figures(app_url, browser):
    page, console = _open(browser, f"{app_url}/bounds?scene=bound-width&present=1", width=1280, height=720)
    page.wait_for_function(_markers_at(8), timeout=90_000)
    for phrase, width in (("width 512", 512), ("width 8", 8)):
        page.get_by_role("button", name=phrase, exact=True).click()
        page.wait_for_function(_markers_at(width), timeout=90_000)
        assert f"width={width}" in page.url and "scene=bound-width" in page.url
    _no_exception(page)
    assert console.errors == [], "\n".join(console.errors)
    page.close()
