"""The lessons, in teaching order: app.py routes to them and the home page links to them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    path: str    # relative to app.py
    title: str
    icon: str
    blurb: str


LESSONS = [
    Lesson("pages/train.py", "Train a network", ":material/model_training:",
           "Pick a dataset and a small network, press Train, and watch the decision boundary form."),
]
