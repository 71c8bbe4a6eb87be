//! Where 小申's indexes live and which requests are still waiting for a reply: the bookkeeping behind
//! `bot_ctl`, which drives it.
//!
//! Each snapshot gets its own engine: a worker (`kb_worker`) or, when no worker can run, an
//! [`Index`] on the page, built exactly as before workers. While a newer snapshot is indexed in `next`,
//! `current` keeps answering; requests sent to `current` stay in `asked` until answered, and are sent
//! again to its successor, so none is lost when an engine is replaced.

use std::collections::BTreeMap;

use crate::kb_cache::Snapshot;
use crate::kb_protocol::{FromWorker, Index, ToWorker};
use crate::kb_worker::IndexWorker;

/// Where a snapshot came from: an unreadable cached one must be downloaded again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// `localStorage`.
    Cache,
    /// Downloaded just now.
    Server,
}

/// One snapshot's index.
pub(crate) enum Engine {
    /// In a worker; replies come back as events.
    Worker(IndexWorker),
    /// On the page; replies come back at once.
    Here(Box<Index>),
}

/// A snapshot, its engine, and its text while a worker may still fail and leave it to the page.
pub(crate) struct Slot {
    /// Which load this is: events of replaced engines are ignored.
    pub(crate) generation: u32,
    /// Where it is indexed.
    pub(crate) engine: Engine,
    /// The snapshot, kept for a worker slot only (a JS value: it is never copied into the page's
    /// wasm memory unless the page has to index it).
    pub(crate) text: Option<Snapshot>,
    /// Where the snapshot came from.
    pub(crate) source: Source,
    /// The engine listens: always on the page, once it said [`FromWorker::Ready`] in a worker.
    pub(crate) ready: bool,
}

impl Slot {
    /// Sends `frame` to the engine; the reply when it is given at once (on the page).
    pub(crate) fn send(&mut self, frame: &ToWorker) -> Option<FromWorker> {
        match &mut self.engine {
            Engine::Worker(worker) => {
                let snapshot = matches!(frame, ToWorker::Load).then_some(self.text.as_ref());
                worker.send(frame, snapshot.flatten());
                None
            }
            Engine::Here(index) => Some(index.handle(frame.clone(), None)),
        }
    }
}

/// A request in flight: the frame (to send again) and the citizen's question (for the reply).
pub(crate) struct Asked {
    frame: ToWorker,
    question: String,
}

/// Every engine of the page and the requests they owe.
pub(crate) struct Indexes {
    /// Answers questions: the newest snapshot indexed.
    pub(crate) current: Option<Slot>,
    /// A newer snapshot being indexed.
    pub(crate) next: Option<Slot>,
    /// Cleared once a worker could not start or failed: the page indexes everything after that.
    pub(crate) workers: bool,
    /// A revalidation was started, so an unreadable cache must trigger one more.
    pub(crate) revalidated: bool,
    asked: BTreeMap<u32, Asked>,
    last_id: u32,
    generation: u32,
}

impl Default for Indexes {
    fn default() -> Indexes {
        Indexes {
            current: None,
            next: None,
            workers: true,
            revalidated: false,
            asked: BTreeMap::new(),
            last_id: 0,
            generation: 0,
        }
    }
}

impl Indexes {
    /// A number for the next load.
    pub(crate) fn new_generation(&mut self) -> u32 {
        self.generation += 1;
        self.generation
    }

    /// Records a request for `question`; `make` turns its id into the frame.
    pub(crate) fn ask(&mut self, question: &str, make: impl FnOnce(u32) -> ToWorker) -> ToWorker {
        self.last_id += 1;
        let frame = make(self.last_id);
        self.asked.insert(
            self.last_id,
            Asked {
                frame: frame.clone(),
                question: question.to_owned(),
            },
        );
        frame
    }

    /// The question of request `id`, which is answered now; `None` when it was answered already.
    pub(crate) fn answered(&mut self, id: u32) -> Option<String> {
        self.asked.remove(&id).map(|a| a.question)
    }

    /// Every request still in flight, oldest first, to send to a new `current`.
    pub(crate) fn in_flight(&self) -> Vec<ToWorker> {
        self.asked.values().map(|a| a.frame.clone()).collect()
    }

    /// The slot `generation` if it is `current` or `next`.
    pub(crate) fn slot(&mut self, generation: u32) -> Option<&mut Slot> {
        [self.current.as_mut(), self.next.as_mut()]
            .into_iter()
            .flatten()
            .find(|s| s.generation == generation)
    }

    /// Takes `next` if it is load `generation`.
    pub(crate) fn take_next(&mut self, generation: u32) -> Option<Slot> {
        self.next.take_if(|s| s.generation == generation)
    }

    /// Takes every slot indexed in a worker, `current` first, and stops using workers.
    pub(crate) fn take_workers(&mut self) -> Vec<Slot> {
        self.workers = false;
        let current = self
            .current
            .take_if(|s| matches!(s.engine, Engine::Worker(_)));
        let next = self.next.take_if(|s| matches!(s.engine, Engine::Worker(_)));
        current.into_iter().chain(next).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here(generation: u32) -> Slot {
        Slot {
            generation,
            engine: Engine::Here(Box::default()),
            text: None,
            source: Source::Cache,
            ready: true,
        }
    }

    fn ask(indexes: &mut Indexes, question: &str) -> u32 {
        let frame = indexes.ask(question, |id| ToWorker::Ask {
            id,
            question: question.into(),
            item: None,
        });
        let ToWorker::Ask { id, .. } = frame else {
            panic!("expected an Ask");
        };
        id
    }

    #[test]
    fn requests_stay_in_flight_until_answered_once() {
        let mut indexes = Indexes::default();
        let first = ask(&mut indexes, "居住证");
        let second = ask(&mut indexes, "公积金");
        assert_ne!(first, second);
        assert_eq!(indexes.in_flight().len(), 2);
        assert_eq!(indexes.answered(second).as_deref(), Some("公积金"));
        // A second reply to the same request (from a replaced engine) is not shown again.
        assert_eq!(indexes.answered(second), None);
        let [ToWorker::Ask { id, .. }] = indexes.in_flight()[..] else {
            panic!("one request left");
        };
        assert_eq!(id, first);
    }

    #[test]
    fn only_the_current_and_next_loads_are_known() {
        let mut indexes = Indexes::default();
        let old = indexes.new_generation();
        let new = indexes.new_generation();
        indexes.current = Some(here(old));
        indexes.next = Some(here(new));
        assert!(indexes.slot(old).is_some() && indexes.slot(new).is_some());
        assert!(indexes.slot(new + 1).is_none());
        assert!(indexes.take_next(old).is_none());
        assert_eq!(indexes.take_next(new).map(|s| s.generation), Some(new));
        assert!(indexes.next.is_none());
    }

    #[test]
    fn a_failed_worker_turns_workers_off_and_keeps_page_indexes() {
        let mut indexes = Indexes {
            current: Some(here(1)),
            ..Indexes::default()
        };
        assert!(indexes.take_workers().is_empty());
        assert!(!indexes.workers);
        assert!(indexes.current.is_some());
    }

    #[test]
    fn a_page_index_answers_at_once() {
        let mut slot = here(1);
        let frame = ToWorker::Pick {
            id: 9,
            entry: "kb-1".into(),
        };
        assert_eq!(
            slot.send(&frame),
            Some(FromWorker::Reply { id: 9, reply: None })
        );
    }
}
