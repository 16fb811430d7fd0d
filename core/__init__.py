"""Equivalence Lab's engine: pure numpy/torch/plotly, never streamlit.

Modules, one concept each:
    limits       every bound on user-settable numbers, in one place
    validation   checks that raise errors naming parameter, value and allowed set
    rng          one integer seed -> independent named random streams
    activations  activation registry, with the symmetries each admits
    nets         the immutable Params container, init_params, forward
    init_schemes initialisation registry (uniform, xavier, he, ..., representative)
    data         dataset registry and train/test split
    train        single-network trainer (the oracle); batched: K networks at once
    runtime      process-level speed settings (allocator, torch threads)
    symmetry, group, canonical, alignment, interop   lesson "Same function, different weights"
    bounds, orbits                                    lesson "Count functions, not weights"
    init_regions, init_map, outcomes, shortcut        lesson "Where you start decides where you end"
    figures      Plotly figure builders
"""
