"""Real browser: the 3-unit map's key gives every outcome its own colour and marker, never covers the axes,
and plain words fold the chart description away in presenter mode (issue 20, points 6 and 11)."""

import pytest

from tests.browser import SHOTS, ConsoleLog, wait_until_drawn

pytestmark = pytest.mark.browser

# The map's legend entries as drawn (colour, symbol), and the boxes of its legend and x-axis title.
MAP_KEY = """() => {
  const gd = Array.from(document.querySelectorAll('.js-plotly-plot'))
    .find(g => (g.layout || {}).uirevision === 'init-map');
  if (!gd) return null;
  const entries = gd._fullData.filter(t => t.showlegend && t.mode === 'markers')
    .map(t => [t.name, String(t.marker.color), String(t.marker.symbol)]);
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {entries, legend: box(gd.querySelector('g.legend')), title: box(gd.querySelector('.g-xtitle'))};
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("present, width", [(False, 1400), (True, 1280)])
def test_the_three_unit_map_key_is_distinct_and_clear_of_the_axes(app_url, browser, present, width):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/init_regions?width=3&res=31&steps=300" + ("&present=1" if present else ""))
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=120_000)
    wait_until_drawn(page)
    key = page.evaluate(MAP_KEY)
    assert key is not None and len(key["entries"]) >= 4
    looks = [(colour, symbol) for _, colour, symbol in key["entries"]]
    assert len(set(looks)) == len(looks), key["entries"]
    assert not _overlap(key["legend"], key["title"]), key
    assert key["legend"][1] >= key["title"][3] - 1  # the key hangs below the x-axis title
    page.locator("g.legend").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"init_map_key_{'presenter' if present else 'plain'}.png"))
    if present:  # plain words are on by default in presenter mode: the description folds away
        expect(page.get_by_text("What this chart shows").first).to_be_visible()
    assert console.errors == [], "\n".join(console.errors)
    page.close()
