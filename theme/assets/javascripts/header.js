/*
 * What Material's bundle does for the header and the keyboard, for a page that loads no
 * bundle of Material's (the search page, theme/search.html: its box must answer without
 * waiting for Material's start-up). Material's markup and CSS are used as they are:
 *
 * - <html> has the class `js` in place of `no-js` (set by the page's head, search.html, before
 *   the first frame; here too for a page without it), as the bundle does first;
 * - the palette toggle: the radio inputs of Material's partials/palette.html, one a palette
 *   of mkdocs.yml; the label after the palette in use shows (it selects the next one). The
 *   choice is stored as Material stores it (`__md_set("__palette", {index, color})`, under
 *   the site's scope; Material's docs read it back with `__md_get("__palette")`), so it
 *   carries to the other pages and back; the automatic palette follows the system's scheme
 *   as it changes; Enter on the toggle selects the next palette; the theme-color and
 *   color-scheme meta follow the header (the latter added only for a scheme other than
 *   light: added, it restyles the whole page);
 * - focus rings: Material's CSS outlines the header's buttons, the palette toggle and the
 *   navigation's links only with the class `focus-visible` (which the bundle's polyfill
 *   sets); it is set here where the browser's own :focus-visible matches;
 * - keys outside a text field, as Material's: Enter presses a focused label (the menu
 *   button), p or , follows the link to the previous page, n or . to the next;
 * - the back-to-top button stays hidden (Material shows it on scrolling up) and, as Material
 *   does while it is hidden, out of the tab order;
 * - a section of the navigation opened or closed (its checkbox) sets `aria-expanded` on
 *   the list its label names, as Material does.
 */
(function () {
  "use strict"
  document.documentElement.classList.replace("no-js", "js")

  var top = document.querySelector("[data-md-component=top]")
  if (top && top.hidden)
    top.setAttribute("tabindex", "-1")

  document.addEventListener("focusin", function (event) {
    if (event.target.matches(":focus-visible"))
      event.target.classList.add("focus-visible")
  })
  document.addEventListener("focusout", function (event) {
    event.target.classList.remove("focus-visible")
  })

  document.addEventListener("change", function (event) {
    var toggle = event.target
    var label = toggle.matches(".md-nav__toggle") && document.querySelector("label[for='" + toggle.id + "'][id]")
    var list = label && document.querySelector("[aria-labelledby='" + label.id + "']")
    if (list)
      list.setAttribute("aria-expanded", String(toggle.checked))
  })

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey ||
        event.target.closest("input, textarea, select, [contenteditable]"))
      return
    if (event.key === "Enter" && event.target instanceof HTMLLabelElement)
      event.target.click()
    var rel = { p: "prev", ",": "prev", n: "next", ".": "next" }[event.key]
    var link = rel && document.querySelector("link[rel=" + rel + "]")
    if (link)
      location.href = link.href
  })

  var form = document.querySelector("form[data-md-component=palette]")
  if (!form || typeof __md_get !== "function")
    return
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"))
  var light = matchMedia("(prefers-color-scheme: light)")
  /* The color-scheme meta only once the header's scheme is other than light: a page without
     it is light, and putting it in the page restyles every element (~2 ms of the main thread
     before the first frame, bench/README.md, issue 21) */
  var themeColor = meta("theme-color"), colorScheme = null
  var current = 0

  function meta(name) {
    var element = document.createElement("meta")
    element.name = name
    document.head.appendChild(element)
    return element
  }

  function attribute(input, key) {
    return input.getAttribute("data-md-color-" + key)
  }

  /* Show and store palette `index` (of the inputs); the automatic one takes the colours of
     the palette whose media query matches now. The body's attributes are set only where they
     change (each change restyles the whole page: at load Material's head script has mostly
     set them already), with Material's no-transitions attribute until the next frame; the
     meta follow the header's colours at the next frame, when the stylesheets are in (the
     page's script may run before them) and computing them costs no extra restyle. */
  function use(index) {
    current = index
    var input = inputs[index], color = {}
    var colours = attribute(input, "media") === "(prefers-color-scheme)"
      ? form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light.matches ? "light" : "dark") + ")']")
      : input
    color.media = attribute(input, "media")
    ;["scheme", "primary", "accent"].forEach(function (key) { color[key] = attribute(colours, key) })
    var body = document.body
    var changed = Object.keys(color).filter(function (key) { return body.getAttribute("data-md-color-" + key) !== color[key] })
    /* Material's CSS: no colour transitions while the colours change. The attribute matches
       every element (`[data-md-color-switching] *`): set and removed, it restyles the whole
       page twice, so only for a change of colours, not of `media` alone (no rule reads it;
       at a first visit the head has set the colours and the body lacks only `media`). */
    var recoloured = changed.some(function (key) { return key !== "media" })
    if (recoloured)
      body.setAttribute("data-md-color-switching", "")
    changed.forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]) })
    inputs.forEach(function (other, i) {
      var label = other.nextElementSibling
      if (label instanceof HTMLLabelElement)
        label.hidden = i !== index
    })
    __md_set("__palette", { index: index, color: color })
    requestAnimationFrame(function () {
      var header = getComputedStyle(document.querySelector("[data-md-component=header]"))
      if (colorScheme || header.colorScheme !== "light")
        (colorScheme = colorScheme || meta("color-scheme")).content = header.colorScheme
      themeColor.content = "#" + header.backgroundColor.match(/\d+/g).slice(0, 3).map(function (value) {
        return (+value).toString(16).padStart(2, "0")
      }).join("")
      if (recoloured)
        setTimeout(function () { body.removeAttribute("data-md-color-switching") })
    })
  }

  function stored() {
    var palette = __md_get("__palette")
    var index = palette && typeof palette.index === "number" ? palette.index : inputs.findIndex(function (input) {
      return matchMedia(attribute(input, "media")).matches
    })
    return Math.max(0, Math.min(index, inputs.length - 1))
  }

  inputs.forEach(function (input, index) {
    input.addEventListener("change", function () { use(index) })
  })
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter")
      return
    var next = inputs[(current + 1) % inputs.length]
    next.click()
    next.focus()
  })
  light.addEventListener("change", function () { use(stored()) })
  use(stored())
})()
