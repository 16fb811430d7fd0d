"""Lesson "Where you start decides where you end": which twin training finds, from where.

    task              the lesson's task (teacher or toy data), network and slice of starts: MapSpec
    map               train every start of a map (batched), with the symmetry shortcut
    shortcut          on a swap-symmetric slice, train half the starts and mirror the rest
    outcomes          where each start ended: which twin, stuck, or diverged
    zero_init         zero and constant initialisation never break symmetry
    width_spec        the width experiment's one spec (WidthSpec) and its one check
    width_experiment  "wider is easier": train the spec's starts, count perfect fits
    results           result types only (no torch): what figures and exports read
    shipped           the width experiment's shipped results for the guided scene (shipped_data/)
    export            CSV and JSON exports of a map and of the width experiment
    work              work estimates of a map and of a width experiment
"""
