// The in-browser half of `cargo xtask bench faq` (see xtask/src/bench_faq.rs and e2e/bench/faq.mjs).
//
// Four engines behind one shape: `build(kbText, kbBytes)` indexes a knowledge base from its JSON text (parsing
// is part of the build for everyone, since our wasm parses the text itself; ours takes the UTF-8 bytes instead
// when the widget's worker would, for a snapshot over 16 MiB), and `query(handle, q, item)` returns
// `{ answer, top }`: the confident answer for ours (null for the peers, whose confidence the runner decides
// by a threshold on `score`), the first three ids, and the best score.
//
// The peers index the same texts as our matcher (question, similar questions, keywords, service item name)
// with the same CJK bigram tokens (below), but no synonym groups. They get the page's service item the way
// ours does: their first 20 hits are re-ranked with the same ×1.3 boost for entries of that item.

import MiniSearch from 'minisearch';
import { Index } from 'flexsearch';
import Fuse from 'fuse.js';
import init, { Faq } from '/dist/faq.js';

/** Our matcher's boost for entries of the page's item (core/src/matcher/mod.rs, ITEM_BOOST). */
const ITEM_BOOST = 1.3;
/**
 * Above this many bytes of JSON the widget hands its worker the snapshot's bytes, not its text
 * (widget/src/kb_cache.rs, LOCAL_MAX_BYTES).
 */
const LOCAL_MAX_BYTES = 16 << 20;
/** The peer whose run ours is shown from in the speed table (the 10x target's reference). */
const REFERENCE = 'flexsearch';
/** Hits of a peer that are re-ranked with the item boost. */
const RERANK = 20;

/** Tokens for the peers: each Han character and each adjacent pair of Han characters; ASCII words. */
export function tokens(text) {
  const out = [];
  for (const run of String(text).toLowerCase().matchAll(/(\p{Script=Han}+)|([a-z0-9]+)/gu)) {
    if (run[1]) {
      const chars = [...run[1]];
      chars.forEach((c, i) => {
        out.push(c);
        if (i + 1 < chars.length) out.push(c + chars[i + 1]);
      });
    } else {
      out.push(run[2]);
    }
  }
  return out;
}

/** The indexed texts of an entry, as our matcher's phrasings are. */
function texts(e) {
  return [e.question, ...(e.similar ?? []), (e.keywords ?? []).join(' '), e.item ?? ''];
}

/** Re-ranks `hits` ([{ i, score }], best first, i indexing `entries`) with the item boost; returns the shape. */
function finish(entries, hits, item) {
  const boosted = hits.slice(0, RERANK).map((h, rank) => ({
    ...h,
    rank,
    score: h.score * (item && entries[h.i].item === item ? ITEM_BOOST : 1),
  }));
  boosted.sort((a, b) => b.score - a.score || a.rank - b.rank);
  return {
    answer: null,
    top: boosted.slice(0, 3).map((h) => entries[h.i].id),
    score: boosted.length ? boosted[0].score : 0,
  };
}

