"""The extensions calculator: symmetry group orders of CNNs, ResNets and attention, with their
parameter counts and the relative log-reduction they would give.

All [RECON] (docs/theory.md#extensions): the paper discusses these extensions [PAPER], but its
exact counts could not be read. The orders count permutations only: no sign flips (signed
permutations of the residual stream, of q/k and v/o coordinates, and of units or channels under an
odd activation also keep the function and map the box onto itself) and no continuous symmetries
(GL maps of the stream and inside attention, ReLU rescaling). The parameter counts
here are plain arithmetic on the layer shapes, readout included (the CNN's linear head after global
average pooling, the ResNet's linear readout); the relative reduction ln|G| / (S ln m) is our
illustration [OURS] at a grid size m the caller supplies (the page passes its MLP's m: we have no
Lipschitz constant for these architectures), ignoring the small correction for tied units.
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
    """log10 prod_l C_l! over the hidden conv layers' channel counts. [RECON] docs/theory.md#extensions."""
    return sum(_log10_factorial(c) for c in _check_width_list(channels, "channels", "channel count"))


def permutable_stream_width(input_dim: int, stream_width: int, *, learned_embedding: bool) -> int:
    """How many residual-stream coordinates can be permuted: all D with a learned embedding; without
    one, the D - d_in zero-padding coordinates (the input's own d_in coordinates are fixed by the
    input). Permuting the padding coordinates of every block's U columns, V rows and e, and of the
    readout's columns, keeps the function because the stream starts at zero there.
    [RECON] docs/theory.md#extensions."""
    d_in = check_int(input_dim, "input size", limits.BOUNDS_INPUT_DIM)
    D = check_int(stream_width, "stream_width", limits.BOUNDS_WIDTH)
    if _check_flag(learned_embedding, "learned_embedding"):
        return D
    if D < d_in:
        raise ValueError(f"stream_width {D}: without a learned embedding the {d_in} inputs enter the stream as "
                         f"they are, so it must be at least the input size {d_in}")
    return D - d_in


def log10_resnet_group_order(stream_width: int, block_widths: Sequence[int], *, learned_embedding: bool,
                             input_dim: int) -> float:
    """log10 (P! prod_t m_t!): inner units of each block, plus one global permutation of the P
    permutable stream coordinates (P = D with a learned embedding, D - d_in zero-padding coordinates
    without one). Permutations only, no sign flips. [RECON] docs/theory.md#extensions."""
    permutable = permutable_stream_width(input_dim, stream_width, learned_embedding=learned_embedding)
    blocks = sum(_log10_factorial(m) for m in _check_width_list(block_widths, "block_widths", "block width"))
    return blocks + _log10_factorial(permutable)


def log10_attention_group_order(n_heads: int, d_k: int, d_v: int, *, d_ff: int | None = None,
                                n_blocks: int = 1) -> float:
    """log10 of [H! (d_k! d_v!)^H (times d_ff! with an MLP)]^n_blocks: the finite permutation part
    of multi-head attention (the invertible maps inside W_Q W_K^T, W_V W_O are continuous and
    not counted). [RECON] docs/theory.md#extensions."""
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


def cnn_reading(in_channels: int, channels: Sequence[int], kernel_size: int, *, log_m: float,
                output_dim: int = 1) -> ExtensionReading:
    """Conv layers C_0 -> C_1 -> ... -> C_L with k x k kernels and biases, then global average pooling
    and a linear head C_L -> output_dim (with biases); the hidden channels permute (the head's columns
    move with the last layer's channels)."""
    previous = check_int(in_channels, "input channels", limits.BOUNDS_WIDTH)
    k = check_int(kernel_size, "kernel size", KERNEL_SIZE)
    output_dim = check_int(output_dim, "output size", limits.OUTPUT_DIM)
    order = log10_cnn_group_order(channels)  # also checks the channel list
    n_params = 0
    for count in channels:
        n_params += count * (previous * k * k + 1)
        previous = count
    n_params += output_dim * (previous + 1)  # the head
    per_unit = f"C_(l-1)·{k}²+1 per channel"
    return ExtensionReading("CNN (channel permutations)", order, n_params, per_unit,
                            relative_reduction_pct(order, n_params, log_m), covering.PROVENANCE["cnn_group_order"])


def resnet_reading(input_dim: int, stream_width: int, block_widths: Sequence[int], *, learned_embedding: bool,
                   log_m: float, output_dim: int = 1) -> ExtensionReading:
    """Blocks x + V σ(U x + a) + e on a stream of width D, a linear readout D -> output_dim (with
    biases), plus a learned embedding d_in -> D when asked (without one the input enters the stream
    as it is, zero-padded to width D)."""
    d_in = check_int(input_dim, "input size", limits.BOUNDS_INPUT_DIM)
    output_dim = check_int(output_dim, "output size", limits.OUTPUT_DIM)
    order = log10_resnet_group_order(stream_width, block_widths, learned_embedding=learned_embedding,
                                     input_dim=d_in)  # also checks D >= d_in without an embedding
    D = int(stream_width)
    n_params = sum(m * (D + 1) + D * (m + 1) for m in block_widths) + output_dim * (D + 1)  # blocks, readout
    if learned_embedding:
        n_params += D * (d_in + 1)
    per_unit = f"{D}+1 per inner unit"
    stream = (", residual stream" if learned_embedding
              else ", stream padding" if D > d_in else "")
    return ExtensionReading(f"ResNet (inner units{stream})",
                            order, n_params, per_unit, relative_reduction_pct(order, n_params, log_m),
                            covering.PROVENANCE["resnet_group_order"])


def attention_reading(d_model: int, n_heads: int, d_k: int, d_v: int, *, d_ff: int | None, n_blocks: int,
                      log_m: float) -> ExtensionReading:
    """Multi-head attention blocks (Q, K, V, O projections, no biases), optionally with an MLP; the
    blocks only (no token embedding, no readout), as a per-block count."""
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
