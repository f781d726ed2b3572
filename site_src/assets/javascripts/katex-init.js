// Render the TeX math that pymdownx.arithmatex (generic mode) wraps as
// <span class="arithmatex">\(...\)</span>, with the KaTeX files shipped in assets/katex/.
// theme/main.html loads KaTeX and this script only on pages that have such spans.
// Only those spans are touched, so "$" in ordinary text is never read as math. A formula
// KaTeX cannot parse keeps its raw TeX (throwOnError: false shows it; the catch keeps it).
// Abstracts come from anyone, so KaTeX works within bounds (https://katex.org/docs/options):
// sizes such as \rule{1000em}{1em} or \kern are capped at maxSize em, a formula may expand
// macros (\def\a{\a\a}\a) at most maxExpand times, \href, \url, \includegraphics and
// \htmlClass stay off (trust: false), and LaTeX incompatibilities are accepted without a
// console warning (strict: "ignore"). digests.css keeps a wide formula inside the abstract.
// Runs once the page is parsed (this script comes after the page's content).
var KATEX_OPTIONS = { throwOnError: false, maxSize: 10, maxExpand: 200, strict: "ignore", trust: false };
document.querySelectorAll(".arithmatex").forEach(function (element) {
  var tex = element.textContent.trim();
  var display = tex.startsWith("\\[");
  if (tex.startsWith("\\(") || display) {
    tex = tex.slice(2, -2);
  }
  element.setAttribute("data-tex", tex);
  try {
    katex.render(tex, element, Object.assign({ displayMode: display }, KATEX_OPTIONS));
  } catch (error) {
    element.textContent = tex;
  }
});
