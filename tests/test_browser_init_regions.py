"""Real browser: the lesson "Where you start decides where you end" draws its map and animates on Play."""

import pytest

from tests.browser import SHOTS, open_lesson

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
    expect(page.get_by_text("Found the target")).to_be_visible()
    page.wait_for_timeout(500)
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
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "init_regions_1280x720.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()
