// Render the TeX math that pymdownx.arithmatex (generic mode) wraps as
// <span class="arithmatex">\(...\)</span>, with the KaTeX files shipped in assets/katex/.
// Only those spans are touched, so "$" in ordinary text is never read as math. A formula
// KaTeX cannot parse keeps its raw TeX (throwOnError: false shows it; the catch keeps it).
// Runs once the page is parsed (this script comes last), and again on each page that
// Material's instant navigation swaps in (document$), which does not fire on file:// pages.
function renderMath() {
  document.querySelectorAll(".arithmatex:not([data-tex])").forEach(function (element) {
    var tex = element.textContent.trim();
    var display = tex.startsWith("\\[");
    if (tex.startsWith("\\(") || display) {
      tex = tex.slice(2, -2);
    }
    element.setAttribute("data-tex", tex);
    try {
      katex.render(tex, element, { throwOnError: false, displayMode: display });
    } catch (error) {
      element.textContent = tex;
    }
  });
}

renderMath();
if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
}
