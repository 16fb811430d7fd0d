"""Which network the symmetry lesson works on: the Train lesson's, a preset, or an imported file.

The choice lives in st.session_state[SOURCE]; the imported file's decoded contents in
st.session_state[IMPORTED]. Nothing is trained here: presets go through the cached trainer.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.experiment import Experiment
from core.network_json import MAX_BYTES, decode
from core.presets import PRESET_LABELS, PRESETS, TrainedNetwork
from pages.shared import cached, symmetry_cached
from pages.shared.live_training import NETWORK

SOURCE, IMPORTED, IMPORT_ERROR, UPLOAD = "sym.source", "sym.imported", "sym.import_error", "sym.upload"
DEFAULT_DATA = {1: Experiment(dataset="sine"), 2: Experiment()}  # for files that carry no experiment


def _choose(source: str) -> None:
    st.session_state[SOURCE] = source


def _on_upload() -> None:
    """Decode the uploaded file at once; keep the last good network if this one is refused."""
    uploaded = st.session_state.get(UPLOAD)
    st.session_state[IMPORT_ERROR] = None
    if uploaded is None:
        return
    try:
        if uploaded.size > MAX_BYTES:
            raise ValueError(f"file {uploaded.name!r} is {uploaded.size:,} bytes: "
                             f"must be at most {MAX_BYTES:,} bytes (1 MB)")
        network = decode(uploaded.getvalue())
        widths = network.params.widths
        if widths[0] not in DEFAULT_DATA or widths[-1] != 1:
            raise ValueError(f"widths {list(widths)}: this lesson draws networks with 1 or 2 inputs and 1 output")
    except (ValueError, TypeError) as error:
        st.session_state[IMPORT_ERROR] = f"Could not import {uploaded.name!r}: {error}"
        return
    st.session_state[IMPORTED] = network
    st.session_state[SOURCE] = "imported"


def _default_source() -> str:
    published = st.session_state.get(NETWORK)
    return "train" if published and published.get("step", 0) > 0 else "preset:tanh"


def _from_train_lesson() -> TrainedNetwork | None:
    published = st.session_state.get(NETWORK)
    if not published:
        return None
    return TrainedNetwork(published["params"], published["activation"], published["train"], published["test"],
                          published["experiment"], published["step"])


def _from_file() -> TrainedNetwork:
    file = st.session_state[IMPORTED]
    experiment = file.experiment or dataclasses.replace(
        DEFAULT_DATA[file.params.widths[0]], hidden=file.params.hidden_widths, activation=file.activation)
    train, test = cached.split_data(experiment)
    return TrainedNetwork(file.params, file.activation, train, test, experiment, None)


def describe(network: TrainedNetwork, source: str) -> str:
    """E.g. "the preset moons, 2-8-8-1 tanh; 500 training steps; data seed 0, init seed 0"."""
    arch = f"{'-'.join(map(str, network.params.widths))} {network.activation}"
    origin = {"train": f"the Train lesson's {arch} network", "imported": f"an imported {arch} network"}.get(
        source, f"the preset {PRESET_LABELS.get(source.split(':')[-1], arch)}")
    parts = [origin]
    if network.step is not None:
        parts.append(f"{network.step} training steps")
    if network.experiment is not None:
        parts.append(f"data seed {network.experiment.data_seed}, init seed {network.experiment.init_seed}")
    return "; ".join(parts)


def network_source() -> tuple[TrainedNetwork, str]:
    """Sidebar controls; returns the network to work on and its source key."""
    st.session_state.setdefault(SOURCE, _default_source())
    from_train = _from_train_lesson()
    if (st.session_state[SOURCE] == "train" and from_train is None
            or st.session_state[SOURCE] == "imported" and IMPORTED not in st.session_state):
        st.session_state[SOURCE] = "preset:tanh"
    source = st.session_state[SOURCE]
    with st.sidebar:
        st.subheader("Network")
        if from_train is not None:
            st.button(f"Use the Train lesson's network (step {from_train.step})", key="sym.use_train",
                      on_click=_choose, args=("train",), width="stretch",
                      type="primary" if source == "train" else "secondary")
        for name, label in PRESET_LABELS.items():
            st.button(f"Train preset: {label}", key=f"sym.preset.{name}", on_click=_choose, args=(f"preset:{name}",),
                      width="stretch", type="primary" if source == f"preset:{name}" else "secondary")
        st.file_uploader("Import a network (JSON)", type=["json"], key=UPLOAD, on_change=_on_upload, max_upload_size=1,
                         help="A file exported from this page. Checked before use: schema, shapes, finite numbers.")
        if st.session_state.get(IMPORT_ERROR):
            st.error(st.session_state[IMPORT_ERROR])
    if source == "train":
        network = from_train
    elif source == "imported":
        network = _from_file()
    else:
        network = symmetry_cached.trained(PRESETS[source.split(":")[1]])
    st.sidebar.caption(f"Working on {describe(network, source)}.")
    return network, source
