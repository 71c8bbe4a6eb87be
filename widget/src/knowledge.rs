//! 小申's knowledge: the cached knowledge-base snapshot and the matcher built from it.
//!
//! Pure (no web-sys): matching happens in the browser so that 小申 answers at once and keeps answering
//! when the server cannot be reached. Loading and caching the snapshot is `kb_cache`'s job; where the
//! index lives (a worker, or the page itself) is `kb_index`'s. [`Reply`] crosses from the worker to the
//! page as JSON, hence its serde derives.

use bangban_core::kb::{KbEntry, KbSnapshot};
use bangban_core::matcher::{MatchOutcome, Matcher};
use serde::{Deserialize, Serialize};

/// A suggested question: the entry to answer with and the question shown on its button.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Suggestion {
    /// The entry's id.
    pub(crate) id: String,
    /// Its standard question.
    pub(crate) question: String,
}

/// What 小申 replies to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Reply {
    /// A confident answer: the entry's id and its answer text.
    Answer {
        /// The entry answered with (reported with 已解决 / 未解决).
        entry: String,
        /// The answer text.
        text: String,
    },
    /// Not sure: "您是不是想问" with these questions.
    Suggest(Vec<Suggestion>),
    /// Nothing plausible.
    NoMatch,
}

/// A snapshot and its index, built once per snapshot version.
pub(crate) struct Knowledge {
    snapshot: KbSnapshot,
    matcher: Matcher,
}

impl Knowledge {
    /// Indexes `snapshot`.
    pub(crate) fn new(snapshot: KbSnapshot) -> Knowledge {
        let matcher = Matcher::new(&snapshot);
        Knowledge { snapshot, matcher }
    }

    /// Parses a snapshot's JSON (UTF-8) and indexes it; `None` when the text is not a snapshot. The
    /// text is freed once parsed, so the index reuses its memory (30 MB at 20,000 entries) instead of
    /// growing the wasm memory further: in a fresh worker every new page of memory costs time.
    pub(crate) fn parse(text: Vec<u8>) -> Option<Knowledge> {
        // Parsing and indexing take about 2.3 bytes per byte of text. Asking the allocator for that much
        // at once grows the wasm memory in one step, instead of 64 KiB at a time for the parse's many small
        // strings, which V8 makes far slower (`data/eval/README.md`, session 4 speed round).
        let reserve = text.len() / 2 * 5;
        drop(std::hint::black_box(Vec::<u8>::with_capacity(reserve)));
        let snapshot = serde_json::from_slice(&text).ok();
        drop(text);
        snapshot.map(Knowledge::new)
    }

    /// How many entries the index holds.
    pub(crate) fn len(&self) -> usize {
        self.snapshot.entries.len()
    }

    /// Decides the reply to `question` asked on a page of service item `item`.
    pub(crate) fn reply(&self, question: &str, item: Option<&str>) -> Reply {
        match self.matcher.decide(question, item) {
            MatchOutcome::Answer { id, .. } => self.answer(&id).unwrap_or(Reply::NoMatch),
            MatchOutcome::Suggest(ids) => {
                let suggestions: Vec<Suggestion> = ids
                    .iter()
                    .filter_map(|id| self.entry(id))
                    .map(|e| Suggestion {
                        id: e.id.clone(),
                        question: e.question.clone(),
                    })
                    .collect();
                if suggestions.is_empty() {
                    Reply::NoMatch
                } else {
                    Reply::Suggest(suggestions)
                }
            }
            MatchOutcome::NoMatch => Reply::NoMatch,
        }
    }

    /// The answer of entry `id` (a suggestion the citizen picked).
    pub(crate) fn answer(&self, id: &str) -> Option<Reply> {
        self.entry(id).map(|e| Reply::Answer {
            entry: e.id.clone(),
            text: e.answer.clone(),
        })
    }

    fn entry(&self, id: &str) -> Option<&KbEntry> {
        self.snapshot.entries.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn entry(id: &str, question: &str, answer: &str) -> KbEntry {
        KbEntry {
            id: id.into(),
            column: "常见问题".into(),
            item: Some("居住证签注".into()),
            department: None,
            question: question.into(),
            similar: Vec::new(),
            keywords: Vec::new(),
            answer: answer.into(),
            effective: None,
            updated: None,
        }
    }

    pub(crate) fn sample() -> Knowledge {
        Knowledge::new(KbSnapshot {
            version: 3,
            entries: vec![
                entry("kb-1", "居住证签注需要什么材料", "携带居住证和身份证。"),
                entry("kb-2", "居住证签注在哪里办理", "社区事务受理服务中心。"),
                KbEntry {
                    item: Some("公积金提取".into()),
                    ..entry("kb-3", "公积金如何提取", "登录公积金网站申请。")
                },
            ],
            synonyms: Vec::new(),
        })
    }

    #[test]
    fn a_close_question_gets_the_answer() {
        let k = sample();
        assert_eq!(
            k.reply("居住证签注需要什么材料？", Some("居住证签注")),
            Reply::Answer {
                entry: "kb-1".into(),
                text: "携带居住证和身份证。".into()
            }
        );
    }

    #[test]
    fn a_vague_question_gets_suggestions() {
        let Reply::Suggest(list) = sample().reply("居住证", None) else {
            panic!("expected suggestions");
        };
        let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["kb-1", "kb-2"]);
        assert_eq!(list[1].question, "居住证签注在哪里办理");
    }

    #[test]
    fn an_unrelated_question_gets_no_match() {
        assert_eq!(sample().reply("今天天气", None), Reply::NoMatch);
    }

    #[test]
    fn a_snapshot_is_parsed_from_its_text_and_garbage_is_not() {
        let text = r#"{"version":1,"entries":[{"id":"kb-1","column":"常见问题","question":"居住证签注需要什么材料","answer":"携带居住证。"}]}"#;
        let k = Knowledge::parse(text.into()).expect("a snapshot");
        assert_eq!(k.len(), 1);
        assert!(matches!(
            k.reply("居住证签注需要什么材料", None),
            Reply::Answer { .. }
        ));
        for garbage in ["", "{", "null", r#"{"version":1}"#, "[1,2]"] {
            assert!(Knowledge::parse(garbage.into()).is_none(), "{garbage:?}");
        }
        // Bytes that are not UTF-8 (a snapshot reaches the worker as bytes) are no snapshot either.
        let mut latin1 = text.as_bytes().to_vec();
        let at = latin1.iter().position(|&b| b >= 0x80).unwrap();
        latin1[at] = 0xff;
        assert!(Knowledge::parse(latin1).is_none());
    }

    #[test]
    fn picking_a_suggestion_answers_with_its_entry() {
        let k = sample();
        assert_eq!(
            k.answer("kb-2"),
            Some(Reply::Answer {
                entry: "kb-2".into(),
                text: "社区事务受理服务中心。".into()
            })
        );
        assert_eq!(k.answer("kb-404"), None);
    }
}