export const engines = {
  /** Ours: bangban-core's Matcher compiled to wasm; confident = decide().answer(). */
  bangban: {
    build(kbText, kbBytes) {
      return kbBytes && kbBytes.length > LOCAL_MAX_BYTES ? Faq.fromBytes(kbBytes) : new Faq(kbText);
    },
    /**
     * One timed build as the widget does it: in a worker of its own (widget/src/kb_cache.rs), which loads and
     * compiles the wasm afresh, starts from a fresh wasm memory that the build has to grow, and goes away
     * after. Only the build itself is timed (in the worker); the worker is given the JSON as the widget's
     * worker is, bytes above LOCAL_MAX_BYTES and text below.
     */
    async timedBuild(kbText, kbBytes) {
      const worker = new Worker('/bench/faq-build-worker.mjs', { type: 'module' });
      try {
        const done = new Promise((resolve, reject) => {
          worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data));
          worker.onerror = (e) => reject(new Error(e.message));
        });
        const big = kbBytes && kbBytes.length > LOCAL_MAX_BYTES;
        worker.postMessage(big ? { bytes: kbBytes } : { text: kbText });
        return (await done).ms;
      } finally {
        worker.terminate();
      }
    },
    query(faq, q, item) {
      const [answer, ...suggestions] = faq.decide(q, item ?? undefined).split('\n');
      const top = answer ? [answer, ...suggestions] : suggestions;
      return { answer: answer || null, top: top.slice(0, 3), score: null };
    },
  },
  /** MiniSearch: BM25 over four fields, OR of the query's tokens. */
  minisearch: {
    build(kbText) {
      const entries = JSON.parse(kbText).entries;
      const ms = new MiniSearch({
        fields: ['question', 'similar', 'keywords', 'item'],
        idField: 'i',
        tokenize: tokens,
        processTerm: (t) => t,
      });
      ms.addAll(
        entries.map((e, i) => ({
          i,
          question: e.question,
          similar: (e.similar ?? []).join(' '),
          keywords: (e.keywords ?? []).join(' '),
          item: e.item ?? '',
        })),
      );
      return { ms, entries };
    },
    query({ ms, entries }, q, item) {
      const hits = ms.search(q).slice(0, RERANK);
      return finish(entries, hits.map((h) => ({ i: h.id, score: h.score })), item);
    },
  },
  /**
   * FlexSearch: an Index with our bigram encoder, `suggest` so that hits need not hold every token. It
   * returns no scores, so each hit (in FlexSearch's order) is scored by the share of the query's distinct
   * tokens it contains.
   */
  flexsearch: {
    build(kbText) {
      const entries = JSON.parse(kbText).entries;
      const index = new Index({ encode: tokens, tokenize: 'strict', resolution: 9 });
      const sets = entries.map((e, i) => {
        const text = texts(e).join('\n');
        index.add(i, text);
        return new Set(tokens(text));
      });
      return { index, entries, sets };
    },
    query({ index, entries, sets }, q, item) {
      const wanted = [...new Set(tokens(q))];
      const ids = index.search(q, { limit: RERANK, suggest: true });
      const hits = ids.map((i) => ({
        i,
        score: wanted.length ? wanted.filter((t) => sets[i].has(t)).length / wanted.length : 0,
      }));
      hits.sort((a, b) => b.score - a.score);
      return finish(entries, hits, item);
    },
  },
  /** Fuse.js: fuzzy (Bitap) matching over the same four fields; score = 1 − Fuse's score. */
  fuse: {
    build(kbText) {
      const entries = JSON.parse(kbText).entries;
      const docs = entries.map((e, i) => ({
        i,
        question: e.question,
        similar: e.similar ?? [],
        keywords: e.keywords ?? [],
        item: e.item ?? '',
      }));
      const fuse = new Fuse(docs, {
        keys: ['question', 'similar', 'keywords', 'item'],
        includeScore: true,
        ignoreLocation: true,
      });
      return { fuse, entries };
    },
    query({ fuse, entries }, q, item) {
      const hits = fuse.search(q, { limit: RERANK });
      return finish(entries, hits.map((h) => ({ i: h.item.i, score: 1 - h.score })), item);
    },
  },
};

/**
 * Mean milliseconds of one `query`: run once to warm up, then in doubling batches until at least `budgetMs` has
 * passed, so the timer's tick (5 µs on this cross-origin isolated page, 100 µs otherwise) is a small share of
 * what is measured. A query slower than the budget is timed once.
 */
