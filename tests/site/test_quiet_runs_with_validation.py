"""The textbook runs stay quiet with held-out data too: seeds 0-19, both tasks, every other
sample held out. In the slow tier (``make test``, not ``make check``) because it trains forty
full textbook runs, about a minute; the package tier's
``tests/package/test_diagnostics_quiet_failures.py`` tests each new warning on its own.
"""

import numpy as np
from helpers import kinds, regression_network, train_quietly

from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax
from bpteach.datasets import sin_boundary, sin_curve


def test_no_overfitting_is_said_without_validation_data_or_on_the_textbook_runs_with_it():
    """Seeds 0-19 of both textbook runs, every other sample held out: no warning at all."""
    for (x, t), make, epochs in [(sin_curve(), regression_network, 2001),
                                 (sin_boundary(), None, 101)]:
        for seed in range(20):
            rng = np.random.default_rng(seed)
            if make is None:
                net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
                              loss=CrossEntropy())
            else:
                net = make(rng)
            history = train_quietly(net, x[::2], t[::2], seed=seed, epochs=epochs,
                                    validation=(x[1::2], t[1::2]))
            assert history.warnings == [], (seed, kinds(history))
