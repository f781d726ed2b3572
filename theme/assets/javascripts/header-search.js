/*
 * Material's search box in the header, on a page that loads no bundle of Material's (the home
 * page, theme/home.html: its box must answer without waiting for Material's start-up, which
 * held the main thread ~150 ms while the page loaded; bench/README.md, issue 21). Material's
 * markup and CSS are used as they are (partials/search.html): the box, the dialog its
 * `__search` toggle opens, the meta line and the result list. What the bundle does with them,
 * done here:
 *
 * - the box focused (or `/`, `s`, `f` pressed outside a text field, or the header's search
 *   button) opens the dialog; Escape, or the overlay, closes it and leaves the box;
 * - its text goes to the search worker on each `input` event (QUERY, Material's protocol:
 *   workers/paper-search.js), which the page's head started (window.paperSearchStart,
 *   partials/search-start.html, whose `connect` says when it is ready and passes its answers
 *   on); once the worker has its index it asks for the box's text and the first QUERY is
 *   sent then;
 * - RESULT ({items: [[{location, title, text, tags, arxiv, arxivFound}]], whole}: title, text
 *   and tags HTML that the worker escaped, the matched words marked; a paper found by its arXiv
 *   id, arxivFound, shows it under its title, as text) is listed as Material lists a result, the
 *   first SHOWN of them (not an answer to older words, on its way before the last QUERY: the
 *   worker says which text each answers, `query`), with the count in the meta line
 *   (`paperSearchStart.matching`, as the search page counts them: "6 matching papers" where
 *   Material says "6 matching documents"; "10+" until the worker says the list is whole,
 *   "3+" for a first answer of 3 before the proof of the others) and a link to every result
 *   on the search page;
 * - the meta line says what the search page's status line says of the words (the
 *   partial's `notice` and `nothing`: stop words, words in no paper, no paper holding every
 *   word, a one-letter last word), and when more results were found than are listed, how
 *   many are; while the worker checks a quoted phrase in many papers and found it in none
 *   yet, how many it read (`paperSearchStart.checking`), the older words' results taken off;
 * - the completion of the last word (the worker's `suggest`, search.suggest) is shown in
 *   the box's shadow; ArrowRight at the box's end takes it;
 * - ArrowDown and ArrowUp move from the box through the results' links and back, round; a
 *   letter or Backspace on a result goes back to the box, where it lands; Enter in the box
 *   opens the first result of its words (once they are answered); the reset button empties
 *   the box; the focus leaving the dialog by the keys closes it;
 * - Material's deep link `?q=…` opens the dialog with its query, and is taken off the
 *   address once the dialog closes;
 * - where the dialog covers the screen (a phone), the page behind it does not scroll
 *   (Material's `data-md-scrolllock` on the body) and is put back where it was.
 */
