//! 小申 at work: the bot chat's signals, the knowledge base behind it, and saving the transcript.
//!
//! A question asked before any snapshot is indexed waits in a queue and is answered as soon as one
//! is (or told that the network failed), so the first question on a fresh browser is not lost.
//!
//! The snapshot is parsed, indexed and matched in a Web Worker (`kb_worker`), one per snapshot: the
//! page only moves its text from browser storage or the network to the worker and the replies back,
//! so even a large knowledge base never freezes the page. While a newer snapshot is being indexed the
//! previous worker keeps answering. When no worker can be started, or one fails or never says it is
//! ready, everything is done on the page as before (`kb_index::Engine::Here`), so 小申 never stops
//! answering.

use bangban_core::protocol::{BotTurn, SenderKind};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::NETWORK_FAILED;
use crate::bot::{BotLog, LineKind, Report};
use crate::kb_cache::Snapshot;
use crate::kb_index::{Engine, Indexes, Slot, Source};
use crate::kb_protocol::{FromWorker, Index, ToWorker};
use crate::kb_worker::IndexWorker;
use crate::knowledge::{Reply, Suggestion};
use crate::{kb_cache, pending, storage};

/// How long a new worker may take to say [`FromWorker::Ready`] before the page indexes instead. It
/// only has to instantiate a module the page already compiled, which takes well under a second even on
/// a slow phone; a worker that answers late is ended (its load already went to the page).
const READY_TIMEOUT_MS: u32 = 8_000;

/// Whether a knowledge base can answer yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KbState {
    /// Nothing indexed yet: the cached snapshot is being indexed, or the download is under way.
    Loading,
    /// A snapshot is indexed.
    Ready,
    /// Nothing cached and the server could not be reached.
    Unavailable,
}

/// Handle to 小申; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub(crate) struct Bot {
    /// The chat with 小申.
    pub(crate) log: RwSignal<BotLog>,
    indexes: StoredValue<Indexes, LocalStorage>,
    state: StoredValue<KbState>,
    waiting: StoredValue<Vec<String>>,
    item: StoredValue<Option<String>>,
    big_read: StoredValue<BigRead>,
}

/// Reading a snapshot kept in the Cache API (`kb_cache::cached_big`) at start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BigRead {
    /// Under way; `refresh` when a revalidation waits for it.
    Reading { refresh: bool },
    /// Done, or not needed.
    Done,
}

impl Bot {
    /// 小申 for a page of service item `item`, with the saved transcript and the cached snapshot.
    pub(crate) fn new(item: Option<String>) -> Bot {
        let turns: Vec<BotTurn> = storage::get_json(storage::BOT).unwrap_or_default();
        let bot = Bot {
            log: RwSignal::new(BotLog::restore(turns)),
            indexes: StoredValue::new_local(Indexes::default()),
            state: StoredValue::new(KbState::Loading),
            waiting: StoredValue::new(Vec::new()),
            item: StoredValue::new(item),
            big_read: StoredValue::new(BigRead::Done),
        };
        match kb_cache::cached() {
            Some(text) => bot.load(text, Source::Cache),
            None => bot.load_big(),
        }
        bot
    }

    /// Indexes the snapshot kept in the Cache API, if any. A revalidation asked for meanwhile waits
    /// for it, so that an older cached snapshot never replaces a newer one from the server.
    fn load_big(self) {
        self.big_read.set_value(BigRead::Reading { refresh: false });
        spawn_local(async move {
            let text = kb_cache::cached_big().await;
            let Some(read) = self
                .big_read
                .try_update_value(|r| std::mem::replace(r, BigRead::Done))
            else {
                return;
            };
            if let Some(text) = text {
                self.load(text, Source::Cache);
            }
            if read == (BigRead::Reading { refresh: true }) {
                self.refresh();
            }
        });
    }

    /// Revalidates the snapshot in the background; a newer one replaces the index.
    pub(crate) fn refresh(self) {
        let reading = self.big_read.try_update_value(|r| match r {
            BigRead::Reading { refresh } => {
                *refresh = true;
                true
            }
            BigRead::Done => false,
        });
        if reading != Some(false) {
            return;
        }
        self.indexes.update_value(|i| i.revalidated = true);
        spawn_local(async move {
            match kb_cache::revalidate().await {
                Ok(Some(text)) => self.load(text, Source::Server),
                Ok(None) => {}
                Err(_) if self.state.get_value() != KbState::Ready && !self.indexing() => {
                    self.unavailable()
                }
                Err(_) => {}
            }
        });
    }

