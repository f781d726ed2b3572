/*
 * Search worker for the paper-digest site, in place of Material for MkDocs' own.
 *
 * It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT), so Material's
 * search box, result list and keyboard handling stay as they are. It builds no index: a
 * lunr index was built from the catalog when the site was built (generator/output/search_index.py,
 * whose docstring gives the FORMAT of the files) and it answers as lunr 2.3.9's
 * Index.query would, without lunr.js:
 *
 * - every query word is a required clause, a prefix when longer than one character
 *   (lunr's `+word*`): the results, and Material's count, are the documents holding every
 *   word; when none does, the documents holding some of them (lunr's optional clauses);
 * - a quoted part, and a CJK word of three or more characters, must appear as a phrase;
 * - a document's score is Σ weight × impact / |q| over the index terms the clauses expand
 *   to (see generator/output/search_index.py), ranked best first, equal scores by document.
 *
 * Bounded reads: for each word it fetches the lexicon shard holding its terms, whose rows
 * carry each term's best postings (by impact). It answers as soon as those prove the first
 * SHOWN results and their order (no other document can score higher: `certified`); when
 * they cannot, it reads more of a term's postings, block by block, the term that leaves
 * most unknown first. Past GUESS_AFTER postings it answers with its best guess from what it
 * read (common words: many papers score alike), then goes on reading until the first
 * results are proven and answers again (the message's `exact` says which). Once the query
 * has stayed the same for REST_DELAY ms it reads the rest and answers with every result. Each result shown fetches its document file (title, tag
 * labels, authors, abstract): the snippet is cut around the matched words.
 *
 * The tokenizing (indexText, tokens, parseQuery) mirrors generator/output/search_index.py and
 * tests/search_oracle.py, and tests hold the answers equal to the lunr package's.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

const W = "\\p{L}\\p{N}_"
/* generator.output.search_index.SEPARATOR */
const SEPARATOR = new RegExp(`[^${W}.]+|\\.(?![${W}])|(?<![${W}])\\.`, "gu")
/* generator.output.search_index.CJK_CHARS */
const CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff" +
  "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3134f}"
const CJK_RUN = new RegExp(`[${CJK}]+`, "gu")
const HAS_CJK = new RegExp(`[${CJK}]`, "u")

const site = new URL("../../../", self.location.href)
const SHOWN = 10                   /* results Material renders at once: the first answer */
const REST_DELAY = 300             /* ms without a new query before every result is fetched */
const GUESS_AFTER = 3000           /* postings read beyond the best ones before the first answer may be a guess */
const PHRASE_CHECKS = 1000         /* documents read at most to check a phrase (the count then says "at least") */
let shards = { dir: "search/", version: "", first: [], count: 0, chunk: 1, stopWords: [] }
let stopWords = new Set()
const fetched = new Map()          /* path → Promise of its JSON */
let latest = 0

async function fetchJSON(path) {
  if (!fetched.has(path))
    fetched.set(path, fetch(new URL(`${shards.dir}${path}?v=${shards.version}`, site)).then(response => {
      if (!response.ok)
        throw new Error(`search file ${path}: HTTP ${response.status}`)
      return response.json()
    }).catch(err => { fetched.delete(path); throw err }))
  return fetched.get(path)
}

/* ---- tokens: generator.output.search_index.index_text, tests/search_oracle.py tokens/parse_query */

function bigrams(run) {
  const chars = [...run]
  if (chars.length === 1)
    return [run]
  const out = []
  for (let i = 0; i + 1 < chars.length; i++)
    out.push(chars[i] + chars[i + 1])
  return out
}

function indexText(value) {
  return value.replace(SEPARATOR, " ").replace(CJK_RUN, run => " " + bigrams(run).join(" ") + " ")
}

function tokens(text) {
  return indexText(text).toLowerCase().split(/[\s\-]+/).filter(Boolean)
}

/* {terms, phrases, runs}: see tests/search_oracle.py parse_query; `runs` are the query's
   CJK runs, highlighted as they are */
function parseQuery(query) {
  const words = [], phrases = [], runs = []
  for (const match of query.matchAll(/"([^"]*)(?:"|$)|[^"]+/g)) {
    const part = match[0].startsWith('"') ? match[1] : match[0]
    const found = tokens(part)
    if (match[0].startsWith('"') && found.length)
      phrases.push(found)
    words.push(...found)
    for (const run of part.match(CJK_RUN) || []) {
      runs.push(run)
      if (!match[0].startsWith('"') && [...run].length >= 3)
        phrases.push(tokens(run))
    }
  }
  const terms = [...new Set(words)]
  const kept = terms.filter(term => !stopWords.has(term))
  return { terms: kept.length ? kept : terms, phrases, runs }
}

