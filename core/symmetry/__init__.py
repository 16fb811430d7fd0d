"""Lesson "Same function, different weights": the moves that keep a network's function.

    transforms     permute, flip signs, rescale: the three function-preserving moves
    checks         validation of permutations, signs and scales; which moves an activation admits
    group          the symmetry group: explicit elements, random draws, exact orders
    canonical      one representative per orbit (canonical form)
    alignment      weight (or activation) matching: bring network b into network a's unit order
    search_group   which part of the group an alignment searches (group=), checked against the activation
    activation_matching  match units by their activations on data (align's method="activations")
    unit_scales    the best positive scale of one unit in closed form (weight matching with rescaling)
    barrier        a loss or metric on the straight line between two networks, before and after alignment
    scores         multi-output losses and metrics for the barrier: softmax cross-entropy, accuracy, MSE
    moves          the lesson's moves, replayable from a link
    wrong_moves    the same moves done wrongly on purpose ("break it")
    proof          f_θ against f_θ' in float64 where the lesson looks
    activation_facts  per activation: which moves keep f, which do not, finite or not, dimension
    extra_moves    sin's 2πk shift and reflection, a linear layer's invertible mixture
    stabiliser     the group elements that fix one network exactly, and how many there are
    twins          distinct twins of one network (|G| / |Stab θ|), the generic count, a gallery of a few
    rescale_orbit  one unit's rescaling orbit: the weights move, the function does not
    lesson         everything the lesson shows for one state, in one call
"""
