//! 小申's knowledge: the cached knowledge-base snapshot and the matcher built from it.
//!
//! Pure (no web-sys): matching happens in the browser so that 小申 answers at once and keeps answering
//! when the server cannot be reached. Loading and caching the snapshot is `kb_cache`'s job; where the
//! index lives (a worker, or the page itself) is `kb_index`'s. [`Reply`] crosses from the worker to the
//! page as JSON, hence its serde derives.

use std::borrow::Cow;

use bangban_core::kb::{ANSWER_INDEXED_UP_TO, IndexEntry, RawText, Text};
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
        /// Related questions offered under it ("您可能还想问"): the runners-up that the matcher would have
        /// suggested (for a bare service name answered with its guide, the item's other entries).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        related: Vec<Suggestion>,
    },
    /// Not sure: "您是不是想问" with these questions.
    Suggest(Vec<Suggestion>),
    /// Nothing plausible.
    NoMatch,
}

/// A snapshot and its index, built once per snapshot version.
pub(crate) struct Knowledge {
    /// The snapshot's JSON, where the entries' texts are.
    json: Vec<u8>,
    entries: Vec<Entry>,
    matcher: Matcher,
}

/// What 小申 shows of an entry.
struct Entry {
    id: Place,
    question: Place,
    answer: Place,
}

/// Where a text of the snapshot is: a range of its JSON, or, for a text with escapes, its own copy.
enum Place {
    Json(u32, u32),
    Own(Vec<u8>),
}

/// A snapshot as the worker reads it: every field of a `KbSnapshot`, so that it accepts the same JSON,
/// but with its texts borrowed from the JSON instead of copied one by one (at 20,000 entries, hundreds of
/// thousands of strings, each an allocation that grows the wasm memory in a fresh worker).
#[derive(Deserialize)]
struct SnapshotText<'a> {
    #[serde(rename = "version")]
    _version: u64,
    #[serde(borrow)]
    entries: Vec<EntryText<'a>>,
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    #[serde(default)]
    traditional: String,
}

/// A `KbEntry` with its texts borrowed (see [`SnapshotText`]).
#[derive(Deserialize)]
struct EntryText<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow, rename = "column")]
    _column: Text<'a>,
    #[serde(borrow, default)]
    item: Option<Text<'a>>,
    #[serde(borrow, default, rename = "department")]
    _department: Option<Text<'a>>,
    /// Checked to be UTF-8 by the index (see [`RawText`]).
    #[serde(borrow)]
    question: RawText<'a>,
    #[serde(borrow, default)]
    similar: Vec<RawText<'a>>,
    #[serde(borrow, default)]
    keywords: Vec<Text<'a>>,
    #[serde(borrow)]
    answer: Text<'a>,
    #[serde(borrow, default, rename = "effective")]
    _effective: Option<Text<'a>>,
    #[serde(borrow, default, rename = "updated")]
    _updated: Option<Text<'a>>,
}

impl Knowledge {
    /// Parses a snapshot's JSON (UTF-8) and indexes it; `None` when the text is not a snapshot. The JSON is
    /// kept: the index is built from its texts where they stand, and the entries' questions and answers
    /// are read from it when shown, so that parsing copies no string.
    pub(crate) fn parse(json: Vec<u8>) -> Option<Knowledge> {
        let snapshot: SnapshotText = serde_json::from_slice(&json).ok()?;
        let base = json.as_ptr() as usize;
        let place = |text: Cow<[u8]>| match text {
            Cow::Borrowed(s) => {
                let at = s.as_ptr() as usize - base;
                Place::Json(at as u32, (at + s.len()) as u32)
            }
            Cow::Owned(s) => Place::Own(s),
        };
        let text = |text: &Text| match &text.0 {
            Cow::Borrowed(s) => place(Cow::Borrowed(s.as_bytes())),
            Cow::Owned(s) => place(Cow::Owned(s.clone().into_bytes())),
        };
        let mut entries = Vec::with_capacity(snapshot.entries.len());
        let mut index = Vec::with_capacity(snapshot.entries.len());
        for e in snapshot.entries {
            entries.push(Entry {
                id: text(&e.id),
                question: place(e.question.0.clone()),
                answer: text(&e.answer),
            });
            // The answer too, for an entry the matcher finds by it (a knowledge base written as a formal FAQ).
            let answer = (e.similar.len() <= ANSWER_INDEXED_UP_TO).then(|| {
                RawText(match &e.answer.0 {
                    Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                    Cow::Owned(s) => Cow::Owned(s.clone().into_bytes()),
                })
            });
            index.push(IndexEntry {
                id: e.id,
                item: e.item,
                question: e.question,
                similar: e.similar,
                keywords: e.keywords,
                answer,
            });
        }
        let matcher = Matcher::index(&index, &snapshot.synonyms, &snapshot.traditional).ok()?;
        drop(index);
        Some(Knowledge {
            json,
            entries,
            matcher,
        })
    }

