//! The FAQ matcher of `bangban-core` alone, exported to JavaScript: what `cargo xtask bench faq` loads in
//! headless Chromium next to MiniSearch, FlexSearch and Fuse.js (see `xtask/src/bench_faq.rs`).
//!
//! Build it with `cargo build -p bangban-faq-wasm --target wasm32-unknown-unknown --profile wasm-release`; the
//! xtask then runs wasm-bindgen (`--target web`) into `dist/bench/`. It also builds natively (as an `rlib`), so
//! `cargo test --workspace` and clippy cover it; nothing here touches JavaScript unless called from it.

use bangban_core::kb::{KbFile, KbSnapshot};
use bangban_core::matcher::{Matcher, with_built_in_lexicon};
use wasm_bindgen::prelude::*;

/// A matcher over one knowledge-base snapshot.
#[wasm_bindgen]
pub struct Faq {
    matcher: Matcher,
}

#[wasm_bindgen]
impl Faq {
    /// Indexes a knowledge base given as JSON in the interchange format (`KbFile`:
    /// `{"entries":[..],"synonyms":[[..]]}`; a snapshot's extra `version` is ignored).
    ///
    /// The text is taken by value (wasm-bindgen copies a JavaScript string into wasm memory either way) so
    /// that it can be freed once parsed, before the index is built: the index reuses that memory instead of
    /// growing the wasm memory further.
    #[wasm_bindgen(constructor)]
    pub fn new(kb_json: String) -> Result<Faq, String> {
        Faq::from_bytes(kb_json.into_bytes())
    }

    /// [`Faq::new`] from the JSON's UTF-8 bytes (a `Uint8Array`), as the widget's worker gets a snapshot
    /// too big for `localStorage` (`widget/src/kb_cache.rs`): copying bytes into wasm memory is a
    /// `memcpy`, where a JavaScript string has to be encoded.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(kb_json: Vec<u8>) -> Result<Faq, String> {
        // Parsing and indexing take about 2.3 bytes per byte of text beyond the text itself (wasm memory
        // 111 MB for the 31 MB of the bench's 20,000 entries).
        reserve_memory(kb_json.len() / 2 * 5);
        let file: KbFile =
            serde_json::from_slice(&kb_json).map_err(|e| format!("knowledge base: {e}"))?;
        drop(kb_json);
        // As the server publishes it: the widget gets the built-in synonym groups in the snapshot.
        let snapshot = with_built_in_lexicon(KbSnapshot {
            version: 0,
            entries: file.entries,
            synonyms: file.synonyms,
        });
        Ok(Faq {
            matcher: Matcher::new(&snapshot),
        })
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.matcher.len()
    }

    /// Whether no entry is indexed.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.matcher.is_empty()
    }

    /// What 小申 would do with `query` on the page of `item`, as ids: the confident answer (or `""` when
    /// there is none) first, then the suggestions, each on its own line. Plain text rather than JSON keeps
    /// serialisation out of the measured time on both sides.
    pub fn decide(&self, query: &str, item: Option<String>) -> String {
        let outcome = self.matcher.decide(query, item.as_deref());
        let mut out = outcome.answer().unwrap_or_default().to_owned();
        for id in outcome.suggestions() {
            out.push('\n');
            out.push_str(id);
        }
        out
    }
}

/// Makes the allocator hold `bytes` of free memory, so that it grows the wasm memory once instead of by
/// what each allocation lacks: for the many small strings of a parse that is 64 KiB at a time, and in V8
/// a grow costs more than the pages it adds (in Node, 200 MB grown at once: under 6 ms; 64 KiB at a
/// time: about 3 s).
fn reserve_memory(bytes: usize) {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decides_over_the_demo_knowledge_base() {
        let file = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/demo-kb.json"
        ))
        .unwrap();
        let faq = Faq::new(file).unwrap();
        assert_eq!(faq.len(), 178);
        assert!(!faq.is_empty());
        let first = faq.decide("教资认定要交哪些东西", None);
        assert!(first.lines().any(|id| id == "kb-0001"), "{first}");
        assert!(Faq::new("not json".into()).is_err());
        assert!(Faq::from_bytes(vec![b'{', 0xff, b'}']).is_err());
        let bytes = Faq::from_bytes(
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/demo-kb.json"
            ))
            .unwrap(),
        )
        .unwrap();
        assert_eq!(bytes.decide("教资认定要交哪些东西", None), first);
    }
}
