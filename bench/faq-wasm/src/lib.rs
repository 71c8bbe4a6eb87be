//! The FAQ matcher of `bangban-core` alone, exported to JavaScript: what `cargo xtask bench faq` loads in
//! headless Chromium next to MiniSearch, FlexSearch and Fuse.js (see `xtask/src/bench_faq.rs`).
//!
//! Build it with `cargo build -p bangban-faq-wasm --target wasm32-unknown-unknown --profile wasm-release`; the
//! xtask then runs wasm-bindgen (`--target web`) into `dist/bench/`. It also builds natively (as an `rlib`), so
//! `cargo test --workspace` and clippy cover it; nothing here touches JavaScript unless called from it.

use bangban_core::kb::IndexFile;
use bangban_core::matcher::{Matcher, built_in_traditional, with_built_in_synonyms};
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
    /// Parsed as bytes, like [`Faq::from_bytes`]: a second instance of the parser for `str` (which would
    /// skip checking that each string is UTF-8) costs 16 KB of wasm.
    #[wasm_bindgen(constructor)]
    pub fn new(kb_json: &str) -> Result<Faq, String> {
        Faq::from_bytes(kb_json.as_bytes())
    }

    /// [`Faq::new`] from the JSON's UTF-8 bytes (a `Uint8Array`), as the widget's worker gets a snapshot
    /// too big for `localStorage` (`widget/src/kb_cache.rs`): copying bytes into wasm memory is a
    /// `memcpy`, where a JavaScript string has to be encoded.
    ///
    /// Only what the index needs is read ([`IndexFile`]: the answers and other fields are skipped
    /// unchecked), and its texts are borrowed from the JSON, so parsing allocates no string. (Growing the
    /// wasm memory in one step before parsing, which helped when every string was allocated, no longer
    /// makes a difference: the JSON's copy is allocated in one piece, and so are the index's large arrays.)
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(kb_json: &[u8]) -> Result<Faq, String> {
        let file: IndexFile =
            serde_json::from_slice(kb_json).map_err(|e| format!("knowledge base: {e}"))?;
        // As the server publishes it: the widget gets the built-in synonym groups in the snapshot.
        // And all the built-in traditional characters' pairs, of which the matcher keeps those the knowledge
        // base does not use itself (the server sends only the pairs of the knowledge base's characters).
        let synonyms = with_built_in_synonyms(&file.synonyms);
        let matcher = Matcher::index(&file.entries, &synonyms, &built_in_traditional())
            .map_err(|e| format!("knowledge base: a question is not UTF-8: {e}"))?;
        Ok(Faq { matcher })
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
        let faq = Faq::new(&file).unwrap();
        assert_eq!(faq.len(), 178);
        assert!(!faq.is_empty());
        let first = faq.decide("教资认定要交哪些东西", None);
        assert!(first.lines().any(|id| id == "kb-0001"), "{first}");
        assert!(Faq::new("not json").is_err());
        assert!(Faq::from_bytes(&[b'{', 0xff, b'}']).is_err());
        // A question in Latin-1, not UTF-8: parsed unchecked, refused by the index.
        let latin1 = [
            &br#"{"entries":[{"id":"kb-1","question":"caf"#[..],
            &[0xe9],
            br#""}]}"#,
        ]
        .concat();
        assert!(Faq::from_bytes(&latin1).is_err());
        let utf8 = [
            &br#"{"entries":[{"id":"kb-1","question":"caf"#[..],
            "é".as_bytes(),
            br#""}]}"#,
        ]
        .concat();
        assert!(Faq::from_bytes(&utf8).is_ok());
        let bytes = Faq::from_bytes(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/demo-kb.json"
            ))
            .unwrap(),
        )
        .unwrap();
        assert_eq!(bytes.decide("教资认定要交哪些东西", None), first);
    }
}
