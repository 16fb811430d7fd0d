"""Every page fits its screen (issue 18): a stylesheet for phones and tablets, injected on every page.

A constant (no user text reaches ``st.html``). Markdown tables scroll inside themselves instead of widening
the page; on a narrow screen every button and page link is at least 44 px each way (a finger, not a mouse
pointer) and the ⓘ help marks get the same area around them.
"""

from __future__ import annotations

import streamlit as st

TOUCH = 44  # px, the smallest target a finger hits reliably (WCAG 2.5.5)
# A literal (tests/test_output_safety.py allows only literal module constants into st.html); its 44px is TOUCH
# and its rgb(31, 36, 49) is core.figures.symmetry_movie.SIGN_INK_CSS (tests/test_screen_fit_css.py checks both).
# On a narrow screen the page stacks the symmetry lesson's weights (pages/shared/figure_width.py), with room for
# every label; until the browser has measured (a session's first paint), or for a network too big to stack, the
# side-by-side weights on a phone get the small-type rules below (data-width-layout says which layout is drawn).

SCREEN_CSS = """
<style>
[data-testid="stMarkdownContainer"] table { display: block; max-width: 100%; overflow-x: auto; }
@media (max-width: 640px) {
  /* Side by side on a phone the weight cells are ~9 px: their +/- glyphs would print over each other (hover
     still says each exact value, and the colour scale carries the sign). */
  .st-key-sym-movie:not([data-width-layout="narrow"]) .textpoint text[style*="rgb(31, 36, 49)"] { display: none; }
  /* and the unit numbers beside its rows and above its columns get type that fits a 9 px row */
  .st-key-sym-movie:not([data-width-layout="narrow"]) .textpoint text { font-size: 7px !important; }
  /* the width experiment's panel titles ("after 1,000 steps") in type that fits a third of a phone */
  .st-key-init-width_chart .annotation text { font-size: 9px !important; }
}
@media (max-width: 820px) {
  [data-testid="stMain"] button, [data-testid="stMain"] a[data-testid="stPageLink-NavLink"] {
    min-height: 44px !important; min-width: 44px !important; }
  [data-testid="stMain"] [data-testid="stTooltipIcon"] button,
  [data-testid="stMain"] [data-testid="stTooltipHoverTarget"] {
    min-height: 44px !important; min-width: 44px !important;
    display: inline-flex; align-items: center; justify-content: center; }
}
</style>
"""


def apply() -> None:
    """Inject the stylesheet (style only: Streamlit adds it without taking space)."""
    st.html(SCREEN_CSS)
