"""Lesson 1, "Train a network": data, a small network, and training you can watch, pause and step."""

import streamlit as st

from core.engine.data import degenerate_data
from core.figures.curves import training_curves
from core.figures.decision import dataset_preview, decision_figure
from core.figures.network import network_figure
from core.figures.units import unit_thumbnails
from core.links.train import MAX_LR_CHANGES
from pages.shared import cached, presenter
from pages.shared.app_entry import run_through_app
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.train import live
from pages.shared.train.controls import experiment_controls

run_through_app()

TRAINING_SIGN = ":material/progress_activity: Training… press Pause to stop."


def settings_hint(presenting: bool) -> str:
    """Where the settings are: presenter mode hides the sidebar, so it points at the key P instead."""
    if presenting:
        return ("Presenter mode hides the settings: press P (or *Leave presenter mode*) to choose data and a "
                "network, then press Train.")
    return "Choose data and a network in the sidebar, then press Train."


st.title("Train a network")
intro = st.empty()  # filled once the link is read: a present=1 link turns presenter mode on
link = start_page("train")
intro.caption(f"{settings_hint(presenter.active())} Every setting is reproducible: "
              "the same seeds give the same points and the same starting weights.")
experiment, preview_slot = experiment_controls(link)


def follow_link_step(run, experiment, train, test):
    """A link, scene or phrase that asks for a step the run is not at replays the run to it."""
    requested = link.value("step")
    if not link.take_request("step") or requested == run.step:
        return
    try:
        live.replay(experiment, train, test, requested, link.value("lrs"))
    except ValueError as error:
        st.warning(f"The link asks for step {requested}, but replaying it is too much work for one request "
                   f"({error}). Showing step 0; press Train.")


def commit_link():
    run, rates = st.session_state[live.RUN], live.schedule()
    if len(rates) > MAX_LR_CHANGES:
        st.caption(f"This run changed its learning rate {len(rates) - 1} times, more than a link can carry "
                   f"({MAX_LR_CHANGES}): the link reproduces the settings, not the trained weights.")
        rates, step = (), 0
    else:
        step = run.step
    link.set("step", step, request=False)
    link.set("lrs", rates, request=False)
    link.commit()


def buttons(experiment, train, test):
    train_col, pause_col, step_col, reset_col, _ = st.columns([1, 1, 1, 1, 3])
    train_col.button("Train", icon=":material/play_arrow:", type="primary", key="train.play",
                     on_click=live.play, args=(experiment,), use_container_width=True)
    pause_col.button("Pause", icon=":material/pause:", key="train.pause", on_click=live.pause,
                     use_container_width=True)
    step_col.button(f"Step +{live.step_size(experiment)}", icon=":material/skip_next:", key="train.step",
                    on_click=live.step, args=(experiment, train, test), use_container_width=True)
    reset_col.button("Reset", icon=":material/restart_alt:", key="train.reset", on_click=live.reset,
                     args=(experiment, train, test), use_container_width=True,
                     help="Back to step 0 with the same starting weights (change the init seed for new ones).")


def readouts(run, target):
    history = run.history
    st.progress(min(run.step / max(target, 1), 1.0), text=f"step {run.step} of {target}")
    cols = st.columns(4)
    cols[0].metric("Train loss", f"{history.train_loss[-1]:.4f}")
    cols[1].metric("Test loss", f"{history.test_loss[-1]:.4f}" if history.test_loss else "–")
    if history.test_accuracy:
        cols[2].metric("Test accuracy", f"{history.test_accuracy[-1]:.1%}")
    cols[3].metric("Parameters", f"{run.params.n_params}")
    if run.diverged:
        st.warning(f"Training diverged at step {run.history.diverged_at} (the loss became NaN or infinite). "
                   "The weights shown are the last finite ones; lower the learning rate or the init scale.")


def draw(experiment, train, test):
    run = st.session_state[live.RUN]
    # A sign of its own (presenter mode hides Streamlit's "running" widget), in a slot drawn on every run so
    # the elements below keep their places when training starts or stops.
    sign = st.empty()
    if st.session_state[live.PLAYING]:
        sign.caption(TRAINING_SIGN)
    readouts(run, st.session_state[live.TARGET])
    params = run.params
    left, right = st.columns([3, 2])
    with left:
        show(decision_figure(params, run.activation, train, test, title="What the network computes"),
             "train.decision", name="decision boundary",
             alt=f"The network's output over the input plane at step {run.step}: blue where it predicts class 1 "
                 "(or a high value), orange where it predicts class 0; filled dots are training points, "
                 "hollow ones test points.")
    with right:
        st.markdown("**The network** — blue solid edges (+) are positive weights, orange dotted (−) negative")
        show(network_figure(params), "train.network", name="network diagram",
             alt=f"The {'-'.join(map(str, params.widths))} network: one line per weight, thicker for larger "
                 "magnitude, blue solid for positive and orange dotted for negative.")
        st.markdown("**What each hidden unit computes**")
        show(unit_thumbnails(params, run.activation, train), "train.units", name="hidden units",
             alt="One small map per hidden unit: its activation over the input plane.")
    show(training_curves(run.history, total_steps=st.session_state[live.TARGET]), "train.curves",
         name="training curves", alt=f"Training and test loss against step, up to step {run.step}.")


with shown_errors():
    train, test = cached.split_data(experiment)
    if (degenerate := degenerate_data(train)) is not None:
        st.warning(f"This training set cannot teach the network anything: {degenerate}. "
                   "Training still runs; expect a flat boundary.", icon=":material/warning:")
    follow_link_step(live.current_run(experiment, train, test), experiment, train, test)
    commit_link()
    with preview_slot.container():
        show(dataset_preview(train, test), "train.preview", name="dataset",
             alt=f"The {experiment.dataset} dataset: {train.n_samples} training points (filled) and "
                 f"{test.n_samples} test points (hollow), coloured by class or target value.")
    buttons(experiment, train, test)
    playing = st.session_state[live.PLAYING]

    @st.fragment(run_every=0.05 if playing else None)
    def live_view():
        with shown_errors():
            if st.session_state[live.PLAYING] and live.tick(experiment, train, test):
                st.rerun()  # target reached: a full rerun turns the timer off
            draw(experiment, train, test)

    live_view()
