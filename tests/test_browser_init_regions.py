"""Real browser: the lesson "Where you start decides where you end" draws its map and animates on Play."""

import pytest

from tests.browser import SHOTS, open_lesson, wait_until_drawn

pytestmark = pytest.mark.browser
ACTIVE_FRAME = """() => {
  const gd = Array.from(document.querySelectorAll('.js-plotly-plot')).find(g => (g.layout || {}).sliders);
  return gd ? gd._fullLayout.sliders[0].active : -1;
}"""


def test_map_draws_and_the_animation_plays(app_url, browser):
    from playwright.sync_api import expect

    page, console = open_lesson(browser, app_url, "Where you start decides where you end")
    play = page.locator("g.updatemenu-button", has_text="Play")
    play.wait_for(timeout=90_000)  # the default map is computed first (cold: a few seconds)
    expect(page.get_by_text("At a twin of the target", exact=True)).to_be_visible()
    wait_until_drawn(page)
    page.screenshot(path=str(SHOTS / "init_regions.png"), full_page=True)
    assert page.evaluate(ACTIVE_FRAME) == 0
    play.scroll_into_view_if_needed()
    play.click()
    page.wait_for_function(f"({ACTIVE_FRAME})() >= 3", timeout=20_000)
    label = page.locator("g.slider-container text.slider-label").first  # the current value: "step t"
    text = label.text_content()  # an SVG node: text_content, not inner_text
    assert text.startswith("step ") and text != "step 0", text
    page.screenshot(path=str(SHOTS / "init_regions_playing.png"))
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector-sized window: still legible
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    wait_until_drawn(page)
    page.screenshot(path=str(SHOTS / "init_regions_1280x720.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def _open(browser, app_url, query: str, *, width=1280, height=720):
    from tests.browser import ConsoleLog

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/init_regions?{query}")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=120_000)
    return page, console


SCENE_IDS = ("where-you-start", "zero-init", "wider-is-easier")


@pytest.mark.parametrize("scene_id", SCENE_IDS)
def test_each_scene_opens_in_presenter_mode(app_url, browser, scene_id):
    from playwright.sync_api import expect

    page, console = _open(browser, app_url, f"scene={scene_id}&present=1&res=31&steps=200")
    expect(page.get_by_text("Ask the class:")).to_be_visible()
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden()  # waits for the projector style
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    wait_until_drawn(page)
    page.screenshot(path=str(SHOTS / f"init_regions_scene_{scene_id}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_play_advances_in_presenter_mode(app_url, browser):
    page, console = _open(browser, app_url, "present=1&res=31&steps=200")
    play = page.locator("g.updatemenu-button", has_text="Play")
    play.wait_for(timeout=90_000)
    play.scroll_into_view_if_needed()
    play.click()
    page.wait_for_function(f"({ACTIVE_FRAME})() >= 3", timeout=20_000)
    page.screenshot(path=str(SHOTS / "init_regions_present_playing.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_link_opens_its_view_and_hostile_values_only_warn(app_url, browser):
    from playwright.sync_api import expect

    page, console = _open(browser, app_url, "task=moons&res=21&steps=200&merge=1&zwidth=3&hide=lr"
                                            "&seed=%3Cscript%3Ealert(1)%3C%2Fscript%3E&steps_x=1&xr=5,1e400",
                          width=1400, height=1000)
    expect(page.get_by_text("Starts on the map")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("441")  # 21 x 21 starts, from the link
    warnings = page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    assert any("seed=<script>" in text for text in warnings) and any("xr=5,1e400" in text for text in warnings)
    assert "merge=1" in page.url and "hide=lr" in page.url
    assert page.get_by_label("Learning rate").count() == 0  # hidden by the link
    assert page.locator('[data-testid="stException"]').count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.screenshot(path=str(SHOTS / "init_regions_link.png"))
    page.close()
