/*
 * Search worker for the paper-digest site, in place of Material for MkDocs' own.
 *
 * It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT), so Material's
 * search box, result list and keyboard handling stay as they are. It starts a query
 * before Material asks, on the page's hints (theme/main.html: the box's value on each
 * input event), and reads search_index.json itself as it starts (see "messages" below). It builds no index: a
 * lunr index was built from the catalog when the site was built (generator/output/search_index.py,
 * whose docstring gives the FORMAT of the files) and it answers as lunr 2.3.9's
 * Index.query would, without lunr.js:
 *
 * - every query word is a required clause, the word itself (lunr's `+word`), but the last
 *   one typed outside quotes, the word being typed, a prefix when longer than one character
 *   (`+word*`; parseQuery): the results, and Material's count, are the documents holding every
 *   word; when none does, the documents holding some of them (lunr's optional clauses);
 * - a quoted part, and a CJK word of three or more characters, must appear as a phrase
 *   (checked in the text of the results whose fields, by their postings' masks, may hold
 *   it: phraseSieve);
 * - an unquoted word that is an arXiv id as readers write it (2401.12345, arXiv:2401.12345,
 *   2401.12345v2, https://arxiv.org/abs/2401.12345, hep-th/9901001; punctuation around it
 *   left out: (2401.12345), arXiv:2401.12345.) is the term of its
 *   versionless id (`arxivTerm`), which the paper's `id` field holds (FORMAT 6);
 * - a paper's organization is a field as its title and authors are (FORMAT 8);
 * - a document's score is Σ weight × impact / |q| over the index terms the clauses expand
 *   to, impact = Σ over the fields holding the term of lunr's BM25 field score, which the
 *   worker computes from the stored tf and field length, the term's df and the fields'
 *   average lengths (see generator/output/search_index.py), ranked best first, equal
 *   scores by document.
 *
 * The newest query first: each QUERY takes a ticket; every await is followed by a look at
 * it (`live`), so a superseded query stops there; scoring yields to the message queue
 * every SLICE postings (`pause`), so a new query is read within a slice's time; files are
 * fetched at most FETCHES at a time, the newest query's first, and a superseded query's
 * files are abandoned: those not asked for yet never are, those on their way are aborted
 * (`fetchJSON`, `abandon`).
 *
 * Bounded reads: for each word it fetches the lexicon shard holding its terms, whose rows
 * carry each term's levels (groups of postings with a bound on their scores) and the
 * postings of the best ones; a term's small levels of the title, authors and tags are one
 * file, its pack (FORMAT 5), read at once when the first of them is its unread level of
 * highest bound. When a clause's postings are all read (a rare word) and at
 * most CANDIDATES documents may hold every clause, it reads those documents and scores
 * them from their text: every result is known (`scoreDocuments`). Else it answers as soon
 * as the postings read prove the first SHOWN results and their order (no other document
 * can score higher: `certified`). When the postings read put the first results among
 * the documents they name, but leave some of those documents' terms unread (a term whose
 * every posting scores little, such as `language`, still decides whether a document holds
 * every clause), it reads the few in doubt and scores them from their text (`inDoubt`,
 * `settle`: at most SETTLE_MOST). Else it reads more postings, chunk by chunk, of the
 * READ_AT_ONCE terms that leave most unknown (each its unread level of highest bound);
 * a round asks at once for what the proof needs next, the documents in doubt with the
 * next chunks (one round trip, not two; as many documents as fill whole waves of FETCHES
 * files: `wholeWaves`), and the first one for the documents of its best guess too (the
 * answer shows them); when the chunks come before the round's last document, the proof is
 * checked again with their postings then. When the proof is not done GUESS_MS after its
 * lexicon rows came (at once when typed: TYPING_MS after the query before; an empty box
 * is no query), or it read past GUESS_AFTER postings, and its answer may be shown
 * (Material asked for it: till then the proof goes on), it answers with its best guess
 * from what it read (common words: many papers score alike), when the guess's first
 * result is proven (`provenGuess`: readers see no top result change; the proof then
 * waits HOLD_MS, asking for no file and scoring nothing, while the page shows the guess: on
 * a machine of two cores the proof's files and scoring held the page's rendering of a
 * guess back by 30-90 ms more than that of a proven answer), else not before
 * UNPROVEN_MS after the rows (when typed, at once) and a round settling documents in doubt
 * begun past its time (`LATE_SETTLES`), without waiting for the
 * files on their way, and answers again once the proof is done (the message's `exact`
 * says which); the files an answer waits for are asked for before those the proof reads
 * ahead. Results proven in their places are sent as soon as they are and the first one's
 * file came, GUESS_MS or not (`sendProven`), and a first answer's leading results as soon
 * as the first one's file comes (`sendEarly`), not after every file of the ten.
 * Once the query has stayed the same for REST_DELAY ms it reads the rest and
 * answers with every result.
 * Each result shown fetches its document file (title, tag labels, authors, abstract): the
 * snippet is cut around the matched words.
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
const GUESS_AFTER = 6000           /* postings read beyond the best ones before the first answer may be a guess (about 12 chunks, 60-100 kB) */
const GUESS_MS = 30                /* ms after the lexicon rows came before the first answer may be a guess (60 until session 14: a guess shows only once its first result is proven, or after UNPROVEN_MS, so only its later results may change) */
const UNPROVEN_MS = 100            /* ms after the lexicon rows came before a guess whose first result is not proven may show (400 kept 10k `diffusion model` from showing a top that its proof replaces, but at 100k its proofs read up to 312 kB before the first result: over issue 21's 300 kB) */
const LATE_SETTLES = 1             /* rounds scoring documents in doubt from their text begun past GUESS_MS that a guess whose first result is not proven waits for */
const TYPING_MS = 1000             /* a query this soon after the one before is typed: its guess comes at once */
const READ_AT_ONCE = 3             /* terms whose next chunk is read at once while proving */
const PHRASE_CHECKS = 1000         /* documents read at most to check a phrase for the first answer (past them it is no proof: phrasedFirst's short) */
const PHRASE_PROOFS = 160          /* first results of a phrase's words proven at most for its first answer (phraseResults) */
const PROGRESS_MS = 250            /* ms of a phrase's check of many documents before the first answer telling how far it is (withPhrases) */
const PROGRESS_EVERY = 1000        /* ms between two such answers after it (the search page's status is a live region: a screen reader reads each) */
const SLICE = 20000                /* postings scored between two looks at the message queue */
const FETCHES = 6                  /* files asked for at once (what a browser opens to one host); lexicon shards take one less (pump) */
const DOCUMENT_BATCH = 48          /* documents asked for at once when every result is listed */
const CANDIDATES = 24              /* documents scored from their text when no more may hold every clause */
const SETTLE_BATCH = 6             /* documents beyond those shown scored from their text at once to settle the first results */
const TOP_BATCH = 16               /* documents scored from their text at once to find and prove the first result alone (topInDoubt) */
const SETTLE_MOST = 60             /* documents scored from their text at most to settle the first results */
const MASK_CLAUSES = 30            /* clauses the tally's masks hold (bits of an Int32Array: 1 << 31 is negative, 1 << 32 is 1); a query of more is answered by manyClauses */
const HOLD_MS = 50                 /* ms the proof waits after a guess is sent (no file asked for, no scoring): the page shows it meanwhile */
let shards = { dir: "search/", version: "", first: [], count: 0, chunk: 1, stopWords: [] }
let stopWords = new Set()

/* ---- the newest query first */

let latest = 0                     /* the newest query's ticket */
let lastQuery = -Infinity          /* when it came (performance.now()) */
const SUPERSEDED = Symbol("superseded")

/* Stop (throw SUPERSEDED) when a newer query than `ticket` came in */
function live(ticket) {
  if (ticket !== latest)
    throw SUPERSEDED
}

/* Let the messages waiting run (a newer QUERY among them), then go on: a macrotask */
const wakeups = []
const channel = new MessageChannel()
channel.port1.onmessage = () => wakeups.shift()()
function pause() {
  return new Promise(resolve => {
    wakeups.push(resolve)
    channel.port2.postMessage(0)
  })
}

/* ---- files: at most FETCHES at once, the newest query's first */

let heldUntil = 0                  /* performance.now() before which no file is asked for (HOLD_MS) */
let heldPump = null                /* the timer that asks for them then */

/* A promise of the hold's end (HOLD_MS), or null when nothing is held */
function holding() {
  const ms = heldUntil - performance.now()
  return ms > 0 ? new Promise(resolve => setTimeout(resolve, ms)) : null
}

const files = new Map()            /* path → {promise, ticket: the newest query waiting for it} */
const waiting = []                 /* files not asked for yet */
const asked = new Set()            /* files asked for, not arrived */
let fetching = 0

/* Stop fetching the files only superseded queries wait for (a newer query asks again) */
function abandon() {
  for (const file of asked)
    if (file.ticket !== latest) {
      files.delete(file.path)        /* asked for again, it is fetched again */
      file.controller.abort()
    }
}

/* `path`'s JSON, asked for by query `ticket`; `shown`: an answer waits for it (asked for
   before the files the proof reads ahead) */
function fetchJSON(path, ticket, shown = false) {
  let file = files.get(path)
  if (file === undefined) {
    file = { path, ticket }
    file.promise = new Promise((resolve, reject) => Object.assign(file, { resolve, reject }))
    file.promise.catch(() => {})   /* a superseded query's files are not an error */
    files.set(path, file)
    waiting.push(file)
  }
  file.ticket = Math.max(file.ticket, ticket)
  const at = waiting.indexOf(file)
  if (shown && at >= 0 && !file.shown) {   /* after the others an answer waits for, in the order asked */
    file.shown = true
    waiting.splice(at, 1)
    const after = waiting.findIndex(other => !other.shown)
    waiting.splice(after < 0 ? waiting.length : after, 0, file)
  }
  pump()
  return file.promise
}

function pump() {
  if (performance.now() < heldUntil) {
    if (heldPump === null)
      heldPump = setTimeout(() => { heldPump = null; pump() }, heldUntil - performance.now())
    return
  }
  while (fetching < FETCHES && waiting.length) {
    let next = 0
    for (let i = 1; i < waiting.length; i++)
      if (waiting[i].ticket > waiting[next].ticket)
        next = i
    if (fetching === FETCHES - 1 && waiting[next].path.startsWith("terms/") && waiting[next].ticket === latest)
      break                          /* the last one is kept for the documents a rare word names (soleResult), asked for as its shard comes */
    const file = waiting.splice(next, 1)[0]
    if (file.ticket !== latest) {   /* nobody waits for it any more */
      files.delete(file.path)
      file.reject(SUPERSEDED)
      continue
    }
    fetching++
    file.controller = new AbortController()
    asked.add(file)
    fetch(new URL(`${shards.dir}${file.path}?v=${shards.version}`, site), { signal: file.controller.signal })
      .then(response => {
        if (!response.ok)
          throw new Error(`search file ${file.path}: HTTP ${response.status}`)
        return response.json()
      })
      .then(value => {
        file.value = value             /* at hand (atHand) */
        file.resolve(value)
      }, err => {
        if (files.get(file.path) === file)
          files.delete(file.path)
        file.reject(file.controller.signal.aborted ? SUPERSEDED : err)
      })
      .finally(() => {
        asked.delete(file)
        fetching--
        pump()
      })
  }
}

