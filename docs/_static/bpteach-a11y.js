// Code and output blocks that scroll can be reached from the keyboard (WCAG 2.1.1;
// axe-core's rule scrollable-region-focusable): each block wider than its box, or
// taller (sphinx-gallery caps the height of a long output), gets tabindex="0", so
// that Tab stops on it and the arrow keys scroll it, and a name that says what it
// is, in the page's language. Blocks that fit get neither, so Tab does not stop on
// every block of a page. Checked again when the window changes size (a phone
// turned sideways) and when a folded block (a hint, a solution) opens.
(() => {
  const japanese = document.documentElement.lang === "ja";
  const names = japanese
    ? {code: "コード（スクロールできます）", output: "出力（スクロールできます）"}
    : {code: "Code (scrolls)", output: "Output (scrolls)"};

  function isOutput(pre) {
    return pre.closest(".sphx-glr-script-out") !== null;
  }

  function mark() {
    for (const pre of document.querySelectorAll("article pre")) {
      const scrolls = pre.scrollWidth > pre.clientWidth || pre.scrollHeight > pre.clientHeight;
      if (scrolls && !pre.hasAttribute("tabindex")) {
        pre.setAttribute("tabindex", "0");
        pre.setAttribute("role", "region");
        pre.setAttribute("aria-label", isOutput(pre) ? names.output : names.code);
        pre.dataset.bpteachScrolls = "";
      } else if (!scrolls && pre.dataset.bpteachScrolls !== undefined) {
        pre.removeAttribute("tabindex");
        pre.removeAttribute("role");
        pre.removeAttribute("aria-label");
        delete pre.dataset.bpteachScrolls;
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("load", mark);
  document.addEventListener("toggle", mark, true);  // a folded hint or solution opened
  // Widths change again once the web fonts are in and MathJax has typeset the page.
  if (document.fonts) document.fonts.ready.then(mark);
  window.addEventListener("load", () => {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) startup.promise.then(mark);
  });
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(mark, 100);
  });
})();
