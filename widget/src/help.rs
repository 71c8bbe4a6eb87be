//! When no agent can help now: the service status, 小申's notices with 留言 and the 12345 hotline, the
//! 留言 and 办不成事 forms' submission, the citizen's tickets (查询办理进度), and the answers to earlier
//! tickets shown when the citizen comes back.
//!
//! Answered tickets already shown are remembered by id in `localStorage`, so each answer is said once.

use bangban_core::protocol::{BotTurn, MAX_BOT_TURNS, ServiceStatus};
use bangban_core::ticket::{BanchengRequest, LeaveMessageRequest, TicketView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::leave::{self, Form, Notes};
use crate::{api, storage};

/// The city's hotline, when the server has not said it yet.
const HOTLINE: &str = "12345";

/// Handle to the help-when-closed parts; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub(crate) struct Help {
    /// 小申's notices (closed, 留言 taken, answers).
    pub(crate) notes: RwSignal<Notes>,
    /// The open form (留言 or 办不成事), if any.
    pub(crate) form: RwSignal<Option<Form>>,
    /// The visitor's tickets, newest last, for 我的留言 and 查询办理进度.
    pub(crate) tickets: RwSignal<Vec<TicketView>>,
    /// Whether the ticket list is shown.
    pub(crate) list_open: RwSignal<bool>,
    status: RwSignal<Option<ServiceStatus>>,
    item: StoredValue<Option<String>>,
    loading: StoredValue<bool>,
}

impl Help {
    /// Nothing known yet, for a page of service item `item`.
    pub(crate) fn new(item: Option<String>) -> Help {
        Help {
            notes: RwSignal::new(Notes::default()),
            form: RwSignal::new(None),
            tickets: RwSignal::new(Vec::new()),
            list_open: RwSignal::new(false),
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

    /// Opens `form` (a form already open with the same kind keeps what was typed).
    pub(crate) fn open(self, form: Form) {
        if self.form.get_untracked() != Some(form) {
            self.form.set(Some(form));
        }
    }

    /// Sends the 留言 or the 办不成事 report (with `attached`); `Err` is the Chinese reason (local
    /// check or the server's message).
    pub(crate) async fn submit(
        self,
        form: Form,
        text: &str,
        contact: &str,
        attached: Attached,
    ) -> Result<(), String> {
        let (text, contact) = form.validate(text, contact)?;
        let item = self.item.get_value();
        let ticket = match form {
            Form::Leave => {
                let request = LeaveMessageRequest {
                    item,
                    text,
                    contact,
                };
                api::leave_message(&request).await
            }
            Form::Bancheng => {
                let mut bot_transcript = attached.bot_transcript;
                let excess = bot_transcript.len().saturating_sub(MAX_BOT_TURNS);
                bot_transcript.drain(..excess);
                let request = BanchengRequest {
                    item,
                    problem: text,
                    contact,
                    bot_transcript,
                    conversation: attached.conversation,
                };
                api::bancheng(&request).await
            }
        }
        .map_err(|e| e.message())?;
        let said = match form {
            Form::Leave => leave::submitted_text(&ticket),
            Form::Bancheng => leave::reported_text(&ticket),
        };
        self.notes.update(|n| n.say(said));
        self.tickets.update(|t| t.push(ticket));
        self.form.set(None);
        Ok(())
    }

    /// 查询办理进度: shows the ticket list and fetches it afresh.
    pub(crate) fn show_tickets(self) {
        self.list_open.set(true);
        self.refresh_tickets();
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

/// What a 办不成事 report carries besides the form: what the widget holds of the citizen's chats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attached {
    /// The 小申 turns (at most [`MAX_BOT_TURNS`], the newest kept).
    pub(crate) bot_transcript: Vec<BotTurn>,
    /// The current human chat's id.
    pub(crate) conversation: Option<String>,
}
