"""Measurements of how a page fits its screen, in the browser (issue 18): overlapping text labels inside
Plotly figures, horizontal page scroll, a figure outside the first screen, touch targets under 44 px.

Each check returns what it found (empty when the page passes), so a failing test prints the evidence.
"""

from __future__ import annotations

from tests.browser import DRAWN, STABLE_FRAMES

# Every visible text label of every drawn Plotly figure, pairwise: two labels whose boxes overlap by more
# than `slack` px in both directions collide (their glyphs print on top of each other). A label is an SVG
# <text> with characters, drawn (not display:none, not transparent) and of non-zero size. Plotly's own
# hidden tick labels and empty legend placeholders have no box, so they never count.
OVERLAPPING_LABELS = """(slack) => {
  const visible = el => {
    for (let node = el; node && node instanceof Element; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    }
    return true;
  };
  const found = [];
  document.querySelectorAll('.js-plotly-plot').forEach((gd, figure) => {
    if (gd.getBoundingClientRect().width === 0) return;
    const key = (gd.closest('[class*="st-key-"]') || {className: ''}).className.toString()
      .split(' ').find(name => name.startsWith('st-key-')) || `figure ${figure}`;
    const labels = Array.from(gd.querySelectorAll('svg text'))
      .filter(text => text.textContent.trim() && visible(text))
      .map(text => ({text: text.textContent.trim(), box: text.getBoundingClientRect()}))
      .filter(label => label.box.width > 0 && label.box.height > 0);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i].box, b = labels[j].box;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > slack && dy > slack) found.push(`${key}: "${labels[i].text}" overlaps "${labels[j].text}"`);
      }
    }
  });
  return found;
}"""

# The page scrolls sideways when its document or Streamlit's scrolling main area is wider than the window.
HORIZONTAL_SCROLL = """() => {
  const out = [];
  const width = window.innerWidth;
  const doc = document.scrollingElement;
  if (doc.scrollWidth > width + 1) out.push(`document ${doc.scrollWidth} px wide in a ${width} px window`);
  for (const id of ['stMain', 'stAppViewContainer', 'stMainBlockContainer']) {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${id} scrolls: ${el.scrollWidth} px in ${el.clientWidth} px`);
  }
  return out;
}"""

# Where an element is, in window coordinates (top, bottom, height), or null when the page has none drawn.
BOX = """(selector) => {
  const el = Array.from(document.querySelectorAll(selector)).find(e => e.getBoundingClientRect().height > 0);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right, height: box.height,
          width: box.width, windowHeight: window.innerHeight, windowWidth: window.innerWidth};
}"""

# Buttons and links a finger presses that are drawn smaller than `least` px in either direction.
SMALL_TARGETS = """(least) => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] button, [data-testid="stMain"] a[data-testid="stPageLink-NavLink"]'))
  .filter(el => !el.closest('.modebar'))  // Plotly's own hover toolbar (a mouse tool; phones pinch and tap)
  .filter(el => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0 && getComputedStyle(el).visibility !== 'hidden'; })
  .filter(el => { const b = el.getBoundingClientRect(); return b.height < least - 0.5 || b.width < least - 0.5; })
  .map(el => { const b = el.getBoundingClientRect(); return `${(el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40)} ${Math.round(b.width)}×${Math.round(b.height)}`; })"""


def overlapping_labels(page, slack: float = 1.0) -> list[str]:
    """Pairs of text labels inside the page's Plotly figures whose boxes overlap (more than slack px)."""
    return page.evaluate(OVERLAPPING_LABELS, slack)


def horizontal_scroll(page) -> list[str]:
    """What scrolls sideways: the document or Streamlit's main area wider than the window."""
    return page.evaluate(HORIZONTAL_SCROLL)


def box(page, selector: str) -> dict | None:
    """The first drawn element's box in window coordinates, with the window's size."""
    return page.evaluate(BOX, selector)


def small_targets(page, least: float = 44.0) -> list[str]:
    """Buttons and page links in the main area drawn under least × least px."""
    return page.evaluate(SMALL_TARGETS, least)


# The picture of a key element: for a Plotly figure its plotting area (the union of its subplots' drag
# rectangles; a legend or slider under it may run below the fold), for anything else the whole element.
PICTURE = """(selector) => {
  const el = Array.from(document.querySelectorAll(selector)).find(e => e.getBoundingClientRect().height > 0);
  if (!el) return null;
  const parts = Array.from(el.querySelectorAll('.nsewdrag')).map(d => d.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0);
  const boxes = parts.length ? parts : [el.getBoundingClientRect()];
  return {top: Math.min(...boxes.map(b => b.top)), bottom: Math.max(...boxes.map(b => b.bottom)),
          windowHeight: window.innerHeight, scrollTop: (document.querySelector('[data-testid="stMain"]') || {}).scrollTop || 0};
}"""

# The first control (select box, slider, number input, radio, ...) of the main area outside the scene bar.
FIRST_CONTROL_TOP = """() => {
  const kinds = ['stSelectbox', 'stSlider', 'stNumberInput', 'stRadio', 'stMultiSelect', 'stButtonGroup',
                 'stSelectSlider', 'stTextInput', 'stCheckbox'];
  const bar = document.querySelector('.st-key-scene_bar');
  const tops = Array.from(document.querySelectorAll(
      kinds.map(kind => `[data-testid="stMain"] [data-testid="${kind}"]`).join(', ')))
    .filter(el => !el.closest('.st-key-scene_bar') && el.getBoundingClientRect().height > 0)
    .filter(el => !bar || el.getBoundingClientRect().top > bar.getBoundingClientRect().top)  // the page's, not its header's
    .map(el => el.getBoundingClientRect().top);
  return tops.length ? Math.min(...tops) : null;
}"""


