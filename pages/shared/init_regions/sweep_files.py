"""The lesson's view of research-scale sweeps (``python -m core.sweeps``): pick a results folder, see its curves.

Only folders directly under the configured sweeps root can be picked, by name from a list, so no
visitor (and no URL) can make the server read another path. The curves are the live width experiment's figure.
"""

from __future__ import annotations

import streamlit as st

from core.figures.init_width import width_figure
from core.sweeps.results import list_sweeps, load_sweep, summarise, sweep_folder, sweeps_root
from pages.shared.charts import show
from pages.shared.init_regions import cached

EXAMPLE_COMMAND = "python -m core.sweeps docs/sweep_example.toml"


def loaded_sweep_section() -> None:
    st.subheader("Curves from a research-scale sweep")
    names = list_sweeps()
    if not names:
        st.caption(f"The live width experiment above stops at width 64 and 1,000 starts. For wider networks and "
                   f"thousands of starts, run a sweep from the command line (on this machine or a Dask cluster, see "
                   f"docs/sweeps.md), e.g. `{EXAMPLE_COMMAND}`: its results appear here.")
        return
    name = st.selectbox("Results folder", names, key="init.sweep_folder",
                        help=f"Folders under {sweeps_root()} written by `python -m core.sweeps`, newest first.")
    folder = sweep_folder(name)
    signature = tuple((path.name, path.stat().st_mtime_ns) for path in sorted((folder / "chunks").glob("*.parquet")))
    try:
        loaded = cached.derived("sweep_folder", (str(folder), signature), lambda: load_sweep(folder))
    except (ValueError, KeyError, OSError) as error:  # another version's folder, or a damaged one
        st.error(f"Cannot read the sweep in {folder.name}: {error}")
        return
    result = cached.derived("sweep_folder_curves", (str(folder), signature),
                            lambda: summarise(loaded.spec, loaded.rows))
    if not result.rows:
        st.caption("No chunk of this sweep is written yet.")
        return
    show(cached.derived("sweep_folder_figure", (str(folder), signature), lambda: width_figure(result)),
         "init.sweep_folder_chart", name="sweep results", width="stretch",
         alt=f"Share of starts that recovered the teacher's function against width, one panel per step budget and "
             f"one line per scheme, from the sweep in {folder.name} ({len(loaded.rows):,} rows, one per start and "
             "budget), with Wilson 95% intervals.")
    st.caption(_provenance_text(loaded))


def _provenance_text(loaded) -> str:
    spec, versions = loaded.spec, loaded.provenance.get("versions", {})
    state = ("complete" if loaded.complete else
             f"partial: {loaded.chunks_written} of {loaded.chunks_total} chunks written so far")
    starts = len(loaded.rows) // len(spec.budgets)
    return (f"{starts:,} starts ({state}); task {spec.task}, step budgets {', '.join(map(str, spec.budgets))}, "
            f"grid-error tolerance {spec.tolerance:g}, seed {spec.seed}; "
            f"spec hash {loaded.provenance.get('spec_hash', '?')[:12]}; "
            f"torch {versions.get('torch')}, run {loaded.provenance.get('created', '?')}.")
