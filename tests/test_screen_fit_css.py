"""The phone stylesheet is a literal (only literals reach st.html), so it must repeat two constants: the touch
size and the weight-grid's sign ink, which its rule matches. A change to either must reach the stylesheet."""

from core.figures.symmetry_movie import SIGN_INK_CSS
from pages.shared.screen_fit import SCREEN_CSS, TOUCH


def test_the_stylesheet_uses_the_touch_size_and_the_sign_ink_of_the_movie():
    assert f'[style*="{SIGN_INK_CSS}"]' in SCREEN_CSS
    assert SCREEN_CSS.count(f"min-height: {TOUCH}px") == 2 and SCREEN_CSS.count(f"min-width: {TOUCH}px") == 2
    assert "{" in SCREEN_CSS and "{{" not in SCREEN_CSS  # real CSS braces, not f-string escapes
