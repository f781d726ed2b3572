/*
 * Search worker for the paper-digest site, in place of Material for MkDocs' own.
 *
 * It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT), so Material's
 * search box, result list, highlighting and keyboard handling stay as they are. Unlike
 * Material's worker it does not build a lunr index in the browser: the index was built
 * at site build time (generator/search_index.py) and split by term into shards. For a
 * query it fetches only the shards holding index terms that the query's terms can match
 * (each term is a prefix), loads them with lunr.Index.load and searches. Scores are those
 * of the unsplit index, because each posting carries the document's score for that term.
 * The documents (location, title, tags) and teasers come in files of `shards.chunk`
 * documents: the worker answers as soon as the files holding the first SHOWN results have
 * arrived, then answers again with every result once the files holding them have too.
 *
 * The tokenizer rules below must match generator/search_index.py (SEPARATOR, query_terms).
 */
importScripts("../lunr/lunr.js")

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

/* Split like generator.search_index.SEPARATOR */
const SEPARATOR = /[^\p{L}\p{N}_.]+|\.(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])\./u
const WORD = /&[#a-zA-Z0-9]+;|[\p{L}\p{N}_.]+/gu

const site = new URL("../../../", self.location.href)
const SHOWN = 10                    /* results Material renders at once: these get teasers */
let shards = { dir: "search/", files: [], first: [], fields: [], documents: [], teasers: [], chunk: 1 }
const documents = new Map()        /* document file number → Promise of [[location, title, tags], …] */
const teasers = new Map()          /* teaser file number → Promise of its teasers */
const fetched = new Map()          /* shard number → Promise, once asked for */
const loaded = new Map()           /* shard number → its terms, once arrived */
let index = null                   /* lunr.Index over `indexed` loaded shards */
let indexed = 0
let latest = 0

/* The terms of a query: see generator.search_index.query_terms */
function queryTerms(query) {
  const terms = []
  for (let part of query.toLowerCase().split(SEPARATOR)) {
    part = part.replace(/^\.+|\.+$/g, "")
    if (part && !terms.includes(part))
      terms.push(part)
  }
  const kept = terms.filter(term => lunr.stopWordFilter(term) !== undefined)
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

/* Every shard that may hold an index term the query term matches: a one-character term
   matches only itself, a longer one every index term it is a prefix of */
function shardsFor(term) {
  const numbers = []
  const last = term.length > 1 ? shardOf(term + "\uffff") : shardOf(term)
  for (let n = shardOf(term); n <= last; n++)
    numbers.push(n)
  return numbers
}

function wildcard(term) {
  return term.length > 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
}

async function fetchJSON(path) {
  const response = await fetch(new URL(shards.dir + path, site))
  if (!response.ok)
    throw new Error(`search file ${path}: HTTP ${response.status}`)
  return response.json()
}

function fetchShard(number) {
  if (!fetched.has(number))
    fetched.set(number, fetchJSON(shards.files[number]).then(data => loaded.set(number, data.terms)))
  return fetched.get(number)
}

/* Entry `ref` of the files `files` (documents or teasers), fetched once into `cache` */
function entryOf(files, cache, ref) {
  const number = Math.floor(ref / shards.chunk)
  if (!cache.has(number))
    cache.set(number, fetchJSON(files[number]))
  return cache.get(number).then(chunk => chunk[ref % shards.chunk])
}

const documentOf = ref => entryOf(shards.documents, documents, ref)
const teaserOf = ref => entryOf(shards.teasers, teasers, ref)

/* A lunr index over every shard loaded so far (a superset of what the query needs: extra
   terms change no score), rebuilt only when more shards have arrived */
function currentIndex() {
  if (index && indexed === loaded.size)
    return index
  const invertedIndex = []
  const vectors = new Map()
  for (const number of [...loaded.keys()].sort((a, b) => a - b))
    for (const [term, termIndex, perField] of loaded.get(number)) {
      const posting = { _index: termIndex }
      shards.fields.forEach((field, f) => {
        const flat = perField[f]
        const refs = posting[field] = {}
        for (let i = 0; i < flat.length; i += 2) {
          refs[flat[i]] = {}
          const ref = `${field}/${flat[i]}`
          let pairs = vectors.get(ref)
          if (pairs === undefined)
            vectors.set(ref, pairs = [])
          pairs.push(termIndex, flat[i + 1])
        }
      })
      invertedIndex.push([term, posting])
    }
  const fieldVectors = []
  for (const [ref, flat] of vectors) {
    const pairs = []
    for (let i = 0; i < flat.length; i += 2)
      pairs.push([flat[i], flat[i + 1]])
    pairs.sort((a, b) => a[0] - b[0])
    fieldVectors.push([ref, pairs.flat()])
  }
  index = lunr.Index.load({
    version: lunr.version, fields: shards.fields, fieldVectors, invertedIndex, pipeline: []
  })
  indexed = loaded.size
  return index
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

/* Material's item for the result at `rank`, given its document and (first SHOWN) teaser */
function item({ score, matchData }, rank, [location, title, tags], text, terms) {
  const matched = Object.keys(matchData.metadata)
  const found = {}
  for (const term of terms)
    found[term] = matched.some(t => t.startsWith(term))
  return [{
    location,
    title: highlight(title, terms),
    text: rank < SHOWN ? highlight(text, terms) : "",
    ...tags.length && { tags: tags.map(escapeHTML) },
    score,
    terms: found
  }]
}

/* Answer `query` in Material's shape through `answer`: first with the first SHOWN results
   (as soon as their documents and teasers have arrived), then, if there are more, with all
   of them. Stops once a newer query came in (`ticket` no longer the latest). */
async function search(query, ticket, answer) {
  const terms = queryTerms(query)
  if (!terms.length || !shards.files.length)
    return answer({ items: [], suggest: [] })
  await Promise.all([...new Set(terms.flatMap(shardsFor))].map(fetchShard))
  if (ticket !== latest)
    return
  const results = currentIndex().query(q => {
    for (const term of terms)
      q.term(term, { usePipeline: false, wildcard: wildcard(term) })
  })
  const last = terms[terms.length - 1]
  const suggest = results.length
    ? Object.keys(results[0].matchData.metadata)
      .filter(t => t.startsWith(last) && "title" in results[0].matchData.metadata[t])
      .slice(0, 1)
    : []
  const first = results.slice(0, SHOWN)
  const [listing, texts] = await Promise.all([
    Promise.all(first.map(({ ref }) => documentOf(+ref))),
    Promise.all(first.map(({ ref }) => teaserOf(+ref)))
  ])
  if (ticket !== latest)
    return
  const items = first.map((result, rank) => item(result, rank, listing[rank], texts[rank], terms))
  answer({ items, suggest })
  if (results.length <= SHOWN)
    return
  const rest = await Promise.all(results.slice(SHOWN).map(({ ref }) => documentOf(+ref)))
  if (ticket !== latest)
    return
  answer({
    items: items.concat(results.slice(SHOWN).map((result, i) => item(result, SHOWN + i, rest[i], "", terms))),
    suggest
  })
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      shards = message.data.config.shards || shards
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
