"""The extensions calculator: symmetry group orders of CNNs, ResNets and attention, with their
parameter counts and the relative log-reduction they would give.

All [RECON] (paper.md §3.10 and §6 item 9): the paper discusses these extensions [PAPER], but
its exact counts could not be read. Group orders come from core.bounds.covering; the parameter counts
here are plain arithmetic on the layer shapes; the relative reduction ln|G| / (S ln m) is our
illustration [OURS] at a given grid size m, ignoring the small correction for tied units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core import limits
from core.bounds import covering
from core.bounds.covering import _check_flag
from core.validation import check_int, shown

LN10 = math.log(10.0)
KERNEL_SIZE = (1, 15)


def _log10_factorial(d: int) -> float:
    return math.lgamma(d + 1) / math.log(10.0)


def _check_width_list(values, name: str, item: str) -> list[int]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} {shown(values)}: must be a list of integers")
    low, high = limits.BOUNDS_DEPTH
    if not low <= len(values) <= high:
        raise ValueError(f"{name} {shown(list(values))}: must list {low} to {high} layers")
    return [check_int(v, item, limits.BOUNDS_WIDTH, where=f" in layer {i + 1}") for i, v in enumerate(values)]


def log10_cnn_group_order(channels: Sequence[int]) -> float:
    """log10 prod_l C_l! over the hidden conv layers' channel counts. [RECON] paper.md §3.10."""
    return sum(_log10_factorial(c) for c in _check_width_list(channels, "channels", "channel count"))


def log10_resnet_group_order(stream_width: int, block_widths: Sequence[int], *, learned_embedding: bool) -> float:
    """log10 (D! prod_t m_t!): inner units of each block, plus one global permutation of the
    residual stream (width D) only when the input embedding is learned. [RECON] paper.md §3.10."""
    stream_width = check_int(stream_width, "stream_width", limits.BOUNDS_WIDTH)
    learned_embedding = _check_flag(learned_embedding, "learned_embedding")
    blocks = sum(_log10_factorial(m) for m in _check_width_list(block_widths, "block_widths", "block width"))
    return blocks + (_log10_factorial(stream_width) if learned_embedding else 0.0)


def log10_attention_group_order(n_heads: int, d_k: int, d_v: int, *, d_ff: int | None = None,
                                n_blocks: int = 1) -> float:
    """log10 of [H! (d_k! d_v!)^H (times d_ff! with an MLP)]^n_blocks: the finite permutation part
    of multi-head attention (the invertible maps inside W_Q W_K^T, W_V W_O are continuous and
    not counted). [RECON] paper.md §3.10."""
    n_heads = check_int(n_heads, "n_heads", limits.BOUNDS_WIDTH)
    d_k = check_int(d_k, "d_k", limits.BOUNDS_WIDTH)
    d_v = check_int(d_v, "d_v", limits.BOUNDS_WIDTH)
    n_blocks = check_int(n_blocks, "n_blocks", limits.BOUNDS_DEPTH)
    per_block = _log10_factorial(n_heads) + n_heads * (_log10_factorial(d_k) + _log10_factorial(d_v))
    if d_ff is not None:
        per_block += _log10_factorial(check_int(d_ff, "d_ff", limits.BOUNDS_WIDTH))
    return n_blocks * per_block


@dataclass(frozen=True)
class ExtensionReading:
    name: str
    log10_group_order: float
    n_params: int
    params_per_unit: str            # incoming parameters of one permuted unit/channel/head
    relative_reduction_pct: float | None   # None when the grid is too coarse to say
    provenance: str


def relative_reduction_pct(log10_order: float, n_params: int, log_m: float) -> float | None:
    """100 ln|G| / (S ln m): the share of the log-covering number the symmetry removes.

    None when m = 1 (nothing to cover) or when the ratio reaches 100% (a grid this coarse needs
    the correction for tied units, which this quick reading leaves out).
    """
    if log_m <= 0.0:
        return None
    share = 100.0 * log10_order * LN10 / (n_params * log_m)
    return share if share < 100.0 else None


def cnn_reading(in_channels: int, channels: Sequence[int], kernel_size: int, *, log_m: float) -> ExtensionReading:
    """Conv layers C_0 -> C_1 -> ... -> C_L with k x k kernels and biases; the hidden channels permute."""
    previous = check_int(in_channels, "input channels", limits.BOUNDS_WIDTH)
    k = check_int(kernel_size, "kernel size", KERNEL_SIZE)
    order = log10_cnn_group_order(channels)  # also checks the channel list
    n_params = 0
    for count in channels:
        n_params += count * (previous * k * k + 1)
        previous = count
    per_unit = f"C_(l-1)·{k}²+1 per channel"
    return ExtensionReading("CNN (channel permutations)", order, n_params, per_unit,
                            relative_reduction_pct(order, n_params, log_m), covering.PROVENANCE["cnn_group_order"])


def resnet_reading(input_dim: int, stream_width: int, block_widths: Sequence[int], *, learned_embedding: bool,
                   log_m: float) -> ExtensionReading:
    """Blocks x + V σ(U x + a) + e on a stream of width D, plus a learned embedding when asked."""
    d_in = check_int(input_dim, "input size", limits.BOUNDS_INPUT_DIM)
    order = log10_resnet_group_order(stream_width, block_widths, learned_embedding=learned_embedding)
    D = int(stream_width)
    n_params = sum(m * (D + 1) + D * (m + 1) for m in block_widths)
    if learned_embedding:
        n_params += D * (d_in + 1)
    per_unit = f"{D}+1 per inner unit"
    return ExtensionReading("ResNet (inner units" + (", residual stream)" if learned_embedding else ")"),
                            order, n_params, per_unit, relative_reduction_pct(order, n_params, log_m),
                            covering.PROVENANCE["resnet_group_order"])


def attention_reading(d_model: int, n_heads: int, d_k: int, d_v: int, *, d_ff: int | None, n_blocks: int,
                      log_m: float) -> ExtensionReading:
    """Multi-head attention blocks (Q, K, V, O projections, no biases), optionally with an MLP."""
    d_model = check_int(d_model, "d_model", limits.BOUNDS_WIDTH)
    order = log10_attention_group_order(n_heads, d_k, d_v, d_ff=d_ff, n_blocks=n_blocks)
    per_block = n_heads * d_model * (2 * d_k + 2 * d_v)
    if d_ff is not None:
        per_block += 2 * d_model * d_ff + d_ff + d_model
    n_params = n_blocks * per_block
    per_unit = f"{d_model}·(2·{d_k}+2·{d_v}) per head"
    return ExtensionReading("Attention (heads, head dimensions" + (", MLP units)" if d_ff else ")"),
                            order, n_params, per_unit, relative_reduction_pct(order, n_params, log_m),
                            covering.PROVENANCE["attention_group_order"])