/* ---- tokens: generator.output.search_index.index_text, tests/search_oracle.py tokens/parse_query */

/* Python's whitespace (str.split: tests/search_oracle.py word_terms): JavaScript's \s
   without U+FEFF, with U+001C-U+001F and U+0085 */
const PY_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/* generator.core.arxiv_id.parse_pasted_arxiv_id: the versionless arXiv id `word` is (a bare
   id, new style YYMM.NNNN(N) or old style archive(.SUBJ)/YYMMNNN, optionally vN; after an
   `arXiv:` or an arxiv.org abs/pdf URL; a trailing .pdf; parse_arxiv_id's grammar) once
   the characters around it that are no word character (\p{L}, \p{N} or _, Python's \w:
   brackets, quotes, a sentence's comma or dot) are left out, or null. Over 100 code points
   (Python's len), before that, is no id */
const AROUND = new RegExp(`^[^${W}]+|[^${W}]+$`, "gu")
const ARXIV_PREFIX = /^(?:arxiv:|https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/)/i
const ARXIV_NEW = /^(\d{2}(?:0[1-9]|1[0-2]))\.(\d{4,5})(?:v[1-9]\d*)?$/
const ARXIV_OLD = /^([a-z]+(?:-[a-z]+)*)(?:\.([A-Z]{2}))?\/(\d{2}(?:0[1-9]|1[0-2]))(\d{3})(?:v[1-9]\d*)?$/
function parseArxivId(word) {
  if (word.length > 100 && [...word].length > 100)
    return null
  let candidate = word.replace(AROUND, "").replace(ARXIV_PREFIX, "")
  if (candidate.toLowerCase().endsWith(".pdf"))
    candidate = candidate.slice(0, -4)
  let m = ARXIV_NEW.exec(candidate)
  if (m !== null) {
    const [, yymm, number] = m
    if ((number.length === 4 && yymm > "1412") || (number.length === 5 && yymm < "1501") || yymm < "0704")
      return null
    return `${yymm}.${number}`
  }
  m = ARXIV_OLD.exec(candidate)
  return m === null ? null : `${m[1]}${m[2] ? "." + m[2] : ""}/${m[3]}${m[4]}`
}

/* generator.output.search_index.id_term: the index term of a versionless arXiv id (":"
   then the id lowercased, "-" as "_"); no token begins with ":" */
const idTerm = id => ":" + id.toLowerCase().replaceAll("-", "_")
const isIdTerm = term => term.startsWith(":")
/* A query term as the page names it (an id's as arXiv:<id>) */
const spelled = term => isIdTerm(term) ? "arXiv:" + term.slice(1).replaceAll("_", "-") : term

/* The term of `word` when it is an arXiv id (parseArxivId), else null */
function arxivTerm(word) {
  const id = parseArxivId(word)
  return id === null ? null : idTerm(id)
}

/* tests/search_oracle.py word_terms: unquoted query text's terms, an id word as its term */
function wordTerms(text) {
  const out = []
  for (const word of text.split(PY_SPACE).filter(Boolean)) {
    const term = arxivTerm(word)
    if (term !== null)
      out.push(term)
    else
      out.push(...tokens(word))
  }
  return out
}

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

/* The tokens of text already through indexText and lowercased */
const splitTokens = lower => lower.split(/[\s\-]+/).filter(Boolean)

function tokens(text) {
  return splitTokens(indexText(text).toLowerCase())
}

/* lunr's trimmer (generator.output.search_index._term): a token that is one run of word
   characters between others loses those others */
const TRIMMER = new RegExp(`^[^${W}]*?([${W}]+)[^${W}]*?$`, "u")
/* a character the trimmer may take: after indexText only lowercasing brings one (İ → i̇, U+0307) */
const UNTRIMMED = new RegExp(`[^${W}.\\s\\-]`, "u")

/* lunr's trimmer's term of a token */
const trimmed = token => { const m = TRIMMER.exec(token); return m === null ? token : m[1] }

/* The index's terms of a field's `value`, in order, as the index was built from it
   (generator.output.search_index._terms): its tokens, trimmed, stop words left out. A
   query's words are not trimmed (tests/search_oracle.py lunr_search: no pipeline), so a
   word ending in İ names no term of the index */
function indexTerms(value) {
  const lower = indexText(value).toLowerCase()
  let found = splitTokens(lower)
  if (UNTRIMMED.test(lower))
    found = found.map(trimmed)
  return found.filter(term => !stopWords.has(term))
}

/* {terms, phrases, runs, common, alone, loose, last, prefix, whole}: see tests/search_oracle.py
   parse_query; `runs` are the query's CJK runs, highlighted as they are; `common` its stop
   words (lunr's pipeline drops them), left out of `terms` unless `alone` (every word is
   one: then they are the terms), those of a quoted phrase only when `alone`; `loose` the
   tokens typed outside quotes (marked where a word is one, a quoted phrase only where it
   stands whole: marker); `last` the query's last token when typed outside quotes, else
   null; `prefix` the term a reader is typing, a lunr clause `+term*`: `last` when it is
   one of the terms and longer than one character, else null (search_oracle.py
   prefix_term); `whole` every other term, a clause of the term itself, none when `alone`
   (stop words are no index terms: each is searched as the beginning of words;
   search_oracle.py whole_terms) */
function parseQuery(query) {
  const words = [], phrases = [], runs = [], loose = []
  let last = null
  for (const match of query.matchAll(/"([^"]*)(?:"|$)|[^"]+/g)) {
    const quoted = match[0].startsWith('"')
    const part = quoted ? match[1] : match[0]
    const found = quoted ? tokens(part) : wordTerms(part)
    if (found.length)
      last = quoted ? null : found[found.length - 1]
    if (quoted && found.length)
      phrases.push(found)
    else
      loose.push(...found)
    words.push(...found)
    for (const run of part.match(CJK_RUN) || []) {
      runs.push(run)
      if (!quoted && [...run].length >= 3)
        phrases.push(tokens(run))
    }
  }
  const terms = [...new Set(words)]
  const kept = terms.filter(term => !stopWords.has(term))
  /* a stop word of a phrase is not left out: the phrase holds it where it stands */
  const phrased = new Set(phrases.flat())
  const common = terms.filter(term => stopWords.has(term) && (!kept.length || !phrased.has(term)))
  const chosen = kept.length ? kept : terms
  const prefix = last !== null && chosen.includes(last) && isPrefix(last) ? last : null
  const whole = new Set(kept.length ? chosen.filter(term => term !== prefix) : [])
  return { terms: chosen, phrases, runs, common, alone: !kept.length, loose, last, prefix, whole }
}

function holdsPhrase(doc, phrase) {
  const [, title, tags, authors, text, , , organization] = doc
  for (const value of [title, authors.split(", ").join(" "), tags.join(" "), text, organization]) {
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

/* The rows [term, df, levels] that clause `term` expands to: every index term it is a
   prefix of, or itself when one character long or `whole` (every term of a query but the
   one a reader is typing: parseQuery's `prefix`) */
const expansions = new Map()
async function expand(term, ticket, whole = false) {
  const key = whole ? "\u0000" + term : term
  if (expansions.has(key))
    return expansions.get(key)
  const prefix = !whole && isPrefix(term)
  const last = prefix ? shardOf(term + "\uffff") : shardOf(term)
  const rows = [], numbers = []
  for (let n = shardOf(term); n <= last; n++)
    numbers.push(n)
  const loaded = await Promise.all(numbers.map(n => fetchJSON(`terms/${n}.json`, ticket)))
  for (const terms of loaded) {
    let lo = 0, hi = terms.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (terms[mid][0] < term) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < terms.length && terms[i][0].startsWith(term); i++)
      if (prefix || terms[i][0] === term)
        rows.push(terms[i])
  }
  expansions.set(key, rows)
  return rows
}

/* ---- scores: lunr's Builder's BM25, from the stored tf and field lengths */

let averages = []                  /* per field, its average length (lunr's averageFieldLength) */

/* lunr's idf of a term held `df` times (a document counted once per field holding it) */
function idfOf(df) {
  return Math.log(1 + Math.abs((shards.count - df + 0.5) / (df + 0.5)))
}

/* Python's round(x, 3), as lunr's Builder rounds each field score: the double nearest x's
   exact decimal value rounded to 3 places (toFixed rounds the exact value; ties cannot
   occur), computed the quick way away from a half */
function round3(x) {
  const scaled = x * 1000
  return Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 ? +x.toFixed(3) : Math.round(scaled) / 1000
}

/* The score of a term in field `f` of a document: its tf there and the field's length,
   lunr's float operations in lunr's order (tests/search_oracle.py posting_score) */
function fieldScore(idf, f, tf, length) {
  const k1 = shards.k1, b = shards.b
  return round3(idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / averages[f])) + tf) * shards.boosts[f])
}

/* The fields of a level's mask, in field order */
const fieldsOf = mask => shards.fields.map((_, f) => f).filter(f => mask & (1 << f))

/* Postings of a level as stored (`doc`, then tf and length per field of `fields`; each
   doc after the list's first as the difference from the one before) appended to `out` as
   [doc, impact]: the impact is the sum of the fields' scores */
function decode(flat, fields, idf, out) {
  const width = 1 + 2 * fields.length
  const memo = new Map()             /* (field, tf, length) → its score: postings repeat them */
  let doc = 0
  for (let i = 0; i < flat.length; i += width) {
    let impact = 0
    for (let k = 0; k < fields.length; k++) {
      const tf = flat[i + 1 + 2 * k], length = flat[i + 2 + 2 * k], key = (length * 1024 + tf) * 8 + k   /* k < 8: at most 8 fields */
      let score = memo.get(key)
      if (score === undefined)
        memo.set(key, score = fieldScore(idf, fields[k], tf, length))
      impact += score
    }
    doc += flat[i]
    out.push(doc, impact)
  }
}

/* ---- postings */

/* No posting of a level scores above this: the lower of two bounds. (1) Its fields' scores
   at their highest tf and lowest length in the level (`bound`: max tf, min length per field).
   (2) Its highest guess (`guess`, thousandths, rounded up): Σ over the fields of boost ×
   (k1 + 1) tf / (k1 (1 − b + b length / reference) + tf) with the reference lengths, which
   a field's true score / idf exceeds by at most average / reference when the average is
   longer (the denominator shrinks by at most that ratio), plus each field's rounding. */
function levelBound(idf, fields, bound, guess) {
  let top = 0, drift = 1
  fields.forEach((f, k) => { top += fieldScore(idf, f, bound[2 * k], bound[2 * k + 1]) })
  if (guess === undefined || !shards.reference)   /* files of an older format: (1) alone */
    return top
  fields.forEach(f => { drift = Math.max(drift, averages[f] / shards.reference[f]) })
  return Math.min(top, idf * (guess / 1000) * drift * (1 + 1e-9) + 0.0006 * fields.length)
}

/* A term's postings as far as read: {flat: [doc, impact, …], spans: [start, end, mask, …]
   (the postings flat[start..end) are of a level whose mask is `mask`: the fields holding
   the term in each of those documents, and no other; phraseSieve), pending: the levels with
   chunks unread ({bound, fields, mask, chunks: file names, place: the level's list in its
   term's pack, else undefined}), highest bound first, complete, threshold: the highest
   bound unread (no posting unread scores more), else 0} */
