// 小申's index worker (see kb_worker.rs), started from a Blob URL. The widget's first message is its own
// compiled wasm module and the URL of its wasm-bindgen glue (`widget.js`), so nothing is downloaded or
// compiled again; the module's `main` finds no window here and answers the widget's messages instead of
// drawing the widget. Any failure to start is said as the protocol's `Failed` frame.
self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const [module, glue] = event.data;
    const { default: init } = await import(glue);
    await init({ module_or_path: module });
  } catch {
    self.postMessage('"Failed"');
  }
};
