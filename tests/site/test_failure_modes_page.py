"""The failure-modes gallery page as built: every quiet failure shown on a real run."""

import re


def test_failure_modes_page_shows_the_caught_error(built_site):
    html, _ = built_site
    page = (html / "auto_examples" / "plot_failure_modes.html").read_text(encoding="utf-8")
    assert "TrainingDiverged: training diverged in epoch" in page
    assert "parameters finite afterwards: True" in page
    outputs = re.findall(r'class="sphx-glr-script-out.*?<pre>(.*?)</pre>', page, flags=re.S)
    # healthy run, learning rates, unscaled inputs, large weights, zero weights, sigmoid output,
    # tiny learning rate, summary; then the cells of the five quieter failures (inputs 0-99,
    # saturated sigmoid output, vanishing signal, dead ReLU and the best fit of two bends,
    # overfitting): 16 outputs in all
    assert len(outputs) == 16
    printed = re.sub(r"<[^>]+>", "", "".join(outputs)).replace("infinite or NaN", "")
    assert not re.search(r"\bnan\b|\binf\b", printed, flags=re.I), printed  # no value printed as nan/inf
    images = re.findall(r'src="\.\./(_images/sphx_glr_plot_failure_modes_\d+\.png)"', page)
    # six learning curves and the overfitting run, after the page's lead figure (a repeat of 002)
    assert images[0] == "_images/sphx_glr_plot_failure_modes_002.png", images
    assert len(images[1:]) == len(set(images[1:])) == 7, images
    # Every TrainingWarning shown on a real run (printed from the run's history.warnings).
    for kind in ("targets_out_of_range", "identical_units", "rising_error", "saturated_units", "no_progress",
                 "unscaled_inputs", "saturated_output", "vanishing_signal", "dead_units", "overfitting"):
        assert f"TrainingWarning [{kind}, " in page, kind
    assert "no warning" in outputs[0]  # the healthy run
