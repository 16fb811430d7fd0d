"""Which network the symmetry lesson works on: a preset, the Train lesson's, or an imported file.

The choice is the link setting ``net`` (session key "sym.source"); the Train lesson's network also
travels as ``run``, its training settings and step (core/links/experiment.py), so a link rebuilds it
through the cached trainer. An imported file cannot travel in a link: ``net=file`` without the file
in this session opens the default preset with a note. Nothing is trained here but through the cache.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.engine.experiment import Experiment
from core.engine.presets import PRESET_LABELS, PRESETS, TrainedNetwork
from core.exports.network_json import MAX_BYTES, decode
from core.links.symmetries import DEFAULT_SOURCE
from pages.shared import cached
from pages.shared.session import published_network
from pages.shared.symmetries import cached as symmetry_cached

IMPORTED, IMPORT_ERROR, UPLOAD = "sym.imported", "sym.import_error", "sym.upload"
NOTE = "sym.source_note"   # why the page is not showing the network the link asked for
SEEN = "sym.run_seen"      # the Train lesson run the page showed last (to follow it when it trains on)
DEFAULT_DATA = {1: Experiment(dataset="sine"), 2: Experiment()}  # for files that carry no experiment
REPRODUCIBLE = ("A link carries this network as its training settings and step; opened elsewhere it is retrained "
                "from them, to the same weights unless the learning rate was changed during training.")


def published_run(published: TrainedNetwork | None) -> Experiment | None:
    """The Train lesson's network as link settings: its experiment with ``steps`` = the step it reached."""
    if published is None or published.experiment is None or published.step is None:
        return None
    return dataclasses.replace(published.experiment, steps=int(published.step))


def _choose(link, source: str) -> None:
    """Callback: work on another network; its moves, alignment and notes start afresh (a setting a
    student link fixed keeps its value)."""
    link.choose({"net": source, "run": published_run(published_network()) if source == "train" else None,
                 "moves": (), "align": False})
    st.session_state[NOTE] = None


def _on_upload(link) -> None:
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
    _choose(link, "file")


def _from_file() -> TrainedNetwork:
    file = st.session_state[IMPORTED]
    experiment = file.experiment or dataclasses.replace(
        DEFAULT_DATA[file.params.widths[0]], hidden=file.params.hidden_widths, activation=file.activation)
    train, test = cached.split_data(experiment)
    return TrainedNetwork(file.params, file.activation, train, test, experiment, None)


def _follow_train_lesson(link, published: TrainedNetwork | None) -> None:
    """First visit without a link: start on the Train lesson's network if it has trained. Later: when the
    page shows that network and the Train lesson has trained on since, follow it (a link's run stays)."""
    s, current = st.session_state, published_run(published)
    if SEEN not in s:
        if current is not None and current.steps > 0 and not st.query_params:
            link.set("net", "train")
            link.set("run", current)
    elif (current is not None and link.value("net") == "train" and link.value("run") == s[SEEN]
          and current != s[SEEN]):
        link.set("run", current)


def _fall_back(link, note: str) -> None:
    link.set("net", DEFAULT_SOURCE)
    link.set("run", None)
    link.set("moves", ())
    st.session_state[NOTE] = note


def _resolve(link, published: TrainedNetwork | None) -> tuple[TrainedNetwork, str | None]:
    """The network for the settings ``net`` and ``run``, and a note when it had to be rebuilt or replaced."""
    source = link.value("net")
    if source != DEFAULT_SOURCE or link.value("moves"):
        st.session_state[NOTE] = None  # an old fallback note goes once the page shows something else
    if source == "file" and IMPORTED not in st.session_state:
        _fall_back(link, "The link was made on an imported network file, and a file cannot travel in a link: "
                         "showing the default preset instead (its moves are not applied). Import the file in the "
                         "sidebar to work on it.")
    elif source == "train":
        run = link.value("run")
        if run is None:
            _fall_back(link, "The link names the Train lesson's network but not its training settings: showing the "
                             "default preset instead.")
        elif run == published_run(published):
            return published, None
        else:
            try:
                return symmetry_cached.trained(run), (
                    f"Retrained from the link: the Train lesson's settings and seeds, {run.steps} steps. This is "
                    "the linked network unless its learning rate was changed during training.")
            except ValueError as error:
                _fall_back(link, f"The link's Train lesson network could not be retrained ({error}): showing the "
                                 "default preset instead.")
    source = link.value("net")
    if source == "file":
        return _from_file(), None
    return symmetry_cached.trained(PRESETS[source]), None


def network_seeds(network: TrainedNetwork) -> dict:
    """The seeds that made the network (stamped on exports beside the link)."""
    if network.experiment is None:
        return {}
    return {"data_seed": network.experiment.data_seed, "init_seed": network.experiment.init_seed}


def commit(link, network: TrainedNetwork) -> str:
    """Write the link (and the provenance exports carry: the link and every seed)."""
    return link.commit(seeds=network_seeds(network))


def describe(network: TrainedNetwork, source: str) -> str:
    """E.g. "the preset moons, 2-8-8-1 tanh; 500 training steps; data seed 0, init seed 0"."""
    arch = f"{'-'.join(map(str, network.params.widths))} {network.activation}"
    origin = {"train": f"the Train lesson's {arch} network", "file": f"an imported {arch} network"}.get(
        source, f"the preset {PRESET_LABELS.get(source, arch)}")
    parts = [origin]
    if network.step is not None:
        parts.append(f"{network.step} training steps")
    if network.experiment is not None:
        parts.append(f"data seed {network.experiment.data_seed}, init seed {network.experiment.init_seed}")
    return "; ".join(parts)


def _sidebar(link, published: TrainedNetwork | None, source: str) -> None:
    st.subheader("Network")
    if published is not None:
        chosen = source == "train" and link.value("run") == published_run(published)
        st.button(f"Use the Train lesson's network (step {published.step})", key="sym.use_train",
                  on_click=_choose, args=(link, "train"), width="stretch", type="primary" if chosen else "secondary")
    for name, label in PRESET_LABELS.items():
        st.button(f"Train preset: {label}", key=f"sym.preset.{name}", on_click=_choose, args=(link, name),
                  width="stretch", type="primary" if source == name else "secondary")
    st.file_uploader("Import a network (JSON)", type=["json"], key=UPLOAD, on_change=_on_upload, args=(link,),
                     max_upload_size=1,
                     help="A file exported from this page. Checked before use: schema, shapes, finite numbers.")
    if st.session_state.get(IMPORT_ERROR):
        st.error(st.session_state[IMPORT_ERROR])


def network_source(link) -> tuple[TrainedNetwork, str]:
    """Sidebar controls (unless the link hides ``net``); returns the network to work on and its source."""
    published = published_network()
    _follow_train_lesson(link, published)
    network, retrained = _resolve(link, published)
    st.session_state[SEEN] = link.value("run")
    source = link.value("net")
    with st.sidebar:
        if "net" not in link.hidden:
            _sidebar(link, published, source)
        st.caption(f"Working on {describe(network, source)}.")
        if source == "train":
            st.caption(REPRODUCIBLE)
    for note in (retrained, st.session_state.get(NOTE)):
        if note:
            st.info(note, icon=":material/link:")
    return network, source
