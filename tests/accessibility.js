// What tests/test_accessibility.py asks the page, by mode: "structure" (headings, language,
// names, charts, tables), "reflow" (overflow, cut-off and overlapping text), "motion" (how
// many transitions a scheme change starts), "focused" (the focused element), "links" (the
// visible links in document order).
mode => {
  const all = document.querySelectorAll("*")
  const indexOf = element => Array.prototype.indexOf.call(all, element)
  const shown = element => element.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    && !element.closest("[aria-hidden=true]")
    && element.getClientRects().length > 0
  const start = element => element.outerHTML.slice(0, element.outerHTML.indexOf(">") + 1)
  const name = element => (element.innerText || "").trim() || element.getAttribute("aria-label")
    || element.getAttribute("aria-labelledby") || element.getAttribute("title")
    || element.querySelector("img[alt]:not([alt=''])") || ""

  if (mode === "structure") {
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
      .filter(h => shown(h) && !h.closest(".md-search"))  // Material titles search results with h1
      .map(h => [Number(h.tagName[1]), h.innerText.trim()])
    const unnamed = [...document.querySelectorAll("a[href], button")]
      .filter(e => shown(e) && !name(e)).map(start)
    const charts = [...document.querySelectorAll("main svg")]
      .filter(svg => shown(svg) && !svg.closest("a, button, label, .md-icon, .twemoji"))
      .filter(svg => !svg.parentElement.closest("svg"))  // an svg inside a chart is part of its drawing
      .filter(svg => !(svg.getAttribute("role") === "img" && (svg.getAttribute("aria-label")
        || svg.getAttribute("aria-labelledby") || svg.querySelector(":scope > title")?.textContent.trim())))
      .map(start)
    const tables = [...document.querySelectorAll("main table")]
      .filter(table => !table.querySelector("th")).map(table => table.innerText.slice(0, 80))
    const skip = document.querySelector("a.md-skip")?.getAttribute("href") ?? null
    const h1 = document.querySelector(".md-content h1")
    return { lang: document.documentElement.lang, headings, unnamed, skip, "h1 id": h1 && h1.id,
      "charts without text": charts, "tables without header cells": tables }
  }

  if (mode === "reflow") {
    const problems = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width)
      problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`)
    const boxes = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const text = walker.currentNode, parent = text.parentElement
      if (!text.data.trim() || !shown(parent) || parent.closest("script, style, .md-search__output")) continue
      const range = document.createRange()
      range.selectNodeContents(text)
      for (const box of range.getClientRects())
        if (box.width > 0 && box.height > 0 && box.right > 0)  // right <= 0: the closed drawer
          boxes.push({ box, parent, text: text.data.trim().slice(0, 40) })
    }
    for (const { box, parent, text } of boxes) {
      for (let ancestor = parent; ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
        const overflow = getComputedStyle(ancestor).overflowX
        if (overflow === "auto" || overflow === "scroll") break  // scrolls within itself: allowed
        const clip = ancestor.getBoundingClientRect()
        if ((overflow === "hidden" || overflow === "clip") && (box.right > clip.right + 1 || box.left < clip.left - 1)) {
          problems.push(`"${text}" is cut off by ${start(ancestor)}`)
          break
        }
        if (ancestor.parentElement === document.body && box.right > width + 1)
          problems.push(`"${text}" runs out of the window`)
      }
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (x > 1 && y > 1) problems.push(`"${boxes[i].text}" overlaps "${boxes[j].text}"`)
      }
    return problems
  }

  if (mode === "motion") {
    document.body.setAttribute("data-md-color-scheme",
      document.body.getAttribute("data-md-color-scheme") === "slate" ? "default" : "slate")
    document.body.offsetHeight  // the style change starts its transitions now
    return document.getAnimations().length
  }

  if (mode === "focused") {
    const element = document.activeElement
    const shows = element.matches(".md-option") ? element.nextElementSibling : element  // palette toggle
    const style = getComputedStyle(shows)
    const box = shows.getBoundingClientRect()
    const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight
    const region = element.closest(".md-search") ? "search" : element.closest("article") ? "article"
      : element.closest("header") ? "header"
      : element.closest("nav") ? "nav" : element.closest("footer") ? "footer" : "other"
    return { index: indexOf(element), text: name(element).toString().trim(), html: start(element),
      href: element.href || "", in: region, "on screen": onScreen,
      outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 }
  }

  if (mode === "links")
    return [...document.querySelectorAll("a[href]")].filter(shown)
      .map(a => ({ index: indexOf(a), text: name(a).toString().trim() }))
}
