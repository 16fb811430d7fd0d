"""Lesson "Where you start decides where you end": which twin training finds, from where.

    task              the lesson's task (teacher or toy data), network and slice of starts: MapSpec
    map               train every start of a map (batched), with the symmetry shortcut
    shortcut          on a swap-symmetric slice, train half the starts and mirror the rest
    outcomes          where each start ended: at which twin (a stated rule), low loss elsewhere, stuck, diverged
    map_words         the map's sentences, each built from the computed outcomes
    zero_init         zero and constant initialisation never break symmetry
    width_spec        the width experiment's one spec (WidthSpec) and its one check
    width_task        its teacher, training points and the dense grid that judges recovery
    width_floor       how close narrower students get to the teacher (least squares, long budget)
    width_experiment  "wider is easier?": train the spec's starts, count recoveries per step budget
    width_report      the experiment in words, each sentence from its numbers (trend, peak and floor words)
    results           result types only (no torch): what figures and exports read
    shipped           the width experiment's shipped results and floor for the guided scene (shipped_data/)
    export            CSV and JSON exports of a map and of the width experiment
    work              work estimates of a map and of a width experiment
"""
