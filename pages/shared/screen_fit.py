"""Every page fits its screen (issue 18): a stylesheet for phones and tablets, injected on every page.

A constant (no user text reaches ``st.html``). Markdown tables scroll inside themselves instead of widening
the page; on a narrow screen every button and page link is at least 44 px each way (a finger, not a mouse
pointer) and the ⓘ help marks get the same area around them.
"""

from __future__ import annotations

import streamlit as st

TOUCH = 44  # px, the smallest target a finger hits reliably (WCAG 2.5.5)
# A literal (tests/test_output_safety.py allows only literal module constants into st.html); its 44px is TOUCH
# (tests/test_screen_fit_css.py checks it). The symmetry lesson's weights need no rule here: on a narrow screen
# the page stacks their layers (pages/shared/figure_width.py), which leaves room for every label.

SCREEN_CSS = """
<style>
[data-testid="stMarkdownContainer"] table { display: block; max-width: 100%; overflow-x: auto; }
@media (max-width: 640px) {
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