function holdsPhrase(doc, phrase) {
  const [, title, tags, authors, text] = doc
  for (const value of [title, authors.split(", ").join(" "), tags.join(" "), text]) {
    const words = tokens(value)
    outer: for (let i = 0; i + phrase.length <= words.length; i++) {
      for (let j = 0; j < phrase.length; j++)
        if (words[i + j] !== phrase[j])
          continue outer
      return true
    }
  }
  return false
}

/* ---- the lexicon */

/* The last lexicon shard whose first term is <= term (JavaScript string order, as built) */
function shardOf(term) {
  let lo = 0, hi = shards.first.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (shards.first[mid] <= term) lo = mid
    else hi = mid - 1
  }
  return lo
}

const isPrefix = term => [...term].length > 1

/* The rows [term, df, best postings, rest] that clause `term` expands to: every index term
   it is a prefix of, or itself when one character long */
async function expand(term) {
  const last = isPrefix(term) ? shardOf(term + "\uffff") : shardOf(term)
  const rows = [], numbers = []
  for (let n = shardOf(term); n <= last; n++)
    numbers.push(n)
  const loaded = await Promise.all(numbers.map(n => fetchJSON(`terms/${n}.json`)))
  for (const terms of loaded) {
    let lo = 0, hi = terms.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (terms[mid][0] < term) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < terms.length && terms[i][0].startsWith(term); i++)
      if (isPrefix(term) || terms[i][0] === term)
        rows.push(terms[i])
  }
  return rows
}

/* A term's postings as far as fetched: {flat: [doc, impact, …], blocks still unread,
   complete, threshold: the last impact read while blocks are unread, else 0} */
const postingsOf = new Map()
function postings(row) {
  if (!postingsOf.has(row[0])) {
    const [, , flat, blocks] = row
    postingsOf.set(row[0], { flat, blocks, complete: !blocks.length, threshold: blocks.length ? flat[flat.length - 1] : 0 })
  }
  return postingsOf.get(row[0])
}

/* Read the next block of `term`'s postings (`all`: every block left) */
async function readMore(term, all = false) {
  const p = postingsOf.get(term)
  do {
    if (p.complete)
      return
    const wanted = all ? p.blocks : p.blocks.slice(0, 1)
    const blocks = await Promise.all(wanted.map(fetchJSON))
    if (p.blocks[0] === wanted[0]) {   /* else read meanwhile, by an earlier query */
      const flat = p.flat.concat(...blocks)
      const left = p.blocks.slice(wanted.length)
      Object.assign(p, { flat, blocks: left, complete: !left.length, threshold: left.length ? flat[flat.length - 1] : 0 })
    }
  } while (all && !p.complete)
}

/* ---- scoring */

/* What the postings fetched so far say for clauses `expanded` (per clause, its rows):
   per document its known score part and the clauses it holds, and how much each term
   still unread could add. */
function tally(expanded) {
  const weights = new Map()          /* term → number of clauses expanding to it */
  for (const rows of expanded)
    for (const row of rows)
      weights.set(row[0], (weights.get(row[0]) || 0) + 1)
  let squares = 0
  for (const w of weights.values())
    squares += w * w
  const magnitude = Math.sqrt(squares)
  const docs = new Map()             /* doc → {sum, clauses: bit set, open: unread part of the terms seen} */
  let unread = 0                     /* Σ weight × threshold over the terms not complete */
  for (const [term, weight] of weights) {
    const p = postingsOf.get(term)
    unread += weight * p.threshold
    for (let i = 0; i < p.flat.length; i += 2) {
      let doc = docs.get(p.flat[i])
      if (doc === undefined)
        docs.set(p.flat[i], doc = { sum: 0, clauses: 0, seen: 0 })
      doc.sum += weight * p.flat[i + 1]
      doc.seen += weight * p.threshold
    }
  }
  expanded.forEach((rows, clause) => {
    for (const row of rows) {
      const flat = postingsOf.get(row[0]).flat
      for (let i = 0; i < flat.length; i += 2)
        docs.get(flat[i]).clauses |= 1 << clause
    }
  })
  const open = expanded.map(rows => rows.some(row => !postingsOf.get(row[0]).complete))
  return { docs, magnitude, unread, open, all: (1 << expanded.length) - 1 }
}

/* Equal scores to 9 decimals rank as equal, then by document: tests/search_oracle.py rank_key */
const rankKey = value => Math.floor(value * 1e9)