const postingsOf = new Map()
function postings([term, df, levels]) {
  if (!postingsOf.has(term)) {
    const idf = idfOf(df), flat = [], spans = [], pending = []
    for (const [mask, bound, inline, chunks, guess] of levels) {
      const fields = fieldsOf(mask)
      if (inline.length) {
        const start = flat.length
        decode(inline, fields, idf, flat)
        spans.push(start, flat.length, mask)
      }
      if (chunks.length)
        pending.push({ bound: levelBound(idf, fields, bound, guess), fields, mask, chunks: chunks.map(([name]) => name), place: chunks[0][2] })
    }
    pending.sort((a, b) => b.bound - a.bound)
    postingsOf.set(term, { flat, spans, pending, idf, complete: !pending.length, threshold: pending.length ? pending[0].bound : 0 })
  }
  return postingsOf.get(term)
}

/* Read the next chunk of `term`'s postings (of its unread level of highest bound); when
   that level is in the term's pack (FORMAT 5), the pack: every level it holds, wherever
   their bounds put them. The number of postings added */
async function readMore(term, ticket) {
  const p = postingsOf.get(term)
  if (p.complete)
    return 0
  const level = p.pending[0], name = level.chunks[0], path = `postings/${name}.json`
  const chunk = await fetchJSON(path, ticket)
  live(ticket)
  if (p.pending[0] !== level || level.chunks[0] !== name)
    return 0                         /* read meanwhile, by another call */
  files.delete(path)                 /* kept in `p` from now on */
  const before = p.flat.length
  const read = (flat, { fields, mask }) => {
    const start = p.flat.length
    decode(flat, fields, p.idf, p.flat)
    p.spans.push(start, p.flat.length, mask)
  }
  if (level.place === undefined) {
    read(chunk, level)
    level.chunks.shift()
    if (!level.chunks.length)
      p.pending.shift()
  } else
    p.pending = p.pending.filter(other => {
      if (other.place === undefined || other.chunks[0] !== name)
        return true
      read(chunk[other.place], other)
      return false
    })
  p.complete = !p.pending.length
  p.threshold = p.complete ? 0 : p.pending[0].bound
  return (p.flat.length - before) / 2
}

/* The paths of `term`'s next `count` postings files, in the order readMore reads them
   (its unread levels highest bound first, each level's chunks in order; a pack once) */
function nextChunks(term, count) {
  const paths = []
  for (const level of postingsOf.get(term).pending)
    for (const name of level.chunks) {
      const path = `postings/${name}.json`
      if (paths.includes(path))
        continue
      if (paths.length === count)
        return paths
      paths.push(path)
    }
  return paths
}

/* Read every chunk of `term`'s postings left */
async function readAll(term, ticket) {
  while (!postingsOf.get(term).complete)
    await readMore(term, ticket)
}

/* ---- scoring */

/* Per document, the tally of the query being scored (valid while `generation` is its own):
   its known score part, the unread part of the terms seen, the clauses it holds */
let sums = new Float64Array(0), seen = new Float64Array(0), held = new Int32Array(0), stamp = new Int32Array(0)
let generation = 0

function documentArrays(count) {
  sums = new Float64Array(count)
  seen = new Float64Array(count)
  held = new Int32Array(count)
  stamp = new Int32Array(count)
  generation = 0
}

/* The index terms of clauses `expanded` (per clause, its rows): per term how many clauses
   expand to it (its weight in the query vector) and which (a bit set), and |q| */
function queryTerms(expanded) {
  const weights = new Map(), masks = new Map()
  expanded.forEach((rows, clause) => {
    for (const row of rows) {
      weights.set(row[0], (weights.get(row[0]) || 0) + 1)
      masks.set(row[0], (masks.get(row[0]) || 0) | (1 << clause))
    }
  })
  let squares = 0
  for (const w of weights.values())
    squares += w * w
  return { weights, masks, magnitude: Math.sqrt(squares) }
}

/* What the postings fetched so far say for clauses `expanded` (per clause, its rows): per
   document (the arrays above) its known score part and the clauses it holds, and how much
   each term still unread could add. `optional`: the clauses are lunr's optional ones (no
   document holds them all). Yields to newer queries every SLICE postings; its answer holds
   while no other query scored (use it before the next await). */
async function tally(expanded, ticket, optional = false) {
  const { weights, masks, magnitude } = queryTerms(expanded)
  const gen = ++generation
  const touched = []
  let unread = 0                     /* Σ weight × threshold over the terms not complete */
  let scored = 0
  for (const [term, weight] of weights) {
    const p = postingsOf.get(term), mask = masks.get(term), open = weight * p.threshold, flat = p.flat
    unread += open
    for (let i = 0; i < flat.length; i += 2) {
      const doc = flat[i]
      if (stamp[doc] !== gen) {
        stamp[doc] = gen
        sums[doc] = seen[doc] = held[doc] = 0
        touched.push(doc)
      }
      sums[doc] += weight * flat[i + 1]
      seen[doc] += open
      held[doc] |= mask
    }
    scored += flat.length / 2
    if (scored >= SLICE) {
      scored = 0
      await pause()
      live(ticket)
    }
  }
  const open = expanded.map(rows => rows.some(row => !postingsOf.get(row[0]).complete))
  let closed = 0                     /* the clauses whose every term is read: a document lacking one is out */
  if (!optional)
    open.forEach((isOpen, c) => { if (!isOpen) closed |= 1 << c })
  return {
    touched, magnitude, unread, open, closed, optional, gen,
    all: optional ? 0 : (1 << expanded.length) - 1
  }
}

/* The tally `t` of clauses `expanded` brought up to date after more postings of some terms
   were read (`before`: term → its postings' length and threshold when `t` was made): the
   postings added are counted, and each read term's lower threshold taken off the unread part
   of `t` and of every document it names, as tally would count them all again but in a pass
   over those terms' postings alone. False, `t` unchanged, when another tally was made since */
function retally(t, expanded, before) {
  if (generation !== t.gen)
    return false
  const { weights, masks } = queryTerms(expanded)
  for (const [term, { length, threshold }] of before) {
    const p = postingsOf.get(term), weight = weights.get(term), mask = masks.get(term), flat = p.flat
    const change = weight * (p.threshold - threshold), open = weight * p.threshold
    t.unread += change
    for (let i = 0; i < length; i += 2)
      seen[flat[i]] += change
    for (let i = length; i < flat.length; i += 2) {
      const doc = flat[i]
      if (stamp[doc] !== t.gen) {
        stamp[doc] = t.gen
        sums[doc] = seen[doc] = held[doc] = 0
        t.touched.push(doc)
      }
      sums[doc] += weight * flat[i + 1]
      seen[doc] += open
      held[doc] |= mask
    }
  }
  t.open = expanded.map(rows => rows.some(row => !postingsOf.get(row[0]).complete))
  if (!t.optional)
    t.open.forEach((isOpen, c) => { if (!isOpen) t.closed |= 1 << c })
  return true
}

/* Whether the tally `t`, brought up to date by `retally` (`before`), may prove a first
   result while documents `left` are still coming, the highest score known from their text
   being `highest` (a necessary condition, checked without certified's pass over every
   document read): a first result is a document holding every clause whose score is known,
   at most `highest` unless its score became known with the postings just read (or a term's
   last ones were read), and above the unread part (when no clause is complete) and every
   upper bound of the documents still coming */
function mayProve(t, before, left, highest) {
  const known = doc => t.unread - seen[doc] <= 1e-12
  let best = highest
  for (const [term, { length }] of before) {
    const p = postingsOf.get(term)
    if (p.complete)
      return true
    for (let i = length; i < p.flat.length; i += 2) {
      const doc = p.flat[i]
      if ((held[doc] & t.all) === t.all && known(doc))
        best = Math.max(best, sums[doc])
    }
  }
  if (t.open.every(Boolean) && t.unread >= best)
    return false
  return left.every(ref => sums[ref] + t.unread - seen[ref] < best || (known(ref) && sums[ref] <= best))
}

/* The documents that may still hold every clause, when some clause's postings are all read
   (so that no other document can) and they are at most `most`; else null */
function candidates(t, most) {
  if (!t.closed)
    return null
  const possible = []
  for (const doc of t.touched)
    if ((held[doc] & t.closed) === t.closed && possible.push(doc) > most)
      return null
  return possible
}

/* The terms of a document's `id` field (FORMAT 6: its arXiv id, "" when none) */
const idTerms = id => id ? [idTerm(id)] : []

/* lunr's counts of a document's fields (in shards.fields' order) for the terms `wanted`
   (a Map: term → anything): {counts: term → tf, of the wanted terms only, length: every
   term the field holds, stop words left out}. `within`: strings every wanted term holds
   one of (its clause's word, `clauseWords`), or null: a field whose text, lowercased,
   holds none of them holds no wanted term and is not split into tokens (its length is
   then left 0: no score needs it) */
function documentFields([, title, tags, authors, text, , id, organization], wanted, within = null) {
  const values = { title, authors, tags: tags.join(" "), text, id: idTerms(id).join(""), organization }
  return shards.fields.map(name => {
    const counts = new Map(), value = values[name] || ""
    let length = 0
    if (within !== null) {
      const lower = value.toLowerCase()
      if (!within.some(word => lower.includes(word)))
        return { counts, length }
    }
    for (const term of name === "id" ? idTerms(id) : indexTerms(value)) {
      length++
      if (wanted.has(term))
        counts.set(term, (counts.get(term) || 0) + 1)
    }
    return { counts, length }
  })
}

/* What every index term of clauses `expanded` (per clause, its rows) starts with: per
   clause the longest prefix its terms share (a query word expands to the terms it begins);
   null when a word might not be found so in a field's lowercased text (a Greek sigma,
   lowercased by its place in the word, or an empty prefix) */
function clauseWords(expanded) {
  const words = expanded.map(rows => rows.map(row => row[0]).reduce((a, b) => {
    let n = 0
    while (n < a.length && n < b.length && a[n] === b[n])
      n++
    return a.slice(0, n)
  }, rows.length ? rows[0][0] : ""))
  return words.every(word => word.length && !/[σς]/.test(word)) ? words : null
}

/* Documents `refs` scored from their text (tf and field lengths counted as the index
   counted them, idf from the terms' df): per document {ref, sum: Σ weight × impact, holds:
   the clauses it holds (bits)}, the same sums in the same order as tally's, so the same
   scores */
async function textScores(refs, expanded, ticket) {
  const docs = await Promise.all(refs.map(ref => documentOf(ref, ticket)))
  live(ticket)
  const { weights, masks } = queryTerms(expanded)
  const within = clauseWords(expanded)
  return refs.map((ref, i) => {
    const fields = documentFields(docs[i], weights, within)
    let sum = 0, holds = 0
    for (const [term, weight] of weights) {
      const idf = postingsOf.get(term).idf
      let impact = 0, found = false
      fields.forEach(({ counts, length }, f) => {
        const tf = counts.get(term)
        if (tf) {
          impact += fieldScore(idf, f, tf, length)
          found = true
        }
      })
      if (found) {
        sum += weight * impact
        holds |= masks.get(term)
      }
    }
    return { ref, sum, holds }
  })
}

/* Documents `refs` scored from their text (`textScores`): those holding every clause, ranked */
async function scoreDocuments(refs, expanded, ticket) {
  const { magnitude } = queryTerms(expanded)
  const all = (1 << expanded.length) - 1
  return (await textScores(refs, expanded, ticket))
    .filter(({ holds }) => holds === all)
    .map(({ ref, sum }) => rankedResult(ref, sum, magnitude))
    .sort(bestFirst)
}

