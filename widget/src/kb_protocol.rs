//! What the page and 小申's index worker say to each other, and the worker's side of it as a plain
//! state machine ([`Index`]), so the same code answers in the worker and, as the fallback, on the page.
//!
//! Pure (no web-sys), tested natively. Frames are JSON strings in serde's default, externally tagged
//! form (`"Ready"`, `{"Ask":{...}}`): unlike `#[serde(tag = "type")]` it needs no buffering, which
//! keeps the wasm smaller. The snapshot is the one thing too big to wrap in JSON, so
//! [`ToWorker::Load`] travels with the snapshot beside it, as text or UTF-8 bytes (see `kb_worker`),
//! and only the worker parses it.

use serde::{Deserialize, Serialize};

use crate::knowledge::{Knowledge, Reply};

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ToWorker {
    /// Parse and index the snapshot text sent with this frame (it replaces any earlier index).
    Load,
    /// The citizen asks `question` on a page of service item `item`.
    Ask {
        /// Chosen by the page; the [`FromWorker::Reply`] carries it back.
        id: u32,
        /// The question as typed.
        question: String,
        /// The page's service item.
        item: Option<String>,
    },
    /// The citizen picked the suggested entry `entry`.
    Pick {
        /// Chosen by the page; the [`FromWorker::Reply`] carries it back.
        id: u32,
        /// The entry's id.
        entry: String,
    },
}

/// From the worker to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum FromWorker {
    /// The wasm runs in the worker and listens: the page may send [`ToWorker::Load`].
    Ready,
    /// The wasm could not start in the worker (said by `worker.js`, not by Rust): use the page.
    Failed,
    /// The snapshot is indexed; questions are answered from it from now on.
    Indexed {
        /// Entries in the index.
        entries: usize,
    },
    /// The snapshot text is not a snapshot: the page drops its cached copy.
    Unreadable,
    /// The reply to [`ToWorker::Ask`] or [`ToWorker::Pick`] `id`; `None` when there is nothing to say
    /// (a picked entry that is not in the snapshot, or a question before any snapshot).
    Reply {
        /// The request's id.
        id: u32,
        /// 小申's reply.
        reply: Option<Reply>,
    },
}

/// The worker's side: at most one indexed snapshot, and the reply to each frame.
#[derive(Default)]
pub(crate) struct Index(Option<Knowledge>);

impl Index {
    /// Handles `frame`; `snapshot` is the JSON (UTF-8) that came with a [`ToWorker::Load`], freed once
    /// parsed.
    pub(crate) fn handle(&mut self, frame: ToWorker, snapshot: Option<Vec<u8>>) -> FromWorker {
        match frame {
            ToWorker::Load => match snapshot.and_then(Knowledge::parse) {
                Some(knowledge) => {
                    let entries = knowledge.len();
                    self.0 = Some(knowledge);
                    FromWorker::Indexed { entries }
                }
                None => FromWorker::Unreadable,
            },
            ToWorker::Ask { id, question, item } => FromWorker::Reply {
                id,
                reply: self.0.as_ref().map(|k| k.reply(&question, item.as_deref())),
            },
            ToWorker::Pick { id, entry } => FromWorker::Reply {
                id,
                reply: self.0.as_ref().and_then(|k| k.answer(&entry)),
            },
        }
    }

    /// Handles a frame as received: its JSON text and the text sent beside it. `None` for a frame that
    /// does not parse (nothing to answer: the page only sends frames it made).
    pub(crate) fn handle_text(&mut self, frame: &str, snapshot: Option<Vec<u8>>) -> Option<String> {
        let frame: ToWorker = serde_json::from_str(frame).ok()?;
        serde_json::to_string(&self.handle(frame, snapshot)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Suggestion;

    const SNAPSHOT: &str = r#"{"version":2,"entries":[
        {"id":"kb-1","column":"常见问题","item":"居住证签注","question":"居住证签注需要什么材料","answer":"携带居住证和身份证。"},
        {"id":"kb-2","column":"常见问题","item":"居住证签注","question":"居住证签注在哪里办理","answer":"社区事务受理服务中心。"}
    ]}"#;

