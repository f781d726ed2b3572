// The search worker against a model of the network, for comparing two worker files with
// no browser and no load noise (bench/README.md, issue 21, "The query's own time").
//
//   node bench/search_worker_model.mjs WORKER.js KEPT/SIZE-ours/search "query|query" [ms a file] [ms a kB]
//   KEYUP=100 node bench/search_worker_model.mjs ...   # Material's page: the query hinted, asked 100 ms later
//   LASTKEY=1500 node bench/search_worker_model.mjs ...   # the query but its last key, answered, 1.5 s, then the last key
//   FIRST=1 (STOP=1) node bench/search_worker_model.mjs ...   # stop at the first answer (the first proven one)
//   TOPAT=1 node bench/search_worker_model.mjs ...   # also say when the first result was first proven (files read by then)
//
// The worker runs in a vm context; its clock is virtual: each file takes `ms a file` (10)
// plus `ms a kB` (0.2) on one of 6 connections (a browser's per host), and the worker's
// own CPU time (process.cpuUsage) is added as it runs. Per query (a fresh worker, SETUP, the
// empty QUERY Material sends on READY, then the query): ms from the query to the first
// answer with items (GUESS when not proven) and to the first proven one, the files and
// kB read before each, and whether the top result changed between them.
import fs from "node:fs"; import vm from "node:vm"
const [,, workerPath, searchDir, qs, lat = "10", perKB = "0.2"] = process.argv
const KEYUP = +(process.env.KEYUP || 0), LASTKEY = +(process.env.LASTKEY || 0), TRACE = !!process.env.TRACE, STOP = !!process.env.STOP, FIRST = !!process.env.FIRST, LAT = +lat, PERKB = +perKB, CONN = 6
const dir = searchDir.replace(/\/?$/, "/")
const src = fs.readFileSync(workerPath, "utf8")
const configText = fs.readFileSync(dir + "search_index.json", "utf8")
const cache = new Map()
const read = p => { if (!cache.has(p)) { try { cache.set(p, fs.readFileSync(dir + p, "utf8")) } catch { cache.set(p, null) } } return cache.get(p) }

