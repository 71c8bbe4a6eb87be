//! 小申 at work: the bot chat's signals, the knowledge base behind it, and saving the transcript.
//!
//! A question asked before any snapshot is loaded waits in a queue and is answered as soon as one
//! arrives (or told that the network failed), so the first question on a fresh browser is not lost.

use std::rc::Rc;

use bangban_core::kb::KbSnapshot;
use bangban_core::protocol::{BotTurn, SenderKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::NETWORK_FAILED;
use crate::bot::{BotLog, LineKind, Report};
use crate::knowledge::{Knowledge, Suggestion};
use crate::{kb_cache, pending, storage};

/// Whether a knowledge base can answer yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KbState {
    /// Nothing cached, the download is under way.
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
    knowledge: StoredValue<Option<Rc<Knowledge>>, LocalStorage>,
    state: StoredValue<KbState>,
    waiting: StoredValue<Vec<String>>,
    item: StoredValue<Option<String>>,
}

impl Bot {
    /// 小申 for a page of service item `item`, with the saved transcript and the cached snapshot.
    pub(crate) fn new(item: Option<String>) -> Bot {
        let turns: Vec<BotTurn> = storage::get_json(storage::BOT).unwrap_or_default();
        let bot = Bot {
            log: RwSignal::new(BotLog::restore(turns)),
            knowledge: StoredValue::new_local(None),
            state: StoredValue::new(KbState::Loading),
            waiting: StoredValue::new(Vec::new()),
            item: StoredValue::new(item),
        };
        match kb_cache::cached() {
            Some(snapshot) => bot.install(snapshot),
            None => kb_cache::forget(),
        }
        bot
    }

    /// Revalidates the snapshot in the background; a newer one replaces the index.
    pub(crate) fn refresh(self) {
        spawn_local(async move {
            match kb_cache::revalidate().await {
                Ok(Some(snapshot)) => self.install(snapshot),
                Ok(None) => {}
                Err(_) if self.state.get_value() != KbState::Ready => self.unavailable(),
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
        let reply = self
            .knowledge
            .with_value(|k| k.as_ref()?.answer(&suggestion.id));
        if let Some(reply) = reply {
            self.reply(reply, question);
        }
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

    fn install(self, snapshot: KbSnapshot) {
        self.knowledge
            .set_value(Some(Rc::new(Knowledge::new(snapshot))));
        self.state.set_value(KbState::Ready);
        for question in self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.answer(&question);
        }
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
        let item = self.item.get_value();
        let reply = self
            .knowledge
            .with_value(|k| Some(k.as_ref()?.reply(question, item.as_deref())));
        if let Some(reply) = reply {
            self.reply(reply, question);
        }
    }

    fn reply(self, reply: crate::knowledge::Reply, question: &str) {
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