/* The rank of a result whose sum before the query norm (Σ weight × impact) is `sum`: the sum
   in thousandths. Every impact has 3 decimals (lunr's Builder) and every weight is a whole
   number, so equal sums are equal keys however their last bits came out (lunr adds per
   field, the worker per term); results rank by it, then by document. An upper bound of a
   sum is such a sum too. tests/search_oracle.py rank_key */
const rankKey = sum => Math.round(sum * 1000)

/* Document `ref` as a result of its sum (Σ weight × impact) over the query vector's
   `magnitude`: {ref, score, key} */
function rankedResult(ref, sum, magnitude) {
  return { ref, score: sum / magnitude, key: rankKey(sum) }
}

/* A comparator of results, best first: by key, then by document */
const bestFirst = (a, b) => b.key - a.key || a.ref - b.ref

/* The best `count` of `docs` by known score, best first: [{ref, score, key}] */
function best(docs, magnitude, count) {
  const top = []
  for (const ref of docs) {
    const score = sums[ref] / magnitude, key = rankKey(sums[ref])
    if (top.length === count) {
      const last = top[count - 1]
      if (key < last.key || (key === last.key && ref > last.ref))
        continue
    }
    let i = Math.min(top.length, count - 1)
    while (i > 0 && (top[i - 1].key < key || (top[i - 1].key === key && top[i - 1].ref > ref)))
      i--
    top.splice(i, 0, { ref, score, key })
    if (top.length > count)
      top.pop()
  }
  return top
}

function ranked(docs, magnitude) {
  return docs.map(ref => rankedResult(ref, sums[ref], magnitude)).sort(bestFirst)
}

/* What the postings read so far prove, in one pass over the documents read:
   {first: the documents holding every clause, the best `count` + 1 by known score, best
   first ([{ref, score, key}]); proven: the first `count` of them when they are proven to be
   the first results of the required clauses, their scores and order (each holds every
   clause and has every term's impact known, and no other document could reach the last
   one's score), else null; top: whether the first of them is proven the first result
   (the same for one); leading: how many of the first are proven in their places (for each
   n up to it, the first n as `proven` is for `count`: later answers keep them)}. */
function certified(t, count) {
  let bound = t.optional || t.open.every(Boolean) ? t.unread : 0     /* a document no posting read names */
  const first = [], uppers = []     /* the count + 1 highest upper bounds of the documents holding every clause */
  const unread = t.unread, all = t.all, closed = t.closed, magnitude = t.magnitude, most = count + 1
  for (const doc of t.touched) {
    const h = held[doc]
    if ((h & all) === all) {
      const score = sums[doc] / magnitude, key = rankKey(sums[doc]), upper = sums[doc] + unread - seen[doc]
      const last = first.length === most ? first[most - 1] : null
      if (last === null || key > last.key || (key === last.key && doc < last.ref))
        keepBest(first, { ref: doc, score, key }, most, byRank)
      if (uppers.length < most || upper > uppers[most - 1].upper)
        keepBest(uppers, { ref: doc, upper }, most, (a, b) => a.upper > b.upper)
    } else if ((h & closed) === closed)
      bound = Math.max(bound, sums[doc] + unread - seen[doc])
  }
  /* the highest upper bound of the documents holding every clause but the first `n` */
  const others = n => {
    const shown = new Set(first.slice(0, n).map(({ ref }) => ref))
    const other = uppers.find(({ ref }) => !shown.has(ref))
    return other === undefined ? bound : Math.max(bound, other.upper)
  }
  const known = ({ ref }) => unread - seen[ref] <= 1e-12
  const proves = n => {
    const shown = first.slice(0, n)
    if (!shown.every(known))
      return false
    if (shown.length < n)
      return others(n) === 0
    return rankKey(others(n)) < shown[n - 1].key
  }
  let leading = 0
  while (leading < Math.min(count, first.length) && proves(leading + 1))
    leading++
  return { first, proven: proves(count) ? first.slice(0, count) : null, top: leading > 0, leading }
}

/* Ranks a before b (bestFirst's order) */
const byRank = (a, b) => bestFirst(a, b) < 0

/* Put what the documents' text said (`exact`: ref → {sum, holds}, from textScores) into
   the tally `t`: their scores are known; one lacking a clause is out (score −∞) */
function settle(t, exact) {
  for (const [ref, { sum, holds }] of exact) {
    held[ref] = holds
    sums[ref] = (holds & t.all) === t.all ? sum : -Infinity
    seen[ref] = t.unread
  }
}

/* The documents to settle from their text (`settle`) next, at most `room`, when the
   postings read do not prove the first `count` results; else null (more postings are
   needed). Each document's known score part is a lower bound, and it plus the unread part
   of its terms an upper one; a document no posting read names may reach the unread part
   of every term (`untouched`). When `count` documents read may score above that, the
   first results are among them: those in doubt are the ones with some term unread whose
   upper bound is above `untouched` and reaches the `count`th best score known, highest
   upper bound first (when the known parts of `count` of them are above `untouched`: else
   the postings would leave too many in doubt). */
function inDoubt(t, count, room) {
  const untouched = t.open.every(Boolean) ? t.unread : 0
  const unread = t.unread, all = t.all, closed = t.closed
  /* one pass, no sorting of every document read: the `count` best known scores, the
     `count` best lower bounds (known, or the known part of one above `untouched`), the
     documents above `untouched` (same result as sorting them all) */
  const knownTop = [], lowerTop = [], above = []
  let known = 0
  for (const doc of t.touched) {
    const sum = sums[doc], h = held[doc]
    if (sum === -Infinity || (h & closed) !== closed)
      continue
    if ((h & all) === all && unread - seen[doc] <= 1e-12) {
      known++
      if (knownTop.length < count || sum > knownTop[count - 1])
        keepHighest(knownTop, sum, count)
      if (lowerTop.length < count || sum > lowerTop[count - 1])
        keepHighest(lowerTop, sum, count)
    } else if (sum + unread - seen[doc] > untouched) {
      above.push(doc)
      if (lowerTop.length < count || sum > lowerTop[count - 1])
        keepHighest(lowerTop, sum, count)
    }
  }
  if (known + above.length < count || room <= 0)
    return null
  const floor = known >= count ? knownTop[count - 1] : -Infinity
  /* settling pays when count documents read score above `untouched` with their known parts alone */
  if (lowerTop[count - 1] <= untouched)
    return null
  /* the `room` highest upper bounds of those reaching `floor` (then by document) */
  const chosen = []
  for (const doc of above) {
    const upper = sums[doc] + unread - seen[doc]
    if (upper >= floor && (chosen.length < room || upper >= chosen[room - 1].upper))
      keepBest(chosen, { doc, upper }, room, higherUpper)
  }
  return chosen.map(({ doc }) => doc)
}

/* The documents to settle (`settle`) next for the first result alone, when the first
   answer waits for its first result's proof and inDoubt settles nothing (fewer than
   `count` documents read are known above what a document no posting read may reach):
   the `room` highest upper bounds of the documents read above both that (`untouched`) and
   the best known part of those holding every clause (`proof.first`, from certified), highest
   first; null when there are none. Only such a document can be a first result proven
   from what is read; scored from its text, it may be (common words such as `large
   language models`, whose words' best postings name few documents holding them all) */
function topInDoubt(t, proof, room) {
  if (room <= 0)
    return null
  const untouched = t.open.every(Boolean) ? t.unread : 0
  const unread = t.unread, closed = t.closed
  const floor = Math.max(untouched, proof.first.length ? sums[proof.first[0].ref] : -Infinity)
  const chosen = []
  for (const doc of t.touched) {
    const sum = sums[doc]
    if (sum === -Infinity || (held[doc] & closed) !== closed || unread - seen[doc] <= 1e-12)
      continue
    const upper = sum + unread - seen[doc]
    if (upper > floor && (chosen.length < room || upper >= chosen[room - 1].upper))
      keepBest(chosen, { doc, upper }, room, higherUpper)
  }
  return chosen.length ? chosen.map(({ doc }) => doc) : null
}

/* Ranks a before b: higher upper bound, then lower document */
const higherUpper = (a, b) => a.upper > b.upper || (a.upper === b.upper && a.doc < b.doc)

/* Insert `value` into `top` (descending, at most `most` long) when it is among the highest */
function keepHighest(top, value, most) {
  keepBest(top, value, most, (a, b) => a > b)
}

/* Insert `item` into `top` (best first by `before(a, b)`: a ranks before b; at most `most`
   long; after the items it does not rank before) when it is among the best */
function keepBest(top, item, most, before) {
  if (top.length === most && !before(item, top[most - 1]))
    return
  let i = top.length
  while (i > 0 && before(item, top[i - 1]))
    i--
  top.splice(i, 0, item)
  if (top.length > most)
    top.pop()
}

/* The best guess at the first `count` results from what was read, by known score part:
   the documents known to hold every clause, then those that may still hold them all (or
   any, when there are none) */
function guess(t, count) {
  const sure = t.touched.filter(doc => (held[doc] & t.all) === t.all)
  const first = best(sure, t.magnitude, count)
  if (first.length === count)
    return first
  const possible = t.touched.filter(doc => (held[doc] & t.closed) === t.closed && (held[doc] & t.all) !== t.all)
  return first.concat(best(possible.length || first.length ? possible : t.touched, t.magnitude, count - first.length))
}

/* The best guess (`guess`) when its first result is proven (`certified`'s `top`: its score
   is known and no other document can reach it), that result first; else null: a guess
   whose first result the proof may replace is not shown (readers would see the top change) */
function provenGuess(t, count, proof) {
  if (!proof.top)
    return null
  if (proof.first.length > count)
    return proof.first.slice(0, count)
  const top = proof.first[0]
  return [top].concat(guess(t, count + 1).filter(({ ref }) => ref !== top.ref).slice(0, count - 1))
}

/* Every result: the required clauses' results, or, when there are none, the optional ones:
   {results, all: whether they hold every clause} */
async function everyResult(expanded, ticket) {
  await Promise.all(expanded.flat().map(row => readAll(row[0], ticket)))
  const t = await tally(expanded, ticket)
  const every = t.touched.filter(doc => held[doc] === t.all)
  return { results: ranked(every.length ? every : t.touched, t.magnitude), all: every.length > 0 }
}

/* Every result of a query of more than MASK_CLAUSES clauses `expanded` (a pasted abstract),
   as everyResult gives it, without the tally's masks: {results, all}. When a clause's rows
   hold every posting and name at most CANDIDATES documents, those holding every clause
   (`words`, the clauses' words, `whole` those that are no prefix: holdsEvery) are its
   results, scored from their text; else
   (or when none holds them all) every posting is read and each document's clauses counted,
   its score summed as tally sums it */
