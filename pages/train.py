"""Lesson 1, "Train a network": data, a small network, and training you can watch, pause and step."""

import streamlit as st

from core.engine.class_report import class_report
from core.engine.data import IMAGE_SHAPES, degenerate_data, in_a_plane
from core.engine.real_data import class_names
from core.figures.classes import confusion_figure, field_figure, probability_figure
from core.figures.curves import training_curves
from core.figures.decision import dataset_preview, decision_figure
from core.figures.network import network_figure
from core.figures.units import unit_thumbnails
from core.links.train import MAX_LR_CHANGES
from pages.shared import cached, presenter, scene_figure, scene_state
from pages.shared.app_entry import run_through_app
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.train import live
from pages.shared.train.controls import experiment_controls
from pages.shared.train.player import player

run_through_app()

def settings_hint(presenting: bool) -> str:
    """Where the settings are: presenter mode hides the sidebar, so it points at the key P instead."""
    if presenting:
        return ("Presenter mode hides the settings: press P (or *Leave presenter mode*) to choose data and a "
                "network, then press Train.")
    return "Choose data and a network in the sidebar, then press Train."


st.title("Train a network")
intro = st.empty()  # filled once the link is read: a present=1 link turns presenter mode on
link = start_page("train")
if presenter.active() and scene_state.current("train") is not None:
    intro = st.empty()  # at a projector the scene and its player come first; the hint follows them
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


def readouts(run):
    history = run.history
    cols = st.columns(4)
    cols[0].metric("Train loss", f"{history.train_loss[-1]:.4f}")
    cols[1].metric("Test loss", f"{history.test_loss[-1]:.4f}" if history.test_loss else "–")
    if history.test_accuracy:
        cols[2].metric("Test accuracy", f"{history.test_accuracy[-1]:.1%}")
    cols[3].metric("Parameters", f"{run.params.n_params:,}")
    if run.diverged:
        st.warning(f"Training diverged at step {run.history.diverged_at} (the loss became NaN or infinite). "
                   "The weights shown are the last finite ones; lower the learning rate or the init scale.")


def still_figures(experiment, train, test):
    """The step the player stopped at, as figures to export, zoom, hover and read as text (and the page
    without JavaScript). The player's numbers while it plays are the same engine's, frame by frame."""
    run = st.session_state[live.RUN]
    st.markdown(f"**At step {run.step}** (where the player stopped; these follow it when you pause, step or scrub)")
    readouts(run)
    if not in_a_plane(train):
        wide_figures(experiment, run, train, test)
        return
    params = run.params
    with st.expander(f"Charts at step {run.step}: export, zoom, hover, text alternatives", expanded=True):
        show(decision_figure(params, run.activation, train, test, title="What the network computes"),
             "train.decision", name="decision boundary",
             alt=f"The network's output over the input plane at step {run.step}: blue where it predicts class 1 "
                 "(or a high value), orange where it predicts class 0; filled dots are training points, "
                 "hollow ones test points.")
        show(network_figure(params), "train.network", name="network diagram",
             alt=f"The {'-'.join(map(str, params.widths))} network at step {run.step}: one line per weight, "
                 "thicker for larger magnitude, blue solid for positive and orange dotted for negative.")
        show(training_curves(run.history, total_steps=st.session_state[live.TARGET]), "train.curves",
             name="training curves", alt=f"Training and test loss against step, up to step {run.step}.")
    st.markdown(f"**What each hidden unit computes** at step {run.step}")
    show(unit_thumbnails(params, run.activation, train), "train.units", name="hidden units",
         alt="One small map per hidden unit: its activation over the input plane.")


def wide_figures(experiment, run, train, test):
    """Data with more than two inputs, or more than two classes: no plane to draw. What the network predicts,
    class by class, and (for pictures) what each first-layer unit looks for."""
    judged, part = (test, "test") if test.n_samples else (train, "training")
    report = class_report(run.params, run.activation, judged)
    names = class_names(experiment.dataset) if experiment.real else None
    st.caption(f"On the {judged.n_samples:,} {part} points: {report.accuracy:.1%} predicted right.")
    confusion, probability = st.columns(2)
    with confusion:
        show(confusion_figure(report, names), "train.confusion", name="confusion matrix",
             alt=f"Confusion matrix at step {run.step}: rows are the true classes, columns the predicted ones; "
                 f"{int(report.counts.trace()):,} of {report.n_points:,} {part} points on the diagonal.")
    with probability:
        show(probability_figure(report, names), "train.class_probabilities", name="class probabilities",
             alt=f"Mean probability (per cent) the network gives each class (columns) over the {part} points of "
                 f"each true class (rows), at step {run.step}.")
    show(training_curves(run.history, total_steps=st.session_state[live.TARGET]), "train.curves",
         name="training curves", alt=f"Training and test loss against step, up to step {run.step}.")
    shape = IMAGE_SHAPES.get(experiment.dataset)
    if shape is not None:
        st.markdown(f"**What each first-layer unit looks for** at step {run.step}: its weights drawn as a picture of "
                    f"{shape[0]}×{shape[1]} pixels (blue +, orange −, each unit scaled by its largest weight)")
        show(field_figure(run.params, shape), "train.fields", name="receptive fields",
             alt=f"The {run.params.widths[1]} first-layer units' weights as {shape[0]}x{shape[1]} pictures.")


def data_summary(train, test) -> str:
    return (f"{train.n_samples:,} training and {test.n_samples:,} test rows, {train.input_dim} features "
            f"(standardised with the training rows' statistics), {train.n_classes} classes. A real table: Noise "
            "and Samples do not apply; Data seed and Test share choose the split.")


with shown_errors():
    train, test = cached.split_data(experiment)
    if (degenerate := degenerate_data(train)) is not None:
        st.warning(f"This training set cannot teach the network anything: {degenerate}. "
                   "Training still runs; expect a flat boundary.", icon=":material/warning:")
    follow_link_step(live.current_run(experiment, train, test), experiment, train, test)
    commit_link()
    with preview_slot.container():
        if experiment.real:
            st.caption(data_summary(train, test))
        else:
            show(dataset_preview(train, test), "train.preview", name="dataset",
                 alt=f"The {experiment.dataset} dataset: {train.n_samples} training points (filled) and "
                     f"{test.n_samples} test points (hollow), coloured by class or target value.")

    @st.fragment
    def player_view():
        # The player's events (Train asking for frames, a pause, step, scrub or reset) rerun only this
        # fragment; when the shown step changed, the whole page follows it.
        with shown_errors():
            if live.handle_events(experiment, train, test):
                st.rerun()
            player(experiment, train, test)

    with scene_figure.place("train.player_view"):  # a Train scene shows the player beside its text
        player_view()
    still_figures(experiment, train, test)
