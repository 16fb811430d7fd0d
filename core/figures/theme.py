"""Colours and layout shared by every figure.

Weights and outputs use a colour-blind-safe diverging pair (orange for negative, blue for
positive, as TensorFlow Playground does; both stay distinct under the common colour-vision
deficiencies), and signs are also carried by glyphs or line style where colour alone would
not do.
"""

NEGATIVE = "#E66100"   # orange
POSITIVE = "#1F6FB4"   # blue
NEUTRAL = "#F4F4F4"
INK = "#1F2430"
MUTED = "#6B7280"
TEST_EDGE = "#111111"
TRAIN_LINE, TEST_LINE = "#1F6FB4", "#E66100"

# Diverging scale for decision surfaces and weights: orange - white - blue.
DIVERGING = [[0.0, NEGATIVE], [0.5, NEUTRAL], [1.0, POSITIVE]]
FONT = dict(family="Inter, 'Source Sans Pro', Helvetica, Arial, sans-serif", size=13, color=INK)


def base_layout(**overrides) -> dict:
    """Quiet, white layout with room for hover read-outs."""
    layout = dict(
        template="plotly_white", font=FONT, margin=dict(l=40, r=20, t=40, b=40),
        hoverlabel=dict(font_size=13), paper_bgcolor="white", plot_bgcolor="white",
    )
    layout.update(overrides)
    return layout