async function manyClauses(expanded, words, whole, ticket) {
  const { weights, magnitude } = queryTerms(expanded)
  const few = expanded.map(rows => fewDocuments(rows, CANDIDATES)).filter(refs => refs !== null)
    .sort((a, b) => a.length - b.length)[0]
  if (few !== undefined) {
    const docs = await Promise.all(few.map(ref => documentOf(ref, ticket)))
    const scored = await textScores(few, expanded, ticket)
    const every = scored.filter((_, i) => holdsEvery(docs[i], words, whole)).map(({ ref, sum }) => rankedResult(ref, sum, magnitude))
    if (every.length)
      return { results: every.sort(bestFirst), all: true }
  }
  await Promise.all(expanded.flat().map(row => readAll(row[0], ticket)))
  live(ticket)
  const clauses = new Map(), sums = new Map()
  for (const rows of expanded)
    for (const doc of namedBy(rows))
      clauses.set(doc, (clauses.get(doc) || 0) + 1)
  for (const [term, weight] of weights) {
    const flat = postingsOf.get(term).flat
    for (let i = 0; i < flat.length; i += 2)
      sums.set(flat[i], (sums.get(flat[i]) || 0) + weight * flat[i + 1])
  }
  const every = [...clauses.keys()].filter(doc => clauses.get(doc) === expanded.length)
  return { results: (every.length ? every : [...clauses.keys()]).map(ref => rankedResult(ref, sums.get(ref), magnitude)).sort(bestFirst),
           all: every.length > 0 }
}

/* The first `count` results, reading no more postings than it takes to prove them:
   {first, every, all: whether they hold every clause}. When some clause's postings are all read and at most CANDIDATES
   documents may hold every clause, it scores those from their documents: every result is
   known then (`every`). When no document holds every clause, the first results of lunr's
   optional clauses. Each round reads what the proof needs next at once: the documents in
   doubt (scored from their text) together with the next chunk of the READ_AT_ONCE terms
   that leave most unknown, one round trip; with the first chunks, the documents of the
   best guess so far (the answer shows them). While the first answer waits for its first
   result's proof and inDoubt settles nothing, the documents that may be that first result
   are settled (`topInDoubt`); while it waits so, a round's documents are scored as their
   files come, and the guess is told as soon as they prove its first result (a wave or two
   before the round's last file). `exact`: the documents scored from their
   text (ref → {sum, holds}). `watch` ({careful(), seen(t, count, read, settling)}): `seen`
   is told of each tally that proves nothing yet (the caller's guess comes from it), the
   postings read so far and whether the round it starts scores documents in doubt from
   their text; while `careful()` a round reads one chunk a term, else the
   chunks a round double (a proof that needs many tallies O(log) times, not once a chunk). */
async function firstResults(expanded, count, ticket, watch = null, exact = new Map()) {
  let read = 0, optional = false, chunks = 1, prefetched = false
  /* the next `chunks` chunks of each of `terms`, their files asked for at once (read in
     turn as they come): the number of postings added */
  const readChunks = async terms => (await Promise.all(terms.map(async term => {
    for (const path of nextChunks(term, chunks))
      fetchJSON(path, ticket).catch(() => {})
    let n = 0                        /* (a term read whole stops: `chunks` doubles each round) */
    for (let i = 0; i < chunks && !postingsOf.get(term).complete; i++)
      n += await readMore(term, ticket)
    return n
  }))).reduce((a, b) => a + b, 0)
  for (;;) {
    const hold = holding()
    if (hold !== null) {
      await hold
      live(ticket)
    }
    let t = await tally(expanded, ticket, optional)
    const few = candidates(t, CANDIDATES)
    if (few !== null && few.length) {
      const every = await scoreDocuments(few, expanded, ticket)
      if (every.length)
        return { first: every.slice(0, count), every: { results: every, all: true }, all: true }
    }
    if (few !== null) {              /* no document holds every clause */
      optional = true
      continue
    }
    settle(t, exact)
    const proof = certified(t, count), first = proof.proven
    if (first !== null && first.length)
      return { first, all: !optional }
    let doubtful = optional ? null : inDoubt(t, count, Math.min(count + SETTLE_BATCH, SETTLE_MOST - exact.size))
    if (doubtful === null && !optional && !proof.top && watch && watch.careful())
      doubtful = topInDoubt(t, proof, Math.min(TOP_BATCH, SETTLE_MOST - exact.size))
    if (watch && t.touched.length)
      watch.seen(t, count, read, doubtful !== null && doubtful.length > 0, proof)
    const open = [...new Set(expanded.flat().map(row => row[0]))]
      .filter(term => !postingsOf.get(term).complete)
      .sort((a, b) => postingsOf.get(b).threshold - postingsOf.get(a).threshold)
    if (!open.length && !(doubtful && doubtful.length)) {
      const every = await everyResult(expanded, ticket)
      return { first: every.results.slice(0, count), every, all: every.all }
    }
    const before = new Map(open.slice(0, READ_AT_ONCE).map(term => [term, { length: postingsOf.get(term).flat.length, threshold: postingsOf.get(term).threshold }]))
    const reading = readChunks(open.slice(0, READ_AT_ONCE))   /* asked for first: they are few */
    reading.catch(() => {})          /* superseded: thrown by the other awaits too */
    if (doubtful !== null && doubtful.length)
      doubtful = wholeWaves(doubtful)
    if (doubtful !== null && doubtful.length && watch && !proof.top) {
      /* what the documents say may prove the first result before the chunks come, and
         before the round's other documents: scored as their files come, the proof
         checked each time, the guess told once its first result is proven */
      let told = false, left = doubtful
      let highest = proof.first.length ? sums[proof.first[0].ref] : -Infinity   /* no score known of a document holding every clause is higher */
      const coming = new Map(doubtful.map(ref => [ref, documentOf(ref, ticket)]))   /* asked for at once, in this order */
      /* the round's chunks, when they come before its last document (they come in the wave
         of its first ones): the postings they add lower the upper bounds of the documents
         still coming and of those no posting names, so the tally takes them in (`retally`:
         a pass over the read terms' postings, not every term's: a whole tally costs 5-10 ms
         at 100k) and the proof is checked then (100k `large language models`: its first
         result proven a wave sooner, without the round's last two documents) */
      let chunksCome = reading.then(() => true)
      /* the proof checked: its proven first results, else null (the guess told, once, when
         its first result is proven) */
      const check = () => {
        const settled = certified(t, count)
        if (settled.proven !== null && settled.proven.length)
          return settled.proven
        if (settled.top && !told) {
          told = true
          watch.seen(t, count, read, false, settled)
        }
        return null
      }
      while (left.length) {
        const came = await Promise.race(left.map(ref => coming.get(ref)).concat(chunksCome ? [chunksCome] : []))
        live(ticket)
        if (came === true) {
          chunksCome = null
          if (!retally(t, expanded, before))
            t = await tally(expanded, ticket, optional)
          settle(t, exact)
          const first = mayProve(t, before, left, highest) ? check() : null
          if (first !== null)
            return { first, all: true }
          continue
        }
        let part = left.filter(ref => atHand([{ ref }]).length)
        if (!part.length)            /* not kept as at hand (superseded meanwhile): all at once */
          part = left
        left = left.filter(ref => !part.includes(ref))
        for (const scored of await textScores(part, expanded, ticket)) {
          exact.set(scored.ref, scored)
          if ((scored.holds & t.all) === t.all)
            highest = Math.max(highest, scored.sum)
        }
        settle(t, exact)
        /* a first result is proven only above every upper bound of those still coming: no
           pass over every document read (certified) before that may be (at 100k, 1-3 ms) */
        if (left.length && !left.every(ref => sums[ref] + t.unread - seen[ref] < highest))
          continue
        const first = check()
        if (first !== null)
          return { first, all: true }
      }
    } else if (doubtful !== null && doubtful.length) {
      for (const scored of await textScores(doubtful, expanded, ticket))
        exact.set(scored.ref, scored)
    } else if (!prefetched) {
      prefetched = true
      for (const { ref } of guess(t, count))
        documentOf(ref, ticket).catch(() => {})
    }
    read += await reading
    if (!watch || !watch.careful())
      chunks *= 2
  }
}

/* `docs` (documents to score from their text, the most needed first) less the last ones
   whose files would begin a wave of their own: the files asked for and not arrived (the
   round's chunks) and the documents' files not read yet are fetched FETCHES at a time, and
   a last wave of a few files costs a whole round trip (at least one new file is kept) */
function wholeWaves(docs) {
  const fresh = []                   /* the documents' files not read yet, in the documents' order */
  for (const ref of docs) {
    const path = documentPath(ref)
    if (!files.has(path) && !fresh.includes(path))
      fresh.push(path)
  }
  const over = (waiting.length + fetching + fresh.length) % FETCHES
  if (over === 0 || over >= fresh.length)
    return docs
  const dropped = new Set(fresh.slice(fresh.length - over))
  return docs.filter(ref => !dropped.has(documentPath(ref)))
}

/* ---- documents and what Material shows */

const documentPath = ref => `docs/${Math.floor(ref / shards.chunk)}.json`

function documentOf(ref, ticket, shown = false) {
  return fetchJSON(documentPath(ref), ticket, shown).then(chunk => chunk[ref % shards.chunk])
}

/* The documents of the leading results of `results` whose files have arrived, in order
   (none when the first one's has not) */