def picture(page, selector: str) -> dict | None:
    """Top and bottom (window coordinates) of the element's picture (PICTURE), with the window's height."""
    return page.evaluate(PICTURE, selector)


def first_control_top(page) -> float | None:
    """Window y of the first control in the main area outside the scene bar (None: no control)."""
    return page.evaluate(FIRST_CONTROL_TOP)


def key_selector(key: str) -> str:
    """CSS selector of the element Streamlit draws for a widget or container key (st-key-<key>)."""
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in key)


def link_order(page) -> list[str]:
    """The texts of the main area's scene links (?scene=), top to bottom, left to right (a reader's order)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stMain"] a[data-testid="stPageLink-NavLink"][href*="scene="]'))
      .map(a => ({text: a.innerText.trim(), box: a.getBoundingClientRect()}))
      .sort((a, b) => (a.box.top - b.box.top) || (a.box.left - b.box.left)).map(a => a.text)""")


# tests.browser.DRAWN for the main area only: on a phone the sidebar is folded away, and a chart in it (the
# Train lesson's data preview) keeps a 16 px container that Plotly never lays out for, so DRAWN never holds.
MAIN_DRAWN = DRAWN.replace("document.querySelectorAll('.js-plotly-plot')",
                           "document.querySelectorAll('[data-testid=\"stMain\"] .js-plotly-plot')")
assert MAIN_DRAWN != DRAWN, "tests.browser.DRAWN changed how it finds charts"


def wait_until_main_drawn(page, timeout: float = 120_000) -> None:
    """Until the script is idle and the main area's charts are drawn at their final size (see MAIN_DRAWN)."""
    assert page.evaluate(MAIN_DRAWN, [STABLE_FRAMES, timeout]), f"charts still changing after {timeout / 1000:g} s"


# Buttons (popover menus included) whose label is cut short: its text is wider than the room it was given,
# so the browser shows "E…" for "Export".
TRUNCATED = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] button'))
  .filter(button => !button.closest('.modebar') && button.getBoundingClientRect().width > 0)
  .flatMap(button => Array.from(button.querySelectorAll('p, span, div'))
    .filter(el => el.children.length === 0 && el.textContent.trim() && el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.textContent.trim().slice(0, 40)}: ${el.scrollWidth} px of text in ${el.clientWidth} px`))"""


def truncated_labels(page) -> list[str]:
    """Buttons in the main area whose label text does not fit (shown cut short with an ellipsis)."""
    return page.evaluate(TRUNCATED)


# The layout a figure says it holds (layout.meta.layout, e.g. the symmetry lesson's weights "stacked" or "side by
# side"), or null when the figure names none or is not drawn.
FIGURE_LAYOUT = """(selector) => {
  const gd = document.querySelector(`${selector} .js-plotly-plot`);
  return (gd && gd.layout && gd.layout.meta && gd.layout.meta.layout) || null;
}"""


def figure_layout(page, selector: str) -> str | None:
    """Which layout the figure under ``selector`` is drawn in (its layout.meta.layout)."""
    return page.evaluate(FIGURE_LAYOUT, selector)


def wait_for_figure_layout(page, selector: str, layout: str, timeout: float = 60_000) -> None:
    """Until the figure under ``selector`` is drawn in ``layout`` (the page measured its width and ran again to
    draw it; pages/shared/figure_width.py), then until the main area is drawn."""
    page.wait_for_function(f"(selector) => ({FIGURE_LAYOUT})(selector) === {layout!r}", arg=selector,
                           timeout=timeout)
    wait_until_main_drawn(page)


# The figures a page watches the width of (pages/shared/figure_width.py): the symmetry lesson's weights and
# its twin gallery. Each drawn one must say its layout is the one its width asks for.
WATCHED = (key_selector("sym.movie"), key_selector("sym.gallery"))
WATCH_MS = 300  # how often a watcher looks (pages/shared/assets/figure_width.js)
SETTLED = """(selectors) => selectors.every(selector => Array.from(document.querySelectorAll(selector))
  .filter(el => el.getBoundingClientRect().width > 0)
  .every(el => el.getAttribute('data-width-settled') === 'true'))"""


def wait_for_settled_widths(page, timeout: float = 60_000) -> None:
    """Until every drawn watched figure (WATCHED) is in the layout its width asks for (the page measured it and,
    where it had to, ran again; pages/shared/figure_width.py): a figure never marked fails here, so a watcher
    that did not load or watches the wrong element is found. Then until the main area is drawn."""
    for _ in range(5):  # a figure drawn later (lower on the page) is measured, and may switch, after the first
        page.wait_for_function(SETTLED, arg=list(WATCHED), timeout=timeout)
        wait_until_main_drawn(page)
        page.wait_for_timeout(2 * WATCH_MS)  # every watcher has looked at the page as drawn
        if page.evaluate(SETTLED, list(WATCHED)):
            return
    raise AssertionError("the watched figures kept switching layout (pages/shared/figure_width.py)")
