// One timed index build of our wasm matcher in a worker of its own, as the widget's worker builds its snapshot
// (widget/src/kb_cache.rs): the wasm is loaded into this worker afresh and its memory starts small. Used by
// faq-page.mjs (`engines.bangban.timedBuild`); the page terminates the worker after one build.

import init, { Faq } from '/dist/faq.js';

self.onmessage = async ({ data: { text, bytes } }) => {
  try {
    await init();
    const t0 = performance.now();
    const faq = bytes ? Faq.fromBytes(bytes) : new Faq(text);
    const ms = performance.now() - t0;
    self.postMessage({ ms, entries: faq.len() });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
