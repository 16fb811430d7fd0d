"""The one private Streamlit detail the app relies on, checked so an upgrade fails here, loudly.

pages/shared/app_entry.run_through_app() flips ``PagesManager.uses_pages_directory`` to False, the
same thing st.navigation does on its first call, so a fresh server's first deep link runs through
app.py (see that module's docstring). If a Streamlit release renames or drops the flag, the flip
would silently do nothing and deep links on a fresh server would lose app.py's layout again.
"""

from __future__ import annotations

import inspect

import streamlit

FIX = (f"Streamlit {streamlit.__version__} changed a private detail that pages/shared/app_entry.py "
       "relies on; re-check how st.navigation marks an app as navigation-based and update run_through_app()")


def test_pages_manager_still_has_the_uses_pages_directory_flag():
    from streamlit.runtime import pages_manager

    manager = getattr(pages_manager, "PagesManager", None)
    assert manager is not None, f"streamlit.runtime.pages_manager.PagesManager is gone. {FIX}"
    assert "uses_pages_directory" in vars(manager), f"PagesManager.uses_pages_directory is gone. {FIX}"


def test_st_navigation_still_sets_the_flag_run_through_app_sets():
    from streamlit.commands import navigation

    source = inspect.getsource(navigation)
    assert "PagesManager.uses_pages_directory = False" in source, (
        f"st.navigation no longer sets PagesManager.uses_pages_directory = False. {FIX}")


def test_the_script_runner_still_reads_the_flag():
    from streamlit.runtime.scriptrunner import script_runner

    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner), (
        f"Streamlit's script runner no longer reads PagesManager.uses_pages_directory. {FIX}")