function timeQuery(engine, handle, q, item, budgetMs) {
  engine.query(handle, q, item);
  let reps = 0;
  let batch = 1;
  let elapsed = 0;
  const t0 = performance.now();
  while (elapsed < budgetMs) {
    for (let r = 0; r < batch; r++) engine.query(handle, q, item);
    reps += batch;
    batch = Math.min(batch * 2, 256);
    elapsed = performance.now() - t0;
  }
  return elapsed / reps;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Runs everything. `accuracy`: [{ name, kb, labelled }], each a knowledge base's URL and the labelled lines
 * asked of it; `sizes`: [{ n, url }]; `timedLines`: the labelled lines whose latency is measured;
 * `latencyEvery`: time every Nth of them; `budgetMs`: time spent per timed query; `capMs`: most time spent
 * timing queries per engine and size.
 *
 * At each size ours is timed beside each peer in turn, question by question (see below), so that the ratios hold
 * even when this shared machine's speed moves from minute to minute; `results.pairs` has each pair's figures.
 */
window.bench = async function bench({ accuracy, sizes, timedLines, latencyEvery, budgetMs, capMs, buildRuns }) {
  const results = {};
  const kbTexts = {};
  for (const { name, kb } of accuracy) kbTexts[name] = await (await fetch(kb)).text();
  const texts = {};
  const bytes = {};
  for (const { n, url } of sizes) {
    bytes[n] = new Uint8Array(await (await fetch(url)).arrayBuffer());
    texts[n] = new TextDecoder().decode(bytes[n]);
  }
  const timed = timedLines.filter((_, i) => i % latencyEvery === 0);
  for (const [name, engine] of Object.entries(engines)) {
    const answers = {};
    for (const set of accuracy) {
      const handle = engine.build(kbTexts[set.name]);
      answers[set.name] = set.labelled.map(({ q, item }) => engine.query(handle, q, item));
    }
    console.log(`${name}: accuracy runs done`);
    results[name] = { answers, speed: [] };
  }
  // Builds an engine's index `buildRuns` times (ours each in a worker of its own, as the widget builds) and
  // returns the times and a handle to query: the peers' last build; ours is built once more here.
  async function build(engine, n) {
    const builds = [];
    let h;
    for (let run = 0; run < buildRuns; run++) {
      if (engine.timedBuild) {
        builds.push(await engine.timedBuild(texts[n], bytes[n]));
        continue;
      }
      const t0 = performance.now();
      h = engine.build(texts[n], bytes[n]);
      builds.push(performance.now() - t0);
    }
    return { builds, handle: h ?? engine.build(texts[n], bytes[n]) };
  }
  const [ours, ...peers] = Object.keys(engines);
  const pairs = [];
  for (const { n } of sizes) {
    const runs = {};
    const mine = await build(engines[ours], n);
    const beside = {};
    for (const peer of peers) {
      const theirs = await build(engines[peer], n);
      const run = (runs[peer] = { builds: theirs.builds, times: [], spent: 0 });
      // Ours and this peer take each question in turn, only their two indexes alive (as a page would have
      // one): a slower stretch of this shared machine weighs on both alike, and neither pays for the
      // garbage of an engine it is not compared with. A slow peer stops after `capMs`.
      const mineHere = (beside[peer] = []);
      for (const { q, item } of timed) {
        if (run.spent > capMs) break;
        mineHere.push(timeQuery(engines[ours], mine.handle, q, item, budgetMs));
        const t0 = performance.now();
        run.times.push(timeQuery(engines[peer], theirs.handle, q, item, budgetMs));
        run.spent += performance.now() - t0;
      }
      console.log(`${peer} @${n}: builds ${theirs.builds.map((b) => b.toFixed(0)).join(' / ')} ms, ${run.times.length} queries timed`);
      const sorted = (xs) => [...xs].sort((a, b) => a - b);
      const [a, b] = [sorted(mineHere), sorted(run.times)];
      pairs.push({ n, peer, queries: a.length, ours: [percentile(a, 50), percentile(a, 99)], theirs: [percentile(b, 50), percentile(b, 99)] });
    }
    // Ours in the table: its run beside the peer it is measured against for 10x (FlexSearch), which reaches
    // every question.
    runs[ours] = { builds: mine.builds, times: beside[REFERENCE] };
    console.log(`${ours} @${n}: builds ${mine.builds.map((b) => b.toFixed(0)).join(' / ')} ms`);
    for (const [name, { builds, times }] of Object.entries(runs)) {
      const buildMs = [...builds].sort((a, b) => a - b)[Math.floor(builds.length / 2)];
      times.sort((a, b) => a - b);
      results[name].speed.push({ n, buildMs, builds, p50: percentile(times, 50), p99: percentile(times, 99), queries: times.length });
    }
  }
  results.pairs = pairs;
  return results;
};

await init();
document.getElementById('status').textContent = 'ready';
window.benchReady = true;