    fn ask(id: u32, question: &str) -> ToWorker {
        ToWorker::Ask {
            id,
            question: question.into(),
            item: Some("居住证签注".into()),
        }
    }

    #[test]
    fn frames_are_tagged_json() {
        let json = serde_json::to_string(&ask(7, "你好")).unwrap();
        assert_eq!(
            json,
            r#"{"Ask":{"id":7,"question":"你好","item":"居住证签注"}}"#
        );
        assert_eq!(serde_json::to_string(&ToWorker::Load).unwrap(), r#""Load""#);
        let reply = FromWorker::Reply {
            id: 1,
            reply: Some(Reply::Suggest(vec![Suggestion {
                id: "kb-1".into(),
                question: "问".into(),
            }])),
        };
        let back: FromWorker =
            serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap();
        assert_eq!(back, reply);
        // The frame `worker.js` writes by hand when the wasm cannot start.
        assert_eq!(
            serde_json::from_str::<FromWorker>(r#""Failed""#).unwrap(),
            FromWorker::Failed
        );
    }

    #[test]
    fn a_loaded_snapshot_answers_questions_and_picks() {
        let mut index = Index::default();
        assert_eq!(
            index.handle(ToWorker::Load, Some(SNAPSHOT.into())),
            FromWorker::Indexed { entries: 2 }
        );
        let FromWorker::Reply {
            id: 3,
            reply: Some(Reply::Answer { entry, .. }),
        } = index.handle(ask(3, "居住证签注需要什么材料？"), None)
        else {
            panic!("expected an answer");
        };
        assert_eq!(entry, "kb-1");
        assert_eq!(
            index.handle(
                ToWorker::Pick {
                    id: 4,
                    entry: "kb-2".into()
                },
                None
            ),
            FromWorker::Reply {
                id: 4,
                reply: Some(Reply::Answer {
                    entry: "kb-2".into(),
                    text: "社区事务受理服务中心。".into(),
                    related: Vec::new(),
                })
            }
        );
        assert_eq!(
            index.handle(
                ToWorker::Pick {
                    id: 5,
                    entry: "kb-404".into()
                },
                None
            ),
            FromWorker::Reply { id: 5, reply: None }
        );
    }

    #[test]
    fn an_unreadable_snapshot_keeps_the_previous_index() {
        let mut index = Index::default();
        assert_eq!(
            index.handle(ToWorker::Load, Some(b"{\"version\":".to_vec())),
            FromWorker::Unreadable
        );
        assert_eq!(index.handle(ToWorker::Load, None), FromWorker::Unreadable);
        assert_eq!(
            index.handle(ask(1, "居住证"), None),
            FromWorker::Reply { id: 1, reply: None }
        );
        index.handle(ToWorker::Load, Some(SNAPSHOT.into()));
        assert_eq!(
            index.handle(ToWorker::Load, Some(b"<html>".to_vec())),
            FromWorker::Unreadable
        );
        assert!(matches!(
            index.handle(ask(2, "居住证签注需要什么材料"), None),
            FromWorker::Reply {
                reply: Some(Reply::Answer { .. }),
                ..
            }
        ));
    }

    #[test]
    fn frames_that_do_not_parse_get_no_answer() {
        let mut index = Index::default();
        for junk in [
            "",
            "null",
            "\"Nope\"",
            "{\"Ask\":{}}",
            "{\"type\":\"Load\"}",
        ] {
            assert_eq!(index.handle_text(junk, None), None, "{junk:?}");
        }
        assert_eq!(
            index
                .handle_text(r#""Load""#, Some(SNAPSHOT.into()))
                .as_deref(),
            Some(r#"{"Indexed":{"entries":2}}"#)
        );
    }
}