function ranked(entries, magnitude) {
  return entries.map(([ref, doc]) => ({ ref, score: doc.sum / magnitude, key: rankKey(doc.sum / magnitude) }))
    .sort((a, b) => b.key - a.key || a.ref - b.ref)
}

/* Whether the postings read so far prove the first `count` results of the required
   clauses, their scores and order: each of them holds every clause and has every term's
   impact known, and no other document could reach the last one's score. */
function certified(t, count) {
  const sure = [], maybe = []
  for (const entry of t.docs) {
    const doc = entry[1]
    if (doc.clauses === t.all)
      sure.push(entry)
    else if (t.open.every((open, c) => open || doc.clauses & (1 << c)))
      maybe.push(entry)
  }
  const top = ranked(sure, t.magnitude)
  const first = top.slice(0, count)
  const exact = first.every(({ ref }) => t.unread - t.docs.get(ref).seen <= 1e-12)
  if (!exact)
    return null
  const unseen = t.open.every(Boolean) ? t.unread : 0
  let bound = unseen
  for (const [, doc] of maybe)
    bound = Math.max(bound, doc.sum + t.unread - doc.seen)
  for (const { ref } of top.slice(count))
    bound = Math.max(bound, t.docs.get(ref).sum + t.unread - t.docs.get(ref).seen)
  if (first.length < count)
    return bound === 0 ? first : null
  return rankKey(bound / t.magnitude) < first[first.length - 1].key ? first : null
}

/* Every result: the required clauses' results, or, when there are none, the optional ones;
   null when a newer query came in while the postings were read (scoring them all takes
   the worker's one thread for a while: the newer query must not wait for it) */
async function everyResult(expanded, ticket) {
  await Promise.all(expanded.flat().map(row => readMore(row[0], true)))
  if (ticket !== latest)
    return null
  const t = tally(expanded)
  const every = [...t.docs].filter(([, doc]) => doc.clauses === t.all)
  return { results: ranked(every.length ? every : [...t.docs], t.magnitude), all: every.length > 0 }
}

/* The first `count` results, reading no more postings than it takes to prove them:
   {first, exact}. Past `budget` postings read beyond the best ones, it stops with the
   best guess from what it has read (`exact` false): the documents holding every clause
   by their known score part, or, when none is known yet, any document. */
async function firstResults(expanded, count, ticket, budget = Infinity) {
  let read = 0
  for (;;) {
    const t = tally(expanded)
    const first = certified(t, count)
    if (first !== null && first.length)
      return { first, exact: true }
    let best = null, most = -1
    for (const rows of expanded)
      for (const row of rows) {
        const p = postingsOf.get(row[0])
        if (!p.complete && p.threshold > most)
          [best, most] = [row[0], p.threshold]
      }
    if (best === null) {
      const every = await everyResult(expanded, ticket)
      return every && { first: every.results.slice(0, count), exact: true }
    }
    if (read >= budget) {
      const every = [...t.docs].filter(([, doc]) => doc.clauses === t.all)
      return { first: ranked(every.length ? every : [...t.docs], t.magnitude).slice(0, count), exact: false }
    }
    const before = postingsOf.get(best).flat.length
    await readMore(best)
    read += (postingsOf.get(best).flat.length - before) / 2
    if (ticket !== latest)
      return null
  }
}

/* ---- documents and what Material shows */

