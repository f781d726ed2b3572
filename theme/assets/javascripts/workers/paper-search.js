/*
 * Search worker for the paper-digest site, in place of Material for MkDocs' own.
 *
 * It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT), so Material's
 * search box, result list, highlighting and keyboard handling stay as they are. Unlike
 * Material's worker it builds no index in the browser: a lunr index was built at site build
 * time (generator/search_index.py) and split by term into shards. For a query it fetches
 * only the shards holding index terms that the query's terms can match (each term is a
 * prefix) and scores the documents of the matching terms' postings exactly as lunr 2.3.9's
 * Index.query does (see `score`), without loading them into lunr: a two-letter prefix
 * matches thousands of terms, and loading those into a lunr.Index at each keystroke kept
 * the worker busy for a quarter of a second. The documents (location, title, tags, teaser)
 * come in files of `shards.chunk` documents: the worker answers as soon as the files holding
 * the first SHOWN results have arrived, then, once the query has stayed the same for
 * REST_DELAY ms (no keystroke since), answers again with every result, after fetching the
 * files holding them.
 *
 * The tokenizer rules below must match generator/search_index.py (SEPARATOR, query_terms,
 * rank_key).
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

/* Split like generator.search_index.SEPARATOR */
const SEPARATOR = /[^\p{L}\p{N}_.]+|\.(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])\./u
const WORD = /&[#a-zA-Z0-9]+;|[\p{L}\p{N}_.]+/gu

const site = new URL("../../../", self.location.href)
const SHOWN = 10                    /* results Material renders at once: the first answer */
const REST_DELAY = 300             /* ms: while the reader types, only the first SHOWN results */
let shards = { dir: "search/", files: [], first: [], fields: [], documents: [], chunk: 1, stopWords: [] }
let stopWords = new Set()
const documents = new Map()        /* document file number → Promise of [[location, title, tags, teaser], …] */
const fetched = new Map()          /* shard number → Promise, once asked for */
const loaded = new Map()           /* shard number → its terms, once arrived */
let latest = 0

/* The terms of a query: see generator.search_index.query_terms */
function queryTerms(query) {
  const terms = []
  for (let part of query.toLowerCase().split(SEPARATOR)) {
    part = part.replace(/^\.+|\.+$/g, "")
    if (part && !terms.includes(part))
      terms.push(part)
  }
  const kept = terms.filter(term => !stopWords.has(term))
  return kept.length ? kept : terms
}

/* The last shard whose first term is <= term (JavaScript string order, as built) */
function shardOf(term) {
  let lo = 0, hi = shards.first.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (shards.first[mid] <= term) lo = mid
    else hi = mid - 1
  }
  return lo
}

/* A term longer than one character (code point, as Python counts) matches as a prefix */
function isPrefix(term) {
  return [...term].length > 1
}

/* Every shard that may hold an index term the query term matches: a one-character term
   matches only itself, a longer one every index term it is a prefix of */
function shardsFor(term) {
  const numbers = []
  const last = isPrefix(term) ? shardOf(term + "\uffff") : shardOf(term)
  for (let n = shardOf(term); n <= last; n++)
    numbers.push(n)
  return numbers
}

async function fetchJSON(path) {
  const response = await fetch(new URL(shards.dir + path, site))
  if (!response.ok)
    throw new Error(`search file ${path}: HTTP ${response.status}`)
  return response.json()
}

function fetchShard(number) {
  if (!fetched.has(number))
    fetched.set(number, fetchJSON(shards.files[number]).then(
      data => loaded.set(number, data.terms),
      err => { fetched.delete(number); throw err }      /* asked again by the next query */
    ))
  return fetched.get(number)
}

/* Document `ref` as [location, title, tags, teaser], its file fetched once */
function documentOf(ref) {
  const number = Math.floor(ref / shards.chunk)
  if (!documents.has(number))
    documents.set(number, fetchJSON(shards.documents[number]).catch(err => { documents.delete(number); throw err }))
  return documents.get(number).then(chunk => chunk[ref % shards.chunk])
}

/* The rows [term, termIndex, perField] of the loaded shards that query term `term` matches
   (the term itself when one character long, else every term it is a prefix of) */
