"""Equivalence Lab's engine: numpy, scipy, scikit-learn and torch, never streamlit (figures and exports
add plotly and pandas, sweeps add Dask: the `app` and `sweeps` extras of pyproject.toml). Read it top-down:

    core/
      limits        every bound on a user-settable number, in one place
      validation    checks that raise errors naming parameter, value and what is allowed
      rng           one integer seed -> independent named random streams
      runtime       process-level speed settings (allocator, torch threads); never change results
      big_numbers   text for numbers too big for floats (covering numbers, group orders)
      theory        docs/theory.md's sections: the slugs every on-screen provenance label links to

      engine/       networks and training, shared by every lesson
      symmetry/     "Same function, different weights": the moves, their group, canonical form, alignment
      bounds/       "Count functions, not weights": covering numbers, orbits, volume, generalisation
      init_regions/ "Where you start decides where you end": the map of starts, zero init, the width experiment
      sweeps/       the width experiment at research scale on Dask (python -m core.sweeps SPEC.toml)
      exports/      networks as JSON, figures as images and CSV, the stamp every export carries
      links/        share links: the forgiving URL codec and each page's link schema
      scenes/       the guided scenes, one module per lesson
      figures/      Plotly figure builders: they take results, never train

Each package's ``__init__`` docstring is its map. tests/test_layering.py checks that the
foundations import no package, that packages import each other without a cycle (today: engine is
used by symmetry and bounds, all three by init_regions, which sweeps uses; exports, links, scenes
and figures read results), that no module cycle exists even through function-level imports, and
that no figure imports a trainer or torch.
Words: a *scene* is a guided scene; the init lesson's choice of data is its *task*; the *width
experiment* is "wider is easier"; *sweeps* are its research-scale runs; *curves* are the bounds
lesson's values against width.
"""

# The package version, its single source: pyproject.toml reads it (dynamic = ["version"]).
__version__ = "0.1.0"
