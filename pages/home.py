"""Home: what the app teaches, in plain words, and a link to each lesson."""

import streamlit as st

from core.links.url_state import decode_query
from core.scenes import SCENES
from pages.shared import plain_words, presenter, screen_fit
from pages.shared.app_entry import run_through_app
from pages.shared.lessons import LESSONS, page_path
from pages.shared.presenter import active as presenting

run_through_app()

st.title("Equivalence Lab")
if "home.link_read" not in st.session_state:  # a link with present=1 opens in presenter mode (read once)
    st.session_state["home.link_read"] = True
    if decode_query((), st.query_params.to_dict()).present:
        presenter.set_active(True)
presenter.apply_style()
screen_fit.apply()
presenter.toggle_button()
plain_words.toggle()
if presenter.active():  # the address bar says so too, so the home link can be shared as it is
    st.query_params["present"] = "1"
elif "present" in st.query_params:
    del st.query_params["present"]
plain_words.markdown(
    """
Different weights can compute **exactly the same function**. Swap two hidden units of a network
(with their weights), flip the signs around a tanh unit, or stretch a ReLU unit's input while
shrinking its output: the numbers change, the network's answers do not.

Guohao Shen's paper *Exploring the Complexity of Deep Neural Networks through Functional
Equivalence* (ICML 2024) uses this to argue two things. As its abstract puts it, functional
equivalence gives a new covering-number bound that shows the complexity of a network class can be
reduced (summaries of the paper put the saving at about the factor $d_1!\\cdots d_L!$); and wider networks
are easier to train because the volume of the *effective* parameter space shrinks as width grows.
Here you can move the weights yourself, compute our reconstruction of the bound, and run our own
experiments on how training depends on where it starts, each labelled with where it comes from.
"""
)
st.subheader("Lessons")
for number, lesson in enumerate(LESSONS, start=1):
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{number}. {lesson.title}", icon=lesson.icon)
        plain_words.caption(lesson.blurb)
st.subheader("Guided tour")
plain_words.caption("Scenes for a class or a talk: each sets up a lesson, says what to look at and asks the class a "
                    "question. Previous/Next (or the arrow keys) walk the whole tour; every scene is a link you can "
                    "send.")
with st.container(horizontal=True, gap="small"):  # wraps in tour order on any width (columns stacked out of order)
    for number, scene in enumerate(SCENES):
        query = {"scene": scene.id, **({"present": "1"} if presenting() else {})}
        st.page_link(page_path(scene.page), label=f"{number + 1}. {scene.title}", icon=":material/slideshow:",
                     query_params=query)
st.subheader("Theory")
st.page_link("pages/theory.py", label="The mathematics behind every number, in our own words",
             icon=":material/menu_book:")
plain_words.caption(
    "Every number on screen says where it comes from: the paper's claim (its abstract, or summaries of it), "
    "our reconstruction of the mathematics, or our own experiment; each label links to its section of the "
    "Theory page. The paper's full text was not available to us."
)
