"""Plotly figure builders. They take results (Params, Dataset, result types), never configs, never train,
and never import a trainer or torch (tests/test_layering.py).

    theme                the shared palette (orange/blue, colour-blind safe) and base layout
    decision, units, network, curves          Train lesson: output over the inputs, one thumbnail per
                                              hidden unit, the network diagram, loss/accuracy curves
    symmetry_movie, symmetry_proof, symmetry_gallery, symmetry_orbit, symmetry_barrier
                                              Symmetry lesson: the move animated, the proof panel, the
                                              twins, a unit's rescaling orbit, the interpolation barrier
    bounds_covering, bounds_volume, bounds_generalisation, bounds_markers
                                              Bounds lesson: covering numbers, the effective-volume
                                              share and the generalisation gap against width or n
    init_map, init_animation, init_zero, init_width
                                              Init lesson: the map of starts, its training replayed,
                                              zero init, the width experiment's curves
"""
