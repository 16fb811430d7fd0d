"""Which network the symmetry lesson works on: a preset, the Train lesson's, or an imported file.

The choice is the link setting ``net`` (session key "sym.source"); the Train lesson's network also
travels as ``run``, its training settings and step (core/links/experiment.py), so a link rebuilds it
through the cached trainer. An imported file cannot travel in a link: ``net=file`` without the file
in this session opens the default preset with a note. Nothing is trained here but through the cache.

Import takes the app's network JSON or a ``.safetensors`` file (a torch state_dict of Linear layers, with the
activation chosen beside the upload: the file holds none). Any widths the app's limits allow import; a network
the lesson's figures cannot draw (they need 1 or 2 inputs and 1 output) gets the checks that work for any network
instead (pages/shared/symmetries/wide.py), with a note saying why.
"""

from __future__ import annotations

import dataclasses
from typing import NoReturn

import streamlit as st

from core.engine.activations import ACTIVATIONS
from core.engine.experiment import Experiment
from core.engine.mlp import Params
from core.engine.presets import PRESET_LABELS, PRESETS, TrainedNetwork
from core.exports import safetensors_file
from core.exports.network_json import MAX_BYTES, NetworkFile, decode
from core.links.symmetries import DEFAULT_SOURCE
from pages.shared import cached
from pages.shared.session import published_network
from pages.shared.symmetries import cached as symmetry_cached
from pages.shared.symmetries.wide import wide_view

IMPORTED, IMPORT_ERROR, UPLOAD = "sym.imported", "sym.import_error", "sym.upload"
UPLOAD_ACTIVATION = "sym.upload_activation"  # the activation of a .safetensors file (it holds none)
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


def read_network_file(name: str, data: bytes, activation: str) -> NetworkFile:
    """An uploaded file as a network: ``.safetensors`` with the chosen ``activation``, anything else as network
    JSON (which carries its own). ValueError/TypeError, in the decoders' words, for what they refuse."""
    if name.lower().endswith(".safetensors"):
        return safetensors_file.decode(data, activation)
    return decode(data)


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
        network = read_network_file(uploaded.name, uploaded.getvalue(),
                                    st.session_state.get(UPLOAD_ACTIVATION) or "tanh")
    except (ValueError, TypeError) as error:
        st.session_state[IMPORT_ERROR] = f"Could not import {uploaded.name!r}: {error}"
        return
    st.session_state[IMPORTED] = network
    _choose(link, "file")


def drawable(params: Params) -> bool:
    """True when the lesson's figures can draw the network: 1 or 2 inputs and 1 output."""
    return params.widths[0] in DEFAULT_DATA and params.widths[-1] == 1


def _undrawable_note(params: Params, activation: str, origin: str) -> str:
    widths = params.widths
    inputs, outputs = widths[0], widths[-1]
    why = []
    if inputs not in DEFAULT_DATA:
        why.append(f"{inputs} inputs (the surfaces and unit thumbnails draw a line or a plane: 1 or 2 inputs)")
    if outputs != 1:
        why.append(f"{outputs} outputs (the surfaces and difference map draw one output)")
    return (f"{origin} {'-'.join(map(str, widths))} {activation} network has {' and '.join(why)}, so the weights "
            "movie, the before/after surfaces, the difference map and the other panels of this lesson are not drawn "
            "for it. What works for any network is below: a random twin, measured on many inputs.")


def _wide(link, file: NetworkFile, origin: str, data) -> NoReturn:
    """A network the figures cannot draw: say why, show what works for any network, and stop the page here."""
    with st.sidebar:
        st.caption(f"Working on {origin[0].lower() + origin[1:]} {'-'.join(map(str, file.params.widths))} "
                   f"{file.activation} network.")
    link.commit(seeds={} if file.experiment is None else {"data_seed": file.experiment.data_seed,
                                                          "init_seed": file.experiment.init_seed})
    wide_view(file, _undrawable_note(file.params, file.activation, origin), data)
    st.stop()


def _from_file() -> TrainedNetwork:
    file = st.session_state[IMPORTED]
    experiment = file.experiment or dataclasses.replace(
        DEFAULT_DATA[file.params.widths[0]], hidden=file.params.hidden_widths, activation=file.activation)
    train, test = cached.split_data(experiment)
    return TrainedNetwork(file.params, file.activation, train, test, experiment, None)


def _reimport_safetensors(link) -> None:
    """Callback: a new activation for the uploaded .safetensors file reads it again with that activation."""
    uploaded = st.session_state.get(UPLOAD)
    if uploaded is not None and uploaded.name.lower().endswith(".safetensors"):
        _on_upload(link)


def _file_data(file: NetworkFile):
    """(train, test) of the file's experiment when its data fits the network, else None."""
    if file.experiment is None:
        return None
    try:
        train, test = cached.split_data(file.experiment)
    except ValueError:
        return None
    return (train, test) if train.input_dim == file.params.widths[0] else None


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


def _resolve(link, published: TrainedNetwork | None) -> tuple[TrainedNetwork | None, str | None]:
    """The network for the settings ``net`` and ``run``, and a note when it had to be rebuilt or replaced (None:
    an imported network the figures cannot draw)."""
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
        if not drawable(st.session_state[IMPORTED].params):
            return None, None  # network_source shows the wide view instead
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
    st.file_uploader("Import a network (JSON or safetensors)", type=["json", "safetensors"], key=UPLOAD,
                     on_change=_on_upload, args=(link,), max_upload_size=1,
                     help="A JSON file exported from this page, or a .safetensors file of a torch model's Linear "
                          "layers (its state_dict, saved with safetensors.torch.save_file). Checked before use: "
                          "size, shapes, dtypes, finite numbers; never executed.")
    st.selectbox("Activation of a safetensors file", list(ACTIVATIONS), key=UPLOAD_ACTIVATION,
                 on_change=_reimport_safetensors, args=(link,),
                 help="A .safetensors file holds weights only: pick the activation its hidden layers use (torch's "
                      "nn.Tanh is tanh, nn.ReLU is relu, ...). JSON files carry their own.")
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
    if network is None:  # an imported network the figures cannot draw
        _wide(link, st.session_state[IMPORTED], "The imported", _file_data(st.session_state[IMPORTED]))
    if not drawable(network.params):  # e.g. the Train lesson's 64-32-10 digits network
        data = (network.train, network.test) if network.train.input_dim == network.params.widths[0] else None
        _wide(link, NetworkFile(network.params, network.activation, experiment=network.experiment),
              "The Train lesson's" if source == "train" else "The", data)
    with st.sidebar:
        st.caption(f"Working on {describe(network, source)}.")
        if source == "train":
            st.caption(REPRODUCIBLE)
    for note in (retrained, st.session_state.get(NOTE)):
        if note:
            st.info(note, icon=":material/link:")
    return network, source
