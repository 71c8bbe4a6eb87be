//! When no agent can help now: the service status, 小申's notices with 留言 and the 12345 hotline, the
//! 留言 form's submission, and the answers to earlier 留言 shown when the citizen comes back.
//!
//! Answered tickets already shown are remembered by id in `localStorage`, so each answer is said once.

use bangban_core::protocol::ServiceStatus;
use bangban_core::ticket::{LeaveMessageRequest, TicketView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::leave::{self, Notes};
use crate::{api, storage};

/// The city's hotline, when the server has not said it yet.
const HOTLINE: &str = "12345";

/// Handle to the help-when-closed parts; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub(crate) struct Help {
    /// 小申's notices (closed, 留言 taken, answers).
    pub(crate) notes: RwSignal<Notes>,
    /// Whether the 留言 form is open.
    pub(crate) form_open: RwSignal<bool>,
    /// The visitor's tickets, newest last, for 我的留言.
    pub(crate) tickets: RwSignal<Vec<TicketView>>,
    status: RwSignal<Option<ServiceStatus>>,
    item: StoredValue<Option<String>>,
    loading: StoredValue<bool>,
}

impl Help {
    /// Nothing known yet, for a page of service item `item`.
    pub(crate) fn new(item: Option<String>) -> Help {
        Help {
            notes: RwSignal::new(Notes::default()),
            form_open: RwSignal::new(false),
            tickets: RwSignal::new(Vec::new()),
            status: RwSignal::new(None),
            item: StoredValue::new(item),
            loading: StoredValue::new(false),
        }
    }

    /// Asks the server whether human help is open now; `None` when it cannot be reached.
    pub(crate) async fn check(self) -> Option<ServiceStatus> {
        let item = self.item.get_value();
        let status = api::service_status(item.as_deref()).await.ok()?;
        self.status.set(Some(status.clone()));
        Some(status)
    }

    /// Human help is closed: say when it opens and the hours, offer 留言 and the hotline.
    pub(crate) fn closed(self, status: &ServiceStatus) {
        self.notes
            .update(|n| n.offer(leave::closed_text(status), &status.hotline));
    }

    /// The server refused 转人工 outside hours with `message`; the hours are added when known.
    pub(crate) fn refused(self, message: String) {
        let hotline = self.hotline();
        let hours = self
            .status
            .with_untracked(|s| s.as_ref().map(|s| s.hours.clone()))
            .filter(|h| !h.is_empty());
        let text = match hours {
            Some(hours) => format!("{message}服务时间：{hours}。"),
            None => message,
        };
        self.notes.update(|n| n.offer(text, &hotline));
    }

    /// 转人工 is queued but nobody is signed in.
    pub(crate) fn nobody_online(self) {
        let hotline = self.hotline();
        self.notes
            .update(|n| n.offer(leave::NO_AGENTS.to_owned(), &hotline));
    }

    /// Sends the 留言; `Err` is the Chinese reason (local check or the server's message).
    pub(crate) async fn submit(self, text: &str, contact: &str) -> Result<(), String> {
        let (text, contact) = leave::validate(text, contact)?;
        let request = LeaveMessageRequest {
            item: self.item.get_value(),
            text,
            contact,
        };
        let ticket = api::leave_message(&request)
            .await
            .map_err(|e| e.message())?;
        self.notes.update(|n| n.say(leave::submitted_text(&ticket)));
        self.tickets.update(|t| t.push(ticket));
        self.form_open.set(false);
        Ok(())
    }

    /// Fetches the visitor's tickets and says the answers not shown before. Skipped while a fetch is
    /// under way and before the visitor exists (asking must not create one).
    pub(crate) fn refresh_tickets(self) {
        if self.loading.get_value() || storage::get(storage::VISITOR).is_none() {
            return;
        }
        self.loading.set_value(true);
        spawn_local(async move {
            let result = api::my_tickets().await;
            self.loading.set_value(false);
            let Ok(mut tickets) = result else {
                return;
            };
            tickets.sort_by_key(|t| t.created_ms);
            self.say_new_answers(&tickets);
            self.tickets.set(tickets);
        });
    }

    fn say_new_answers(self, tickets: &[TicketView]) {
        let seen: Vec<String> = storage::get_json(storage::ANSWERED).unwrap_or_default();
        let (fresh, seen) = leave::fresh_answers(tickets, &seen);
        if fresh.is_empty() {
            return;
        }
        self.notes.update(|n| {
            for text in fresh.iter().filter_map(|t| leave::answer_text(t)) {
                n.say(text);
            }
        });
        storage::set_json(storage::ANSWERED, &seen);
    }

    fn hotline(self) -> String {
        self.status
            .with_untracked(|s| s.as_ref().map(|s| s.hotline.clone()))
            .unwrap_or_else(|| HOTLINE.to_owned())
    }
}