(function () {
  "use strict"
  var QUERY = 2                                       /* the worker's message (Material's protocol) */
  var SHOWN = 10                                      /* results listed, as Material lists at once */

  var started = window.paperSearchStart
  var dialog = document.querySelector("[data-md-component=search]")
  var toggle = document.getElementById("__search")
  if (!started || !dialog || !toggle)
    return
  var form = dialog.querySelector("form[name=search]")
  var box = form.elements.query
  var meta = dialog.querySelector(".md-search-result__meta")
  var suggest = form.querySelector(".md-search__suggest")
  var list = dialog.querySelector(".md-search-result__list")
  var root = new URL(started.root, location.href)
  var words = started.words
  var template = document.getElementById("paper-search-result")
  var shape = template && template.content.querySelector(".md-search-result__item")
  if (!shape)
    return
  var all = template.content.querySelector(".paper-search-all").cloneNode(true)   /* every result, on the search page */
  list.after(all)

  var ready = false
  var asked = null                 /* the text of the last QUERY */
  var listed = null                /* the text whose answer is listed */
  var opening = false              /* Enter was pressed before the box's words were answered */

  var worker = started.worker
  started.connect({
    ready: start,
    asked: function () { return asked },
    answer: function (data) {
      if (asked.trim() && asked === box.value)
        show(data)
    },
    failed: function () { meta.textContent = words.failed }
  })                               /* at once if the worker asked, or failed, before this script ran */

  function start() {
    if (ready)
      return
    ready = true
    meta.textContent = words.placeholder
    ask()
  }

  function ask() {
    var text = box.value
    if (!ready || text === asked)
      return
    asked = text
    opening = false
    if (suggest)
      suggest.textContent = ""
    if (!text.trim()) {
      worker.postMessage({ type: QUERY, data: "" })   /* stops the query under way */
      list.replaceChildren()
      listed = null
      all.hidden = true
      meta.textContent = words.placeholder
      return
    }
    worker.postMessage({ type: QUERY, data: text, whole: true })   /* tell me when the list is whole */
  }

  function show(answer) {
    var checking = started.checking(answer)
    if (checking !== null) {       /* a phrase checked in many papers, none found yet: not the older words' list */
      list.replaceChildren()
      all.hidden = true
      meta.textContent = checking
      return
    }
    var items = answer.items.map(function (group) { return group[0] })
    var focused = list.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null
    list.replaceChildren.apply(list, items.slice(0, SHOWN).map(result))
    list.setAttribute("role", "list")   /* as Material sets it once it lists results */
    listed = asked
    /* more may follow: the first SHOWN, or a first answer (not exact: its leading results, before the proof of the rest) */
    var more = answer.whole !== true && (items.length >= SHOWN || answer.exact === false)
    var count = items.length + (more ? "+" : "")
    /* no result: why, when it is not that no paper holds the words (nothing), else what the
       search page says; never the notice, whose "left out" and "these hold some of them" name results */
    meta.textContent = !items.length ? started.nothing(answer) || words.none :
      started.notice(answer) + started.matching(more ? count : items.length, items) +
      (items.length > SHOWN ? " (the first " + SHOWN + " listed)" : "")
    all.hidden = !items.length
    if (suggest)
      suggest.textContent = completed(answer.suggest)
    if (opening && items.length) {
      opening = false
      list.querySelector("a").click()
    }
    all.href = new URL("search/?query=" + encodeURIComponent(asked), root).href
    if (focused !== null)
      (list.querySelector("a[href='" + CSS.escape(focused) + "']") || box).focus()
  }

  /* The box's words with the last one completed by the worker's last suggestion (Material's
     rule: the suggestion starts with the word as typed), or "" */
  function completed(suggestions) {
    var parts = box.value.split(/([\s-]+)/)
    var last = parts[parts.length - 1]
    var word = suggestions && suggestions.length ? suggestions[suggestions.length - 1] : ""
    if (!last || !word || !word.startsWith(last))
      return ""
    parts[parts.length - 1] = word
    return parts.join("")
  }

  /* One result in Material's markup (the page's <template id="paper-search-result">): a link
     around an article with the title, the snippet and the tag labels. The link carries the
     words as Material's does (`?h=`), for the paper's page to mark them (search.highlight) */
  function result(item) {
    var entry = shape.cloneNode(true)
    var link = entry.querySelector("a")
    var url = new URL(item.location, root)
    url.searchParams.set("h", Object.keys(item.terms || {}).join(" ") || asked.trim())   /* the words it matched, as Material's */
    link.href = url.href
    var title = entry.querySelector("h1"), id = entry.querySelector(".paper-search-id")
    title.innerHTML = item.title
    if (item.arxivFound)           /* the paper the words named by its arXiv id: "arXiv:2401.12345", as text */
      id.querySelector("mark").textContent = item.arxiv
    else
      id.remove()
    ;(item.arxivFound ? id : title).insertAdjacentHTML("afterend", item.text)   /* as Material's: the article's own text */
    var tags = entry.querySelector(".md-tags"), chip = tags.firstElementChild
    tags.replaceChildren()
    ;(item.tags || []).forEach(function (label) {
      var tagChip = chip.cloneNode(false)
      tagChip.innerHTML = label
      tags.append(tagChip)
    })
    if (!tags.childNodes.length)
      tags.remove()
    return entry
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true
      toggle.dispatchEvent(new Event("change"))
    }
  }

  function close() {
    toggle.checked = false
    toggle.dispatchEvent(new Event("change"))
  }

  /* Material's scroll lock: where the dialog covers the screen, the page behind it stays
     where it was (fixed, at its scroll offset) while it is open, and is put back after */
  var covering = window.matchMedia("(max-width: 59.984375em)")
  function lockScroll(locked) {
    var body = document.body
    if (locked && covering.matches && !body.hasAttribute("data-md-scrolllock")) {
      body.style.top = -window.scrollY + "px"
      body.setAttribute("data-md-scrolllock", "")
    } else if (!locked && body.hasAttribute("data-md-scrolllock")) {
      var offset = -parseInt(body.style.top, 10) || 0
      body.removeAttribute("data-md-scrolllock")
      body.style.top = ""
      if (offset)
        window.scrollTo(0, offset)
    }
  }

  box.addEventListener("focus", open)
  box.addEventListener("input", ask)
  toggle.addEventListener("change", function () {
    lockScroll(toggle.checked)
    if (toggle.checked && document.activeElement !== box)
      box.focus()
    if (toggle.checked)
      return
    if (dialog.contains(document.activeElement))
      document.activeElement.blur()
    var address = new URL(location.href)
    if (address.searchParams.has("q")) {   /* Material's deep link: read, not kept */
      address.searchParams.delete("q")
      history.replaceState(history.state, "", address.pathname + address.search + address.hash)
    }
  })
  form.addEventListener("reset", function () {
    setTimeout(function () { ask(); box.focus() })   /* the box is emptied after the event */
  })
  form.addEventListener("submit", function (event) {
    event.preventDefault()
    var first = list.querySelector("a")
    if (first && listed === box.value)
      first.click()
    else
      opening = !!box.value.trim()       /* once the answer comes */
  })
  dialog.addEventListener("focusout", function (event) {
    if (toggle.checked && event.relatedTarget && !dialog.contains(event.relatedTarget))
      close()
  })

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented)
      return
    if (toggle.checked && dialog.contains(document.activeElement)) {
      if (event.key === "Escape") {
        event.preventDefault()
        close()
      } else if (document.activeElement !== box && (event.key.length === 1 || event.key === "Backspace")) {
        box.focus()                      /* the key lands in the box */
      } else if (event.key === "ArrowRight" && document.activeElement === box && suggest && suggest.textContent &&
                 box.selectionStart === box.value.length) {
        box.value = suggest.textContent
        ask()
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var stops = [box].concat(Array.prototype.slice.call(list.querySelectorAll("a")))
        var at = stops.indexOf(document.activeElement)
        if (at < 0)
          return
        event.preventDefault()
        stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus()
      }
      return
    }
    if ((event.key === "/" || event.key === "s" || event.key === "f") &&
        !event.target.closest("input, textarea, select, [contenteditable]")) {
      event.preventDefault()
      open()
      box.focus()
    }
  })

  var deep = new URLSearchParams(location.search).get("q")
  if (deep) {
    box.value = deep
    open()
    box.focus()
    ask()
  }
})()
