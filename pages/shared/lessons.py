"""The lessons, in teaching order: app.py routes to them and the home page links to them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    id: str      # page id in links and scenes (core.links.PAGE_FIELDS)
    path: str    # relative to app.py
    title: str
    icon: str
    blurb: str


LESSONS = [
    Lesson("train", "pages/train.py", "Train a network", ":material/model_training:",
           "Pick a dataset and a small network, press Train, and watch the decision boundary form."),
    Lesson("symmetries", "pages/symmetries.py", "Same function, different weights", ":material/swap_vert:",
           "Swap, flip and rescale hidden units: the weights move, the function does not. Then break it on purpose."),
    Lesson("bounds", "pages/bounds.py", "Count functions, not weights", ":material/functions:",
           "See how relabelling hidden units divides a grid-based upper bound on the covering number by "
           "about $d_1!\\cdots d_L!$, and what share of the bound on ln N that removes."),
    Lesson("init_regions", "pages/init_regions.py", "Where you start decides where you end", ":material/grid_on:",
           "A map of starting points coloured by where training ends: "
           "mirror-image twins, stuck diagonals, wider nets."),
    Lesson("valley", "pages/valley.py", "Two runs, one valley", ":material/landscape:",
           "Two networks trained on handwritten digits from different seeds: walk the straight line between them, "
           "then reorder one network's hidden units to match the other's and walk it again."),
]


def page_path(page_id: str) -> str:
    """The page file of a lesson id (for st.switch_page)."""
    return next(lesson.path for lesson in LESSONS if lesson.id == page_id)
