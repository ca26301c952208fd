"""Exercise 2: the output layer's error signal."""

import numpy as np

from bpteach.activations import Identity, Softmax
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker, twinned
from bpteach.exercises.language import _
from bpteach.losses import CrossEntropy, SumOfSquares


@twinned
def check_output_delta(output_delta):
    r"""Check ``output_delta(y, t)``, the output layer's error signal :math:`\delta = \partial E/\partial u`.

    It is run for both textbook pairs: identity output with the sum of
    squares (:math:`y` any numbers), and softmax output with cross-entropy
    (:math:`y` rows of probabilities, :math:`t` one-hot rows). In both,
    :math:`\delta` has the shape of :math:`y`, one row per sample
    (equations :eq:`delta-elementwise` and :eq:`delta-softmax`, and what
    they simplify to).

    Parameters
    ----------
    output_delta : callable
        ``output_delta(y, t) -> numpy.ndarray`` of shape (N, n_out).

    Returns
    -------
    CheckResult
        Compared with the general chain rule through bpteach's activations
        and losses, and with central differences of :math:`E` with respect
        to :math:`u`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_output_delta
    >>> def output_delta(y, t):
    ...     raise NotImplementedError("write the output delta here")
    >>> check_output_delta(output_delta).passed
    False
    """
    rng = np.random.default_rng(102)
    cases = []
    for n in (1, 5):
        u = rng.normal(size=(n, 1))
        t = rng.normal(size=(n, 1))
        y = Identity().forward(u)
        delta = Identity().backward(y, SumOfSquares().gradient(y, t))
        numeric = _central(lambda u=u, t=t: SumOfSquares()(Identity().forward(u), t), u)
        label = _("identity + sum of squares, {batch}").format(batch=_batch_label(n))
        cases.append(_Case(label, {"y": y, "t": t}, (delta,),
                           (numeric,), {"identity_fprime": ((y - t) * y * (1 - y),),
                                        "error_not_gradient": (0.5 * (y - t) ** 2,),
                                        "loss_not_gradient": (np.asarray(0.5 * np.sum((y - t) ** 2)),),
                                        # −t/y is no gradient here; named only if it is returned for
                                        # the softmax pair as well (the function cannot tell them apart)
                                        "cross_entropy_gradient": (-t / y,),
                                        "summed_over_batch": ((y - t).sum(axis=0),)}, n,
                           equation="delta-identity-sos",
                           quantities=(({"y": y, "t": t, "y - t": y - t}, "y - t"),)))
    for n in (1, 5):
        u = rng.normal(size=(n, 3))
        t = np.eye(3)[rng.integers(0, 3, size=n)]
        y = Softmax().forward(u)
        delta = Softmax().backward(y, CrossEntropy().gradient(y, t))
        numeric = _central(lambda u=u, t=t: CrossEntropy()(Softmax().forward(u), t), u)
        label = _("softmax + cross-entropy, {batch}").format(batch=_batch_label(n))
        cases.append(_Case(label, {"y": y, "t": t}, (delta,),
                           (numeric,), {"softmax_elementwise": ((y - t) * y * (1 - y),),
                                        "identity_fprime": ((y - t) * y * (1 - y),),
                                        "missing_softmax_backward": (-t / y,),
                                        "cross_entropy_gradient": (-t / y,),
                                        "error_not_gradient": [(-t * np.log(y),), (0.5 * (y - t) ** 2,)],
                                        "loss_not_gradient": [(np.asarray(-np.sum(t * np.log(y))),),
                                                              (np.asarray(0.5 * np.sum((y - t) ** 2)),)],
                                        "summed_over_batch": ((y - t).sum(axis=0),)}, n,
                           equation="delta-softmax-ce",
                           quantities=(({"y": y, "t": t, "y - t": y - t}, "y - t"),)))
    checker = _Checker(_("Exercise 2: the output layer's error signal δ"), "output_delta(y, t) -> delta",
                       ["delta"], {"delta": "delta-softmax-ce"}, tuple_output=False)
    return checker.run(output_delta, cases)

