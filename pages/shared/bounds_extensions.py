"""The extensions calculator: CNN, ResNet and attention group orders, all clearly our reconstruction."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core import bounds
from core import extension_sizes as ext
from core.big_numbers import format_log10
from core.bounds_settings import parse_hidden_widths
from pages.shared.bounds_panels import tag
from pages.shared.guard import shown_errors


def _row(reading) -> dict:
    share = reading.relative_reduction_pct
    return {
        "architecture": reading.name,
        "group order |G|": format_log10(reading.log10_group_order),
        "parameters S": f"{reading.n_params:,}",
        "parameters per permuted unit": reading.params_per_unit,
        "relative reduction of ln N": "—" if share is None else f"{share:.3g} %",
        "source": tag(reading.provenance),
    }


def _cnn(log_m):
    left, mid, right = st.columns(3)
    c0 = left.number_input("Input channels C₀", value=3, step=1, key="bounds.cnn_in")
    text = mid.text_input("Hidden conv channels", "32, 64, 64", key="bounds.cnn_channels")
    k = right.number_input("Kernel k", value=3, step=1, key="bounds.cnn_kernel")
    return ext.cnn_reading(c0, parse_hidden_widths(text), k, log_m=log_m)


def _resnet(log_m, input_dim):
    left, mid, right = st.columns(3)
    stream = left.number_input("Stream width D", value=64, step=1, key="bounds.res_stream")
    text = mid.text_input("Inner width of each block", "256, 256, 256, 256", key="bounds.res_blocks")
    embedded = right.checkbox("Learned input embedding", value=True, key="bounds.res_embed",
                              help="Only then can the residual stream itself be permuted (one global D!).")
    return ext.resnet_reading(input_dim, stream, parse_hidden_widths(text), learned_embedding=embedded, log_m=log_m)


def _attention(log_m):
    cols = st.columns(5)
    d_model = cols[0].number_input("d_model", value=256, step=1, key="bounds.att_model")
    heads = cols[1].number_input("Heads H", value=8, step=1, key="bounds.att_heads")
    d_k = cols[2].number_input("d_k = d_v", value=32, step=1, key="bounds.att_dk")
    d_ff = cols[3].number_input("MLP d_ff (0: none)", value=1024, step=1, key="bounds.att_ff")
    blocks = cols[4].number_input("Blocks", value=4, step=1, key="bounds.att_blocks")
    return ext.attention_reading(d_model, heads, d_k, d_k, d_ff=d_ff or None, n_blocks=blocks, log_m=log_m)


def extensions_calculator(report) -> None:
    log_m = report.current.terms["log_grid_size"]
    st.caption(f"{tag(bounds.PROVENANCE['cnn_group_order'])} The paper discusses CNNs, ResNets and attention "
               "[PAPER]; the group orders below are our reconstruction (paper.md §3.10), its exact counts are "
               "unverified. Only the finite, box-preserving permutations are counted; the invertible maps inside "
               "attention are continuous and are not. The relative reduction ln|G| / (S ln m) uses your MLP's grid "
               f"size m = {format_log10(log_m / math.log(10.0))} and leaves out the tie correction [OURS].")
    rows = []
    for title, build in (("CNN", lambda: _cnn(log_m)), ("ResNet", lambda: _resnet(log_m, report.settings.input_dim)),
                         ("Attention", lambda: _attention(log_m))):
        st.markdown(f"**{title}**")
        with shown_errors():
            rows.append(_row(build()))
    if rows:
        st.table(pd.DataFrame(rows).set_index("architecture"))  # a static table wraps; a dataframe would scroll