    /// The citizen asks `question`.
    pub(crate) fn ask(self, question: String) {
        self.push(SenderKind::Citizen, question.clone(), LineKind::Plain);
        match self.state.get_value() {
            KbState::Ready => self.answer(&question),
            KbState::Loading => self.waiting.update_value(|w| w.push(question)),
            KbState::Unavailable => {
                self.waiting.update_value(|w| w.push(question));
                self.state.set_value(KbState::Loading);
                self.refresh();
            }
        }
    }

    /// The citizen picks a suggested question (offered for `question`).
    pub(crate) fn choose(self, suggestion: Suggestion, question: &str) {
        self.push(SenderKind::Citizen, suggestion.question, LineKind::Plain);
        let frame = self.indexes.try_update_value(|i| {
            i.ask(question, |id| ToWorker::Pick {
                id,
                entry: suggestion.id,
            })
        });
        frame.into_iter().for_each(|f| self.send(f));
    }

    /// 已解决 (`true`) or 未解决 on answer line `id`: told to the server (queued while offline).
    pub(crate) fn feedback(self, id: u32, solved: bool) {
        let item = self.item();
        let reports = self
            .log
            .try_update(|l| l.feedback(id, solved, item.as_deref()))
            .unwrap_or_default();
        self.save();
        reports.iter().for_each(pending::report);
    }

    /// 都不是 under suggestion line `id`: the question is recorded as unanswered.
    pub(crate) fn decline(self, id: u32) {
        let item = self.item();
        let report = self
            .log
            .try_update(|l| l.decline(id, item.as_deref()))
            .flatten();
        self.save();
        report.iter().for_each(pending::report);
    }

    /// 小申 says `text`.
    pub(crate) fn say(self, text: &str) {
        self.push(SenderKind::Bot, text.to_owned(), LineKind::Plain);
    }

    /// The transcript for 转人工.
    pub(crate) fn transcript(self) -> Vec<BotTurn> {
        self.log.with_untracked(BotLog::transcript)
    }

    /// The page's service item.
    pub(crate) fn item(self) -> Option<String> {
        self.item.get_value()
    }

    /// Forgets the chat (it now lives in the human chat on the server).
    pub(crate) fn clear(self) {
        self.log.set(BotLog::default());
        storage::remove(storage::BOT);
    }

    /// Indexes snapshot `text`: in a new worker, or on the page when no worker can start.
    fn load(self, text: Snapshot, source: Source) {
        let Some((generation, workers)) = self
            .indexes
            .try_update_value(|i| (i.new_generation(), i.workers))
        else {
            return;
        };
        let worker = workers
            .then(|| IndexWorker::start(move |frame| self.on_frame(generation, frame)))
            .flatten();
        let Some(worker) = worker else {
            self.indexes.update_value(|i| i.workers = false);
            return self.load_here(generation, text, source);
        };
        let slot = Slot {
            generation,
            engine: Engine::Worker(worker),
            text: Some(text),
            source,
            ready: false,
        };
        // A newer snapshot replaces one still being indexed (dropping it ends its worker).
        self.indexes.update_value(|i| i.next = Some(slot));
        // A worker that never says Ready (its script or the glue stalls) must not leave 小申 waiting.
        Timeout::new(READY_TIMEOUT_MS, move || self.ready_timeout(generation)).forget();
    }

    /// The worker of load `generation` had [`READY_TIMEOUT_MS`]: if it is still silent, the page
    /// takes over as if it had failed.
    fn ready_timeout(self, generation: u32) {
        let silent = self
            .indexes
            .try_update_value(|i| i.slot(generation).is_some_and(|s| !s.ready))
            .unwrap_or(false);
        if silent {
            self.worker_failed(generation);
        }
    }

    /// Indexes snapshot `text` on the page, as load `generation`.
    fn load_here(self, generation: u32, text: Snapshot, source: Source) {
        let mut index = Index::default();
        let outcome = index.handle(ToWorker::Load, text.bytes());
        let slot = Slot {
            generation,
            engine: Engine::Here(Box::new(index)),
            text: None,
            source,
            ready: true,
        };
        self.indexes.update_value(|i| i.next = Some(slot));
        self.on_frame(generation, outcome);
    }

