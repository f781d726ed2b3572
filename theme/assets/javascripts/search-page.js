/*
 * The search page (theme/search.html, at search/): its form, its results and its address.
 *
 * It runs where the template puts it, right after the form (the page loads no bundle of
 * Material's), so the box answers as soon as the page shows. It takes over the search worker
 * that the page's head started (window.paperSearchStart, partials/search-start.html, whose
 * `connect` wires the worker's start and answers; workers/paper-search.js, the one Material's
 * search box talks to through theme/main.html) and speaks the worker's messages: QUERY with
 * the box's text, RESULT with the results ({items: [[{location, title, text, tags, date,
 * also, arxiv, arxivFound, …}]]}: title and text HTML that the worker escaped, the matched
 * words marked; tags escaped labels; date the paper's first listed day, also the other days
 * it was listed on; arxiv its arXiv id, as text, arxivFound when the words named it). The worker reads
 * search/search_index.json itself and, once it has it, asks on the BroadcastChannel named in
 * its URL fragment for the box's value (`null`): that is when the page sends its first QUERY.
 * Without BroadcastChannel the page sends the worker the index itself (SETUP) and waits for
 * READY.
 *
 * The query and the filters live in the address (?query=…&tag=…&from=…&to=…), read at load,
 * so a shared address shows the same results (Material's deep link ?q=… is read as ?query=…).
 * The address follows the filters at once and the box once typing pauses (TYPING_PAUSE) or
 * the box is left (a result clicked or reached by the keys, the form sent): each replacement
 * is a same-document navigation that the browser commits on its main thread (its address
 * bar, the session history: a 5-6 ms task traced after the first key, 45 ms and more under
 * load; bench/README.md, issue 21), which the next keys waited for.
 * The tag is named by its slug, which stays when its label is reworded: the site's
 * tags/tags.json (the generator's, generator/pages/tag_pages.py) gives each slug's label and
 * the former slugs, read when the address names a tag or one is chosen; a former slug or a label in the address is read as its tag (and the address
 * rewritten with the slug), a name of no tag is said in the status line; it also gives each
 * tag's page, to which a result's tag chips link (read once a result has tags: the chips are
 * links from then on). Without that file (a build without the generator) the address names
 * the tag by its label, and the chips link nowhere. The keys that open Material's search on the other
 * pages (/, s, f) focus the box; ArrowDown and ArrowUp move from the box through the results'
 * links and back, round, as in Material's search; Escape on a result goes back to the box. A
 * result keeps the focus when later answers replace the list (the same paper's link, else the
 * one at its place, else the box). While the last word is one letter, which the worker
 * searches only as a whole word, no results are no verdict: the status asks for more. While the
 * worker checks a quoted phrase in many papers, the status says how many it read (`checking`). The filters
 * keep the results received whose tags hold the tag and that were listed on a day in the
 * range (any of the days a paper was listed on; the result shows the first of them in range); the tag
 * list offers the tags of the results received in the date range, with their counts (what
 * choosing one would show). They are behind the
 * "Filters" button, their fields built from the page's <template> when it is first opened
 * (at once when the address holds a filter): a date field costs the first frame its inner
 * fields' style and layout; the button says how many filters are set ("Filters: 2 set"). The
 * date fields are bounded by the archive's first and last day (tags/tags.json's `days`);
 * "Clear filters" empties the three and the address keeps the words only. PAGE results are listed,
 * "Show more results" adds as many again and moves the focus to the first it added (the last
 * press hides the button: the focus fell to the page); the status line then says how many are
 * listed ("; 40 listed", "; all listed").
 */