function documentOf(ref) {
  return fetchJSON(`docs/${Math.floor(ref / shards.chunk)}.json`).then(chunk => chunk[ref % shards.chunk])
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/* What to mark: words starting with a Latin query term, and the query's CJK runs as they are */
function marker({ terms, phrases, runs }) {
  const latin = [...new Set(terms.concat(phrases.flat()))].filter(term => !HAS_CJK.test(term))
  const parts = runs.map(escapeRegExp).concat(latin.map(term => `(?<![${W}])${escapeRegExp(term)}[${W}.]*`))
  return parts.length ? new RegExp(parts.join("|"), "giu") : null
}

function highlight(text, mark) {
  if (!mark)
    return escapeHTML(text)
  let out = "", at = 0
  for (const match of text.matchAll(mark)) {
    if (!match[0])
      continue
    out += escapeHTML(text.slice(at, match.index)) + `<mark>${escapeHTML(match[0])}</mark>`
    at = match.index + match[0].length
  }
  return out + escapeHTML(text.slice(at))
}

/* About 240 characters of `text` around its first matched word, cut at spaces */
function snippet(text, mark, length = 240) {
  let start = 0
  if (mark) {
    mark.lastIndex = 0
    const found = mark.exec(text)
    mark.lastIndex = 0
    if (found && found.index > 80)
      start = text.indexOf(" ", found.index - 80) + 1 || found.index
  }
  let end = Math.min(text.length, start + length)
  if (end < text.length)
    end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end
  return (start > 0 ? "… " : "") + highlight(text.slice(start, end), mark) + (end < text.length ? " …" : "")
}

function item({ ref, score }, [location, title, tags, authors, text], query, mark) {
  const matchesText = mark && (mark.lastIndex = 0, mark.test(text))
  const matchesAuthors = mark && (mark.lastIndex = 0, mark.test(authors))
  const shown = !matchesText && matchesAuthors ? highlight(authors, mark) : snippet(text, mark)
  const found = {}
  for (const term of query.terms)
    found[term] = true
  return [{
    location,
    title: highlight(title, mark),
    text: shown,
    ...tags.length && { tags: tags.map(escapeHTML) },
    score,
    terms: found
  }]
}

async function items(results, query, mark) {
  const docs = await Promise.all(results.map(({ ref }) => documentOf(ref)))
  return results.map((result, i) => item(result, docs[i], query, mark))
}

/* The results of `results` (ranked) that hold every phrase, reading documents in rank order
   until `count` are found (or PHRASE_CHECKS were read) */
async function withPhrases(results, phrases, count) {
  const kept = []
  for (let i = 0; i < results.length && i < PHRASE_CHECKS && kept.length < count; i += SHOWN) {
    const batch = results.slice(i, i + SHOWN)
    const docs = await Promise.all(batch.map(({ ref }) => documentOf(ref)))
    batch.forEach((result, j) => {
      if (phrases.every(phrase => holdsPhrase(docs[j], phrase)))
        kept.push(result)
    })
  }
  return kept.slice(0, count)
}

/* Answer `query` in Material's shape through `answer`: the first SHOWN results as soon as
   they are proven, then, if more may follow and no newer query came in for REST_DELAY ms,
   every result. Stops once a newer query came in (`ticket` no longer the latest). */
async function search(text, ticket, answer) {
  const query = parseQuery(text)
  if (!query.terms.length || !shards.count)
    return answer({ items: [], suggest: [] })
  const mark = marker(query)
  const expanded = await Promise.all(query.terms.map(expand))
  if (ticket !== latest)
    return
  expanded.flat().forEach(postings)
  let first, exact = true
  if (query.phrases.length) {
    const every = await everyResult(expanded, ticket)
    if (every === null)
      return
    first = every.all ? await withPhrases(every.results, query.phrases, SHOWN) : []
  } else {
    const found = await firstResults(expanded, SHOWN, ticket, GUESS_AFTER)
    if (found === null)
      return
    ;({ first, exact } = found)
  }
  if (ticket !== latest)
    return
  let shown = await items(first, query, mark)
  if (ticket !== latest)
    return
  const last = query.terms[query.terms.length - 1]
  const suggest = shown.length
    ? tokens((await documentOf(first[0].ref))[1]).filter(t => t.startsWith(last) && t !== last).slice(0, 1)
    : []
  answer({ items: shown, suggest, exact })
  if (!exact) {                      /* prove the first results now, and show them */
    const found = await firstResults(expanded, SHOWN, ticket)
    if (found === null || ticket !== latest)
      return
    first = found.first
    shown = await items(first, query, mark)
    if (ticket !== latest)
      return
    answer({ items: shown, suggest, exact: true })
  }
  if (first.length < SHOWN && !query.phrases.length)
    return
  await new Promise(resolve => setTimeout(resolve, REST_DELAY))
  if (ticket !== latest)
    return
  const every = await everyResult(expanded, ticket)
  if (every === null)
    return
  let results = every.results
  if (query.phrases.length)
    results = every.all ? await withPhrases(results, query.phrases, Infinity) : []
  if (ticket !== latest || results.length <= shown.length)
    return
  const rest = await items(results.slice(shown.length), query, mark)
  if (ticket === latest)
    answer({ items: shown.concat(rest), suggest, exact: true })
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      shards = message.data.config.shards || shards
      stopWords = new Set(shards.stopWords)
      postMessage({ type: READY })
      break
    case QUERY:
      const ticket = ++latest
      const answer = data => {
        if (ticket === latest)
          postMessage({ type: RESULT, data })
      }
      try {
        await search(message.data, ticket, answer)
      } catch (err) {
        console.warn(`Search failed for ${JSON.stringify(message.data)}:`, err)
        answer({ items: [] })
      }
      break
  }
})
