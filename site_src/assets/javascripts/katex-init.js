// Render the TeX math that pymdownx.arithmatex (generic mode) wraps as
// <span class="arithmatex">\(...\)</span>, with the KaTeX files shipped in assets/katex/.
// theme/main.html loads KaTeX and this script only on pages that have such spans.
// Only those spans are touched, so "$" in ordinary text is never read as math. A formula
// KaTeX cannot parse keeps its raw TeX (throwOnError: false shows it; the catch keeps it).
// Runs once the page is parsed (this script comes after the page's content).
document.querySelectorAll(".arithmatex").forEach(function (element) {
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
