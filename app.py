"""Equivalence Lab: routing only. Each lesson is a page under pages/; helpers live in pages/shared/."""

from pathlib import Path

import streamlit as st

from pages.shared.lessons import LESSONS
from pages.shared.runtime import configure_process

ICON = Path(__file__).parent / "pages/shared/assets/icon.png"
st.set_page_config(page_title="Equivalence Lab", page_icon=str(ICON), layout="wide")
configure_process()
home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
lessons = [st.Page(lesson.path, title=lesson.title, icon=lesson.icon) for lesson in LESSONS]
theory = st.Page("pages/theory.py", title="Theory", icon=":material/menu_book:")
st.navigation({"Equivalence Lab": [home], "Lessons": lessons, "Reference": [theory]}).run()