(function () {
  "use strict"
  var QUERY = 2                                       /* the worker's message (Material's protocol) */
  var TAGS = "tags/tags.json"                         /* {tags: [[slug, label], …], aliases: {former slug: slug}} */
  var PAGE = 20                                       /* results listed at first, and added by "Show more" */
  var TYPING_PAUSE = 400                              /* ms without a key before the address follows the box */
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  var form = document.getElementById("paper-search")
  var started = window.paperSearchStart     /* the worker, started by the page's head (search.html) */
  if (!form || !started)
    return
  var box = form.elements.query
  /* The filters' fields, once built (buildFilters); until then their values, all empty */
  var tag = { value: "" }, from = { value: "" }, to = { value: "" }
  var filtersToggle = document.getElementById("paper-search-filters-toggle")
  var filterFields = document.getElementById("paper-search-filter-fields")
  var filtersSet = document.getElementById("paper-search-filters-set")
  var status = document.getElementById("paper-search-status")
  var list = document.getElementById("paper-search-results")
  var more = document.getElementById("paper-search-more")
  var root = started.root
  var shape = document.getElementById("paper-search-result").content.firstElementChild

  var ready = false
  var asked = null                 /* the text of the last QUERY */
  var items = []                   /* the newest answer's results */
  var answers = 0                  /* answers received for `asked` */
  var checking = null              /* what the worker says while it checks a phrase (paperSearchStart.checking), before an answer */
  var answer = null                /* the newest answer: {items, exact, all, missing, whole} */
  var kept = []                    /* the results the filters keep */
  var limit = PAGE                 /* how many of them are listed */
  /* Back from a result's page (where the browser kept no copy of this one: it runs again),
     the state the result was opened from (history.state: `opened`, its link's href, and
     `listed`, how many results were listed); once an answer lists it, it gets the focus (so
     is scrolled to). Anything the reader does first (a key, a click) leaves the focus be; the
     results are listed as many as then all the same. */
  var back = history.state && history.state.opened ? history.state : null
  var listedBack = back && back.listed > 0 ? Math.min(Math.floor(back.listed), 50 * PAGE) : 0   /* for the first query only (a number, at most 50 pages) */
  var labels = new Map()           /* escaped label → text */
  var tagNames = null              /* once tags/tags.json is read: {label: slug → label, slug: label → slug, pages: slug → [papers, URL from the root]}; false without it */
  var reading = null               /* the promise of reading it */
  var addressTimer = 0             /* the box's words waiting to reach the address (rememberSoon) */

  var params = new URLSearchParams(location.search)
  if (params.has("query") || params.has("q"))     /* not over words typed before this script ran */
    box.value = params.get("query") || params.get("q")
  if (params.get("tag") || params.get("from") || params.get("to"))
    openFilters(true)
  from.value = aDay(params.get("from"))
  to.value = aDay(params.get("to"))
  /* A day the address gives that is no date (left out): said until a day is chosen */
  var undated = [["from", from], ["to", to]].filter(function (pair) {
    return params.get(pair[0]) && !pair[1].value
  }).map(function (pair) {
    return "The address's “" + pair[0] + "” day, “" + params.get(pair[0]) + "”, is not a day (YYYY-MM-DD), so it is left out. "
  }).join("")
  /* The address's tag (a slug; a former slug or a label is read too) until tags/tags.json says
     which it is; then, if it is none, said until a tag is chosen */
  var wanted = params.get("tag") || ""
  var untagged = ""
  tagOptions([], "")
  if (wanted)
    readTags().then(function (names) {
      if (!wanted)                 /* the filters were cleared meanwhile */
        return
      var label = !names ? wanted
        : names.label.get(wanted) || (names.slug.has(wanted) ? wanted : names.folded.get(folded(wanted)) || null)
      if (label === null)
        untagged = "The address's tag, “" + wanted + "”, is no tag of this site, so it is left out. "
      else
        tagOptions([], label)
      wanted = ""
      show()
      remember()
    })

  var worker = started.worker

  box.addEventListener("input", function () { ask(); rememberSoon() })
  box.addEventListener("blur", rememberNow)
  filtersToggle.addEventListener("click", function () { openFilters(filterFields.hidden) })
  list.addEventListener("click", function (event) {
    var link = event.target.closest(".paper-title a")
    if (link)
      history.replaceState(Object.assign({}, history.state, { opened: link.getAttribute("href"), listed: limit }), "")
  })
  ;["keydown", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function () { back = null }, true)
  })
  more.addEventListener("click", function () {
    var added = kept.slice(limit, limit + PAGE).map(result)
    list.append.apply(list, added)
    limit += PAGE
    /* the focus on the first result added: the button is gone after the last press, and the
       focus would fall to the page (the next Tab starting at its top); the status says how many are listed */
    var first = added.length && added[0].querySelector(".paper-title a")
    if (first)
      first.focus()
    more.hidden = kept.length <= limit
    sayFound()
  })
  form.addEventListener("submit", function (event) {
    event.preventDefault()         /* the results follow the box already */
    ask()
    rememberNow()
  })
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey)
      return
    if (["/", "s", "f"].indexOf(event.key) >= 0 && !event.target.closest("input, textarea, select, [contenteditable]")) {
      event.preventDefault()
      box.focus()
    }
    if (event.key === "Escape" && list.contains(event.target)) {
      event.preventDefault()       /* from a result back to the box, its words kept */
      box.focus()
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [box].concat(resultLinks())
      var at = stops.indexOf(event.target)
      if (at < 0 || stops.length < 2)
        return
      event.preventDefault()
      stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus()
    }
  })
  show()
  started.connect({                /* partials/search-start.html: at once if the worker asked, or failed, before this script ran */
    ready: start,
    asked: function () { return asked },
    answer: function (data) {
      checking = started.checking(data)
      if (checking === null) {     /* a phrase checked in many papers, none found yet: no answer */
        items = data.items.map(function (group) { return group[0] })
        answer = data
        answers++
      }
      show()
    },
    failed: failed
  })

  /* `text` when it is a day as a date field holds it (YYYY-MM-DD, a day of the calendar),
     else "": the field would drop it, with a warning on the console */
  function aDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || ""))
      return ""
    var day = new Date(text + "T00:00:00Z")
    return !isNaN(day) && day.toISOString().slice(0, 10) === text ? text : ""
  }

  /* The tags of each result received, as text */
  function resultTags() {
    return items.map(function (item) { return (item.tags || []).map(unescape) })
  }

  /* The first day a result was listed on within the filters' range of days (YYYY-MM-DD), or
     undefined when none is; "" for a page (it has no day: in range only when no day is set) */
  function dayInRange(item) {
    var days = item.date ? [item.date].concat(item.also || []) : [""]
    return days.filter(function (day) {
      return (!from.value || (day && day >= from.value)) && (!to.value || (day && day <= to.value))
    })[0]
  }

  /* Whether a result was listed on a day in the filters' range */
  function inRange(item) {
    return dayInRange(item) !== undefined
  }

  /* The tag list's counts: the tags of the results received that the date filter keeps, so
     that a tag's count is how many results choosing it would show */
  function tagOptionsInRange(tags, chosen) {
    tagOptions(tags.filter(function (labels, i) { return inRange(items[i]) }), chosen, items.length > 0)
  }

  /* Put the filters' fields in place (once; their values kept), and show or hide them */
  function openFilters(open) {
    if (!(tag instanceof HTMLElement)) {
      filterFields.appendChild(document.getElementById("paper-search-filter-template").content.cloneNode(true))
      var values = [tag.value, from.value, to.value]
      tag = form.elements.tag
      from = form.elements.from
      to = form.elements.to
      from.value = values[1]
      to.value = values[2]
      tagOptionsInRange(resultTags(), values[0])
      readTags().then(function (names) {   /* the archive's first and last day bound the date fields */
        if (names && names.days)
          [from, to].forEach(function (field) {
            field.min = names.days[0]
            field.max = names.days[1]
          })
      })
      document.getElementById("paper-search-clear").addEventListener("click", function () {
        wanted = untagged = undated = ""   /* what the address got wrong goes with it */
        tag.value = from.value = to.value = ""
        show()
        remember()
      })
      tag.addEventListener("change", function () {
        untagged = ""
        show()
        remember()
        readTags().then(function () {   /* the tag's slug and page, once known */
          remember()
          show()
        })
      })
      from.addEventListener("change", function () { undated = ""; show(); remember() })
      to.addEventListener("change", function () { undated = ""; show(); remember() })
    }
    filterFields.hidden = !open
    filtersToggle.setAttribute("aria-expanded", String(open))
  }

  function failed() {
    say(started.words.failed)
  }

  function start() {
    if (ready)
      return
    ready = true
    ask()
  }

  /* Send the box's text to the worker, unless it was the last one sent (or is empty and
     nothing was sent: the worker takes its first query for one pasted, not typed) */
  function ask() {
    var text = box.value
    if (!ready || text === asked || (asked === null && !text.trim()))
      return
    asked = text
    answers = 0
    checking = null
    limit = Math.max(PAGE, listedBack)
    listedBack = 0
    if (!text.trim()) {
      items = []
      worker.postMessage({ type: QUERY, data: "" })   /* stops the query under way */
      show()
      return
    }
    worker.postMessage({ type: QUERY, data: text, whole: true })   /* tell me when the list is whole */
  }

  /* A tag as typed, for a loose match: lower case, runs of spaces and underscores as one hyphen */
  function folded(text) {
    return text.trim().toLowerCase().replace(/[\s_]+/g, "-")
  }

  /* The site's tags (tags/tags.json), read once: resolves to {label, slug, folded, pages,
     days} (Maps: a slug or former slug → label, a label → slug, any of them folded → label,
     a slug → [papers, its page]; days: the archive's first and last day, or null), or false
     when the file cannot be read */
  function readTags() {
    if (!reading)
      reading = fetch(new URL(TAGS, new URL(root, location.href)))
        .then(function (response) {
          if (!response.ok)
            throw new Error(TAGS + ": " + response.status)
          return response.json()
        })
        .then(function (data) {
          var label = new Map(data.tags), slug = new Map()
          data.tags.forEach(function (pair) { slug.set(pair[1], pair[0]) })
          Object.keys(data.aliases).forEach(function (former) {
            if (!label.has(former) && label.has(data.aliases[former]))
              label.set(former, label.get(data.aliases[former]))
          })
          /* what was typed by hand: any case, spaces or underscores for hyphens ("video generation") */
          var loose = new Map()
          label.forEach(function (name, key) { loose.set(folded(key), name) })
          slug.forEach(function (_, name) { if (!loose.has(folded(name))) loose.set(folded(name), name) })
          return tagNames = { label: label, slug: slug, folded: loose, pages: new Map(Object.entries(data.pages || {})),
                              days: data.days || null }
        })
        .catch(function () { return tagNames = false })
    return reading
  }

  /* The address: the query and the filters set (the tag by its slug, once known) */
  function remember() {
    clearTimeout(addressTimer)
    addressTimer = 0
    var next = new URLSearchParams()
    if (box.value)
      next.set("query", box.value)
    if (tag.value)
      next.set("tag", tagNames && tagNames.slug.get(tag.value) || tag.value)
    if (from.value)
      next.set("from", from.value)
    if (to.value)
      next.set("to", to.value)
    var search = next.toString()
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash)
  }

  /* The address once typing pauses; at once (rememberNow) when the box is left or the form sent */
  function rememberSoon() {
    clearTimeout(addressTimer)
    addressTimer = setTimeout(remember, TYPING_PAUSE)
  }

  function rememberNow() {
    if (addressTimer)
      remember()
  }

  /* The status line: `text`, then a link when given ({text, href}) */
  function say(text, link) {
    status.textContent = text
    if (link) {
      var a = document.createElement("a")
      a.href = link.href
      a.textContent = link.text
      status.append(" ", a)
    }
  }

  /* An escaped label (the worker's) as text */
  function unescape(html) {
    if (!labels.has(html)) {
      var template = document.createElement("template")
      template.innerHTML = html
      labels.set(html, template.content.textContent)
    }
    return labels.get(html)
  }

  /* 2025-03-18 → 18 Mar 2025 (as the site's listings write it) */
  function shortDate(iso) {
    var parts = iso.split("-")
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0]
  }

  /* The tag list: "Any tag", the tags of `found` (label → count), most frequent first, and
   `chosen` (kept even when no result has it); counts shown when `counted` (without any result
   received, as no words were typed, there are none: its papers are not counted, not none) */
  function tagOptions(found, chosen, counted) {
    if (!(tag instanceof HTMLElement))   /* not built yet: only the value */
      return void (tag.value = chosen)
    var counts = new Map()
    found.forEach(function (labels) {
      labels.forEach(function (label) { counts.set(label, (counts.get(label) || 0) + 1) })
    })
    if (chosen && !counts.has(chosen))
      counts.set(chosen, 0)
    var labels = Array.from(counts.keys()).sort(function (a, b) {
      return counts.get(b) - counts.get(a) || a.localeCompare(b)
    })
    var options = [new Option("Any tag", "")]
    labels.forEach(function (label) {
      var count = counted ? " (" + counts.get(label) + ")" : ""
      options.push(new Option(label + count, label, false, label === chosen))
    })
    tag.replaceChildren.apply(tag, options)
    tag.value = chosen
  }

  /* The results' links, in the list's order */
  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".paper-title a"))
  }

  /* The listed result linking to `href` (as its link's attribute gives it), else undefined */
  function resultLink(href) {
    return resultLinks().filter(function (link) { return link.getAttribute("href") === href })[0]
  }

  /* The list replaced by `entries`, a result's focus kept: on the same paper's link when it is
     still listed, else on the link at its place (the last when fewer), else on the box (a
     removed element's focus would fall to the page, and the arrow keys would stop working) */
  function relist(entries) {
    var focused = list.contains(document.activeElement) ? document.activeElement : null
    var at = focused ? resultLinks().indexOf(focused) : -1, href = focused && focused.getAttribute("href")
    list.replaceChildren.apply(list, entries)
    if (!focused)
      return
    var links = resultLinks()
    ;(resultLink(href) || links[Math.min(Math.max(at, 0), links.length - 1)] || box).focus()
  }

  function show() {
    if (wanted) {                  /* the address's tag is not known yet: nothing to filter by */
      relist([])
      more.hidden = true
      return say(box.value.trim() ? "Searching…" : "")
    }
    var tags = resultTags()
    tagOptionsInRange(tags, tag.value)
    var set = [tag.value, from.value, to.value].filter(Boolean).length
    filtersSet.textContent = set ? ": " + set + " set" : ""
    kept = items.filter(function (item, i) {
      return (!tag.value || tags[i].indexOf(tag.value) >= 0) && inRange(item)
    })
    relist(kept.slice(0, limit).map(result))   /* thousands at once would be slow */
    if (!reading && kept.some(function (item) { return item.tags }))
      readTags().then(show)        /* the chips' pages: listed again as links once known */
    var leaving = document.activeElement === more
    more.hidden = kept.length <= limit
    if (leaving && more.hidden)    /* fewer results now (another answer, a filter): the focus on the last listed, not the page */
      (resultLinks().pop() || box).focus()
    if (back) {
      var opened = resultLink(back.opened)
      if (opened || (answer && answer.whole))
        back = null
      if (opened)
        opened.focus()
    }
    sayFound()
  }

  /* The status line, for the results listed (show) */
  function sayFound() {
    var backwards = undated + untagged + (from.value && to.value && from.value > to.value ?
      "The “from” day, " + shortDate(from.value) + ", is after the “to” day, " + shortDate(to.value) +
      ": no day is in between. " : "")
    if (!(asked === null ? box.value : asked).trim())
      return backwards ? say(backwards.trim()) : say(filtersWithoutWords(), tagPage())
    if (asked === null || !answers)
      return say(backwards + (checking || "Searching…"))
    if (!items.length)              /* after what the address got wrong, as with results */
      return say(backwards + (started.nothing(answer) || started.words.none))
    var partial = !answer.whole      /* the first results: the rest follows when there are more */
    /* counted as the home page counts them (paperSearchStart.matching): "6 matching papers" */
    var found = partial ? "The first " + started.matching(items.length === 1 ? null : items.length, items) :
      started.matching(items.length, items)
    var filtered = kept.length < items.length
    /* once "Show more results" was pressed, how many are listed ("all" when the button went) */
    var listed = limit > PAGE && kept.length > PAGE ? "; " + (kept.length > limit ? limit : "all") + " listed" : ""
    say(started.notice(answer) + backwards + found + (filtered ? "; the filters keep " + kept.length : "") +
      listed + (partial ? "; more may follow" : ""))
  }

  /* With no words typed: what the filters set will keep, and that words are needed ("" when
     no filter is set) */
  /* The chosen tag's page, as a link for the status line ({text, href}), once tags/tags.json
     says it has one (papers carry it); else null. Without words the results are none, but
     every paper of a tag is on its page */
  function tagPage() {
    var slug = tag.value && tagNames && tagNames.slug.get(tag.value)
    var page = slug && tagNames.pages.get(slug)
    if (!page)
      return null
    return { text: "Or see " + (page[0] === 1 ? "its paper" : "all " + page[0] + " of its papers") + " on the tag’s page.", href: root + page[1] }
  }

  function filtersWithoutWords() {
    var which = []
    if (tag.value)
      which.push("tagged “" + tag.value + "”")
    if (from.value && to.value)
      which.push("listed from " + shortDate(from.value) + " to " + shortDate(to.value))
    else if (from.value)
      which.push("listed from " + shortDate(from.value) + " on")
    else if (to.value)
      which.push("listed up to " + shortDate(to.value))
    return which.length ? "Type words to search the papers " + which.join(" and ") + "." : ""
  }

  /* The page of the tag labelled `label` ([papers, URL from the root], tags/tags.json's), or
     undefined: none, or the file not read yet */
  function tagPageOf(label) {
    return tagNames ? tagNames.pages.get(tagNames.slug.get(label)) : undefined
  }

  /* One result: its title (a link to its page), snippet, date and tag chips (links to the
     tags' pages, the site's slugs: tags/tags.json, read once a result has tags), in the
     markup of the page's <template id="paper-search-result"> */
  function result(item) {
    var entry = shape.cloneNode(true)
    var link = entry.querySelector(".paper-title a")
    link.href = root + item.location
    link.innerHTML = item.title
    entry.querySelector(".paper-summary").innerHTML = item.text
    var byline = entry.querySelector(".paper-byline")
    var day = byline.querySelector(".paper-byline__day"), chip = byline.querySelector(".md-tag")
    var id = byline.querySelector(".paper-byline__id")
    byline.replaceChildren()
    var shown = dayInRange(item)   /* the first day listed, or the first in the filters' range */
    if (shown) {
      day.dateTime = shown
      day.textContent = shortDate(shown)
      byline.append(day, " ")
    }
    if (item.arxiv) {              /* as text: "arXiv:2401.12345", the id marked when the words named it */
      var number = id.querySelector("mark")
      number.textContent = item.arxiv
      if (!item.arxivFound)
        number.replaceWith(item.arxiv)
      byline.append(id, " ")
    }
    ;(item.tags || []).forEach(function (label) {
      var tagChip = chip.cloneNode(false), page = tagPageOf(unescape(label))
      tagChip.innerHTML = label
      if (page)
        tagChip.href = root + page[1]
      else
        tagChip.removeAttribute("href")   /* no link (yet): a chip, as the listings' without a page */
      byline.append(tagChip, " ")
    })
    if (!byline.childNodes.length)
      byline.remove()
    return entry
  }
})()