function atHand(results) {
  const docs = []
  for (const { ref } of results) {
    const file = files.get(documentPath(ref))
    if (file === undefined || file.value === undefined)
      break
    docs.push(file.value[ref % shards.chunk])
  }
  return docs
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/* What to mark: the words of Latin query terms typed outside quotes (the term being typed:
   words starting with it), each quoted
   Latin phrase where its words follow one another (whole words, as holdsPhrase finds it),
   and the query's CJK runs as they are (`marks`); null when nothing is. The expression is
   the runs, those terms and each phrase's first word alone, case folded; a term's word
   boundary and the rest of its word, and a phrase's other words, are checked by `marks`
   with SEPARATOR, already compiled for the tokens: an expression of Unicode classes
   compiled case-insensitively for each query cost a cold worker several ms per result
   list. A phrase with a CJK word is marked as before: its runs, its Latin words as terms.
   An arXiv id's term (isIdTerm) marks nothing. */
function marker({ terms, phrases, runs, loose, whole }) {
  const latinPhrases = phrases.filter(phrase => !phrase.some(word => HAS_CJK.test(word)))
  const outside = new Set(loose.concat(phrases.filter(phrase => !latinPhrases.includes(phrase)).flat()))
  const words = [...new Set(terms.filter(term => outside.has(term) && !HAS_CJK.test(term) && !isIdTerm(term)))]
  const firsts = latinPhrases.map(phrase => phrase[0]).filter(word => !words.includes(word))
  const parts = runs.concat(words, [...new Set(firsts)]).map(markPattern)
  if (!parts.length)
    return null
  const mark = new RegExp(parts.join("|"), "giu")
  mark.phrases = latinPhrases
  /* whether a word of the text (lower case), not a phrase's, is marked: a term, or starts with
     one that is a prefix (read from `whole` when asked: search() may take a word out of it) */
  mark.holds = word => words.includes(word) || words.some(start => !whole.has(start) && isPrefix(start) && word.startsWith(start))
  return mark
}

/* The expression of a term for `marker`: the term, whose "i" + U+0307 (İ lowercased, as
   tokens read it) also finds an İ in the text, which case folding alone does not ("İstanbul"
   is the token "i̇stanbul") */
const markPattern = term => escapeRegExp(term).replaceAll("i\u0307", "(?:i\u0307|\u0130)")

/* Whether the code point `char` is a word character (\p{L}, \p{N} or _): the separator
   leaves it alone (a lone "." it takes) */
const isWordChar = char => char !== "" && char.replace(SEPARATOR, "") === char

/* Whether the code point `char` is one of a Latin word's as the tokens read it: a word
   character that is no CJK one (indexText parts a CJK run from the letters around it:
   "基于Transformer的模型" holds the token "transformer") */
const inWord = char => isWordChar(char) && !HAS_CJK.test(char)

/* The code point of `text` just before index `at` ("" at the start) */
function charBefore(text, at) {
  if (at === 0)
    return ""
  const low = text.charCodeAt(at - 1)
  return at > 1 && low >= 0xdc00 && low <= 0xdfff ? text.slice(at - 2, at) : text[at - 1]
}

/* Whether a word starts at index `at` of `text`: no letter of a Latin word (inWord) before
   it, nor a dot after one (SEPARATOR keeps a dot between two word characters: "x.ai" and
   "e.g" are one token each, holding no token "ai" or "g") */
function wordStart(text, at) {
  const before = charBefore(text, at)
  return before === "." ? !inWord(charBefore(text, at - 1)) : !inWord(before)
}

/* The index just after the code point of `text` at `at`: a "u" expression's lastIndex set
   between the two halves of a surrogate pair looks again from the pair's start, so `at + 1`
   found the same match for ever (a word of an astral letter such as 𝐀 froze the worker) */
const after = (text, at) => at + (text.codePointAt(at) > 0xffff ? 2 : 1)

/* The end of the word of `text` that starts at `at`: its word characters (inWord) and each
   dot between two of them (a dot after the word, or next to another dot, is not the word's,
   as SEPARATOR takes it: "scale...laws" is two words, "models." one) */
function wordEnd(text, at) {
  let end = at
  for (let char; end < text.length; end += char.length) {
    char = String.fromCodePoint(text.codePointAt(end))
    if (char === "." && end > at && end + 1 < text.length && inWord(String.fromCodePoint(text.codePointAt(end + 1))))
      continue
    if (!inWord(char))
      break
  }
  return end
}

/* Where the quoted phrase of `phrases` that starts with the word at `at` (ending at `end`)
   ends in `text`, its words one after the other with only separators between them (as
   holdsPhrase reads the tokens), or -1 */
function phraseEnd(text, at, end, phrases) {
  const first = text.slice(at, end).toLowerCase()
  next: for (const phrase of phrases) {
    if (phrase[0] !== first)
      continue
    let last = end
    for (const word of phrase.slice(1)) {
      let start = last
      while (start < text.length && !isWordChar(String.fromCodePoint(text.codePointAt(start))))
        start = after(text, start)
      const stop = wordEnd(text, start)
      if (stop === start || text.slice(start, stop).toLowerCase() !== word)
        continue next
      last = stop
    }
    return last
  }
  return -1
}

/* The matches of `mark` in `text`, [index, matched text] each, left to right: for a term
   typed outside quotes, the word it is, or the word starting with it for the term being
   typed (parseQuery's `prefix`), whole (wordEnd: without the sentence's dot after it,
   "models." marks "models"); for a quoted phrase, its words
   where they follow one another, as one match; for a CJK run, the run itself */
function* marks(text, mark) {
  mark.lastIndex = 0
  for (let found; (found = mark.exec(text)) !== null;) {
    const at = found.index
    let end = at + found[0].length
    if (!HAS_CJK.test(found[0])) {
      if (!wordStart(text, at)) {
        mark.lastIndex = after(text, at)   /* not a word's start: look on from the next character */
        continue
      }
      const stop = wordEnd(text, at)
      const phrase = mark.phrases.length ? phraseEnd(text, at, stop, mark.phrases) : -1
      if (phrase >= 0)
        end = phrase
      else {
        end = stop
        if (!mark.holds(text.slice(at, end).toLowerCase())) {
          mark.lastIndex = after(text, at)   /* a phrase's first word not followed by the phrase, or a longer word than a whole term */
          continue
        }
      }
    }
    mark.lastIndex = Math.max(end, at + 1)
    yield [at, text.slice(at, end)]
  }
}

/* Whether `mark` marks anything in `text` */
function marksAny(text, mark) {
  return !marks(text, mark).next().done
}

function highlight(text, mark) {
  if (!mark)
    return escapeHTML(text)
  let out = "", at = 0
  for (const [index, word] of marks(text, mark)) {
    out += escapeHTML(text.slice(at, index)) + `<mark>${escapeHTML(word)}</mark>`
    at = index + word.length
  }
  return out + escapeHTML(text.slice(at))
}

/* About 240 characters of `text` around its first matched word, cut at spaces */
function snippet(text, mark, length = 240) {
  let start = 0
  if (mark) {
    const found = marks(text, mark).next().value
    if (found && found[0] > 80)
      start = text.indexOf(" ", found[0] - 80) + 1 || found[0]
  }
  let end = Math.min(text.length, start + length)
  if (end < text.length)
    end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end
  return (start > 0 ? "… " : "") + highlight(text.slice(start, end), mark) + (end < text.length ? " …" : "")
}

/* A result as Material's list shows it ([{location, title, text, tags, score, terms}], the
   title and text HTML, escaped, with the matched words marked; tags escaped labels), plus
   `date` (a paper's first listed day, YYYY-MM-DD, from FORMAT 4's documents) and `also` (the
   other days it was listed on, FORMAT 7's, for a paper listed on more than one), which the
   search page (theme/search.html) shows and filters on; `arxiv`, a paper's versionless arXiv
   id (FORMAT 6's; plain text, which the pages put in as text) and `arxivFound`, true when the
   query named it (its term is the query's), which both pages show */
function item({ ref, score }, [location, title, tags, authors, text, date, arxiv, organization, also], query, mark) {
  /* a paper whose abstract holds none of the words shows the field that does: its authors,
     else its organization (fresh26: "Singapore" listed papers with no word marked) */
  const other = mark && !marksAny(text, mark) ? [authors, organization].find(value => value && marksAny(value, mark)) : undefined
  const shown = other !== undefined ? highlight(other, mark) : snippet(text, mark)
  const found = {}
  for (const term of query.terms)
    if (!isIdTerm(term))             /* an id is no word of the page (`?h=`) */
      found[term] = true
  return [{
    location,
    title: highlight(title, mark),
    text: shown,
    ...tags.length && { tags: tags.map(escapeHTML) },
    ...date && { date },
    ...also && also.length && { also },
    ...arxiv && { arxiv },
    ...arxiv && query.terms.includes(idTerm(arxiv)) && { arxivFound: true },
    score,
    terms: found
  }]
}

/* Material's items for `results` (ranked), their documents asked for DOCUMENT_BATCH at a time */
async function items(results, query, mark, ticket) {
  const out = []
  for (let i = 0; i < results.length; i += DOCUMENT_BATCH) {
    const batch = results.slice(i, i + DOCUMENT_BATCH)
    const docs = await Promise.all(batch.map(({ ref }) => documentOf(ref, ticket, i === 0)))
    live(ticket)
    batch.forEach((result, j) => out.push(item(result, docs[j], query, mark)))
  }
  return out
}

/* Which documents may hold every phrase of `phrases` by the postings read of the query's
   clauses `expanded` (per clause, its rows): a function ref → boolean. holdsPhrase finds a
   phrase in one field, its tokens one after the other, so a document holding it has each of
   its words that is an index term as it stands (no stop word, its own trimmed term: every
   such word of a phrase is a clause of the query, its row among `expanded` when the index
   has it) in that field: the mask of the word's posting (spans) names it. A document whose
   postings read name no field but `id` holding every such word of a phrase holds no phrase
   there; nor does any document when such a word is no index term. A posting not read says
   nothing (its term's other postings unread: the document may hold it anywhere). Before,
   every result was read: at 10k, `"model language"` read 2,847 files (10 MB) */
function phraseSieve(phrases, expanded) {
  const known = new Set(expanded.flat().map(row => row[0]))
  const everywhere = (1 << shards.fields.length) - 1
  const textual = shards.fields.reduce((bits, name, f) => name === "id" ? bits : bits | (1 << f), 0)
  const checks = []                  /* per phrase, per word: [fields holding it by document, whether every posting is read] */
  for (const phrase of phrases) {
    const words = [...new Set(phrase)].filter(word => !stopWords.has(word) && trimmed(word) === word)
    if (words.some(word => !known.has(word)))
      return () => false
    if (words.length)
      checks.push(words.map(word => [fieldsHolding(postingsOf.get(word)), postingsOf.get(word).complete]))
  }
  return ref => checks.every(words => {
    let fields = textual
    for (const [holding, complete] of words)
      fields &= holding[ref] || (complete ? 0 : everywhere)
    return fields !== 0
  })
}

/* The fields holding a term in each document its postings read (`p`, postings()) name, by
   document (a Uint8Array; 0: none read), brought up to date with the postings read since
   it was last asked for (each posting taken once) */
function fieldsHolding(p) {
  if (p.holding === undefined) {
    p.holding = new Uint8Array(shards.count)
    p.held = 0                       /* the spans taken */
  }
  for (; p.held < p.spans.length; p.held += 3)
    for (let i = p.spans[p.held], mask = p.spans[p.held + 2]; i < p.spans[p.held + 1]; i += 2)
      p.holding[p.flat[i]] = mask
  return p.holding
}

/* The results of `results` (ranked) that hold every phrase, reading documents in rank
   order, those phraseSieve rules out skipped (`expanded`: the query's clauses), until
   `count` are found or `most` were read: {kept, cut: whether it stopped at `most` with
   others left}. The documents are asked for `ahead` of the one checked (SHOWN, or
   DOCUMENT_BATCH when every one is wanted), as the files come, not in batches waited for
   whole. `holdsToo`: what else a result kept must hold (a document → boolean: a guess's, every
   clause's word, holdsEvery), or null. `told(kept, read, of)`: called PROGRESS_MS after it began
   to read, then every PROGRESS_EVERY, and past the first PROGRESS_MS as each of the first
   SHOWN is found */
async function withPhrases(results, phrases, expanded, count, ticket, most = PHRASE_CHECKS, holdsToo = null, told = null) {
  const may = phraseSieve(phrases, expanded)
  const candidates = results.filter(({ ref }) => may(ref))
  const kept = [], ahead = count === Infinity ? DOCUMENT_BATCH : SHOWN, coming = []
  let asked = 0, read = 0, tell = performance.now() + PROGRESS_MS
  const long = tell                  /* a check going on past it is told each result found */
  for (; read < candidates.length && read < most && kept.length < count; read++) {
    for (; asked < candidates.length && asked < Math.min(most, read + ahead); asked++) {
      const doc = documentOf(candidates[asked].ref, ticket)
      doc.catch(() => {})            /* superseded, or no longer wanted */
      coming.push(doc)
    }
    const doc = await coming[read]
    coming[read] = null
    live(ticket)
    const found = phrases.every(phrase => holdsPhrase(doc, phrase)) && (holdsToo === null || holdsToo(doc))
    if (found)
      kept.push(candidates[read])
    if (told !== null && performance.now() >= (found && kept.length <= SHOWN ? long : tell)) {
      tell = performance.now() + PROGRESS_EVERY
      told(kept, read + 1, candidates.length)
    }
  }
  return { kept: kept.slice(0, count), cut: read < candidates.length && kept.length < count }
}

/* The first SHOWN of `every` ({results, all}: every result of a query's clauses `expanded`)
   whose text holds every phrase of `phrases`, none when no paper holds every clause, and
   whether more may (`short`: withPhrases read PHRASE_CHECKS of them and found fewer; its
   papers are lunr's first ones, but more may follow, an answer not exact: the whole answer
   reads every result. Before 699f28a it was told as exact and whole: a phrase that only
   papers ranked past the words' first 1,000 results hold had no result): {first, short} */
async function phrasedFirst(every, phrases, expanded, ticket, told = null) {
  if (!every.all)
    return { first: [], short: false }
  const { kept, cut } = await withPhrases(every.results, phrases, expanded, SHOWN, ticket, PHRASE_CHECKS, null, told)
  return { first: kept, short: cut }
}

/* The first SHOWN results of a query with quoted phrases (`phrases`; `expanded`, its
   clauses, every word of the phrases among them) from `found`, firstResults' proven first
   SHOWN results of its clauses: those whose text holds every phrase, in lunr's order,
   {first, every (as given, or when proven whole), all: whether a paper holds every
   clause, short: whether more of them may hold the phrases (phrasedFirst)}. When fewer than SHOWN of them hold the phrases and more results are left,
   twice as many are proven, up to PHRASE_PROOFS, past which every posting is read
   (everyResult). Before, every posting of the phrase's words was read before the first
   answer: 2.1 MB at 100k for `"large language models"`, whose first results' proof and
   guess are the words' own */
async function phraseResults(found, expanded, phrases, ticket, told = null) {
  for (let count = SHOWN * 2; ; count *= 2) {
    if (found.every)
      return { ...await phrasedFirst(found.every, phrases, expanded, ticket, told), every: found.every, all: found.every.all }
    if (!found.all)                  /* no paper holds every clause: none holds the phrases */
      return { first: [], every: null, all: false }
    const first = (await withPhrases(found.first, phrases, expanded, SHOWN, ticket)).kept
    if (first.length === SHOWN || found.first.length < count / 2)
      return { first, every: null, all: true }
    found = count <= PHRASE_PROOFS ? await firstResults(expanded, count, ticket)
      : { every: await everyResult(expanded, ticket) }
  }
}

/* The documents a clause's rows name when every posting of them is in the rows (no chunk)
   and they are at most `most`, else null: the query's results are among them (lunr's AND:
   every clause required) */
function fewDocuments(rows, most = SHOWN) {
  if (!rows.length || !rows.every(row => postings(row).complete))
    return null
  const docs = namedBy(rows, most)
  return docs.size <= most ? [...docs] : null
}

/* The documents the read postings of `rows` (a clause's) name, a Set: all of them, or the
   first `most` + 1 when there are more */
function namedBy(rows, most = Infinity) {
  const docs = new Set()
  for (const row of rows) {
    const flat = postingsOf.get(row[0]).flat
    for (let i = 0; i < flat.length && docs.size <= most; i += 2)
      docs.add(flat[i])
  }
  return docs
}

/* A clause's rows (`expand`), passed on; when they name fewer documents (fewDocuments) than
   any clause's before them (`fewest`: {size}, one per query), those documents are asked
   for at once: the query's results are among them (scored from their text as
   `candidates`), so they come while the other words' lexicon shards are still on their
   way; a clause naming more is not read ahead (its documents hold every result only
   when the fewer ones do too) */
function prefetchFew(rows, ticket, fewest) {
  const docs = fewDocuments(rows)
  if (docs !== null && docs.length < fewest.size) {
    fewest.size = docs.length
    for (const ref of docs)
      documentOf(ref, ticket).catch(() => {})
  }
  return rows
}

/* Whether document `doc` holds every clause of `terms` (a word of a field, stop words left
   out, that the clause is when in `whole` or one character long, else begins: what lunr's
   `+term` and `+term*` find) */
function holdsEvery([, title, tags, authors, text, , id, organization], terms, whole) {
  const found = new Set()
  for (const value of [title, authors, tags.join(" "), text, organization, null])
    for (const token of value === null ? idTerms(id) : indexTerms(value))
      for (const term of terms)
        if (!whole.has(term) && isPrefix(term) ? token.startsWith(term) : token === term)
          found.add(term)
  return found.size === terms.length
}

/* The query's only result, known before the other words' lexicon rows come: when a clause's
   rows (`pending`, per clause of `terms`, the promise of its rows) name a few documents
   (fewDocuments) and exactly one of them holds every clause (holdsEvery), lunr's AND query
   has that one result and no other (every result holds that clause). {ref, doc}, or null:
   no clause names few documents, or none or several of them hold every clause (the proof
   is needed). The documents are asked for before the files the proof reads ahead */
function soleResult(terms, whole, pending, ticket) {
  return new Promise((resolve, reject) => {
    let left = pending.length, tried = false
    for (const clause of pending)
      clause.then(rows => {
        left--
        const refs = tried ? null : fewDocuments(rows)
        if (refs === null) {
          if (!left && !tried)
            resolve(null)
          return
        }
        tried = true                 /* another clause's documents hold every result too: one read says it */
        Promise.all(refs.map(ref => documentOf(ref, ticket, true))).then(docs => {
          const holding = refs.filter((ref, i) => holdsEvery(docs[i], terms, whole))
          resolve(holding.length === 1 ? { ref: holding[0], doc: docs[refs.indexOf(holding[0])] } : null)
        }, reject)
      }, reject)
  })
}

/* The order in which the clauses' lexicon shards are asked for: the words likeliest to be
   rare first (a name's capital inside the word or a digit, as in `DINOv3` or `WithEveryone`,
   then the longest), so that a rare word's rows come in the first wave (soleResult). The
   answer does not depend on it. `words`: the query as typed */
function rareFirst(terms, words) {
  const named = new Set(tokens(words.split(/\s+/).filter(word => /\p{Ll}\p{Lu}|\p{N}/u.test(word)).join(" ")))
  terms.filter(isIdTerm).forEach(term => named.add(term))   /* an arXiv id: one paper */
  return terms.map((term, i) => i).sort((a, b) =>
    (named.has(terms[b]) - named.has(terms[a])) || ([...terms[b]].length - [...terms[a]].length) || a - b)
}

/* Answer `query` in Material's shape through `answer`: the first SHOWN results as soon as
   they are proven; when the proof takes longer than GUESS_MS after the lexicon rows came
   (at once when `typing`) or passes GUESS_AFTER postings, a guess from what was read
   meanwhile (`exact` false; `top`: whether its first result is proven, so stays), replaced by the proof; then, if more may follow and no newer
   query came in for REST_DELAY ms, every result. `run`: whether the answer may be shown
   yet (`asked`: no guess before it is; `onAsked` is called when it becomes so; `whole`:
   the asker wants to hear that the first answer was every result, Material does not).
   A proven answer also says, for the search page (search-page.js; Material reads only
   `items` and `suggest`): `all`, whether its papers hold every word (else no paper does,
   and they hold some); `missing`, the words found in no paper (left out of the query);
   `whole`, whether it holds every result; `common` and `alone`, the query's stop words
   and whether they are all it has (parseQuery); `short`, the query's last word typed outside
   quotes when it is one character, which is searched only whole (isPrefix), else null. While
   a phrase is checked in many documents' text, their first results are sent as they are
   found (not exact), and before any is, a page of ours (`run.whole`) is told how far the
   check is (an answer of no items, `checking`: [documents read, documents to read]). Throws SUPERSEDED
   once a newer query came in. */
async function search(text, ticket, answer, typing = false, run = { asked: true, whole: false }) {
  const query = parseQuery(text)
  if (!query.terms.length || !shards.count)
    return answer({ items: [], suggest: [], exact: true, all: true, missing: [], whole: true })
  const mark = marker(query)
  const suggested = doc => query.prefix === null ? []
    : tokens(doc[1]).filter(t => t.startsWith(query.prefix) && t !== query.prefix).slice(0, 1)
  const suggestion = async results => results.length ? suggested(await documentOf(results[0].ref, ticket)) : []
  /* Whether an answer with results was sent for the query: the early ones below are sent
     only before it (never fewer results after more) */
  let said = false, most = 0         /* most: the results of the largest answer sent */
  const say = data => {
    answer(data)
    said = said || data.items.length > 0
    most = Math.max(most, data.items.length)
  }
  /* what an answer says of the query's words, for the search page (its status line) */
  const words = { common: query.common, alone: query.alone, short: query.last !== null && !isPrefix(query.last) ? query.last : null }
  const pending = [], fewest = { size: Infinity }
  /* a whole word typed outside quotes that no index term is (a word cut short: `diffus model`)
     is searched as the start of words, lunr's `+diffus*`, and leaves `query.whole`
     (search_oracle.py searched_whole) */
  const clauseOf = async term => {
    const rows = await expand(term, ticket, query.whole.has(term))
    if (rows.length || !query.whole.has(term) || !query.loose.includes(term) || !isPrefix(term))
      return rows
    query.whole.delete(term)
    return expand(term, ticket)
  }
  for (const i of rareFirst(query.terms, text))
    pending[i] = clauseOf(query.terms[i]).then(rows => prefetchFew(rows, ticket, fewest))
  /* the only result, when a rare word tells it (soleResult): shown at once, as a first
     answer whose result is proven (`top`) and whole; the exact answer (its score needs
     every word's idf) follows once every row came */
  if (!query.phrases.length && !query.alone)
    soleResult(query.terms, query.whole, pending, ticket).then(found => {
      if (found !== null && !said)
        say({ items: [item({ ref: found.ref, score: 0 }, found.doc, query, mark)], suggest: suggested(found.doc),
              exact: false, top: true, whole: true, all: true, missing: [], ...words })
    }).catch(() => {})               /* superseded */
  let expanded = await Promise.all(pending)
  live(ticket)
  const missing = query.terms.filter((term, i) => !expanded[i].length)
  if (missing.length < expanded.length)
    expanded = expanded.filter(rows => rows.length)   /* words in no paper are left out; the others stay required */
  expanded.flat().forEach(postings)
  const clauseTerms = query.terms.filter(term => !missing.includes(term))   /* the words of the clauses (holdsEvery) */
  let first, every = null, all = true, short = false
  /* How far a check of many documents for the phrases is (withPhrases' `told`): the results
     found so far holding them are lunr's first ones (every result ranked before them was
     read), sent as a first answer not exact (`top`) when more than any answer sent had (at
     most SHOWN); while none is found, a page of ours (`run.whole`: Material's list would say
     "no result") is told how many documents were read of how many (`checking`: [read, of]),
     when nothing with results was sent. Their documents are at hand: sent at once, before
     the answers that follow */
  /* An answer not exact of the leading `results` whose documents `docs` (atHand) are at hand */
  const sayAtHand = (results, docs, top) =>
    say({ items: docs.map((doc, i) => item(results[i], doc, query, mark)), suggest: suggested(docs[0]), exact: false, top })
  let checked = 0                    /* the most documents told read (a check gone on from its first SHOWN reads them again) */
  const progress = (kept, read, of) => {
    checked = Math.max(checked, read)
    if (kept.length && Math.min(kept.length, SHOWN) > most) {
      const results = kept.slice(0, SHOWN), docs = atHand(results)
      if (docs.length === results.length)
        sayAtHand(results, docs, true)
    } else if (!kept.length && !said && run.whole)
      answer({ items: [], exact: false, checking: [checked, of] })
  }
  /* A first answer from the leading `results` whose documents are at hand (`exact` false,
     `top`: whether its first result is proven), sent at once, or when the first one's file
     comes (asked for before any other file) if it has not, when nothing was sent for the
     query yet and `still()`; with `some`, only when some but not all are at hand (the full
     answer follows as the other files come, one to two waves later). Never for a query
     with phrases: which of its results hold them is known from their text only */
  const sendAtHand = (results, top, some, still = () => true) => {
    if (said || !run.asked || !results.length || !still() || query.phrases.length)
      return
    const docs = atHand(results)
    if (!docs.length)
      documentOf(results[0].ref, ticket, true).then(() => sendAtHand(results, top, some, still)).catch(() => {})
    else if (!some || docs.length < results.length)
      sayAtHand(results, docs, top)
  }
  /* The first answer, before the files of all its documents came: its leading results at hand */
  const sendEarly = (results, top, still) => sendAtHand(results, top, true, still)
  /* The first results proven in their places (`certified`'s `leading`: later answers keep
     them), sent as soon as they are and the first one's document is at hand: neither
     GUESS_MS nor the guess's other documents are waited for */
  const sendProven = proof => sendAtHand(proof.first.slice(0, proof.leading), true, false)
  if (expanded.length > MASK_CLAUSES) {
    every = await manyClauses(expanded, clauseTerms, query.whole, ticket)
    all = every.all
    if (query.phrases.length)
      ({ first, short } = await phrasedFirst(every, query.phrases, expanded, ticket, progress))
    else
      first = every.results.slice(0, SHOWN)
  } else {
    /* the guess: shown once its time came (`wait` ms after the rows) or the postings read
       passed GUESS_AFTER, and the answer may be shown (while Material has not asked,
       nothing shows and the proof goes on), unless the proof came first. A round scoring
       documents in doubt from their text is waited for, up to LATE_SETTLES of them begun
       after that time: it reads the documents the answer shows anyway, and its guess is
       right far more often (a proof near its end is not replaced by a guess) */
    const rows = performance.now(), wait = typing ? 0 : GUESS_MS, unproven = typing ? 0 : UNPROVEN_MS
    let best = null, topKnown = false, guessed = null, proven = false, many = false, settling = false, lateSettles = 0
    const due = () => many || performance.now() >= rows + wait
    const showGuess = () => {
      if (guessed !== null || proven || best === null || !run.asked || !due())
        return
      if (!topKnown && ((settling && lateSettles <= LATE_SETTLES) || performance.now() < rows + unproven))
        return
      const results = best, top = topKnown
      sendEarly(results, top, () => !proven)
      /* a phrase's guess: its papers that hold it and every word (a guess's paper may lack
         a word typed outside the phrase: guess() takes those the postings read leave possible) */
      const phrased = query.phrases.length ? withPhrases(results, query.phrases, expanded, SHOWN, ticket, PHRASE_CHECKS,
        doc => holdsEvery(doc, clauseTerms, query.whole)).then(({ kept }) => kept)
        : Promise.resolve(results)
      guessed = phrased.then(kept =>
        Promise.all([items(kept, query, mark, ticket), suggestion(kept), kept])).then(([shown, suggest, kept]) => {
        if (!proven && kept.length) {
          say({ items: shown, suggest, exact: false, top: top && kept[0] === results[0] })
          heldUntil = performance.now() + HOLD_MS   /* the page shows it before the proof goes on */
        }
      })
      guessed.catch(() => {})        /* superseded */
    }
    const watch = {
      careful: () => guessed === null,   /* one chunk a term a round until a guess shows (bytes before the first result) */
      seen: (t, count, read, settles, proof) => {
        sendProven(proof)
        const sure = provenGuess(t, count, proof)
        topKnown = sure !== null
        best = sure || guess(t, count)
        many = read >= GUESS_AFTER
        settling = settles
        if (settles && due())
          lateSettles++
        showGuess()
      }
    }
    run.onAsked = showGuess
    setTimeout(showGuess, wait)
    setTimeout(showGuess, unproven)
    ;({ first, every = null, all } = await firstResults(expanded, SHOWN, ticket, watch))
    if (query.phrases.length)
      ({ first, every, all, short = false } = await phraseResults({ first, every, all }, expanded, query.phrases, ticket, progress))
    proven = true
    sendEarly(first, true)
  }
  const shown = await items(first, query, mark, ticket)
  const suggest = await suggestion(first)
  live(ticket)
  const whole = first.length < SHOWN && !query.phrases.length
  const told = { suggest, exact: true, all, missing: missing.map(spelled), ...words }
  if (!short)
    say({ items: shown, ...told, whole })
  else if (shown.length)             /* lunr's first results, more may follow: the whole answer says */
    say({ items: shown, suggest, exact: false, top: true })
  if (whole)
    return
  if (!short)                        /* a phrase's check cut short goes on at once: its first answer is still to come */
    await new Promise(resolve => setTimeout(resolve, REST_DELAY))
  live(ticket)
  if (every === null)
    every = await everyResult(expanded, ticket)
  let results = every.results
  if (query.phrases.length)          /* every result read: the whole answer is lunr's */
    results = every.all ? (await withPhrases(results, query.phrases, expanded, Infinity, ticket, Infinity, null, short ? progress : null)).kept : []
  if (results.length <= shown.length && !short) {
    if (run.whole)                   /* the page asked to hear that the list is whole */
      answer({ items: shown, ...told, whole: true })
    return
  }
  const rest = await items(results.slice(shown.length), query, mark, ticket)
  answer({ items: shown.concat(rest), ...told, whole: true })
}

/* ---- messages: Material's protocol, and the page's hints */

/* The newest query: its text, its ticket, whether Material asked for it (QUERY) and,
   until it does, its newest answer held back */
let current = null
let lastAsked = null               /* the text of Material's last QUERY */

/* Answer `text` as the newest query; `asked`: Material asked for it (else its answers wait
   for Material's QUERY of the same text) */
async function begin(text, asked, whole = false) {
  const ticket = ++latest
  heldUntil = 0                      /* a new query's files are not held */
  const typing = performance.now() - lastQuery < TYPING_MS
  if (/\S/.test(text))                /* an empty box (Material asks for it on READY) is no query before */
    lastQuery = performance.now()
  abandon()
  const run = current = { text, ticket, asked, whole, held: null, onAsked: null }
  const answer = data => {
    live(ticket)
    data.query = text                  /* which text it answers (not Material's: a page of ours reads it) */
    if (run.asked)
      postMessage({ type: RESULT, data })
    else
      run.held = data
  }
  try {
    await search(text, ticket, answer, typing, run)
  } catch (err) {
    if (err === SUPERSEDED)
      return
    console.warn(`Search failed for ${JSON.stringify(text)}:`, err)
    if (ticket === latest)
      answer({ items: [] })
  }
}

/* Material asks on keyup (and when READY comes, for what the box holds): a query the page
   hinted at is already under way, its answer so far is sent now */
function requested(text, whole = false) {
  lastAsked = text
  const run = current
  if (run === null || run.text !== text)
    return begin(text, true, whole)
  run.whole = run.whole || whole
  if (!run.asked) {
    run.asked = true
    if (run.held !== null)
      postMessage({ type: RESULT, data: run.held })
    if (run.onAsked !== null)
      run.onAsked()                  /* its guess may show now */
  }
}

/* Start-up: the index's settings (search_index.json's config.shards), once: from the
   worker's own read of the file, begun as the worker starts, or from Material's SETUP, which
   brings the same file once the page's main thread has fetched and parsed it (behind
   Material's own start-up there), whichever comes first */
let ready = false
function configure(config) {
  if (ready || !config || !config.shards)
    return
  shards = config.shards
  stopWords = new Set(shards.stopWords)
  averages = shards.lengths.map(total => total / shards.count)
  documentArrays(shards.count)
  ready = true
  if (hints)
    hints.postMessage(null)          /* ask the page for what the box holds already */
  setTimeout(warmUp, 0)
}

/* ---- the idle time before the first query */

/* Once, before any query begins (none did: lastQuery), run what a query runs on made-up
   data: the tokenizer's expressions (Unicode classes, compiled on their first use), the
   postings' decoding and scores, the tally and the proof's passes, a document scored from
   its text and shown; a cold worker paid that on its first query. Its postings are under
   terms no index holds (the separator takes "\0"), removed after; its tally's generation
   is over once a query tallies. Synchronous: no query's state can change meanwhile. */
function warmUp() {
  if (lastQuery !== -Infinity || !shards.count)
    return
  const n = Math.min(shards.count, 2000), fields = [0, shards.fields.length - 1], mask = 1 | (1 << fields[1])
  const rows = ["\0warm", "\0up"].map((term, k) => {
    const flat = []
    for (let doc = k; doc < n; doc += 1 + k)
      flat.push(doc === k ? doc : 1 + k, 1 + doc % 3, 5 + doc % 7, 1 + doc % 4, 90 + doc % 50)
    return [term, Math.max(1, n >> (k + 1)), [[mask, [3, 5, 4, 90], flat, [], 2000]]]
  })
  rows.forEach(postings)
  const expanded = rows.map(row => [row])
  tally(expanded, latest).then(t => {
    const proof = certified(t, SHOWN)
    inDoubt(t, SHOWN, SHOWN + SETTLE_BATCH)
    topInDoubt(t, proof, TOP_BATCH)
    candidates(t, CANDIDATES)
    const query = parseQuery("Warm-up models, e.g. 4.5 语言模型 \"of language\"")
    const text = "We warm up the LLaMA-2 models (e.g. 4.5 billion parameters) for the language of 基于物联网的大模型评测; "
    const doc = ["papers/warm-up/", "Warm-up: models of language", ["Language Models"], "A. Writer, B. Reader", text.repeat(6), "2026-01-01", "", "Warm-up Lab"]
    const wanted = new Map(query.terms.map(term => [term, 1]))
    documentFields(doc, wanted, clauseWords([[["warm"]], [["model"]]]))
    documentFields(doc, wanted, null)
    holdsPhrase(doc, query.phrases[0])
    const top = guess(t, SHOWN)
    for (const result of top.length ? top : [{ ref: 0, score: 1 }])
      item(result, doc, query, marker(query))
  }).catch(err => console.warn("Search warm-up failed:", err)).finally(() => rows.forEach(([term]) => postingsOf.delete(term)))
}

/* The page's hints (theme/main.html): the search box's value on each `input` event, a key
   before Material's keyup reads it, and on request (null), on the BroadcastChannel this
   script's URL fragment names (one per page, so another tab's box is not heard). Heard once
   configured. A hint back to the text Material asked for last is answered at once:
   Material sends a text only when it differs from the one before. */
const hints = self.location.hash.length > 1 && typeof BroadcastChannel === "function"
  ? new BroadcastChannel(decodeURIComponent(self.location.hash.slice(1))) : null
if (hints)
  hints.onmessage = ev => {
    if (ready && typeof ev.data === "string" && (current === null || current.text !== ev.data))
      begin(ev.data, ev.data === lastAsked)
  }
/* The index read here; when it cannot be (no file, not JSON), the page is told (`false` on
   the hints' channel): a page of ours, with no SETUP to send, says search could not start */
fetch(new URL("search/search_index.json", site))
  .then(response => response.ok ? response.json() : null)
  .catch(() => null)
  .then(index => {
    configure(index && index.config)
    if (!ready && hints)
      hints.postMessage(false)
  })

addEventListener("message", ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      configure(message.data.config)
      postMessage({ type: READY })
      break
    case QUERY:
      requested(message.data, message.whole === true)
      break
  }
})
