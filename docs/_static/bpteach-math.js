// Display formulas that are slightly too wide for their column (up to a
// fifth) are typeset a little smaller so that they fit; wider ones keep
// their size and scroll sideways, with the scroll shadows of bpteach.css.
// Runs once MathJax has typeset the page and its fonts are loaded, and
// again when the window is resized. When it is done, <html> carries data-bpteach-math="fitted".
(function () {
  "use strict";
  const SMALLEST = 0.8;  // never below 80 % of the normal size

  function fit() {
    for (const box of document.querySelectorAll('div.math > mjx-container[display="true"]')) {
      box.style.fontSize = "";
      const scale = box.clientWidth / box.scrollWidth;
      if (scale < 1 && scale >= SMALLEST) {
        box.style.fontSize = Math.floor(scale * 1000) / 10 + "%";
      }
    }
    document.documentElement.dataset.bpteachMath = "fitted";
  }

  let pending = false;
  window.addEventListener("resize", () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; fit(); });
    }
  });
  window.addEventListener("load", () => {
    // Measure once the formulas are typeset and MathJax's web fonts are in.
    const startup = window.MathJax && window.MathJax.startup;
    Promise.resolve(startup && startup.promise)
      .then(() => document.fonts.ready)
      .then(fit);
  });
})();