async function run(query) {
  let vnow = 0, cpuStart = null, seq = 0
  const timers = []
  const cpuSince = () => cpuStart === null ? 0 : (process.cpuUsage().user - cpuStart) / 1000
  const clock = () => vnow + cpuSince()
  const schedule = (at, fn) => timers.push({ at, seq: seq++, fn })
  const perf = { now: clock }
  let active = 0; const queue = []; const log = []
  function pump() {
    while (active < CONN && queue.length) {
      const job = queue.shift(); active++
      schedule(clock() + LAT + PERKB * job.text.length / 1000, () => { active--; if (!job.aborted) { log.push([clock(), job.p, job.text.length]); if (TRACE) console.log(`  ${(clock() - 1000).toFixed(0).padStart(5)} ms  ${job.p} ${(job.text.length / 1000).toFixed(1)} kB`); job.resolve() } pump() })
    }
  }
  const fakeFetch = (url, opts = {}) => new Promise((resolve, reject) => {
    const p = new URL(url).pathname.replace(/^\/search\//, "")
    const text = read(p)
    if (text === null) return resolve({ ok: false, status: 404 })
    const job = { p, text, resolve: () => resolve({ ok: true, json: async () => JSON.parse(text) }) }
    if (opts.signal) opts.signal.addEventListener("abort", () => { job.aborted = true; const i = queue.indexOf(job); if (i >= 0) queue.splice(i, 1); reject(new DOMException("aborted", "AbortError")) })
    queue.push(job); pump()
  })
  class FakeChannel { constructor() { const self = this; this.port1 = { onmessage: null }; this.port2 = { postMessage: () => schedule(clock(), () => self.port1.onmessage({})) } } }
  const listeners = [], results = [], hintChannels = []
  const ctx = {
    self: { location: { href: "http://x/assets/javascripts/workers/paper-search.js", hash: KEYUP ? "#x" : "" }},
    BroadcastChannel: class { constructor() { hintChannels.push(this); this.onmessage = null } postMessage() {} },
    fetch: fakeFetch, performance: perf, setTimeout: (fn, d = 0) => schedule(clock() + d, fn), clearTimeout: () => {},
    URL, AbortController, MessageChannel: FakeChannel, console, DOMException,
    addEventListener: (t, f) => listeners.push(f),
    postMessage: m => { if (m.type === 3 && process.env.DUMP && m.data.items.length) console.log("  answer", m.data.exact, m.data.items.slice(0, 10).map(([i]) => i.location.slice(-12) + " " + i.score.toFixed(9)).join(", ")); if (m.type === 3 && TRACE) console.log(`  ${(clock() - 1000).toFixed(0).padStart(5)} ms  RESULT ${m.data.items.length} exact ${m.data.exact}`); if (m.type === 3) results.push({ at: clock(), n: m.data.items.length, exact: m.data.exact, topProven: m.data.exact !== false || m.data.top === true, top: m.data.items.length && m.data.items[0][0].location, files: log.length, kb: log.reduce((a, l) => a + l[2], 0) / 1000 }) },
  }
  vm.createContext(ctx)
  vm.runInContext(src, ctx)
  const spent = {}
  if (process.env.SPENT)             /* ms per function of the worker's own (synchronous ones) */
    for (const name of process.env.SPENT.split(",")) {
      const fn = ctx[name]
      ctx[name] = function (...args) { const t0 = performance.now(); try { return fn.apply(this, args) } finally { spent[name] = (spent[name] || 0) + performance.now() - t0 } }
    }
  if (process.env.TOPAT) {          /* when the proof's passes first prove the first result (certified's top) */
    const fn = ctx.certified
    let told = false
    ctx.certified = function (...args) { const r = fn.apply(this, args); if (r.top && !told && start) { told = true; console.log(`  top proven at ${(clock() - start).toFixed(0)} ms, ${log.length} files`) } return r }
  }
  const config = JSON.parse(configText).config
  let start = 0, lastKeyed = !LASTKEY
  schedule(1000, () => {
    listeners.forEach(f => f({ data: { type: 0, data: { config } } }))
    start = clock(); log.length = 0; results.length = 0
    listeners.forEach(f => f({ data: { type: 2, data: "" } }))
    if (LASTKEY) {                   /* the query but its last character, answered, LASTKEY ms, then the last key */
      listeners.forEach(f => f({ data: { type: 2, data: query.slice(0, -1) } }))
      schedule(clock() + LASTKEY, () => { lastKeyed = true; start = clock(); log.length = 0; results.length = 0; listeners.forEach(f => f({ data: { type: 2, data: query } })) })
    } else if (KEYUP) {
      hintChannels.forEach(c => c.onmessage({ data: query }))
      schedule(clock() + KEYUP, () => listeners.forEach(f => f({ data: { type: 2, data: query } })))
    } else
      listeners.forEach(f => f({ data: { type: 2, data: query } }))
  })
  while (timers.length) {
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
    const t = timers.shift()
    if (t.at > 1000 + LASTKEY + 4000 || lastKeyed && ((STOP && results.some(r => r.n && r.exact !== false)) || (FIRST && results.some(r => r.n)))) break
    vnow = Math.max(vnow, t.at); cpuStart = process.cpuUsage().user
    t.fn()
    await new Promise(r => setImmediate(r))
    vnow += cpuSince(); cpuStart = null
  }
  if (process.env.SPENT)
    console.log("  spent (ms):", Object.entries(spent).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", "))
  const rs = results.filter(r => r.n)
  const first = rs[0], final = rs.find(r => r.exact !== false)
  return { query, first: first && Math.round(first.at - start), firstExact: !!first && first.exact !== false, firstTop: !!first && first.topProven, final: final && Math.round(final.at - start),
           filesFirst: first && first.files, kbFirst: first && Math.round(first.kb), filesFinal: final && final.files, changed: !!(first && final && first.top !== final.top), kbFinal: final && Math.round(final.kb) }
}
for (const q of qs.split("|")) {
  const r = await run(q)
  console.log(`${r.query.slice(0, 28).padEnd(29)} first ${String(r.first).padStart(5)} ms ${r.firstExact ? "exact" : r.firstTop ? "G top" : "GUESS"}  proven ${String(r.final).padStart(5)} ms` +
    `  files ${r.filesFirst} / ${r.filesFinal}  kB ${r.kbFirst} / ${r.kbFinal}${r.changed ? "  top changed" : ""}`)
}
process.exit(0)