    /// How many entries the index holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Decides the reply to `question` asked on a page of service item `item`.
    pub(crate) fn reply(&self, question: &str, item: Option<&str>) -> Reply {
        match self.matcher.decide(question, item) {
            MatchOutcome::Answer { id, also, .. } => match self.answer(&id) {
                Some(Reply::Answer { entry, text, .. }) => Reply::Answer {
                    entry,
                    text,
                    related: self.suggestions(&also),
                },
                _ => Reply::NoMatch,
            },
            MatchOutcome::Suggest(ids) => {
                let suggestions = self.suggestions(&ids);
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
            entry: self.text(&e.id).to_owned(),
            text: self.text(&e.answer).to_owned(),
            related: Vec::new(),
        })
    }

    /// The entries `ids` as questions to offer.
    fn suggestions(&self, ids: &[String]) -> Vec<Suggestion> {
        ids.iter()
            .filter_map(|id| self.entry(id))
            .map(|e| Suggestion {
                id: self.text(&e.id).to_owned(),
                question: self.text(&e.question).to_owned(),
            })
            .collect()
    }

    fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| self.bytes(&e.id) == id.as_bytes())
    }

    fn bytes<'a>(&'a self, place: &'a Place) -> &'a [u8] {
        match place {
            Place::Json(from, to) => &self.json[*from as usize..*to as usize],
            Place::Own(s) => s,
        }
    }

    /// A text of the snapshot (UTF-8: the parse or the index checked it).
    fn text<'a>(&'a self, place: &'a Place) -> &'a str {
        std::str::from_utf8(self.bytes(place)).unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use bangban_core::kb::{KbEntry, KbSnapshot};

    impl Knowledge {
        /// Indexes `snapshot`, as its JSON would be.
        pub(crate) fn new(snapshot: KbSnapshot) -> Knowledge {
            Knowledge::parse(serde_json::to_vec(&snapshot).unwrap()).unwrap()
        }
    }

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
            traditional: String::new(),
        })
    }

    #[test]
    fn a_close_question_gets_the_answer() {
        let k = sample();
        assert_eq!(
            k.reply("居住证签注需要什么材料？", Some("居住证签注")),
            Reply::Answer {
                entry: "kb-1".into(),
                text: "携带居住证和身份证。".into(),
                // The runner-up is offered under the answer, as a question to pick.
                related: vec![Suggestion {
                    id: "kb-2".into(),
                    question: "居住证签注在哪里办理".into(),
                }],
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
        // The same in the question, which the index checks as it reads it.
        let mut latin1 = text.as_bytes().to_vec();
        let at = text.find("居住证签注").unwrap();
        latin1[at] = 0xff;
        assert!(Knowledge::parse(latin1).is_none());
    }

    #[test]
    fn every_entry_reads_back_as_written() {
        let demo = include_str!("../../data/demo-kb.json");
        let file: bangban_core::kb::KbFile = serde_json::from_str(demo).unwrap();
        let mut entries = file.entries;
        // Texts with escapes are copied out of the JSON; the rest are read where they stand.
        entries[0].answer = "第一行\n第二行：\"引号\" \\ 反斜杠".into();
        entries[1].question = "带\t制表符的问题".into();
        let k = Knowledge::new(KbSnapshot {
            version: 1,
            entries: entries.clone(),
            synonyms: file.synonyms,
            traditional: String::new(),
        });
        assert_eq!(k.len(), entries.len());
        assert!(matches!(k.entries[0].answer, Place::Own(_)));
        assert!(matches!(k.entries[2].answer, Place::Json(..)));
        for e in &entries {
            assert_eq!(
                k.answer(&e.id),
                Some(Reply::Answer {
                    entry: e.id.clone(),
                    text: e.answer.clone(),
                    related: Vec::new(),
                })
            );
            let found = k.entry(&e.id).unwrap();
            assert_eq!(k.text(&found.question), e.question);
        }
    }

    #[test]
    fn picking_a_suggestion_answers_with_its_entry() {
        let k = sample();
        assert_eq!(
            k.answer("kb-2"),
            Some(Reply::Answer {
                entry: "kb-2".into(),
                text: "社区事务受理服务中心。".into(),
                related: Vec::new(),
            })
        );
        assert_eq!(k.answer("kb-404"), None);
    }
}