function rowsFor(term) {
  const rows = []
  for (const number of shardsFor(term)) {
    const terms = loaded.get(number)
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

/* The results for `terms` as lunr 2.3.9's Index.query gives them for one optional clause
   per term (boost 1, every field, trailing wildcard on terms longer than one character),
   as [{ref, score, matched: Map term → Set of field numbers}], best first. lunr scores a
   document, per field it matched in, by the dot product of the query vector (per index term,
   how many query terms expand to it) with the document's field vector, divided by the query
   vector's length, and adds up its fields. Only the query's terms count in the dot product,
   and each posting carries the document's field-vector component for its term, so these
   are the unsplit index's scores. Equal scores (compared by `rankKey`) keep the documents'
   order in the index, as generator.search_index.search orders them. */
function score(terms) {
  const weights = new Map()          /* term index → number of query terms expanding to it */
  const rows = new Map()             /* expanded term → its row, each once */
  for (const term of terms)
    for (const row of rowsFor(term)) {
      weights.set(row[1], (weights.get(row[1]) || 0) + 1)
      rows.set(row[0], row)
    }
  let squares = 0
  for (const weight of weights.values())
    squares += weight * weight
  const magnitude = Math.sqrt(squares)
  const fields = shards.fields.length
  const docs = new Map()             /* doc → { parts: per field [termIndex, value, …], matched } */
  for (const [term, termIndex, perField] of rows.values())
    for (let f = 0; f < fields; f++) {
      const flat = perField[f]
      for (let i = 0; i < flat.length; i += 2) {
        let doc = docs.get(flat[i])
        if (doc === undefined)
          docs.set(flat[i], doc = { parts: Array.from({ length: fields }, () => []), matched: new Map() })
        doc.parts[f].push(termIndex, flat[i + 1])
        let where = doc.matched.get(term)
        if (where === undefined)
          doc.matched.set(term, where = new Set())
        where.add(f)
      }
    }
  const results = []
  for (const [ref, { parts, matched }] of docs) {
    let total = 0
    for (const part of parts) {
      if (!part.length)
        continue
      const pairs = []
      for (let i = 0; i < part.length; i += 2)
        pairs.push([part[i], part[i + 1]])
      pairs.sort((a, b) => a[0] - b[0])            /* lunr's dot product runs in term-index order */
      let dot = 0
      for (const [termIndex, value] of pairs)
        dot += weights.get(termIndex) * value
      total += dot / magnitude || 0
    }
    results.push({ ref, score: total, key: rankKey(total), matched })
  }
  return results.sort((a, b) => b.key - a.key || a.ref - b.ref)
}

/* Scores equal to 9 decimals rank as equal (lunr adds a document's fields up in the order it
   met them, so the last bit of a sum can differ): see generator.search_index.rank_key */
function rankKey(value) {
  return Math.floor(value * 1e9)
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* Wrap words of (already escaped) HTML text that start with a query term in <mark> */
function highlight(html, terms) {
  return html.replace(WORD, word => {
    if (word.startsWith("&"))
      return word
    const lower = word.toLowerCase()
    return terms.some(term => lower.startsWith(term)) ? `<mark>${word}</mark>` : word
  })
}

/* Material's item for a result, given its document. Every item has its teaser, as in
   Material's own index: the list loads more items as the reader scrolls, and items with
   titles only were too short to scroll on (it stopped at 14 of 220). */
function item({ score, matched }, [location, title, tags, text], terms) {
  const found = {}
  for (const term of terms)
    found[term] = [...matched.keys()].some(t => t.startsWith(term))
  return [{
    location,
    title: highlight(title, terms),
    text: highlight(text, terms),
    ...tags.length && { tags: tags.map(escapeHTML) },
    score,
    terms: found
  }]
}

/* Answer `query` in Material's shape through `answer`: first with the first SHOWN results
   (as soon as the files holding them have arrived), then, if there are more and no
   newer query came in for REST_DELAY ms, with all of them. Stops once a newer query came in
   (`ticket` no longer the latest). */
async function search(query, ticket, answer) {
  const terms = queryTerms(query)
  if (!terms.length || !shards.files.length)
    return answer({ items: [], suggest: [] })
  await Promise.all([...new Set(terms.flatMap(shardsFor))].map(fetchShard))
  if (ticket !== latest)
    return
  const results = score(terms)
  const last = terms[terms.length - 1]
  const title = shards.fields.indexOf("title")
  const suggest = results.length
    ? [...results[0].matched].filter(([t, where]) => t.startsWith(last) && where.has(title)).map(([t]) => t).slice(0, 1)
    : []
  const first = results.slice(0, SHOWN)
  const listing = await Promise.all(first.map(({ ref }) => documentOf(ref)))
  if (ticket !== latest)
    return
  const items = first.map((result, rank) => item(result, listing[rank], terms))
  answer({ items, suggest })
  if (results.length <= SHOWN)
    return
  await new Promise(resolve => setTimeout(resolve, REST_DELAY))
  if (ticket !== latest)
    return
  const rest = await Promise.all(results.slice(SHOWN).map(({ ref }) => documentOf(ref)))
  if (ticket !== latest)
    return
  answer({
    items: items.concat(results.slice(SHOWN).map((result, i) => item(result, rest[i], terms))),
    suggest
  })
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
