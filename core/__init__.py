"""Equivalence Lab's engine: pure numpy/torch/plotly, never streamlit.

Modules, one concept each:
    limits       every bound on user-settable numbers, in one place
    validation   checks that raise errors naming parameter, value and allowed set
    rng          one integer seed -> independent named random streams
    activations  activation registry, with the symmetries each admits
    nets         the immutable Params container, init_params, forward
    init_schemes initialisation registry (uniform, xavier, he, ..., representative)
    data         dataset registry and train/test split
    train        single-network trainer and batched trainer (torch inside)
    figures      Plotly figure builders
"""
