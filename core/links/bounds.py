"""Link schema of the page "bounds": every setting a share link carries (core.links.url_state Fields).

Numbers are bounded by core.limits, the same limits core.bounds.settings checks. The page's
number inputs have no min/max on purpose (a typed value out of range shows core's named error),
so the session may hold a value these fields refuse: the link then carries it, and whoever opens
the link gets the default back with a warning naming the value.
"""

from __future__ import annotations

from core import limits
from core.bounds import covering
from core.bounds.extensions import KERNEL_SIZE
from core.bounds.settings import BoundsSettings, parse_hidden_widths
from core.links.url_state import Field, bool_field, choice_field, custom_field, float_field, int_field

DEFAULT = BoundsSettings()

# How the hidden widths are set: one width for every layer, or a list typed per layer.
UNIFORM, PER_LAYER = "same for every layer", "per layer"
WIDTH_MODES = {"uniform": UNIFORM, "layers": PER_LAYER}  # link text -> radio label

# Log-spaced widths 1 ... 4,096 (powers of two times 1, 1.25, 1.5, 1.75): a log-feel slider.
WIDTH_OPTIONS = tuple(sorted({1, 2, 3, 5, 6, 7} | {int(p * f) for p in (2**k for k in range(1, 13))
                                                  for f in (1, 1.25, 1.5, 1.75) if p * f <= limits.BOUNDS_WIDTH[1]}))

# The two views of the covering-number bounds (tab labels; the link says "log" or "raw").
LOG_VIEW, RAW_VIEW = "Bound on ln N (what generalisation bounds use)", "Bound on N (digits)"
VIEWS = {"log": LOG_VIEW, "raw": RAW_VIEW}

REPEAT = "*"  # "4096*100" in a link: a width repeated for 100 layers (keeps deep lists short)


# ---------------------------------------------------------------- a list of widths as text

def read_widths(text: str) -> str:
    """'8,16*2' -> '8, 16, 16': whole numbers within BOUNDS_WIDTH, 1 to BOUNDS_DEPTH of them.

    Returns the text the page's text box shows; ValueError with the reason for anything else.
    """
    widths: list[int] = []
    for part in text.split(","):
        width_text, _, count_text = part.partition(REPEAT)
        count = _whole(count_text, "repeat count") if count_text.strip() else 1
        if count > limits.BOUNDS_DEPTH[1] or len(widths) + count > limits.BOUNDS_DEPTH[1]:
            raise ValueError(f"lists more than {limits.BOUNDS_DEPTH[1]} layers")
        width = _whole(width_text, "width")
        low, high = limits.BOUNDS_WIDTH
        if not low <= width <= high:
            raise ValueError(f"has width {width}, outside [{low}, {high}]")
        widths.extend([width] * count)
    return ", ".join(map(str, widths))


def _whole(text: str, what: str) -> int:
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit() or len(stripped) > 12:
        raise ValueError(f"has {what} {stripped[:12]!r}, not a whole number")
    value = int(stripped)
    if value < 1:
        raise ValueError(f"has {what} {value}, must be at least 1")
    return value


def write_widths(text: str) -> str:
    """'8, 16, 16, 16' -> '8,16*3'. Text core cannot read (typed by hand) goes as it is, without
    spaces, so the link reproduces the error it shows."""
    try:
        widths = parse_hidden_widths(text)
    except (ValueError, TypeError):
        return ",".join(part.strip() for part in str(text).split(","))
    runs: list[list[int]] = []
    for width in widths:
        if runs and runs[-1][0] == width:
            runs[-1][1] += 1
        else:
            runs.append([width, 1])
    return ",".join(f"{width}{REPEAT}{count}" if count >= 3 else ",".join([str(width)] * count)
                    for width, count in runs)


def widths_field(name: str, key: str, default: str) -> Field:
    """A hidden-widths text setting, carried in a link in short form ('8,16*3')."""
    return custom_field(name, key, default, reader=read_widths, writer=write_widths)


# ---------------------------------------------------------------- a label with a short link name

def coded_field(name: str, key: str, default: str, codes: dict[str, str]) -> Field:
    """A choice whose widget shows a long label and whose link carries a short code."""
    labels = {label: code for code, label in codes.items()}

    def read(text: str) -> str:
        if text.strip() not in codes:
            raise ValueError(f"is not one of {', '.join(codes)}")
        return codes[text.strip()]

    def write(label: str) -> str:
        return labels.get(label, str(label))

    return custom_field(name, key, default, reader=read, writer=write)


FIELDS: tuple[Field, ...] = (
    # The network
    coded_field("mode", "bounds.width_mode", UNIFORM, WIDTH_MODES),
    int_field("depth", "bounds.depth", DEFAULT.depth, bounds=limits.BOUNDS_DEPTH),
    int_field("width", "bounds.width", DEFAULT.hidden[0], options=WIDTH_OPTIONS),
    widths_field("widths", "bounds.hidden_text", ", ".join(map(str, DEFAULT.hidden))),
    int_field("d0", "bounds.input_dim", DEFAULT.input_dim, bounds=limits.BOUNDS_INPUT_DIM),
    int_field("dout", "bounds.output_dim", DEFAULT.output_dim, bounds=limits.OUTPUT_DIM),
    choice_field("act", "bounds.activation", DEFAULT.activation, tuple(covering.ACTIVATION_RANGE)),
    # Covering and data
    float_field("B", "bounds.B", DEFAULT.B, bounds=limits.BOUNDS_PARAM_B),
    float_field("eps", "bounds.eps", DEFAULT.eps, bounds=limits.BOUNDS_EPS),
    choice_field("lip", "bounds.method", DEFAULT.method, covering.LIPSCHITZ_METHODS),
    int_field("n", "bounds.n", DEFAULT.n, bounds=limits.BOUNDS_SAMPLE_SIZE),
    # Small-grid checks
    int_field("m", "bounds.orbit_m", DEFAULT.orbit_m, bounds=limits.ORBIT_GRID_M),
    int_field("mcseed", "bounds.mc_seed", DEFAULT.mc_seed, bounds=limits.SEED),
    # What is open on the page
    coded_field("view", "bounds.view", LOG_VIEW, VIEWS),
    bool_field("formulas", "bounds.formulas_open", True),
    bool_field("ext", "bounds.extensions_open", False),
    # The extensions calculator (core.bounds.extensions checks the same limits)
    int_field("cnn_in", "bounds.cnn_in", 3, bounds=limits.BOUNDS_WIDTH),
    widths_field("cnn_ch", "bounds.cnn_channels", "32, 64, 64"),
    int_field("cnn_k", "bounds.cnn_kernel", 3, bounds=KERNEL_SIZE),
    int_field("res_d", "bounds.res_stream", 64, bounds=limits.BOUNDS_WIDTH),
    widths_field("res_blocks", "bounds.res_blocks", "256, 256, 256, 256"),
    bool_field("res_embed", "bounds.res_embed", True),
    int_field("att_model", "bounds.att_model", 256, bounds=limits.BOUNDS_WIDTH),
    int_field("att_heads", "bounds.att_heads", 8, bounds=limits.BOUNDS_WIDTH),
    int_field("att_dk", "bounds.att_dk", 32, bounds=limits.BOUNDS_WIDTH),
    int_field("att_ff", "bounds.att_ff", 1024, bounds=(0, limits.BOUNDS_WIDTH[1])),  # 0: no MLP
    int_field("att_blocks", "bounds.att_blocks", 4, bounds=limits.BOUNDS_DEPTH),
)
