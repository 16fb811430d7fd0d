"""The phone stylesheet is a literal (only literals reach st.html), so it must repeat the touch size; a change
to it must reach the stylesheet."""

from pages.shared.screen_fit import SCREEN_CSS, TOUCH


def test_the_stylesheet_uses_the_touch_size():
    assert SCREEN_CSS.count(f"min-height: {TOUCH}px") == 2 and SCREEN_CSS.count(f"min-width: {TOUCH}px") == 2
    assert "{" in SCREEN_CSS and "{{" not in SCREEN_CSS  # real CSS braces, not f-string escapes