    /// A frame from the engine of load `generation`.
    fn on_frame(self, generation: u32, frame: FromWorker) {
        match frame {
            FromWorker::Ready => self.send_snapshot(generation),
            FromWorker::Failed => self.worker_failed(generation),
            FromWorker::Indexed { .. } => self.install(generation),
            FromWorker::Unreadable => self.unreadable(generation),
            FromWorker::Reply { id, reply } => {
                let question = self.indexes.try_update_value(|i| i.answered(id)).flatten();
                if let (Some(question), Some(reply)) = (question, reply) {
                    self.reply(reply, &question);
                }
            }
        }
    }

    fn send_snapshot(self, generation: u32) {
        self.indexes.update_value(|i| {
            if let Some(slot) = i.slot(generation) {
                slot.ready = true;
                slot.send(&ToWorker::Load);
            }
        });
    }

    /// Sends `frame` to the current engine (none yet: it is sent to the first one, see `install`).
    fn send(self, frame: ToWorker) {
        let replied = self
            .indexes
            .try_update_value(|i| {
                let slot = i.current.as_mut()?;
                Some((slot.generation, slot.send(&frame)?))
            })
            .flatten();
        if let Some((generation, reply)) = replied {
            self.on_frame(generation, reply);
        }
    }

    /// Load `generation` is indexed: it answers from now on, starting with the questions that waited.
    fn install(self, generation: u32) {
        let in_flight = self.indexes.try_update_value(|i| {
            let mut slot = i.take_next(generation)?;
            if matches!(slot.engine, Engine::Here(_)) {
                slot.text = None;
            }
            // Dropping the previous engine ends its worker; what it still owed is sent again.
            i.current = Some(slot);
            Some(i.in_flight())
        });
        let Some(in_flight) = in_flight.flatten() else {
            return;
        };
        self.state.set_value(KbState::Ready);
        in_flight.into_iter().for_each(|f| self.send(f));
        for question in self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.answer(&question);
        }
    }

    /// Load `generation` is not a snapshot: the cached copy is dropped and downloaded again.
    fn unreadable(self, generation: u32) {
        let Some((slot, revalidated)) = self
            .indexes
            .try_update_value(|i| Some((i.take_next(generation)?, i.revalidated)))
            .flatten()
        else {
            return;
        };
        kb_cache::forget();
        match slot.source {
            // A revalidation may have been answered "not modified" already: ask again, in full.
            Source::Cache if revalidated => self.refresh(),
            // The first revalidation, still to come, downloads it in full.
            Source::Cache => {}
            Source::Server if self.state.get_value() != KbState::Ready && !self.indexing() => {
                self.unavailable()
            }
            Source::Server => {}
        }
    }

    /// A worker failed: from now on everything is indexed on the page, starting with what the
    /// workers held.
    fn worker_failed(self, generation: u32) {
        let known = self
            .indexes
            .try_update_value(|i| i.slot(generation).is_some())
            .unwrap_or(false);
        if !known {
            return;
        }
        let slots = self
            .indexes
            .try_update_value(Indexes::take_workers)
            .unwrap_or_default();
        for slot in slots {
            if let Some(text) = slot.text {
                self.load_here(slot.generation, text, slot.source);
            }
        }
    }

    /// Whether a snapshot is being indexed.
    fn indexing(self) -> bool {
        self.indexes.with_value(|i| i.next.is_some())
    }

    fn unavailable(self) {
        self.state.set_value(KbState::Unavailable);
        if !self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default()
            .is_empty()
        {
            self.say(NETWORK_FAILED);
        }
    }

    fn answer(self, question: &str) {
        let item = self.item();
        let frame = self.indexes.try_update_value(|i| {
            i.ask(question, |id| ToWorker::Ask {
                id,
                question: question.to_owned(),
                item,
            })
        });
        frame.into_iter().for_each(|f| self.send(f));
    }

    fn reply(self, reply: Reply, question: &str) {
        let item = self.item();
        let report: Option<Report> = self
            .log
            .try_update(|l| l.push_reply(reply, question, item.as_deref()))
            .flatten();
        self.save();
        report.iter().for_each(pending::report);
    }

    fn push(self, sender: SenderKind, text: String, kind: LineKind) {
        self.log.update(|l| {
            l.push(sender, text, kind);
        });
        self.save();
    }

    fn save(self) {
        let transcript = self.transcript();
        storage::set_json(storage::BOT, &transcript);
    }
}
