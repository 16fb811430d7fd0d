"""UI helpers shared by the pages (not pages themselves: app.py lists pages explicitly).

    session       every session key more than one page reads; the Train lesson's network, typed
    url_sync      a page's controls and its share link kept in step (PageLink)
    app_entry     every page runs through app.py, also a fresh server's first deep link
    page_setup    the top of every page: title, presenter mode, scene bar
    scene_panel, scene_state   the guided-scene bar and which scene is showing
    presenter     presenter mode (large type, no chrome)
    charts        every figure with its text alternative and its Export menu
    guard         core's named errors shown as st.error, never a traceback
    cached        st.cache_data around engine calls shared by lessons
    runtime       process-wide server settings, applied once
    lessons       the list of lessons (app.py's navigation)

    train/, symmetries/, bounds/, init_regions/   one package per lesson: its own controls and helpers
"""
